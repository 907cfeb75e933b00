"""Only one scheduler acts at a time: the database lease goes to one holder until it expires."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from wiredesk.core import leases, scheduler
from wiredesk.core.models import Lease
from wiredesk.ingest.models import Source

TTL = timedelta(seconds=30)


def test_one_holder_at_a_time(db):
    assert leases.acquire("scheduler", "host-a:1", TTL)
    assert not leases.acquire("scheduler", "host-b:2", TTL)
    assert leases.acquire("scheduler", "host-a:1", TTL), "the holder renews its lease"


def test_an_expired_lease_passes_to_the_next_process(db):
    assert leases.acquire("scheduler", "host-a:1", TTL)
    Lease.objects.filter(name="scheduler").update(expires_at=timezone.now() - timedelta(seconds=1))
    assert leases.acquire("scheduler", "host-b:2", TTL)
    assert not leases.acquire("scheduler", "host-a:1", TTL)


def test_a_released_lease_is_free(db):
    assert leases.acquire("scheduler", "host-a:1", TTL)
    leases.release("scheduler", "host-a:1")
    assert leases.acquire("scheduler", "host-b:2", TTL)


def test_due_sources_are_enqueued_once(db, monkeypatch):
    enqueued = []
    monkeypatch.setattr(scheduler, "poll_source", SimpleNamespace(enqueue=enqueued.append))
    due = Source.objects.create(name="due", location="/tmp/nowhere", interval=60)
    Source.objects.create(
        name="later", location="/tmp/nowhere", next_poll_at=timezone.now() + timedelta(hours=1)
    )
    Source.objects.create(name="off", location="/tmp/nowhere", enabled=False)
    assert scheduler.enqueue_due() == 1
    assert enqueued == [due.pk]
    assert scheduler.enqueue_due() == 0, "a claimed source is not enqueued again"
