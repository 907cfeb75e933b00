"""Run the nginx configuration of docs/deploy.md for tests and benchmarks: take its ``nginx``
block, point it at an export folder, an app server and a port, and wrap it in a minimal
``nginx.conf`` that runs as an ordinary process (no daemon, files in a scratch folder)."""

import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

DOCS_DEPLOY = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
EXPORT_PLACEHOLDER = "/srv/wiredesk/export"
APP_PLACEHOLDER = "127.0.0.1:8000"
_BLOCK = re.compile(r"```nginx\n(.*?)```", re.DOTALL)

MAIN = """
worker_processes {workers};
daemon off;
master_process on;
pid {scratch}/nginx.pid;
error_log {scratch}/error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {scratch}/body;
    proxy_temp_path {scratch}/proxy;
    fastcgi_temp_path {scratch}/fastcgi;
    uwsgi_temp_path {scratch}/uwsgi;
    scgi_temp_path {scratch}/scgi;
{site}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


SOCKET_PLACEHOLDER = "/run/nginx-wiredesk-ssi.sock"
CACHE_PLACEHOLDER = "/var/cache/nginx/wiredesk"


def documented_block(docs: Path = DOCS_DEPLOY, number: int = 0) -> str:
    """The ``number``-th ``nginx`` block of docs/deploy.md: 0 is the SSI server, 1 the
    optional microcache in front of it."""
    found = _BLOCK.findall(docs.read_text())
    if len(found) <= number:
        raise ValueError(f"no ```nginx block number {number + 1} in {docs}")
    return found[number]


def site_config(out: Path, app: str, port: int, docs: Path = DOCS_DEPLOY) -> str:
    block = documented_block(docs).replace(EXPORT_PLACEHOLDER, str(out))
    block = block.replace(APP_PLACEHOLDER, app)
    return block.replace("listen 80;", f"listen 127.0.0.1:{port};")


def microcached_config(out: Path, app: str, port: int, scratch: Path) -> str:
    """The SSI server on a unix socket with the documented microcache in front on ``port``."""
    socket_path = str(scratch / "ssi.sock")
    inner = site_config(out, app, port).replace(
        f"listen 127.0.0.1:{port};", f"listen unix:{socket_path};"
    )
    edge = documented_block(number=1).replace(SOCKET_PLACEHOLDER, socket_path)
    edge = edge.replace(CACHE_PLACEHOLDER, str(scratch / "cache")).replace(APP_PLACEHOLDER, app)
    return inner + edge.replace("listen 80;", f"listen 127.0.0.1:{port};")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """``with Nginx(out, app="127.0.0.1:PORT", scratch=DIR) as server:`` ... ``server.port``."""

    def __init__(self, out: Path, app: str, scratch: Path, workers: int = 1, microcache=False):
        self.binary = nginx_binary()
        self.out, self.app, self.scratch, self.workers = out, app, scratch, workers
        self.microcache = microcache
        self.port = free_port()
        self.process = None

    def write_config(self) -> Path:
        self.scratch.mkdir(parents=True, exist_ok=True)
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.scratch / folder).mkdir(exist_ok=True)
        import os

        user = "user root;" if os.geteuid() == 0 else ""
        text = MAIN.format(
            workers=self.workers,
            scratch=self.scratch,
            user=user,
            site=microcached_config(self.out, self.app, self.port, self.scratch)
            if self.microcache
            else site_config(self.out, self.app, self.port),
        )
        path = self.scratch / "nginx.conf"
        path.write_text(text)
        return path

    def check(self) -> subprocess.CompletedProcess:
        config = self.write_config()
        return subprocess.run(
            [self.binary, "-t", "-c", str(config), "-p", str(self.scratch)],
            capture_output=True,
            text=True,
        )

    def __enter__(self):
        config = self.write_config()
        self.log = open(self.scratch / "stderr.log", "wb")
        self.process = subprocess.Popen(
            [self.binary, "-c", str(config), "-p", str(self.scratch)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.errors()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"nginx did not listen on {self.port}: {self.errors()}")

    def errors(self) -> str:
        texts = []
        for name in ("stderr.log", "error.log"):
            path = self.scratch / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-2000:])
        return "\n".join(texts)

    def reload(self) -> None:
        self.write_config()
        self.process.send_signal(signal.SIGHUP)
        time.sleep(1.0)  # the new workers take over

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()

    def get(self, host: str, url: str) -> tuple[int, dict, bytes]:
        return fetch(f"http://127.0.0.1:{self.port}{url}", host)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, host: str) -> tuple[int, dict, bytes]:
    """``(status, headers, body)`` of a GET with ``Host: host``, following no redirect."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
