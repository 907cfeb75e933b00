"""Ingest: read documents, parse, normalise and hand each item to the stories app.

A document's items are normalised first (pure Python, no database), then stored in chunks of
:data:`CHUNK_ITEMS`, one transaction per chunk, with the chunk's stored rows looked up in one
query. A process killed half-way keeps every committed chunk and nothing of the one in
flight; a re-run skips what was stored (the same item again changes nothing).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from wiredesk.network.models import Agency
from wiredesk.publish.slugs import slugify_headline
from wiredesk.routing.rules import text_words
from wiredesk.stories.identity import Outcome, recent_stories, record_items

from .models import FetchLog, Source
from .parsers import parse_bytes
from .prepare import Rejected, prepare

MAX_FILE_BYTES = 50 * 1024 * 1024
CHUNK_ITEMS = 100
"""Items stored per transaction (a killed process redoes at most one chunk)."""
SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class BatchReport:
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed: int = 0
    documents: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    COUNTS = ("new", "updated", "duplicate", "unchanged", "rejected", "failed")

    def add(self, other: "BatchReport") -> None:
        for name in self.COUNTS + ("documents",):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)

    def summary(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name}" for name in self.COUNTS)


class AgencyTable:
    """The network's agencies, loaded once per batch."""

    def __init__(self):
        self.by_key = {a.key: a for a in Agency.objects.all()}
        self.aliases = {a.key: [a.key, a.name, *a.aliases] for a in self.by_key.values()}

    def get(self, key: str, default=None):
        return self.by_key.get(key, default)


@dataclass
class PreparedDocument:
    """A document parsed and its items normalised: what :func:`prepare_document` makes of
    its bytes without the database (so it can run in another process)."""

    format: str = ""
    failure: str = ""
    warnings: list[str] = field(default_factory=list)
    items: list = field(default_factory=list)  # PreparedItem, or a str: why it was rejected


def prepare_document(
    data: bytes, hint: str, aliases: dict, with_signatures: bool = False
) -> PreparedDocument:
    """Parse ``data`` and normalise each item (pure: no database). ``with_signatures``
    builds each item's MinHash and the words routing looks for now, instead of when it is
    stored (for worker processes)."""
    result = parse_bytes(data, hint=hint)
    document = PreparedDocument(format=result.format, failure=result.failure)
    if result.failure:
        return document
    document.warnings = result.warnings
    for item in result.items:
        try:
            prepared = prepare(item, aliases)
        except Rejected as error:
            document.items.append(f"{item.external_id or item.headline!r}: {error}")
            continue
        if with_signatures:  # the work storing would do, done here (in a worker)
            prepared.signature  # noqa: B018  (built and kept on the item)
            prepared.text_words = text_words(prepared.headline, prepared.body_text)
        document.items.append(prepared)
    return document


class Ingestor:
    """Ingests documents for one source, keeping per-batch state (agencies, dedupe index)."""

    def __init__(self, source: Source, agencies: AgencyTable | None = None):
        self.source = source
        self.agencies = agencies or AgencyTable()
        self.index = recent_stories(refresh=False)  # record_items refreshes it per chunk

    def document(self, data: bytes, origin: str) -> BatchReport:
        prepared = prepare_document(data, self.source.format, self.agencies.aliases)
        return self.store(prepared, origin)

    def store(self, document: PreparedDocument, origin: str) -> BatchReport:
        """Store a prepared document's items, log the fetch and say what each item was."""
        report = BatchReport(documents=1)
        log = FetchLog(source=self.source, origin=origin[:1000])
        log.format = document.format
        if document.failure:
            report.failed += 1
            report.problems.append((origin, document.failure))
            log.reason = document.failure
            log.failed = 1
            log.save()
            return report
        ready = []
        for item in document.items:
            if isinstance(item, str):  # rejected, with the reason
                report.rejected += 1
                report.problems.append((origin, item))
            else:
                ready.append((self.agencies.get(item.agency) or self.source.agency, item))
        ready = self._last_of_each_id(ready, report, log)
        for start in range(0, len(ready), CHUNK_ITEMS):
            self._store(ready[start : start + CHUNK_ITEMS], report)
        log.ok = True
        for name in ("new", "updated", "duplicate", "rejected", "failed"):
            setattr(log, name, getattr(report, name))
        notes = [log.reason] if log.reason else []
        log.reason = "; ".join(document.warnings + notes + [r for _, r in report.problems])[:5000]
        log.save()
        return report

    @staticmethod
    def _last_of_each_id(entries, report: BatchReport, log: FetchLog):
        """One entry per external id: a document that lists an item twice means its last
        copy (storing both would make every re-read of the same bytes a new revision)."""
        last = {item.external_id: n for n, (_, item) in enumerate(entries)}
        if len(last) == len(entries):
            return entries
        repeated = len(entries) - len(last)
        report.unchanged += repeated
        log.reason = f"{repeated} repeated item id(s) in the document; the last copy kept"
        return [entry for n, entry in enumerate(entries) if last[entry[1].external_id] == n]

    def _store(self, entries, report: BatchReport) -> None:
        for recorded in record_items(self.source, entries, slugify_headline, self.index):
            if recorded.outcome == Outcome.NEW:
                report.new += 1
            elif recorded.outcome in (Outcome.UPDATED, Outcome.KILLED):
                report.updated += 1
            elif recorded.outcome == Outcome.DUPLICATE:
                report.duplicate += 1
            else:
                report.unchanged += 1

    def path(self, path: Path) -> BatchReport:
        try:
            data = read_file(path)
        except OSError as error:
            return failed_document(self.source, str(path), unreadable(error))
        return self.document(data, str(path))


def read_file(path: Path) -> bytes:
    """The file's bytes; OSError when it cannot be read or is over the size cap."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise OSError(f"file is {size} bytes, over the {MAX_FILE_BYTES} byte cap")
    return path.read_bytes()


def unreadable(error: OSError) -> str:
    return getattr(error, "strerror", None) or str(error)


def failed_document(source: Source, origin: str, reason: str) -> BatchReport:
    """Log a document that could not be read or fetched at all, and report it."""
    FetchLog.objects.create(source=source, origin=origin[:1000], reason=reason, failed=1)
    report = BatchReport(documents=1, failed=1)
    report.problems.append((origin, reason))
    return report


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and every file under folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.name not in SKIPPED_NAMES and not p.name.startswith(".")
                )
            )
        else:
            files.append(path)
    return files


def ingest_files(
    source: Source, files: list[Path], progress: Callable[[Path], None] | None = None
) -> BatchReport:
    ingestor = Ingestor(source)
    total = BatchReport()
    for path in files:
        total.add(ingestor.path(path))
        if progress is not None:
            progress(path)
    record_health(source, total)
    return total


def record_health(source: Source, report: BatchReport) -> None:
    """Update the source's health from a batch: a success resets the error streak."""
    now = timezone.now()
    if report.failed and not (report.new or report.updated or report.unchanged or report.duplicate):
        source.error_streak += 1
        source.last_error = report.problems[-1][1] if report.problems else "failed"
    else:
        source.error_streak = 0
        source.last_success_at = now
    source.save(update_fields=["error_streak", "last_error", "last_success_at"])
