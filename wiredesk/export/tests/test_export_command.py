"""``wiredesk export``: what it prints, ``--site``, and one-line errors."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_prints_files_written_and_time(demo_wire, tmp_path):
    out = StringIO()
    call_command("export", "--out", str(tmp_path / "out"), "--no-progress", stdout=out)
    line = out.getvalue().strip()
    assert line.startswith("full export: ") and " files written" in line and " s (" in line
    again = StringIO()
    call_command("export", "--out", str(tmp_path / "out"), "--incremental", stdout=again)
    assert again.getvalue().startswith("incremental export: 0 files written")


def test_one_site_only(demo_wire, tmp_path):
    call_command("export", "--out", str(tmp_path), "--site", "marsdaily", stdout=StringIO())
    hosts = {p.name for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert hosts == {"www.marsdaily.com", "nginx"}


def test_unknown_site(demo_network, tmp_path):
    with pytest.raises(CommandError, match="unknown site 'nosuch'.*spacewar"):
        call_command("export", "--out", str(tmp_path), "--site", "nosuch")


def test_unwritable_folder_is_one_line(tmp_path, process_database_url):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**os.environ, "WIREDESK_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if process_database_url:
        env["DATABASE_URL"] = process_database_url
    run = [sys.executable, "-m", "wiredesk"]
    subprocess.run([*run, "migrate", "-v", "0"], env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*run, "export", "--out", str(blocker / "out")], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "cannot write to" in lines[0] and "--out" in lines[0]
