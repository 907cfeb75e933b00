"""Small documents are stored several to a transaction: a failure rolls back the open
transaction whole, keeps what was committed before it, and a re-run stores the rest once."""

import pytest

from wiredesk.ingest import parallel
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.pipeline import CHUNK_ITEMS, Ingestor
from wiredesk.stories.models import Story

from .test_parallel_ingest import _feed, feed_files


def _big_feed(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Big file item {n}: tallies of {n * 13} crates</title>"
        f"<guid isPermaLink='false'>big-{n}</guid><description>Crate count {n * 13} and "
        f"{n * 29} pallets, line {n}.</description></item>"
        for n in range(items)
    )
    return f"<rss version='2.0'><channel><title>Big</title>{entries}</channel></rss>".encode()


@pytest.fixture
def jobs(demo_network, tmp_path):
    source = Source.objects.create(name="grouped", location="", enabled=False)
    paths = feed_files(tmp_path, 8, lambda n: _big_feed(CHUNK_ITEMS + 20) if n == 2 else _feed(n))
    return [(source, path) for path in paths]


@pytest.mark.parametrize("workers", [0, 2])
def test_a_failure_rolls_back_the_open_group_only(jobs, monkeypatch, workers):
    store = Ingestor.store

    def fails_on_file_five(self, document, origin):
        if origin.endswith("feed-05.xml"):
            raise RuntimeError("disk on fire")
        return store(self, document, origin)

    monkeypatch.setattr(Ingestor, "store", fails_on_file_five)
    with pytest.raises(RuntimeError):
        parallel.ingest_many(jobs, workers=workers)
    # files 0-1 shared a transaction committed before the big file 2, which committed its
    # own chunks; files 3-4 were in the transaction open when file 5 failed
    kept = set(Story.objects.values_list("external_id", flat=True))
    assert kept == {f"f{n}-i{i}" for n in (0, 1) for i in range(3)} | {
        f"big-{n}" for n in range(CHUNK_ITEMS + 20)
    }
    assert FetchLog.objects.count() == 3

    monkeypatch.setattr(Ingestor, "store", store)
    again = parallel.ingest_many(jobs, workers=workers)
    assert (again.new + again.duplicate, again.unchanged) == (5 * 3, 2 * 3 + CHUNK_ITEMS + 20)
    assert Story.objects.count() == 7 * 3 + CHUNK_ITEMS + 20
