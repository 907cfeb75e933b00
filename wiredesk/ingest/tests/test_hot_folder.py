"""Hot folders: each dropped file is ingested once, then moved to done/ or failed/ (with its
reason beside it and in the fetch log); files still being written wait; done/ and failed/ are
never read; a crash before the move changes nothing on the re-run."""

import os
import time
from pathlib import Path

import pytest

from wiredesk.ingest import hotfolder
from wiredesk.ingest.hotfolder import poll_hot_folder
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.polling import poll
from wiredesk.stories.models import Story

from .test_fetch_support import rss

pytestmark = pytest.mark.django_db

XXE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'


def drop(folder: Path, name: str, data: bytes, age: float = 60) -> Path:
    path = folder / name
    path.write_bytes(data)
    past = time.time() - age
    os.utime(path, (past, past))
    return path


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "drop"
    path.mkdir()
    return path


@pytest.fixture
def source(folder):
    return Source.objects.create(name="agency-drop", location=str(folder), hot_folder=True)


def test_files_are_ingested_once_and_moved_to_done(folder, source):
    drop(
        folder,
        "a.xml",
        rss(("a-1", "Volcano erupts near the capital"), ("a-2", "Court bans rally")),
    )
    drop(folder, "b.xml", rss(("b-1", "Satellite reaches orbit after delay")))
    report = poll(source)
    assert (report.new, report.failed, report.documents) == (3, 0, 2)
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["a.xml", "b.xml"]
    assert [p.name for p in folder.iterdir()] == ["done"]
    logs = FetchLog.objects.count()
    again = poll(source)
    assert (again.documents, again.new) == (0, 0)
    assert FetchLog.objects.count() == logs
    source.refresh_from_db()
    assert source.error_streak == 0 and source.next_poll_at is not None


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("xxe.xml", XXE, "XML external entities are refused"),
        ("empty.xml", b"", "empty document"),
        (
            "page.html",
            b"<!doctype html><html><body><p>hi</p></body></html>",
            "not a feed: an HTML page",
        ),  # fmt: skip
    ],
)
def test_a_bad_file_goes_to_failed_with_its_reason_and_the_rest_is_ingested(
    folder, source, name, data, reason
):
    drop(folder, "good.xml", rss(("g-1", "Storm closes airports across the north")))
    drop(folder, name, data)
    report = poll_hot_folder(source)
    assert (report.new, report.failed) == (1, 1)
    assert (folder / "done" / "good.xml").exists()
    assert (folder / "failed" / name).read_bytes() == data
    written = (folder / "failed" / f"{name}.reason.txt").read_text()
    assert written.startswith(reason)
    log = FetchLog.objects.get(origin=str(folder / name))
    assert log.reason.startswith(reason) and not log.ok
    assert Story.objects.count() == 1


@pytest.mark.parametrize("name", ["feed.xml.tmp", "feed.xml.part", "feed.PART", ".hidden.xml"])
def test_files_being_written_by_name_are_skipped(folder, source, name):
    drop(folder, name, rss(("t-1", "Bridge reopens after repairs")))
    assert poll_hot_folder(source).documents == 0
    assert (folder / name).exists() and not (folder / "done").exists()


def test_recently_modified_files_wait_until_stable(folder, source):
    path = drop(folder, "fresh.xml", rss(("f-1", "Flood waters recede in the delta")), age=0)
    assert poll_hot_folder(source, settle_seconds=30).documents == 0
    assert path.exists()
    past = time.time() - 31
    os.utime(path, (past, past))
    assert poll_hot_folder(source, settle_seconds=30).new == 1
    assert (folder / "done" / "fresh.xml").exists()


def test_done_and_failed_are_never_read(folder, source):
    for sub in ("done", "failed"):
        (folder / sub).mkdir()
        drop(folder / sub, "old.xml", rss((f"{sub}-1", "An old story already handled")))
    (folder / "failed" / "old.xml.reason.txt").write_text("broken")
    assert poll_hot_folder(source).documents == 0
    assert Story.objects.count() == 0


def test_sub_folders_have_their_own_done(folder, source):
    (folder / "afp").mkdir()
    drop(folder / "afp", "x.xml", rss(("x-1", "Ceasefire talks resume in Doha")))
    assert poll_hot_folder(source).new == 1
    assert (folder / "afp" / "done" / "x.xml").exists()


def test_a_crash_before_the_move_changes_nothing_on_the_rerun(folder, source, monkeypatch):
    drop(folder, "a.xml", rss(("c-1", "Parliament passes the budget"), ("c-2", "Strike ends")))

    def crash(path, ok, reason=""):
        raise KeyboardInterrupt  # the process dies after the items are committed

    monkeypatch.setattr(hotfolder, "settle", crash)
    with pytest.raises(KeyboardInterrupt):
        poll_hot_folder(source)
    assert Story.objects.count() == 2 and (folder / "a.xml").exists()
    monkeypatch.undo()

    report = poll_hot_folder(source)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert Story.objects.count() == 2
    assert (folder / "done" / "a.xml").exists() and not (folder / "a.xml").exists()


def test_the_same_name_dropped_twice_is_kept_twice(folder, source):
    drop(folder, "latest.xml", rss(("l-1", "Markets rally on rate cut hopes")))
    poll_hot_folder(source)
    drop(folder, "latest.xml", rss(("l-2", "Markets slip as hopes fade")))
    poll_hot_folder(source)
    assert sorted(p.name for p in (folder / "done").iterdir()) == ["latest.2.xml", "latest.xml"]
    assert Story.objects.count() == 2


def test_a_file_that_cannot_be_moved_is_logged_and_retried(folder, source, monkeypatch):
    drop(folder, "a.xml", rss(("m-1", "Ferry service restored")))

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(hotfolder.os, "replace", refuse)
    report = poll_hot_folder(source)
    assert report.new == 1 and (folder / "a.xml").exists()
    assert FetchLog.objects.filter(reason="could not move to done/: Permission denied").exists()
    monkeypatch.undo()
    assert poll_hot_folder(source).unchanged == 1
    assert (folder / "done" / "a.xml").exists()


def test_symlinks_are_not_followed(folder, source, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(rss(("s-1", "Should never be read")))
    (folder / "link.xml").symlink_to(secret)
    past = time.time() - 60
    os.utime(folder / "link.xml", (past, past), follow_symlinks=False)
    report = poll_hot_folder(source)
    assert report.failed == 1 and Story.objects.count() == 0
    assert (folder / "failed" / "link.xml.reason.txt").read_text().startswith("symbolic links")
    assert secret.exists()


def test_a_folder_that_is_not_hot_is_read_whole_every_poll(folder):
    plain = Source.objects.create(name="plain", location=str(folder))
    drop(folder, "a.xml", rss(("p-1", "Lunar lander touches down")))
    assert poll(plain).new == 1
    again = poll(plain)
    assert (again.documents, again.unchanged) == (1, 1)
    assert (folder / "a.xml").exists() and not (folder / "done").exists()
