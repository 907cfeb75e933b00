"""Hostile responses through polling and `wiredesk ingest URL`: each leaves a readable reason
in the fetch log, stores nothing half-way, and the rest of the batch is still ingested."""

import gzip
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wiredesk.ingest.fetch import Limits
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.polling import ingest_url, poll
from wiredesk.stories.models import Story

from . import test_fetch_support as support
from .test_fetch_support import respond, rss
from .test_fetch_transport import _drip, _stream

server, loopback_only = support.server, support.loopback_only  # fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loopback_only")]

LIMITS = Limits(max_bytes=1024 * 1024, total_seconds=2.0, connect_seconds=1.0, read_seconds=1.0)
OTHER_FEED = rss(("other-1", "Typhoon closes ports along the southern coast"))


@pytest.fixture(autouse=True)
def allow_loopback(settings):
    settings.WIREDESK_ALLOW_PRIVATE_FETCH = True


def _bomb() -> bytes:
    packer = gzip.zlib.compressobj(9, gzip.zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    first = packer.compress(block) + packer.flush(gzip.zlib.Z_FULL_FLUSH)
    return first + (packer.compress(block) + packer.flush(gzip.zlib.Z_FULL_FLUSH)) * 100


HOSTILE = {
    "gzip-bomb": (
        respond(body=_bomb(), headers={"Content-Encoding": "gzip"}),
        "response over the 1,048,576 byte cap after decompression",
    ),
    "declared-too-big": (
        respond(body=b"", headers={"Content-Length": str(2 * 1024 * 1024)}),
        "response of 2,097,152 bytes is over the 1,048,576 byte cap",
    ),
    "chunked-too-big": (
        _stream(3 * 1024 * 1024, b"<" * 65536, chunked=True),
        "response over the 1,048,576 byte cap",
    ),
    "slow-drip": (_drip, "fetch took longer than 2 s (the total time cap)"),
    "silent": (lambda handler: time.sleep(2.5), "read timeout: nothing received for 1 s from "),
    "not-found": (respond(status=404, body=b"no"), "HTTP 404 from "),
    "redirect-loop": (
        respond(status=302, body=b"", headers={"Location": "/hostile"}),
        "redirect loop: ",
    ),
    "redirect-to-file": (
        respond(status=302, body=b"", headers={"Location": "file:///etc/passwd"}),
        "only http and https URLs can be fetched, not file",
    ),
    "html-page": (
        respond(
            body=b"<!doctype html><html><body><p>Not a feed</p></body></html>",
            headers={"Content-Type": "text/html"},
        ),  # fmt: skip
        "not a feed: an HTML page",
    ),
    "xxe": (
        respond(
            body=b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><title>&x;</title></item></channel></rss>"
        ),
        "XML external entities are refused",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_response_is_logged_and_the_batch_goes_on(server, case):
    route, reason = HOSTILE[case]
    server.route("/hostile", route)
    good = server.route("/good", body=OTHER_FEED)
    hostile_source = Source.objects.create(name="hostile", location=server.url("/hostile"))
    good_source = Source.objects.create(name="good", location=good)

    bad = poll(hostile_source, limits=LIMITS)
    ok = poll(good_source, limits=LIMITS)

    assert bad.failed == 1 and bad.new == 0
    log = FetchLog.objects.get(source=hostile_source)
    assert not log.ok and log.failed == 1
    assert log.reason.startswith(reason) and log.reason.strip()
    assert not Story.objects.filter(source=hostile_source).exists()
    hostile_source.refresh_from_db()
    assert hostile_source.error_streak == 1 and hostile_source.last_error == log.reason
    assert hostile_source.etag == "" and hostile_source.next_poll_at > timezone.now()

    assert ok.new == 1 and Story.objects.count() == 1


def test_ingest_command_keeps_going_past_a_hostile_url(server, capsys):
    server.route("/hostile", respond(body=b"", headers={"Content-Length": str(99 * 1024 * 1024)}))
    good = server.route("/good")
    call_command("ingest", server.url("/hostile"), good, "--no-progress")
    out, err = capsys.readouterr()
    assert "2 documents: 2 new" in out
    assert "response of 103,809,024 bytes is over the 20,971,520 byte cap" in err
    reasons = list(FetchLog.objects.values_list("reason", flat=True))
    assert "response of 103,809,024 bytes is over the 20,971,520 byte cap" in reasons


def test_ingest_command_fails_in_one_line_when_every_url_fails(server):
    server.route("/gone", status=404, body=b"")
    with pytest.raises(CommandError, match=r"nothing could be ingested \(1 failed\)"):
        call_command("ingest", server.url("/gone"), "--no-progress")


def test_private_addresses_are_refused_through_polling_when_not_allowed(settings, server):
    settings.WIREDESK_ALLOW_PRIVATE_FETCH = False
    source = Source.objects.create(name="local", location=server.route("/feed"))
    report = poll(source)
    assert report.failed == 1 and server.requests == []
    assert FetchLog.objects.get(source=source).reason == (
        "refused: 127.0.0.1 resolves to 127.0.0.1, a non-public address "
        "(set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow)"
    )


def test_conditional_polls_cost_a_304_and_store_nothing_twice(server):
    def feed(handler):
        if handler.headers.get("If-None-Match") == '"abc"':
            handler.send_response(304)
            handler.end_headers()
        else:
            respond(headers={"ETag": '"abc"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"})(
                handler
            )

    source = Source.objects.create(name="feed", location=server.route("/feed", feed))
    assert poll(source).new == 2
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"abc"', "Tue, 24 Nov 2026 10:00:00 GMT")
    second = poll(source)
    assert (second.new, second.failed) == (0, 0)
    assert FetchLog.objects.filter(source=source).first().reason == "not modified"
    assert Story.objects.count() == 2
    source.refresh_from_db()
    assert source.error_streak == 0 and source.last_success_at is not None


def test_validators_are_kept_only_after_the_items_are_stored(server, monkeypatch):
    """A process killed mid-ingest must not leave an ETag that makes the next poll a 304."""
    from wiredesk.ingest import polling

    source = Source.objects.create(
        name="feed", location=server.route("/feed", headers={"ETag": '"v9"'})
    )

    def killed(self, data, origin):
        raise KeyboardInterrupt

    monkeypatch.setattr(polling.Ingestor, "document", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest_url(source, source.location, conditional=True)
    source.refresh_from_db()
    assert source.etag == ""


@pytest.mark.parametrize("header", ["3600", "http-date"])
def test_retry_after_pushes_the_next_poll(server, header):
    if header == "http-date":
        from email.utils import format_datetime

        header = format_datetime(timezone.now() + timedelta(hours=1), usegmt=True)
    source = Source.objects.create(
        name="busy",
        interval=60,
        location=server.route("/feed", status=429, body=b"", headers={"Retry-After": header}),
    )
    before = timezone.now()
    poll(source)
    source.refresh_from_db()
    assert source.next_poll_at >= before + timedelta(seconds=3590)
    assert source.next_poll_at <= timezone.now() + timedelta(seconds=3600)
    assert FetchLog.objects.get(source=source).reason.endswith("(retry after 3600 s)") or (
        header != "3600"
    )


def test_the_same_bytes_from_a_server_without_validators_are_not_parsed_again(server, monkeypatch):
    """A server that ignores conditional requests sends the whole feed on every poll; the
    same bytes as last time are logged as not modified and never reach the parser."""
    from wiredesk.ingest import polling

    source = Source.objects.create(name="feed", location=server.route("/feed"))
    assert poll(source).new == 2
    source.refresh_from_db()
    assert source.last_digest == polling.document_digest(support.FEED)

    def must_not_parse(self, data, origin):
        raise AssertionError("the same bytes were parsed again")

    monkeypatch.setattr(polling.Ingestor, "document", must_not_parse)
    second = poll(source)
    assert (second.new, second.failed, second.unchanged) == (0, 0, 0)
    assert FetchLog.objects.filter(source=source).first().reason == (
        "not modified (the same bytes)"
    )
    monkeypatch.undo()
    server.route("/feed", respond(body=OTHER_FEED))
    assert poll(source).new == 1  # different bytes are ingested as usual
