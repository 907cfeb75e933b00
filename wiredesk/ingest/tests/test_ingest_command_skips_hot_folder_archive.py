"""``wiredesk ingest`` pointed at a hot folder reads what waits there, not the files already
moved to its done/ and failed/ folders."""

import io

import pytest
from django.core.management import call_command

from wiredesk.ingest.models import FetchLog, Source

from .test_fetch_support import rss

pytestmark = pytest.mark.django_db


def test_done_and_failed_files_are_not_read_again(tmp_path):
    folder = tmp_path / "drop"
    (folder / "done").mkdir(parents=True)
    (folder / "failed").mkdir()
    (folder / "waiting.xml").write_bytes(rss(("w-1", "Rover finds water ice")))
    (folder / "done" / "old.xml").write_bytes(rss(("o-1", "Launch delayed by weather")))
    (folder / "failed" / "bad.xml").write_bytes(b"not a feed")
    Source.objects.create(name="agency-drop", location=str(folder), hot_folder=True)

    out = io.StringIO()
    call_command("ingest", str(folder), "--no-progress", stdout=out, stderr=io.StringIO())

    assert out.getvalue().strip().startswith("1 documents: 1 new")
    assert list(FetchLog.objects.values_list("origin", flat=True)) == [str(folder / "waiting.xml")]


def test_an_ordinary_folder_is_read_whole(tmp_path):
    folder = tmp_path / "files"
    (folder / "done").mkdir(parents=True)
    (folder / "a.xml").write_bytes(rss(("a-1", "Rover finds water ice")))
    (folder / "done" / "b.xml").write_bytes(rss(("b-1", "Launch delayed by weather")))

    out = io.StringIO()
    call_command("ingest", str(folder), "--no-progress", stdout=out, stderr=io.StringIO())

    assert out.getvalue().strip().startswith("2 documents: 2 new")
