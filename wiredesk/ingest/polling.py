"""Poll one source: fetch its URL (conditionally) or read its file or folder, then ingest."""

import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .fetch import FetchError, fetch
from .models import FetchLog, Source
from .pipeline import (
    BatchReport,
    Ingestor,
    expand_paths,
    failed_document,
    ingest_files,
    record_health,
)

MAX_BACKOFF = timedelta(hours=6)


def next_poll_delay(source: Source) -> timedelta:
    """The source's interval, doubled per error in a row (capped), with 10% jitter."""
    base = timedelta(seconds=source.interval) * (2 ** min(source.error_streak, 10))
    base = min(base, max(MAX_BACKOFF, timedelta(seconds=source.interval)))
    return base * random.uniform(0.9, 1.1)


def poll(source: Source) -> BatchReport:
    if source.is_remote:
        report = ingest_url(source, source.location, conditional=True)
    elif not Path(source.location).exists():
        report = failed_document(source, source.location, "no such file or folder")
        record_health(source, report)
    else:
        report = ingest_files(source, expand_paths([Path(source.location)]))
    source.next_poll_at = timezone.now() + next_poll_delay(source)
    source.save(update_fields=["next_poll_at"])
    return report


def ingest_url(source: Source, url: str, *, conditional: bool = False) -> BatchReport:
    """Fetch ``url`` safely and ingest it; with ``conditional``, send and keep the source's
    ETag and Last-Modified so an unchanged feed costs one 304."""
    try:
        fetched = fetch(
            url,
            etag=source.etag if conditional else "",
            last_modified=source.last_modified if conditional else "",
            allow_private=settings.WIREDESK_ALLOW_PRIVATE_FETCH,
        )
    except FetchError as error:
        report = failed_document(source, url, str(error))
        record_health(source, report)
        return report
    if fetched.not_modified:
        FetchLog.objects.create(source=source, origin=url[:1000], ok=True, reason="not modified")
        report = BatchReport(documents=1)
    else:
        if conditional:
            source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
            source.save(update_fields=["etag", "last_modified"])
        report = Ingestor(source).document(fetched.content, fetched.url)
    record_health(source, report)
    return report
