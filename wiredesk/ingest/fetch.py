"""Fetch a URL politely and safely with httpx.

Every byte from outside is hostile. This module:

- fetches only ``http`` and ``https`` URLs, and follows at most :data:`MAX_REDIRECTS`
  redirects, each target checked again; a redirect loop is named as such;
- resolves each host itself, refuses loopback, private, link-local (cloud metadata), ULA,
  multicast and reserved addresses unless private fetching is allowed, and then connects to
  exactly the address it checked (the connection is pinned, so a DNS answer that changes
  between the check and the connect cannot bypass it); TLS still verifies, and SNI and the
  ``Host`` header still name, the original host;
- never uses proxies from the environment (a proxy would make the address check moot);
- caps the body at :data:`MAX_BYTES`, as declared, as received and after decompression
  (gzip and deflate are decoded here, in bounded steps, so a bomb stops at the cap without
  inflating in memory), and bounds connect, read and total time (a watchdog shuts the socket
  when the total time is up, so even a server dripping a byte a second is cut off);
- makes conditional requests (ETag, Last-Modified) and reads ``Retry-After`` on 429 and 503.

Every failure is a :class:`FetchError` whose message is a one-line reason for the fetch log.
"""

import email.utils
import functools
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpcore
import httpx

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_SECONDS = 5.0
READ_SECONDS = 15.0
TOTAL_SECONDS = 60.0
MAX_RETRY_AFTER = 24 * 3600.0
CHUNK = 64 * 1024
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "wiredesk/0.1 (+https://github.com/wiredesk; news wire ingest)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PRIVATE_HINT = "set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow"

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """A fetch failed; the message is a one-line reason. ``retry_after`` is the number of
    seconds a 429 or 503 response asked us to wait, when it said."""

    def __init__(self, reason: str, *, retry_after: float | None = None, status: int = 0):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.status = status


class RefusedAddress(FetchError):
    """The host resolves to an address that must not be fetched."""


@dataclass(frozen=True)
class Limits:
    """Caps for one fetch; tests pass small ones."""

    max_bytes: int = MAX_BYTES
    total_seconds: float = TOTAL_SECONDS
    connect_seconds: float = CONNECT_SECONDS
    read_seconds: float = READ_SECONDS
    max_redirects: int = MAX_REDIRECTS


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# -- addresses ---------------------------------------------------------------------------


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``address`` is a globally routable unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        for embedded in (address.ipv4_mapped, address.sixtofour):
            if embedded is not None and not is_public(embedded):
                return False
        if address.teredo is not None and not all(is_public(a) for a in address.teredo):
            return False
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or address.is_loopback
        or address.is_link_local
        or address.is_private
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (tests replace this to fake DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_addresses(
    host: str, port: int, *, allow_private: bool, resolver: Resolver | None = None
) -> list[str]:
    """Resolve ``host`` and return its addresses, refusing if any is not public (unless
    ``allow_private``). The caller must connect to one of these, never resolve again."""
    try:
        addresses = (resolver or resolve)(host, port)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {host}: {error.strerror or error}") from None
    except (UnicodeError, ValueError, OSError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    if not addresses:
        raise FetchError(f"cannot resolve {host}: no addresses")
    if allow_private:
        return list(addresses)
    for text in addresses:
        try:
            address = ipaddress.ip_address(str(text).split("%")[0])
        except ValueError:
            raise FetchError(f"cannot resolve {host}: bad address {text!r}") from None
        if not is_public(address):
            raise RefusedAddress(
                f"refused: {host} resolves to {address}, a non-public address ({PRIVATE_HINT})"
            )
    return list(addresses)


def check_url(url: str) -> None:
    """Refuse URLs that are not http(s) or name no host (before any network traffic)."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise FetchError(f"invalid URL {url[:200]}: {error}") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'none'}")
    if not hostname:
        raise FetchError(f"no host in URL {url[:200]}")


def check_address(url: str, allow_private: bool, resolver: Resolver | None = None) -> None:
    """Check ``url``'s scheme and, after DNS resolution, its host's addresses."""
    check_url(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    checked_addresses(parts.hostname, port, allow_private=allow_private, resolver=resolver)


# -- the pinned, watched connection ------------------------------------------------------


class _Guard:
    """Per-fetch state shared with the network backend: the address policy, and the sockets
    opened so far so the watchdog can shut them when the total time is up."""

    def __init__(self, allow_private: bool, resolver: Resolver | None):
        self.allow_private = allow_private
        self.resolver = resolver
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def track(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            # a duplicate keeps the connection's file description alive (and its number
            # unused by anyone else) until close(), so shutting it down is always safe
            self._sockets.append(sock.dup())
            if self.expired:
                self._shutdown_all()

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shutdown_all()

    def _shutdown_all(self) -> None:
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


class _PinnedBackend(httpcore.SyncBackend):
    """Resolves and checks the host itself, then connects to a checked address."""

    def __init__(self, guard: _Guard):
        self.guard = guard

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if self.guard.expired:
            raise httpcore.ConnectError("total time is up")
        addresses = checked_addresses(
            host, port, allow_private=self.guard.allow_private, resolver=self.guard.resolver
        )
        error: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as failed:
                error = failed
                continue
            self.guard.track(stream.get_extra_info("socket"))
            return stream
        raise httpcore.ConnectError(str(error) if error else f"cannot connect to {host}")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes a while; one verifying context serves every fetch."""
    return ssl.create_default_context(cafile=certifi.where())


class _PinnedTransport(httpx.HTTPTransport):
    def __init__(self, guard: _Guard):
        super().__init__(verify=_ssl_context(), trust_env=False, retries=0)
        # httpx has no public hook for the network backend; swap in a pool that uses ours
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            http1=True,
            http2=False,
            retries=0,
            network_backend=_PinnedBackend(guard),
        )


# -- decoding ----------------------------------------------------------------------------


class _Inflater:
    """gzip or deflate, decoded at most :data:`CHUNK` bytes at a time."""

    def __init__(self, encoding: str):
        self.gzip = encoding in ("gzip", "x-gzip")
        self.first = True
        self.obj = self._new()

    def _new(self, raw: bool = False):
        if self.gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self.obj.decompress(data, CHUNK)
            except zlib.error:
                if self.first and not self.gzip:  # raw deflate, as some servers send
                    self.first = False
                    self.obj = self._new(raw=True)
                    continue
                raise
            self.first = False
            data = self.obj.unconsumed_tail
            if self.obj.eof:
                rest = self.obj.unused_data
                data = b""
                if self.gzip and rest.strip(b"\x00"):  # another gzip member
                    self.obj, data = self._new(), rest
            if out:
                yield out

    def flush(self) -> bytes:
        return self.obj.flush(CHUNK) if not self.obj.eof else b""


# -- fetching ----------------------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or an HTTP-date), capped at
    :data:`MAX_RETRY_AFTER`; None when absent or unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


def _short(url: str) -> str:
    return url if len(url) <= 300 else url[:297] + "..."


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    allow_private: bool = False,
    limits: Limits | None = None,
    resolver: Resolver | None = None,
) -> Fetched:
    """GET ``url`` with conditional headers, following at most ``limits.max_redirects``
    checked redirects. Returns a :class:`Fetched` (status 304 when not modified) or raises
    :class:`FetchError` with a one-line reason."""
    limits = limits or Limits()
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    check_url(url)
    deadline = time.monotonic() + limits.total_seconds
    guard = _Guard(allow_private, resolver)
    watchdog = threading.Timer(limits.total_seconds, guard.expire)
    watchdog.daemon = True
    watchdog.start()
    current = url
    try:
        with httpx.Client(
            transport=_PinnedTransport(guard),
            headers=headers,
            follow_redirects=False,
            trust_env=False,
        ) as client:
            return _follow(client, url, limits, deadline, guard, etag, last_modified)
    except FetchError as error:
        if guard.expired and not isinstance(error, RefusedAddress):
            raise FetchError(_too_slow(limits)) from None
        raise
    except httpx.TimeoutException as error:
        if guard.expired:
            raise FetchError(_too_slow(limits)) from None
        current = str(error.request.url) if _has_request(error) else url
        if isinstance(error, httpx.ConnectTimeout):
            reason = f"connect timeout: no connection within {limits.connect_seconds:g} s"
        elif isinstance(error, httpx.ReadTimeout):
            reason = f"read timeout: nothing received for {limits.read_seconds:g} s"
        else:
            reason = f"{type(error).__name__}"
        raise FetchError(f"{reason} from {_short(current)}") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
        if guard.expired:
            raise FetchError(_too_slow(limits)) from None
        current = str(error.request.url) if _has_request(error) else url
        detail = " ".join(str(error).split())[:300] or type(error).__name__
        if isinstance(error, httpx.ConnectError):
            host = urlsplit(current).hostname or current
            raise FetchError(f"cannot connect to {host}: {detail}") from None
        raise FetchError(f"{type(error).__name__} fetching {_short(current)}: {detail}") from None
    except (zlib.error, UnicodeError, ValueError) as error:
        if guard.expired:
            raise FetchError(_too_slow(limits)) from None
        raise FetchError(f"bad response from {_short(current)}: {error}") from None
    finally:
        watchdog.cancel()
        guard.close()


def _has_request(error: Exception) -> bool:
    try:
        return error.request is not None  # type: ignore[attr-defined]
    except RuntimeError:
        return False


def _too_slow(limits: Limits) -> str:
    return f"fetch took longer than {limits.total_seconds:g} s (the total time cap)"


def _timeout(limits: Limits, deadline: float) -> httpx.Timeout:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(_too_slow(limits))
    return httpx.Timeout(
        connect=min(limits.connect_seconds, remaining),
        read=min(limits.read_seconds, remaining),
        write=min(limits.read_seconds, remaining),
        pool=min(limits.connect_seconds, remaining),
    )


def _follow(client, url, limits, deadline, guard, etag, last_modified) -> Fetched:
    chain = [_without_fragment(url)]
    while True:
        check_url(url)
        with client.stream("GET", url, timeout=_timeout(limits, deadline)) as response:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.headers.get("location", "").strip()
                if not location:
                    raise FetchError(
                        f"HTTP {status} redirect without a Location from {_short(url)}"
                    )
                target = _without_fragment(urljoin(url, location))
                if target in chain:
                    loop = " -> ".join(_short(u) for u in chain + [target])
                    raise FetchError(f"redirect loop: {loop}")
                if len(chain) > limits.max_redirects:
                    raise FetchError(
                        f"more than {limits.max_redirects} redirects from {_short(chain[0])}"
                    )
                chain.append(target)
                url = target
                continue
            if status == 304:
                return Fetched(url, 304, b"", etag, last_modified, chain[1:])
            if status in (429, 503):
                wait = parse_retry_after(response.headers.get("retry-after"))
                after = f" (retry after {wait:.0f} s)" if wait is not None else ""
                raise FetchError(f"HTTP {status} from {_short(url)}{after}", retry_after=wait,
                                 status=status)  # fmt: skip
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status} from {_short(url)}", status=status)
            content = _read_body(response, limits, deadline, url)
            return Fetched(
                url,
                status,
                content,
                response.headers.get("etag", "")[:500],
                response.headers.get("last-modified", "")[:100],
                chain[1:],
            )


def _read_body(response: httpx.Response, limits: Limits, deadline: float, url: str) -> bytes:
    cap = limits.max_bytes
    declared = response.headers.get("content-length", "").split(",")[0].strip()
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(f"response of {int(declared):,} bytes is over the {cap:,} byte cap")
    encodings = [
        e.strip().lower()
        for e in response.headers.get("content-encoding", "").split(",")
        if e.strip() and e.strip().lower() != "identity"
    ]
    if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
        raise FetchError(
            f"unsupported Content-Encoding {', '.join(encodings)[:100]} from {_short(url)}"
        )
    inflater = _Inflater(encodings[0]) if encodings else None
    over = f"response over the {cap:,} byte cap" + (" after decompression" if inflater else "")
    chunks: list[bytes] = []
    received = size = 0

    def keep(piece: bytes) -> None:
        nonlocal size
        size += len(piece)
        if size > cap:
            raise FetchError(over)
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(limits))
        chunks.append(piece)

    for raw in response.iter_raw(CHUNK):
        received += len(raw)
        if received > cap:
            raise FetchError(f"response over the {cap:,} byte cap")
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(limits))
        if inflater is None:
            keep(raw)
            continue
        try:
            for piece in inflater.feed(raw):
                keep(piece)
        except zlib.error as error:
            raise FetchError(
                f"corrupt {encodings[0]} response from {_short(url)}: {error}"
            ) from None
    if inflater is not None:
        try:
            keep(inflater.flush())
        except zlib.error as error:
            raise FetchError(
                f"corrupt {encodings[0]} response from {_short(url)}: {error}"
            ) from None
    return b"".join(chunks)
