"""Hot folders: an agency drops files into a folder; each is ingested once, then moved away.

A stable file (not modified for :data:`SETTLE_SECONDS`, and not named ``*.tmp``, ``*.part``
and the like) is ingested, and only then, with its items committed, moved to ``done/`` or
``failed/`` beside it (created as needed). A failed file gets ``NAME.reason.txt`` beside it
with the reason, which is also in the fetch log. ``done/`` and ``failed/`` are never read.

Crash safety: the move happens after every item is stored (each in its own transaction), so a
process killed before the move leaves the file in place and the next poll ingests it again,
which changes nothing (ingest is idempotent) and then moves it.
"""

import os
import time
from pathlib import Path

from .models import FetchLog, Source
from .pipeline import SKIPPED_NAMES, BatchReport, Ingestor, failed_document, record_health

SETTLE_SECONDS = 10.0
"""A file modified more recently than this may still be being written: it waits a poll."""
MAX_FILES_PER_POLL = 500
"""At most this many files per poll; the rest wait for the next one (oldest first)."""
DONE = "done"
FAILED = "failed"
IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".filepart", ".crdownload", ".download")
REASON_SUFFIX = ".reason.txt"


def is_in_progress(path: Path, now: float, settle_seconds: float) -> bool:
    """Whether ``path`` looks like a file still being written."""
    if path.name.lower().endswith(IN_PROGRESS_SUFFIXES):
        return True
    try:
        mtime = path.lstat().st_mtime
    except OSError:
        return True
    return now - mtime < settle_seconds


def pending_files(folder: Path, settle_seconds: float = SETTLE_SECONDS) -> list[Path]:
    """Files waiting in ``folder`` (and its sub-folders other than done/ and failed/), oldest
    first, without files still being written."""
    now = time.time()
    found: list[tuple[float, str, Path]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in (DONE, FAILED) and not d.startswith("."))
        for name in files:
            if name in SKIPPED_NAMES or name.startswith("."):
                continue
            path = Path(root) / name
            if is_in_progress(path, now, settle_seconds):
                continue
            try:
                found.append((path.lstat().st_mtime, str(path), path))
            except OSError:
                continue
    return [path for _, _, path in sorted(found)]


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem.N.suffix`` if that is taken."""
    target = folder / name
    stem, dot, suffix = name.partition(".")
    n = 1
    while target.exists() or (folder / (target.name + REASON_SUFFIX)).exists():
        n += 1
        target = folder / (f"{stem}.{n}{dot}{suffix}" if dot else f"{name}.{n}")
    return target


def _write_reason(path: Path, reason: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(reason.rstrip() + "\n", encoding="utf-8")
    os.replace(tmp, path)


def settle(path: Path, ok: bool, reason: str = "") -> Path:
    """Move ``path`` to ``done/`` or ``failed/`` beside it (with its reason file); return the
    new path. Raises OSError when it cannot."""
    folder = path.parent / (DONE if ok else FAILED)
    folder.mkdir(exist_ok=True)
    target = _free_name(folder, path.name)
    if not ok:
        _write_reason(target.with_name(target.name + REASON_SUFFIX), reason or "failed")
    os.replace(path, target)
    return target


def document_failed(report: BatchReport) -> bool:
    """A file failed when nothing in it could be stored: it could not be read or parsed, or
    every item in it was rejected."""
    stored = report.new + report.updated + report.unchanged + report.duplicate
    return not stored and bool(report.failed or report.rejected)


def poll_hot_folder(
    source: Source,
    *,
    settle_seconds: float = SETTLE_SECONDS,
    max_files: int = MAX_FILES_PER_POLL,
) -> BatchReport:
    """Ingest every stable file waiting in the source's hot folder, then move each away."""
    folder = Path(source.location)
    total = BatchReport()
    if not folder.is_dir():
        total.add(failed_document(source, str(folder), "hot folder is not a folder"))
        record_health(source, total)
        return total
    ingestor = Ingestor(source)
    for path in pending_files(folder, settle_seconds)[:max_files]:
        if path.is_symlink():
            report = failed_document(
                source, str(path), "symbolic links are not read from hot folders"
            )
        else:
            report = ingestor.path(path)
        total.add(report)
        ok = not document_failed(report)
        reason = "; ".join(problem for _, problem in report.problems)[:5000]
        try:
            settle(path, ok, reason)
        except OSError as error:
            if not path.exists() and not path.is_symlink():
                continue  # removed by someone else meanwhile: nothing to move
            why = f"could not move to {DONE if ok else FAILED}/: {error.strerror or error}"
            FetchLog.objects.create(source=source, origin=str(path)[:1000], reason=why)
            total.problems.append((str(path), why))
    record_health(source, total)
    return total
