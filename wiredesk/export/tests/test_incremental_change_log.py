"""An incremental export compares only the stories the database's change log names (triggers
on stories and placements) and those whose embargo or licence ran out on the clock alone; it
finds what a comparison of every story finds, and falls back to that comparison when the log
cannot tell."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from wiredesk.export import signatures
from wiredesk.export.manifest import Manifest
from wiredesk.export.models import StoryChange
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Story

from .helpers import add_story, article_url


@pytest.fixture(autouse=True)
def no_lookback(monkeypatch):
    """Read the log from the cursor on only (PostgreSQL also rereads the last minutes)."""
    monkeypatch.setattr(signatures, "LOOKBACK", 0)


@pytest.fixture
def compared(monkeypatch):
    """The ``ids`` each call of ``signatures.current`` was given (None: every story)."""
    calls = []
    original = signatures.current

    def spy(ids=None, now=None):
        calls.append(None if ids is None else set(ids))
        return original(ids, now=now)

    monkeypatch.setattr(signatures, "current", spy)
    return calls


def logged():
    return set(StoryChange.objects.values_list("story_id", flat=True))


@pytest.mark.django_db
def test_every_write_to_a_story_or_placement_is_logged(demo_wire):
    story, other = Story.objects.order_by("pk")[:2]
    StoryChange.objects.all().delete()
    Story.objects.filter(pk=story.pk).update(correction="An invented correction.")
    assert logged() == {story.pk}
    StoryChange.objects.all().delete()
    table = Placement._meta.db_table
    with connection.cursor() as cursor:  # plain SQL, behind the ORM's back
        sql = f"UPDATE {table} SET story_id = %s WHERE story_id = %s"
        cursor.execute(sql, [other.pk, story.pk])
    assert logged() == {story.pk, other.pk}
    StoryChange.objects.all().delete()
    Placement.objects.filter(story=other).delete()
    assert logged() == {other.pk}
    StoryChange.objects.all().delete()
    new = add_story("spacewar", "Invented story for the change log")
    assert logged() == {new.pk}
    StoryChange.objects.all().delete()
    pk = new.pk
    new.revisions.all().delete()
    new.delete()
    assert pk in logged()


def test_a_change_behind_the_orms_back_is_exported_from_the_log(exported, export_into, compared):
    story = add_story("spacedaily", "Invented comet changes course", "astronomy")
    export_into(incremental=True)
    compared.clear()
    Story.objects.filter(pk=story.pk).update(correction="An invented correction note.")
    report = export_into(incremental=True)
    assert report.mode == "incremental"
    assert compared and all(ids is not None and story.pk in ids for ids in compared)
    assert all(len(ids) < 5 for ids in compared), compared
    page = exported.file("www.spacedaily.com", article_url(story, "spacedaily"))
    assert "An invented correction note." in page.read_text()


def test_an_embargo_ending_on_the_clock_alone_is_exported(exported, export_into, monkeypatch):
    story = add_story("spacedaily", "Invented probe under embargo", "astronomy")
    Story.objects.filter(pk=story.pk).update(embargo_until=timezone.now() + timedelta(minutes=2))
    export_into(incremental=True)
    page = exported.file("www.spacedaily.com", article_url(story, "spacedaily"))
    assert not page.exists()
    StoryChange.objects.all().delete()  # nothing in the log: only the clock moves
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    report = export_into(incremental=True)
    assert report.mode == "incremental"
    assert page.is_file()


def test_a_licence_expiring_on_the_clock_alone_is_gone(exported, export_into, monkeypatch):
    story = add_story("energydaily", "Invented story with a licence ending soon", "oil-gas")
    Story.objects.filter(pk=story.pk).update(expires_at=timezone.now() + timedelta(minutes=2))
    export_into(incremental=True)
    page = exported.file("www.energy-daily.com", article_url(story, "energydaily"))
    assert page.is_file()
    StoryChange.objects.all().delete()
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    report = export_into(incremental=True)
    assert not page.exists() and report.gone == 1


def test_the_log_finds_what_comparing_every_story_finds(exported, export_into):
    stories = list(Story.objects.live().order_by("pk")[:4])
    Story.objects.filter(pk=stories[0].pk).update(headline="An invented new headline")
    Placement.objects.filter(story=stories[1]).update(state="removed")
    Story.objects.filter(pk=stories[2].pk).update(expires_at=timezone.now() - timedelta(1))
    Story.objects.filter(pk=stories[3].pk).update(fingerprint=b"not part of any page")
    add_story("marsdaily", "Invented rover story", "mars-science")
    manifest = Manifest(exported.out)
    try:
        last = signatures.Cursor.parse(manifest.get("cursor:all"))
        now = signatures.cursor_now()
        ids = signatures.candidates(last, now)
        assert ids is not None and len(ids) == 5
        moment = signatures.moment(now.now)
        by_log = signatures.changes(
            manifest.signatures_of("all", ids), signatures.current(ids, now=moment)
        )
        by_all = signatures.changes(manifest.signatures("all"), signatures.current(now=moment))
    finally:
        manifest.close()
    assert by_log == by_all
    assert len(by_all[0]) == 4  # the fingerprint is in no page


@pytest.mark.parametrize("setting", ["RETENTION", "FULL_EVERY", "MAX_CANDIDATES"])
def test_when_the_log_cannot_tell_every_story_is_compared(
    exported, export_into, compared, monkeypatch, setting
):
    story = add_story("spacewar", "Invented radar story", "military-space")
    monkeypatch.setattr(signatures, setting, 0)
    report = export_into(incremental=True)
    assert report.mode == "incremental"
    assert compared == [None]
    assert exported.file("www.spacewar.com", article_url(story, "spacewar")).is_file()


def test_postgresql_rereads_writes_that_committed_after_the_cursor(exported, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time: its log ids are in commit order")
    monkeypatch.setattr(signatures, "LOOKBACK", 15 * 60)
    manifest = Manifest(exported.out)
    try:
        last = signatures.Cursor.parse(manifest.get("cursor:all"))
    finally:
        manifest.close()
    story = Story.objects.order_by("pk").first()
    Story.objects.filter(pk=story.pk).update(correction="Written by a slow transaction.")
    # as if the transaction had taken its log id before the last run and committed after it
    late = StoryChange.objects.get(story_id=story.pk, id__gt=last.log_id)
    free = StoryChange.objects.filter(id__lte=last.log_id).order_by("id").first()
    free_id = free.pk
    free.delete()
    StoryChange.objects.filter(pk=late.pk).update(id=free_id)
    ids = signatures.candidates(last, signatures.cursor_now())
    assert ids is not None and story.pk in ids
