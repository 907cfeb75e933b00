"""The fetcher against a real local HTTP server: conditional GET, decompression with caps,
size and time caps, timeouts, redirects and Retry-After. Private fetching is allowed here
(the server is on 127.0.0.1); address refusals are in test_fetch_addresses.py."""

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from wiredesk.ingest.fetch import FetchError, Limits, fetch, parse_retry_after

from . import test_fetch_support as support
from .test_fetch_support import FEED, respond

server, loopback_only = support.server, support.loopback_only  # fixtures

pytestmark = pytest.mark.usefixtures("loopback_only")

SMALL = Limits(max_bytes=1024 * 1024, total_seconds=2.0, connect_seconds=1.0, read_seconds=1.0)


def get(url, **kwargs):
    kwargs.setdefault("allow_private", True)
    return fetch(url, **kwargs)


def failure(url, **kwargs) -> str:
    with pytest.raises(FetchError) as caught:
        get(url, **kwargs)
    return str(caught.value)


# -- conditional GET ---------------------------------------------------------------------


def test_conditional_get_sends_validators_and_understands_304(server):
    def feed(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.end_headers()
            return
        respond(headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"})(handler)

    url = server.route("/feed", feed)
    first = get(url)
    assert (first.status, first.content, first.etag) == (200, FEED, '"v1"')
    assert first.last_modified == "Tue, 24 Nov 2026 10:00:00 GMT"
    second = get(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    sent = server.headers_of("/feed")[-1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"


# -- decompression -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as IIS sends
    ],
)
def test_compressed_responses_are_decoded(server, encoding, encode):
    url = server.route("/feed", body=encode(FEED), headers={"Content-Encoding": encoding})
    assert get(url).content == FEED
    assert "gzip" in server.headers_of("/feed")[0]["accept-encoding"]


def test_unsupported_content_encoding_is_refused(server):
    url = server.route("/feed", body=b"\x00" * 50, headers={"Content-Encoding": "br"})
    assert failure(url).startswith("unsupported Content-Encoding br from ")


def test_corrupt_gzip_is_a_reason(server):
    url = server.route(
        "/feed", body=b"\x1f\x8b\x08garbage" * 10, headers={"Content-Encoding": "gzip"}
    )
    assert failure(url).startswith("corrupt gzip response from ")


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of zeros (deflate tops out near 1000:1).

    After a full flush the same input compresses to the same bytes, so one block is
    compressed and repeated; the stream has no trailer, which no reader ever gets to."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    first = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    repeat = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + repeat * 1023


def test_gzip_bomb_stops_at_the_decompressed_cap_quickly_and_small(server, gzip_bomb):
    small_bomb = gzip_bomb[: 300 * 1024]  # 300 KB that inflate to about 300 MB
    url = server.route("/bomb", body=small_bomb, headers={"Content-Encoding": "gzip"})
    limits = Limits(max_bytes=1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    try:
        reason = failure(url, limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason == "response over the 1,048,576 byte cap after decompression"
    assert time.monotonic() - started < 5
    assert peak < 16 * 1024 * 1024, f"peak memory {peak:,} bytes"


def test_gzip_bomb_at_the_default_cap(server, gzip_bomb):
    assert len(gzip_bomb) < 2 * 1024 * 1024
    url = server.route("/bomb", body=gzip_bomb, headers={"Content-Encoding": "gzip"})
    started = time.monotonic()
    assert failure(url) == "response over the 20,971,520 byte cap after decompression"
    assert time.monotonic() - started < 5


# -- size caps ---------------------------------------------------------------------------


def test_declared_content_length_over_the_cap_is_refused_before_reading(server):
    url = server.route("/big", body=b"", headers={"Content-Length": str(50 * 1024 * 1024)})
    started = time.monotonic()
    assert failure(url) == "response of 52,428,800 bytes is over the 20,971,520 byte cap"
    assert time.monotonic() - started < 2


def _stream(total: int, chunk: bytes, *, chunked: bool):
    def reply(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        sent = 0
        while sent < total:
            if chunked:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                handler.wfile.write(chunk)
            sent += len(chunk)
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")

    return reply


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "until-close"])
def test_undeclared_body_over_the_cap_is_cut_off(server, chunked):
    url = server.route("/big", _stream(4 * 1024 * 1024, b"<" * 65536, chunked=chunked))
    assert failure(url, limits=Limits(max_bytes=1024 * 1024)) == (
        "response over the 1,048,576 byte cap"
    )


def test_a_50_mb_single_line_is_refused_at_the_cap(server):
    url = server.route("/line", _stream(50 * 1024 * 1024, b"x" * (1024 * 1024), chunked=True))
    started = time.monotonic()
    assert failure(url) == "response over the 20,971,520 byte cap"
    assert time.monotonic() - started < 10


# -- time caps ---------------------------------------------------------------------------


def _drip(handler, *, headers_first=True):
    if headers_first:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.flush()
        data = b"<" * 30
    else:
        data = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 30
    for byte in data:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.5)


def test_slow_drip_body_hits_the_total_time_cap(server):
    url = server.route("/drip", _drip)
    started = time.monotonic()
    assert failure(url, limits=SMALL) == "fetch took longer than 2 s (the total time cap)"
    assert time.monotonic() - started < 3.5


def test_slow_drip_headers_hit_the_total_time_cap(server):
    url = server.route("/drip", lambda h: _drip(h, headers_first=False))
    started = time.monotonic()
    assert failure(url, limits=SMALL) == "fetch took longer than 2 s (the total time cap)"
    assert time.monotonic() - started < 3.5


def test_read_timeout_when_the_server_says_nothing(server):
    url = server.route("/silent", lambda handler: time.sleep(3))
    limits = Limits(read_seconds=0.5, total_seconds=10)
    assert failure(url, limits=limits) == f"read timeout: nothing received for 0.5 s from {url}"


def test_connect_timeout_when_nobody_accepts():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue; further SYNs are dropped
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.1)
        limits = Limits(connect_seconds=0.5, total_seconds=10)
        started = time.monotonic()
        reason = failure(f"http://127.0.0.1:{port}/feed", limits=limits)
        assert (
            reason
            == f"connect timeout: no connection within 0.5 s from http://127.0.0.1:{port}/feed"
        )
        assert time.monotonic() - started < 3
    finally:
        for sock in fillers:
            sock.close()
        listener.close()


def test_connection_refused_is_a_reason():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    assert failure(f"http://127.0.0.1:{port}/").startswith("cannot connect to 127.0.0.1: ")


# -- redirects ---------------------------------------------------------------------------


def _chain(server, hops: int) -> str:
    for n in range(hops):
        server.route(f"/r{n}", status=302, body=b"", headers={"Location": f"/r{n + 1}"})
    server.route(f"/r{hops}")
    return server.url("/r0")


def test_five_redirects_are_followed(server):
    fetched = get(_chain(server, 5))
    assert fetched.content == FEED and fetched.url == server.url("/r5")
    assert len(fetched.redirects) == 5


def test_a_sixth_redirect_is_refused(server):
    assert failure(_chain(server, 6)) == f"more than 5 redirects from {server.url('/r0')}"


def test_a_redirect_loop_is_named(server):
    server.route("/a", status=301, body=b"", headers={"Location": "/b"})
    server.route("/b", status=307, body=b"", headers={"Location": server.url("/a")})
    assert failure(server.url("/a")) == (
        f"redirect loop: {server.url('/a')} -> {server.url('/b')} -> {server.url('/a')}"
    )


def test_a_redirect_without_location_is_a_reason(server):
    url = server.route("/a", status=302, body=b"")
    assert failure(url) == f"HTTP 302 redirect without a Location from {url}"


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://example.com/feed", "gopher://example.com/"]
)
def test_a_redirect_to_another_scheme_is_refused(server, target):
    url = server.route("/a", status=302, body=b"", headers={"Location": target})
    scheme = target.split(":")[0]
    assert failure(url) == f"only http and https URLs can be fetched, not {scheme}"


# -- errors and Retry-After --------------------------------------------------------------


def test_http_errors_are_reasons(server):
    url = server.route("/gone", status=404, body=b"not here")
    with pytest.raises(FetchError) as caught:
        get(url)
    assert (str(caught.value), caught.value.status) == (f"HTTP 404 from {url}", 404)
    assert caught.value.retry_after is None


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds(server, status):
    url = server.route("/busy", status=status, body=b"", headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        get(url)
    assert str(caught.value) == f"HTTP {status} from {url} (retry after 120 s)"
    assert caught.value.retry_after == 120


def test_retry_after_http_date(server):
    when = datetime.now(UTC) + timedelta(hours=2)
    url = server.route(
        "/busy", status=503, body=b"", headers={"Retry-After": format_datetime(when, usegmt=True)}
    )
    with pytest.raises(FetchError) as caught:
        get(url)
    assert 7100 < caught.value.retry_after <= 7200


@pytest.mark.parametrize(
    "value, seconds",
    [
        ("0", 0),
        ("3600", 3600),
        ("99999999", 24 * 3600),  # capped at a day
        ("Wed, 25 Nov 2026 10:00:00 GMT", 3600),
        ("Wed, 25 Nov 2026 08:00:00 GMT", 0),  # in the past
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_parse_retry_after(value, seconds):
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert parse_retry_after(value, now) == seconds


def test_fetches_in_parallel_do_not_share_caps(server):
    """Each fetch has its own watchdog: a slow one does not cut a fast one short."""
    server.route("/drip", _drip)
    fast = server.route("/feed")
    results = {}

    def slow():
        try:
            get(server.url("/drip"), limits=SMALL)
        except FetchError as error:
            results["slow"] = str(error)

    thread = threading.Thread(target=slow)
    thread.start()
    results["fast"] = get(fast).content
    thread.join()
    assert results == {"fast": FEED, "slow": "fetch took longer than 2 s (the total time cap)"}
