"""What every benchmark records about the machine it ran on (its figures mean little without)."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def _proc_line(path: str, prefix: str) -> str:
    """The value of the first ``prefix: value`` line of a /proc file, or ""."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def command_version(command: list[str]) -> str:
    """The first line a program prints about its version, or "absent"."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    printed = (done.stdout or done.stderr).strip()
    return printed.splitlines()[0] if printed else ""


def describe(packages=(), commands=None) -> dict:
    """Date, CPU, cores, RAM, load, Python, and the versions of ``packages`` (PyPI names) and
    of ``commands`` (``{"hugo": ["hugo", "version"]}``)."""
    memory = _proc_line("/proc/meminfo", "MemTotal").split()
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _proc_line("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "ram": f"{int(memory[0]) / 1024 / 1024:.1f} GiB" if memory else "",
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "",
        "python": platform.python_version(),
    }
    for name in packages:
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = "?"
    for name, command in (commands or {}).items():
        info[name] = command_version(command)
    return info
