"""A real local HTTP server for fetch tests (threaded ``http.server`` on 127.0.0.1, a free
port), sample feeds, and a guard that no test connects anywhere but loopback.

Tests register a route: a function taking the request handler, which writes what it likes
(well-formed or hostile) to ``handler.wfile``.
"""

import http.server
import socket
import threading
from collections.abc import Callable

import httpcore
import pytest

from wiredesk.ingest import fetch as fetch_module


def rss(*items: tuple[str, str], title: str = "Test wire") -> bytes:
    """A small RSS 2.0 feed; each item is (guid, headline)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{headline}</title>"
        f"<link>https://news.example.com/{guid}</link>"
        "<pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{(headline + ', ' + guid + '. ') * 3}&lt;/p&gt;</description>"
        "</item>"
        for guid, headline in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://news.example.com/</link>"
        f"<description>Test</description>{entries}</channel></rss>"
    ).encode()


FEED = rss(
    ("wire-1", "Rocket lifts off from Kourou with a record payload"),
    ("wire-2", "Reactor restart approved after a two year review"),
)

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class LocalServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        self.send_error(404)
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, func: Route | None = None, **reply):
        """Register ``func``, or a plain reply: ``status``, ``body``, ``headers``."""
        self.routes[path] = func or respond(**reply)
        return self.url(path)

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p.split("?")[0] == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def respond(status: int = 200, body: bytes = FEED, headers: dict | None = None) -> Route:
    def reply(handler):
        handler.send_response(status)
        sent = {k.lower() for k in (headers or {})}
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        if "content-length" not in sent and "transfer-encoding" not in sent:
            handler.send_header("Content-Length", str(len(body)))
        if "content-type" not in sent:
            handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        handler.wfile.write(body)

    return reply


@pytest.fixture
def server():
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture
def loopback_only(monkeypatch):
    """Fail the test if anything tries to connect to an address other than loopback, and
    record every address connected to (``.connected``)."""
    original = httpcore.SyncBackend.connect_tcp
    record = type("Connections", (), {"connected": [], "redirect": {}})()

    def guarded(self, host, port, timeout=None, local_address=None, socket_options=None):
        record.connected.append((host, port))
        target = record.redirect.get(host, host)
        if target not in ("127.0.0.1", "::1"):
            raise AssertionError(f"test tried to connect to {host}:{port}")
        return original(self, target, port, timeout, local_address, socket_options)

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", guarded)
    return record


def fake_dns(monkeypatch, table: dict[str, list[str]]):
    """Make host names resolve to the given addresses (others: NXDOMAIN); return the log of
    lookups."""
    lookups: list[str] = []

    def resolver(host, port):
        lookups.append(host)
        if host in table:
            answer = table[host]
            return answer(len(lookups)) if callable(answer) else list(answer)
        try:
            socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
            return [host]
        except OSError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    monkeypatch.setattr(fetch_module, "resolve", resolver)
    return lookups
