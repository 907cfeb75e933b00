"""Poll one source: fetch its URL (conditionally), read its file or folder, or take in the
files dropped into its hot folder; then ingest, record health and set the next poll time."""

import hashlib
import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .fetch import FetchError, Limits, fetch
from .hotfolder import poll_hot_folder
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
JITTER = 0.1


def next_poll_delay(source: Source, retry_after: float | None = None) -> timedelta:
    """The source's interval, doubled per error in a row (capped at six hours, or at the
    interval if that is longer), with 10% jitter; never sooner than a server's Retry-After."""
    interval = timedelta(seconds=source.interval)
    base = interval * (2 ** min(source.error_streak, 10))
    base = min(base, max(MAX_BACKOFF, interval))
    delay = base * random.uniform(1 - JITTER, 1 + JITTER)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay


def poll(source: Source, *, limits: Limits | None = None) -> BatchReport:
    retry_after = None
    if source.is_remote:
        report, retry_after = _ingest_url(source, source.location, conditional=True, limits=limits)
    elif not Path(source.location).exists():
        report = failed_document(source, source.location, "no such file or folder")
        record_health(source, report)
    elif source.hot_folder:
        report = poll_hot_folder(source)
    else:
        report = ingest_files(source, expand_paths([Path(source.location)]))
    source.next_poll_at = timezone.now() + next_poll_delay(source, retry_after)
    source.save(update_fields=["next_poll_at"])
    return report


def document_digest(data: bytes) -> str:
    """A digest of a fetched document: the same bytes as last time are not parsed again
    (every item in them would come out unchanged)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def ingest_url(
    source: Source, url: str, *, conditional: bool = False, limits: Limits | None = None
) -> BatchReport:
    """Fetch ``url`` safely and ingest it; with ``conditional``, send and keep the source's
    ETag and Last-Modified so an unchanged feed costs one 304."""
    return _ingest_url(source, url, conditional=conditional, limits=limits)[0]


def _ingest_url(
    source: Source, url: str, *, conditional: bool, limits: Limits | None
) -> tuple[BatchReport, float | None]:
    try:
        fetched = fetch(
            url,
            etag=source.etag if conditional else "",
            last_modified=source.last_modified if conditional else "",
            allow_private=settings.WIREDESK_ALLOW_PRIVATE_FETCH,
            limits=limits,
        )
    except FetchError as error:
        report = failed_document(source, url, str(error))
        record_health(source, report)
        return report, error.retry_after
    digest = "" if fetched.not_modified else document_digest(fetched.content)
    if fetched.not_modified or (conditional and digest == source.last_digest):
        reason = "not modified" if fetched.not_modified else "not modified (the same bytes)"
        FetchLog.objects.create(source=source, origin=url[:1000], ok=True, reason=reason)
        report = BatchReport(documents=1)
    else:
        report = Ingestor(source).document(fetched.content, fetched.url)
        # Keep the validators only once the items are stored: a process killed mid-ingest
        # must fetch the document again next time, not get a 304 and lose the rest.
        if conditional and not (report.failed and report.documents == report.failed):
            source.etag, source.last_modified = fetched.etag[:500], fetched.last_modified[:100]
            source.last_digest = digest
            source.save(update_fields=["etag", "last_modified", "last_digest"])
    record_health(source, report)
    return report, None
