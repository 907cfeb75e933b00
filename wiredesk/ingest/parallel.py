"""Ingest many files with worker processes reading, parsing and normalising them.

Storing stays in this process, one document after another in the order given, as
:func:`~wiredesk.ingest.pipeline.ingest_files` stores them (the same chunks, dedupe and
routing; documents smaller than a chunk share a transaction, see :class:`_SmallDocuments`),
so the outcome and the crash-safety guarantees are the same. What moves
to the workers is the part that needs no database: reading the file, detecting the format,
parsing, normalising and building each item's MinHash signature. That part is about half of
an ingest, so with one worker the two halves overlap and with more the store is the limit.

Workers are forked from this process (Linux and other POSIX systems), after its database
connections are closed; they never touch the database. Where ``fork`` is not available, or
for a handful of files, everything runs in this process. A worker that fails or dies costs
nothing: the document it had is read again here.
"""

import copyreg
import ctypes
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from datasketch import MinHash
from django.db import connections, transaction

from wiredesk.routing.services import compiled_rules, decide_ahead
from wiredesk.stories import dedupe
from wiredesk.stories.identity import recent_stories

from .models import Source
from .pipeline import (
    CHUNK_ITEMS,
    AgencyTable,
    BatchReport,
    Ingestor,
    PreparedDocument,
    failed_document,
    prepare_document,
    read_file,
    record_health,
    unreadable,
)

MIN_FILES = 8
"""Fewer files than this are ingested in this process: starting workers costs more."""
AHEAD_PER_WORKER = 8
"""Documents each worker may have ready before the store takes them (bounds memory)."""
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One less than the CPUs this process may use (the store takes one), at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(0, min(cpus - 1, MAX_DEFAULT_WORKERS))


def _minhash_from_values(data: bytes) -> MinHash:
    return dedupe.from_signature_bytes(data)


def _reduce_minhash(minhash: MinHash):
    """Pickle a signature made with the shared permutations as its 1 KB of hash values: by
    default each item's signature would carry the 2 KB of permutations too (a tenth of what
    a worker sends, and of what the store unpickles)."""
    if (
        minhash.permutations is dedupe._permutations()
        and len(minhash.hashvalues) == dedupe.NUM_PERM
    ):
        return _minhash_from_values, (dedupe.to_bytes(minhash),)
    return minhash.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


copyreg.pickle(MinHash, _reduce_minhash)


PARENT_CHECK_SECONDS = 0.5


def _leave_with_parent(parent: int) -> None:
    """In a new worker: leave as soon as the storing process is gone.

    A storing process killed with SIGKILL gets no chance to stop its workers, and a worker
    waits for its next document forever (it holds the writing end of its own task pipe, so
    it never sees the end of it). On Linux the kernel kills the worker with its parent
    (``PR_SET_PDEATHSIG``); everywhere, a thread checks the parent's pid twice a second.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # it died before the line above
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _read_and_prepare(
    path: str, hint: str, aliases: dict, source: tuple[str, str]
) -> PreparedDocument | str:
    """In a worker: the prepared document, or why the file could not be read. ``source`` is
    the source's name and agency key: what routing's rules see of it, so each item's rule
    decision is made here too (with the rules the store compiled before forking)."""
    try:
        data = read_file(Path(path))
    except OSError as error:
        return unreadable(error)
    document = prepare_document(data, hint, aliases, with_signatures=True)
    name, agency = source
    for item in document.items:
        if not isinstance(item, str):
            item.decision = decide_ahead(
                item, item.agency if item.agency in aliases else agency, name
            )
    return document


class _Batch:
    """One ingestor per source, and each source's report (its health is recorded from its
    own files at the end, as ``ingest_files`` records it)."""

    def __init__(self) -> None:
        self.agencies = AgencyTable()  # read once for the batch, not once per source
        self.ingestors: dict[int, Ingestor] = {}
        self.reports: dict[int, BatchReport] = {}
        self.total = BatchReport()

    def ingestor(self, source: Source) -> Ingestor:
        if source.pk not in self.ingestors:
            self.ingestors[source.pk] = Ingestor(source, self.agencies)
            self.reports[source.pk] = BatchReport()
        return self.ingestors[source.pk]

    def add(self, source: Source, report: BatchReport) -> None:
        self.reports[source.pk].add(report)
        self.total.add(report)

    def finish(self) -> BatchReport:
        for pk, ingestor in self.ingestors.items():
            record_health(ingestor.source, self.reports[pk])
        return self.total


class _SmallDocuments:
    """Stores small documents several to a transaction.

    Each transaction costs about a millisecond and a half of fixed work (``BEGIN
    IMMEDIATE``, the commit, the page cache's stamps and the search task it leads to), and
    most feed documents hold a few dozen items: so documents smaller than a chunk share one
    transaction until it holds about :data:`~wiredesk.ingest.pipeline.CHUNK_ITEMS` items. A
    document of a chunk or more is stored on its own, in its own chunks, as before. Crash
    safety is the same: a killed process loses the open transaction whole and a re-run
    stores its documents again (their fetch logs are in it too).
    """

    def __init__(self) -> None:
        self.block = None
        self.items = 0

    def before(self, document: PreparedDocument | None) -> None:
        """Call before storing ``document`` (None: not read yet, size unknown)."""
        size = len(document.items) if document is not None else CHUNK_ITEMS
        if size >= CHUNK_ITEMS:
            self.commit()
            return
        if self.block is None:
            self.block = transaction.atomic()
            self.block.__enter__()
        self.items += size + 1

    def after(self) -> None:
        if self.items >= CHUNK_ITEMS:
            self.commit()

    def commit(self) -> None:
        block, self.block, self.items = self.block, None, 0
        if block is not None:
            block.__exit__(None, None, None)

    def abort(self, error: BaseException) -> None:
        block, self.block, self.items = self.block, None, 0
        if block is not None:
            block.__exit__(type(error), error, error.__traceback__)
            recent_stories(refresh=False).reset()  # it may hold stories rolled back


def ingest_many(
    jobs: list[tuple[Source, Path]],
    workers: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BatchReport:
    """Ingest each ``(source, path)`` in order, preparing documents in ``workers`` processes
    (None: :func:`default_workers`; 0: all in this process)."""
    workers = default_workers() if workers is None else workers
    context = _fork_context()
    batch = _Batch()
    grouped = _SmallDocuments()
    try:
        if workers < 1 or len(jobs) < MIN_FILES or context is None:
            _in_this_process(jobs, batch, grouped, progress)
        else:
            _with_workers(jobs, workers, context, batch, grouped, progress)
        grouped.commit()
    except BaseException as error:
        grouped.abort(error)
        raise
    return batch.finish()


def _in_this_process(jobs, batch: _Batch, grouped: _SmallDocuments, progress) -> None:
    for source, path in jobs:
        try:
            data = read_file(path)
        except OSError as error:
            prepared = unreadable(error)
        else:
            prepared = prepare_document(data, source.format, batch.agencies.aliases)
        _store(batch, grouped, source, path, prepared)
        if progress is not None:
            progress(path)


def _store(batch: _Batch, grouped: _SmallDocuments, source: Source, path: Path, prepared) -> None:
    """Store one document: ``prepared`` is the document, why it could not be read, or None
    (a worker failed on it: it is read and prepared here, on its own)."""
    ingestor = batch.ingestor(source)
    if prepared is None:
        grouped.commit()
        report = ingestor.path(path)
    elif isinstance(prepared, str):
        report = failed_document(source, str(path), prepared)
    else:
        grouped.before(prepared)
        report = ingestor.store(prepared, str(path))
        grouped.after()
    batch.add(source, report)


def _with_workers(jobs, workers: int, context, batch: _Batch, grouped, progress) -> None:
    aliases = batch.agencies.aliases
    agency_keys = {agency.pk: key for key, agency in batch.agencies.by_key.items()}

    def described(source: Source) -> tuple[str, str]:
        return source.name, agency_keys.get(source.agency_id, "")

    compiled_rules()  # compiled before forking: the workers decide with these rules
    _close_connections()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_leave_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque[tuple[Source, Path, Future | None]] = deque()
        queue = iter(jobs)

        def submit_next() -> None:
            job = next(queue, None)
            if job is not None:
                source, path = job
                try:
                    future = pool.submit(
                        _read_and_prepare, str(path), source.format, aliases, described(source)
                    )
                except BrokenProcessPool:  # a worker died: the rest is done here
                    future = None
                pending.append((source, path, future))

        for _ in range(workers * AHEAD_PER_WORKER):
            submit_next()
        while pending:
            source, path, future = pending.popleft()
            submit_next()
            try:
                prepared = future.result() if future is not None else None
            except Exception:  # noqa: BLE001  a worker failed or died: this one is done here
                prepared = None
            _store(batch, grouped, source, path, prepared)
            if progress is not None:
                progress(path)


def _close_connections() -> None:
    """Close this process's database connections before forking, unless a transaction is
    open (a child never uses what it inherits, and leaves with ``os._exit`` without
    closing it, so an inherited connection is harmless; a closed one is cleaner)."""
    opened = connections.all(initialized_only=True)
    if not any(connection.in_atomic_block for connection in opened):
        connections.close_all()


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # a platform without fork
        return None
