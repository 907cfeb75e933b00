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
    tcp_nopush on;  # as Debian's /etc/nginx/nginx.conf, which the docs' block goes into
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
    optional page store's locations (added to it) and 2 the server assembling pages for it."""
    found = _BLOCK.findall(docs.read_text())
    if len(found) <= number:
        raise ValueError(f"no ```nginx block number {number + 1} in {docs}")
    return found[number]


def site_config(out: Path, app: str, port: int, docs: Path = DOCS_DEPLOY, extra: str = "") -> str:
    """The documented SSI server for ``out`` on ``port``; ``extra`` (e.g. a benchmark's
    ``location``) goes at the end of its ``server`` block."""
    block = documented_block(docs).replace(EXPORT_PLACEHOLDER, str(out))
    block = block.replace(APP_PLACEHOLDER, app)
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};")
    if extra:
        head, brace, tail = block.rstrip().rpartition("}")
        if not brace or tail:
            raise ValueError("the documented nginx block does not end with its server's '}'")
        block = f"{head}{extra.rstrip()}\n}}\n"
    return block


ARTICLE_LOCATION = "location ~ _[0-9]+\\.html$ {"


def location_span(block: str, opening: str = ARTICLE_LOCATION) -> tuple[int, int]:
    """Where the location opened by the line ``opening`` starts (its line) and ends (after
    its closing brace and newline) in ``block``."""
    start = block.find(opening)
    if start < 0:
        raise ValueError(f"no {opening!r} in the documented nginx block")
    start = block.rfind("\n", 0, start) + 1
    depth, index = 0, block.index("{", start)
    while True:
        if block[index] == "{":
            depth += 1
        elif block[index] == "}":
            depth -= 1
            if depth == 0:
                end = block.find("\n", index)
                return start, len(block) if end < 0 else end + 1
        index += 1


def without_ssi(block: str) -> str:
    """``block`` with SSI switched off in its article location and nothing else changed: the
    same server serving an article's assembled bytes as a plain file (benchmarks)."""
    start, end = location_span(block)
    article = block[start:end]
    if article.count("ssi on;") != 1:
        raise ValueError("the documented article location does not say `ssi on;` once")
    return block[:start] + article.replace("ssi on;", "ssi off;") + block[end:]


def microcached_config(out: Path, app: str, port: int, scratch: Path, extra: str = "") -> str:
    """The SSI server on ``port`` with the documented page store: its two locations in place
    of the server's article location, and the server that assembles pages for it on a unix
    socket (stored pages under ``scratch/cache/pages``)."""
    socket_path = str(scratch / "ssi.sock")

    def placed(text: str) -> str:
        text = text.replace(SOCKET_PLACEHOLDER, socket_path)
        return text.replace(CACHE_PLACEHOLDER, str(scratch / "cache"))

    locations = placed(documented_block(number=1))
    main = site_config(out, app, port, extra=extra)
    start, end = location_span(main)
    main = main[:start] + locations.rstrip("\n") + "\n" + main[end:]
    assembler = placed(documented_block(number=2)).replace(EXPORT_PLACEHOLDER, str(out))
    return main + assembler


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Nginx:
    """``with Nginx(out, app="127.0.0.1:PORT", scratch=DIR) as server:`` ... ``server.port``.

    ``microcache=True`` puts the documented page store in front (the name is older than it);
    ``extra`` is added to the SSI server's block; ``ssi=False`` switches SSI off in its article
    location (nothing else changes: a benchmark's plain-file twin of the SSI server)."""

    def __init__(
        self,
        out: Path,
        app: str,
        scratch: Path,
        workers: int = 1,
        microcache=False,
        extra: str = "",
        ssi: bool = True,
    ):
        self.binary = nginx_binary()
        self.out, self.app, self.scratch, self.workers = out, app, scratch, workers
        self.microcache, self.extra, self.ssi = microcache, extra, ssi
        self.port = free_port()
        self.process = None

    def write_config(self) -> Path:
        self.scratch.mkdir(parents=True, exist_ok=True)
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache/pages", "cache/tmp"):
            (self.scratch / folder).mkdir(parents=True, exist_ok=True)
        import os

        user = "user root;" if os.geteuid() == 0 else ""
        if self.microcache:
            site = microcached_config(self.out, self.app, self.port, self.scratch, self.extra)
        else:
            site = site_config(self.out, self.app, self.port, extra=self.extra)
        if not self.ssi:
            site = without_ssi(site)
        text = MAIN.format(workers=self.workers, scratch=self.scratch, user=user, site=site)
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

    @property
    def store(self) -> Path:
        """The page store's folder (``microcache=True``), as the docs' loop empties it."""
        return self.scratch / "cache" / "pages"

    def empty_store(self) -> None:
        """What the documented loop does after an export: delete every stored page (files;
        folders stay)."""
        for path in self.store.rglob("*"):
            if not path.is_dir():
                path.unlink()

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

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (for their CPU time), not the cache manager's."""
        found = []
        for child in Path("/proc").glob("[0-9]*"):
            try:
                stat = (child / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) != self.process.pid:
                    continue
                if b"worker process" in (child / "cmdline").read_bytes():
                    found.append(int(child.name))
            except (OSError, ValueError, IndexError):
                continue
        return sorted(found)

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
