"""`wiredesk serve` runs the web server, a task worker and the scheduler together: a file an
agency drops into a source's folder is polled, ingested, routed and on the site by itself."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

NETWORK = """
[network]
name = "Serve test network"
default_site = "orbit"

[[agencies]]
key = "SPX"
name = "Test Staff"
rights_notice = "Copyright test staff."

[[sites]]
key = "orbit"
domain = "www.orbit.test"
name = "Orbit.test"
tagline = "Everything in orbit"

  [[sites.sections]]
  key = "launches"
  name = "Launches"

[[sources]]
name = "drop-folder"
agency = "SPX"
location = "drop"
interval = 10

[[rules]]
name = "Rockets to Orbit"
  [rules.match]
  keywords = ["rocket"]
  [rules.action]
  site = "orbit"
  section = "launches"
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Drop</title><link>http://example.com/</link>
<description>test</description>
<item><guid>{guid}</guid><title>{title}</title><link>http://example.com/{guid}</link>
<pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate>
<description>{body}</description>
</item></channel></rss>
"""
FIRST_BODY = "A small rocket left the coastal pad at dawn and reached its planned orbit."
SECOND_BODY = "Engineers fuelled a heavier rocket overnight for a lunar cargo mission on Friday."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def front_page(port: int) -> str:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/", headers={"Host": f"orbit.localhost:{port}"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def network_dir(tmp_path, process_database_url):
    (tmp_path / "drop").mkdir()
    (tmp_path / "network.toml").write_text(NETWORK)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["WIREDESK_DATA_DIR"] = str(tmp_path / "data")
    if process_database_url:
        env["DATABASE_URL"] = process_database_url
    for args in (["migrate", "-v", "0"], ["network", "load", str(tmp_path / "network.toml")]):
        subprocess.run([sys.executable, "-m", "wiredesk", *args], env=env, check=True, timeout=120)
    return tmp_path, env


def test_dropped_files_reach_the_site_without_anyone_running_ingest(network_dir):
    folder, env = network_dir
    (folder / "drop" / "first.xml").write_text(
        RSS.format(guid="one", title="First rocket flies", body=FIRST_BODY)
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "wiredesk", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert wait_for(lambda: "First rocket flies" in front_page(port), 90), "first poll"
        (folder / "drop" / "second.xml").write_text(
            RSS.format(guid="two", title="Second rocket flies", body=SECOND_BODY)
        )
        assert wait_for(lambda: "Second rocket flies" in front_page(port), 90), "next poll"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    leftovers = subprocess.run(
        ["pgrep", "-g", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    assert not leftovers, "serve left its worker or scheduler running"
