"""Poll one source: fetch its URL (conditionally) or read its file or folder, then ingest."""

import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .fetch import FetchError, fetch
from .models import FetchLog, Source
from .pipeline import BatchReport, Ingestor, expand_paths, ingest_files

MAX_BACKOFF = timedelta(hours=6)


def next_poll_delay(source: Source) -> timedelta:
    """The source's interval, doubled per error in a row (capped), with 10% jitter."""
    base = timedelta(seconds=source.interval) * (2 ** min(source.error_streak, 10))
    base = min(base, max(MAX_BACKOFF, timedelta(seconds=source.interval)))
    return base * random.uniform(0.9, 1.1)


def poll(source: Source) -> BatchReport:
    if source.is_remote:
        report = _poll_url(source)
    else:
        location = Path(source.location)
        if not location.exists():
            report = BatchReport(documents=1, failed=1)
            report.problems.append((source.location, "no such file or folder"))
            FetchLog.objects.create(
                source=source, origin=source.location, reason="no such file or folder", failed=1
            )
            source.error_streak += 1
            source.last_error = "no such file or folder"
        else:
            report = ingest_files(source, expand_paths([location]))
    source.next_poll_at = timezone.now() + next_poll_delay(source)
    source.save()
    return report


def _poll_url(source: Source) -> BatchReport:
    try:
        fetched = fetch(
            source.location,
            etag=source.etag,
            last_modified=source.last_modified,
            allow_private=settings.WIREDESK_ALLOW_PRIVATE_FETCH,
        )
    except FetchError as error:
        FetchLog.objects.create(source=source, origin=source.location, reason=str(error), failed=1)
        source.error_streak += 1
        source.last_error = str(error)
        report = BatchReport(documents=1, failed=1)
        report.problems.append((source.location, str(error)))
        return report
    source.error_streak = 0
    source.last_success_at = timezone.now()
    if fetched.not_modified:
        FetchLog.objects.create(
            source=source, origin=source.location, ok=True, reason="not modified"
        )
        return BatchReport(documents=1)
    source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
    return Ingestor(source).document(fetched.content, fetched.url)
