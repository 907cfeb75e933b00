"""Per-source interval, jittered exponential backoff after errors, Retry-After, next poll time,
and feed health (last success, errors in a row, last error, items a day)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.polling import MAX_BACKOFF, next_poll_delay, poll

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "interval, streak, expected",
    [
        (300, 0, 300),
        (300, 1, 600),
        (300, 3, 2400),
        (300, 7, 21600),  # 38400 s capped at six hours
        (300, 50, 21600),
        (86400, 0, 86400),  # an interval longer than the cap is kept
        (86400, 4, 86400),
    ],
)
def test_backoff_doubles_per_error_within_ten_percent_jitter(interval, streak, expected):
    source = Source(name="s", location="/tmp/x", interval=interval, error_streak=streak)
    delays = {next_poll_delay(source).total_seconds() for _ in range(200)}
    assert all(expected * 0.9 <= d <= expected * 1.1 for d in delays)
    assert len(delays) > 100  # jittered, so sources that failed together spread out
    assert max(delays) - min(delays) > expected * 0.1


def test_retry_after_wins_when_longer():
    source = Source(name="s", location="/tmp/x", interval=60)
    assert next_poll_delay(source, retry_after=7200) == timedelta(seconds=7200)
    assert next_poll_delay(source, retry_after=1).total_seconds() >= 54


def test_max_backoff_is_six_hours():
    assert MAX_BACKOFF == timedelta(hours=6)


def test_poll_sets_next_poll_and_health(tmp_path):
    source = Source.objects.create(name="missing", location=str(tmp_path / "nope"), interval=100)
    for streak in (1, 2, 3):
        before = timezone.now()
        poll(source)
        source.refresh_from_db()
        assert source.error_streak == streak
        assert source.last_error == "no such file or folder"
        delay = (source.next_poll_at - before).total_seconds()
        assert 100 * 2**streak * 0.9 - 1 <= delay <= 100 * 2**streak * 1.1 + 1
    Path(tmp_path / "nope").mkdir()
    poll(source)
    source.refresh_from_db()
    assert source.error_streak == 0 and source.last_success_at is not None
    assert (source.next_poll_at - timezone.now()).total_seconds() <= 110


def test_items_per_day_counts_new_items_over_the_last_week():
    source = Source.objects.create(name="wire", location="/tmp/wire")
    other = Source.objects.create(name="other", location="/tmp/other")
    FetchLog.objects.create(source=source, origin="a", ok=True, new=10, updated=3)
    FetchLog.objects.create(source=source, origin="b", ok=True, new=4)
    old = FetchLog.objects.create(source=source, origin="c", ok=True, new=100)
    FetchLog.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=8))
    FetchLog.objects.create(source=other, origin="d", ok=True, new=7)
    annotated = {s.name: s for s in Source.objects.with_health()}
    assert annotated["wire"].items_7d == 14 and annotated["wire"].items_per_day == 2.0
    assert annotated["other"].items_per_day == 1.0
    assert Source.objects.get(name="wire").items_per_day == 2.0  # without the annotation


def test_admin_lists_health(admin_client):
    source = Source.objects.create(
        name="wire", location="https://example.com/feed", error_streak=2, last_error="HTTP 500"
    )
    FetchLog.objects.create(source=source, origin="x", ok=True, new=21)
    page = admin_client.get("/admin/ingest/source/").content.decode()
    for text in ("wire", "HTTP 500", "3.0", "Items/day", f"?source__id__exact={source.pk}"):
        assert text in page
    detail = admin_client.get(f"/admin/ingest/source/{source.pk}/change/")
    assert detail.status_code == 200 and b"Hot folder" in detail.content
    assert admin_client.get("/admin/ingest/fetchlog/").status_code == 200
