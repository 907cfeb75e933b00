"""Real-browser test harness: Debian's Chromium driven by Playwright, and the demo as a process.

Fixtures are module-scoped on purpose: Playwright's sync API keeps an event loop on the main
thread while it is open, and Django refuses database access from there, so the browser must be
gone before the next module's database tests run.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# What the demo must not inherit from the test run: it runs as a user runs it, with the real
# settings (not pytest-django's DJANGO_SETTINGS_MODULE), in its own data dir, and on PostgreSQL
# runs in a database of its own (see ``process_database_url``).
DEMO_ENV_DROP = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "CACHE_URL",
    "WIREDESK_DATA_DIR",
    "WIREDESK_PRODUCTION",
    "WIREDESK_DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
)


def _missing(what: str, running_in_ci: bool):
    """Fail in CI (the tool must be there), skip on a developer's machine."""
    message = f"{what}; run `make test` or scripts/ensure-chromium (see docs/development.md)"
    if running_in_ci:
        pytest.fail(f"CI: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium_executable(running_in_ci) -> str:
    path = shutil.which("chromium")
    if not path:
        _missing("Debian's chromium is not on PATH", running_in_ci)
    return path


@pytest.fixture(scope="module")
def browser(chromium_executable, running_in_ci):
    """A headless Chromium (Debian's build, never a downloaded one) for this module's tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install -e '.[test]')", running_in_ci)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """docs/screenshots/: committed images that illustrate the README, rewritten on each run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- the demo process -------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_TOKEN = r"([^\s,;()'\"]+)"
_USER = re.compile(rf"(?:username|user|login)\s*[:=]\s*{_TOKEN}", re.IGNORECASE)
_USER_AS = re.compile(rf"(?:log ?in|sign ?in) as\s+{_TOKEN}", re.IGNORECASE)
_PASSWORD = re.compile(rf"password\s*[:=]?\s*{_TOKEN}", re.IGNORECASE)
_PAIR = re.compile(rf"(?:login|credentials)\s*[:=]\s*{_TOKEN}\s*/\s*{_TOKEN}", re.IGNORECASE)
_DESK_WORD = re.compile(r"\bdesk\b", re.IGNORECASE)


@dataclass
class DemoOutput:
    """What `wiredesk demo` printed: one URL per site, the desk URL and its login."""

    # site key -> URL, e.g. "spacewar" -> "http://spacewar.localhost:8000/"
    site_urls: dict[str, str] = field(default_factory=dict)
    desk_url: str | None = None
    username: str | None = None
    password: str | None = None


def parse_demo_output(text: str, port: int) -> DemoOutput:
    out = DemoOutput()
    for line in text.splitlines():
        for url in _URL.findall(line):
            url = url.rstrip(".,;")
            parsed = urllib.parse.urlsplit(url)
            host = parsed.hostname or ""
            if parsed.port != port:
                continue
            if "/desk" in parsed.path or (_DESK_WORD.search(line) and out.desk_url is None):
                out.desk_url = out.desk_url or url
            elif host.endswith(".localhost") and parsed.path in ("", "/"):
                out.site_urls.setdefault(host.split(".")[0], url)
    if match := _PAIR.search(text):
        out.username, out.password = match.group(1), match.group(2)
    else:
        if match := (_USER.search(text) or _USER_AS.search(text)):
            out.username = match.group(1)
        if match := _PASSWORD.search(text):
            out.password = match.group(1)
    return out


@dataclass
class DemoServer:
    process: subprocess.Popen
    port: int
    log_path: Path
    data_dir: Path

    @property
    def index_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def output(self) -> DemoOutput:
        return parse_demo_output(self.log(), self.port)

    def describe(self, lines: int = 60) -> str:
        tail = "\n".join(self.log().splitlines()[-lines:])
        return f"`wiredesk demo` output ({self.log_path}), last {lines} lines:\n{tail}"


def _http_status(url: str) -> int | None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    try:
        with opener.open(url, timeout=3) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return None


def start_demo(
    data_dir: Path, log_path: Path, database_url: str = "", timeout: float = 120.0
) -> DemoServer:
    """Start `wiredesk demo` in its own process group; return once the network index answers 200."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in DEMO_ENV_DROP}
    if database_url:
        env["DATABASE_URL"] = database_url
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "wiredesk", "demo", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--data-dir", str(data_dir)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data_dir.parent,
            start_new_session=True,  # gunicorn + worker: one group to stop together
        )
    demo = DemoServer(process=process, port=port, log_path=log_path, data_dir=data_dir)
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop_demo(demo)
            pytest.fail(
                f"`wiredesk demo` exited with code {process.returncode} before serving\n"
                + demo.describe(),
                pytrace=False,
            )
        status = _http_status(demo.index_url)
        if status == 200:
            break
        time.sleep(0.5)
    else:
        stop_demo(demo)
        pytest.fail(
            f"`wiredesk demo` did not answer 200 at {demo.index_url} within {timeout:.0f} s "
            f"(last status: {status})\n" + demo.describe(),
            pytrace=False,
        )
    # The URLs and the login may be printed just after the server starts answering.
    settle = time.monotonic() + 10
    while time.monotonic() < settle:
        printed = demo.output()
        if printed.desk_url and printed.password and printed.site_urls:
            time.sleep(0.5)
            break
        time.sleep(0.25)
    return demo


def stop_demo(demo: DemoServer, grace: float = 10.0) -> None:
    """SIGTERM the demo's whole process group, then SIGKILL whatever is left."""
    pgid = demo.process.pid  # start_new_session: the group id is the leader's pid
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        demo.process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(pgid, signal.SIGKILL)  # stragglers (workers) even if the leader has gone
    except ProcessLookupError:
        pass
    try:
        demo.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


@pytest.fixture(scope="module")
def demo(tmp_path_factory, process_database_url) -> DemoServer:
    """`wiredesk demo` on a free port with a fresh data dir, for this module's tests."""
    base = tmp_path_factory.mktemp("demo")
    server = start_demo(base / "data", base / "demo.log", process_database_url)
    try:
        yield server
    finally:
        stop_demo(server)
