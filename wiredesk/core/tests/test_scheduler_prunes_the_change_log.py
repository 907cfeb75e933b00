"""The scheduler prunes the export's story change log, which grows with every story write
whether or not the network is ever exported."""

import time

import pytest

from wiredesk.core import scheduler
from wiredesk.export.models import StoryChange
from wiredesk.export.signatures import RETENTION


@pytest.mark.django_db
def test_housekeeping_deletes_only_rows_older_than_a_week():
    now = time.time()
    StoryChange.objects.create(story_id=1, at=now - RETENTION - 60)
    StoryChange.objects.create(story_id=2, at=now - RETENTION + 3600)
    StoryChange.objects.create(story_id=3, at=now)
    scheduler.housekeeping()
    assert sorted(StoryChange.objects.values_list("story_id", flat=True)) == [2, 3]


@pytest.mark.django_db
def test_the_scheduler_tidies_once_when_it_starts_leading(monkeypatch):
    calls = []
    monkeypatch.setattr(scheduler, "housekeeping", lambda: calls.append(1))
    monkeypatch.setattr(scheduler, "enqueue_due", lambda: 0)
    ticks = iter(range(3))
    scheduler.run(stop=lambda: next(ticks, None) is None, tick=0, log=lambda *_: None)
    assert calls == [1]  # at the first tick, not again within the hour
