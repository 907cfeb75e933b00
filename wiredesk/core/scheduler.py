"""The scheduler: enqueue a poll task for every source that is due, while holding the lease."""

import os
import socket
import time
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from wiredesk.ingest.models import Source
from wiredesk.ingest.tasks import poll_source

from . import leases

LEASE_NAME = "scheduler"
TICK_SECONDS = 5.0
LEASE_TTL = timedelta(seconds=30)
HOUSEKEEPING_SECONDS = 3600.0


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue_due(now=None) -> int:
    """Enqueue one poll per due source and push its next poll time out; return how many."""
    now = now or timezone.now()
    due = Source.objects.filter(enabled=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    count = 0
    for source in due:
        # claim it first so a slow poll is not enqueued twice
        claimed = Source.objects.filter(pk=source.pk, next_poll_at=source.next_poll_at).update(
            next_poll_at=now + timedelta(seconds=source.interval)
        )
        if claimed:
            poll_source.enqueue(source.pk)
            count += 1
    return count


def housekeeping() -> None:
    """What the scheduler tidies once an hour: the export's story change log (kept a week;
    a network that never exports would otherwise keep every row)."""
    from wiredesk.export.signatures import prune_by_the_clock

    prune_by_the_clock()


def run(stop=lambda: False, tick: float = TICK_SECONDS, log=print) -> None:
    me = holder_name()
    leading = False
    tidied = 0.0  # monotonic time of the last housekeeping
    while not stop():
        if leases.acquire(LEASE_NAME, me, LEASE_TTL):
            if not leading:
                log(f"scheduler {me}: holding the lease, scheduling polls")
                leading = True
            enqueue_due()
            if not tidied or time.monotonic() - tidied >= HOUSEKEEPING_SECONDS:
                housekeeping()
                tidied = time.monotonic()
        elif leading:
            log(f"scheduler {me}: lost the lease, standing by")
            leading = False
        time.sleep(tick)
    leases.release(LEASE_NAME, me)
