"""Ingesting many files with worker processes stores what one process stores, in order.

Workers read, parse and normalise; this process stores. The outcome (counts, stories, their
order, fetch logs, each source's health) must be what the one-process path gives, a file
that cannot be read or parsed is a failure with its reason, and a worker that breaks costs
nothing: its document is done again in this process.
"""

import os

import pytest

from wiredesk.ingest import parallel, pipeline
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.stories.models import Story

TOPICS = ["rocket", "volcano", "election", "harvest", "satellite", "glacier", "tanker", "drone"]


def _feed(number: int) -> bytes:
    items = "".join(
        f"<item><title>{TOPICS[number % len(TOPICS)]} report {number}-{n}: crews count "
        f"{number * 10 + n} units</title><guid isPermaLink='false'>f{number}-i{n}</guid>"
        f"<pubDate>Mon, 23 Nov 2026 1{n}:{number:02d}:00 GMT</pubDate><description>Unit "
        f"{number * 10 + n} of file {number}: {TOPICS[(number + n) % len(TOPICS)]} figures "
        f"{number * 31 + n * 7} and {number * 17 + n * 3} were logged today.</description></item>"
        for n in range(3)
    )
    return (
        f"<rss version='2.0'><channel><title>Feed {number}</title>{items}</channel></rss>"
    ).encode()


def feed_files(folder, count: int = 10, feed=_feed) -> list:
    """``count`` small RSS files ``feed-NN.xml`` in ``folder``, ``feed(number)`` each."""
    paths = []
    for number in range(count):
        path = folder / f"feed-{number:02d}.xml"
        path.write_bytes(feed(number))
        paths.append(path)
    return paths


@pytest.fixture
def files(tmp_path):
    paths = feed_files(tmp_path)
    html = tmp_path / "page.html"
    html.write_bytes(b"<!doctype html><html><body><p>not a feed</p></body></html>")
    big = tmp_path / "too-big.xml"
    big.write_bytes(b"<rss version='2.0'>" + b" " * 2000 + b"</rss>")
    return paths + [html, big]


@pytest.fixture
def sources(demo_network):
    return [
        Source.objects.create(name=f"parallel-{n}", location="", enabled=False) for n in range(2)
    ]


def _jobs(sources, files):
    return [(sources[n % 2], path) for n, path in enumerate(files)]


def test_workers_store_every_document_in_order_with_failures_explained(sources, files, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_FILE_BYTES", 1000)
    report = parallel.ingest_many(_jobs(sources, files), workers=2)

    assert (report.new + report.duplicate, report.failed, report.documents) == (30, 2, 12)
    reasons = dict(report.problems)
    assert "over the 1000 byte cap" in reasons[str(files[-1])]
    assert reasons[str(files[-2])] == "not a feed: an HTML page"
    stored = list(Story.objects.order_by("pk").values_list("external_id", flat=True))
    assert stored == [f"f{number}-i{n}" for number in range(10) for n in range(3)]
    assert FetchLog.objects.filter(source__in=sources).count() == 12
    for source in sources:
        source.refresh_from_db()
        assert source.last_success_at is not None and source.error_streak == 0


def test_the_same_files_again_change_nothing(sources, files, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_FILE_BYTES", 1000)
    parallel.ingest_many(_jobs(sources, files), workers=2)
    again = parallel.ingest_many(_jobs(sources, files), workers=2)
    assert (again.new, again.updated, again.duplicate, again.unchanged) == (0, 0, 0, 30)


def test_workers_and_one_process_give_the_same_counts(sources, files, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_FILE_BYTES", 1000)
    here = parallel.ingest_many(_jobs(sources, files[:6] + files[10:]), workers=0)
    there = parallel.ingest_many(_jobs(sources, files[6:10]), workers=2)
    both = parallel.ingest_many(_jobs(sources, files), workers=2)
    assert here.summary() == "18 new, 0 updated, 0 duplicate, 0 unchanged, 0 rejected, 2 failed"
    assert there.summary() == "12 new, 0 updated, 0 duplicate, 0 unchanged, 0 rejected, 0 failed"
    assert both.summary() == "0 new, 0 updated, 0 duplicate, 30 unchanged, 0 rejected, 2 failed"


def _breaks_on_file_three(path, hint, aliases, source):
    if path.endswith("feed-03.xml"):
        raise RuntimeError("worker bug")
    if path.endswith("feed-05.xml"):
        os._exit(1)  # the worker dies: the pool is broken from here on
    return parallel.prepare_document(
        pipeline.read_file(parallel.Path(path)), hint, aliases, with_signatures=True
    )


def test_a_worker_that_fails_or_dies_costs_nothing(sources, files, monkeypatch):
    monkeypatch.setattr(parallel, "_read_and_prepare", _breaks_on_file_three)
    report = parallel.ingest_many(_jobs(sources, files[:10]), workers=2)
    assert (report.new + report.duplicate, report.failed) == (30, 0)
    assert Story.objects.count() == 30


def test_a_handful_of_files_stays_in_this_process(sources, files, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("no worker should start for so few files")

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    report = parallel.ingest_many(_jobs(sources, files[:3]), workers=2)
    assert report.new + report.duplicate == 9


def test_default_workers_leave_a_cpu_for_the_store():
    assert 0 <= parallel.default_workers() <= parallel.MAX_DEFAULT_WORKERS
