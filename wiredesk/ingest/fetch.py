"""Fetch a URL politely and safely with httpx.

Every byte from outside is hostile: addresses are checked after DNS resolution and again on
each redirect (no loopback, private, link-local or cloud-metadata targets unless
``WIREDESK_ALLOW_PRIVATE_FETCH`` is set), the body is capped before and after decompression,
and connect, read and total times are bounded.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=10.0, pool=5.0)
TOTAL_SECONDS = 60.0
USER_AGENT = "wiredesk/0.1 (+https://github.com/wiredesk; news wire ingest)"


class FetchError(Exception):
    """A fetch failed; the message is a one-line reason."""


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_address(url: str, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'none'}")
    if not parts.hostname:
        raise FetchError(f"no host in URL {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {parts.hostname}: {error.strerror}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            raise FetchError(
                f"refused: {parts.hostname} resolves to {address}, a non-public address "
                "(set WIREDESK_ALLOW_PRIVATE_FETCH=1 to allow)"
            )


def fetch(
    url: str, *, etag: str = "", last_modified: str = "", allow_private: bool = False
) -> Fetched:
    """GET ``url`` with conditional headers, following at most five checked redirects."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + TOTAL_SECONDS
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False, headers=headers) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        continue
                    if response.status_code == 304:
                        return Fetched(url, 304, b"", etag, last_modified)
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} from {url}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > MAX_BYTES:
                        raise FetchError(
                            f"response of {declared} bytes is over the {MAX_BYTES} cap"
                        )
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > MAX_BYTES:
                            raise FetchError(
                                f"response over the {MAX_BYTES} byte cap (decompressed)"
                            )
                        if time.monotonic() > deadline:
                            raise FetchError(f"fetch took longer than {TOTAL_SECONDS:.0f} s")
                        chunks.append(chunk)
                    return Fetched(
                        url,
                        response.status_code,
                        b"".join(chunks),
                        response.headers.get("etag", ""),
                        response.headers.get("last-modified", ""),
                    )
            except httpx.HTTPError as error:
                raise FetchError(f"{type(error).__name__} fetching {url}: {error}") from None
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}")
