"""A ``wiredesk ingest`` killed with SIGKILL takes its worker processes with it: they do not
wait for work forever."""

import os
import signal
import time
from pathlib import Path

import pytest

from .test_crash_safety import Wiredesk, feeds  # noqa: F401  (feeds is a fixture)

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Still there and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_killed_ingest_takes_its_workers_with_it(tmp_path, feeds):  # noqa: F811
    desk = Wiredesk(tmp_path, "")
    desk.prepare()
    process = desk.start("ingest", str(feeds), "--no-progress", "--workers", "2")
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.01)
    assert workers, "the ingest started no worker process"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"worker processes {left} outlived the killed ingest"
