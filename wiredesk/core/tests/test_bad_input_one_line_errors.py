"""User mistakes end with one line that says what to do, a non-zero exit and no traceback."""

import os
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wiredesk.core.management.commands import demo


@pytest.fixture(autouse=True)
def _process_database(process_database_url, monkeypatch):
    if process_database_url:
        monkeypatch.setenv("DATABASE_URL", process_database_url)


def run(*args, data_dir, timeout=120):
    env = {**os.environ, "WIREDESK_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "wiredesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(result, *words):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture
def busy_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_port_in_use(command, busy_port, tmp_path):
    result = run(command, "--port", str(busy_port), data_dir=tmp_path / "data")
    assert_one_line_error(result, "in use", "--port")
    assert not (tmp_path / "data" / "wiredesk.sqlite3").exists(), "nothing may be half-written"
    assert "Data dir" not in result.stdout, "the port is checked before any work"


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("migrate", data_dir=blocker / "data")
    assert_one_line_error(result, "not writable", "--data-dir")


def test_unknown_command(tmp_path):
    result = run("publsh", data_dir=tmp_path)
    assert_one_line_error(result, "unknown command", "--help")


def test_ingest_of_a_missing_file(tmp_path):
    assert run("migrate", "-v", "0", data_dir=tmp_path).returncode == 0
    result = run("ingest", str(tmp_path / "missing.xml"), data_dir=tmp_path)
    assert_one_line_error(result, "no such file", "missing.xml")


def test_demo_without_its_network_file(db, monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "DEMO_NETWORK", tmp_path / "network.toml")
    with pytest.raises(CommandError, match="demo network file is missing"):
        call_command("demo", "--no-serve")
