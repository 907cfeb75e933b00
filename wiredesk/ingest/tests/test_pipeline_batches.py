"""A document's items are stored in chunked transactions: bad items are rejected one by one,
good ones stored, the same bytes twice change nothing, and a failed chunk loses nothing."""

from unittest import mock

import pytest

from wiredesk.ingest import pipeline
from wiredesk.ingest.models import FetchLog, Source
from wiredesk.ingest.pipeline import Ingestor
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story


def _rss(count: int, blank: int) -> bytes:
    items = []
    for n in range(count):
        title = "" if n == blank else f"Rocket test number {n} lifts off from the launch pad"
        items.append(
            f"<item><title>{title}</title><guid isPermaLink='false'>item-{n}</guid>"
            f"<link>https://example.com/news/{n}</link>"
            f"<pubDate>Mon, 23 Nov 2026 10:{n:02d}:00 GMT</pubDate>"
            f"<description>Story {n}: engineers counted {n * 7} distinct sensors on "
            f"flight {n}, the {n}th of the series.</description></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        "<title>Test wire</title><link>https://example.com/</link><description>x</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


@pytest.fixture
def source(demo_network):
    return Source.objects.create(name="batch-test", location="", enabled=False)


def _counts():
    return (Story.objects.count(), Revision.objects.count(), Placement.objects.count())


def test_fifty_items_with_one_bad_store_forty_nine_and_reject_one(source):
    data = _rss(50, blank=17)
    report = Ingestor(source).document(data, "test.xml")
    assert (report.new + report.duplicate, report.rejected, report.failed) == (49, 1, 0)
    assert Story.objects.filter(source=source).count() == 49
    assert any("item-17" in reason and "no headline" in reason for _, reason in report.problems)
    log = FetchLog.objects.get(source=source)
    assert log.ok and log.rejected == 1 and "no headline" in log.reason

    counts = _counts()
    again = Ingestor(source).document(data, "test.xml")
    assert (again.new, again.updated, again.duplicate, again.rejected) == (0, 0, 0, 1)
    assert again.unchanged == 49
    assert _counts() == counts


def test_small_chunks_give_the_same_result(source, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_ITEMS", 7)
    report = Ingestor(source).document(_rss(50, blank=3), "test.xml")
    assert (report.new + report.duplicate, report.rejected) == (49, 1)
    assert Story.objects.filter(source=source).count() == 49


def test_a_chunk_that_dies_keeps_earlier_chunks_and_a_rerun_completes(source, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_ITEMS", 10)
    data = _rss(30, blank=-1)
    from wiredesk.stories import identity

    real = identity._place_in_cluster  # called once per new item, after its rows are written
    calls = {"n": 0}

    def dying(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 15:  # half-way through the second chunk
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    with mock.patch.object(identity, "_place_in_cluster", dying), pytest.raises(RuntimeError):
        Ingestor(source).document(data, "test.xml")
    assert Story.objects.filter(source=source).count() == 10  # first chunk only, whole

    report = Ingestor(source).document(data, "test.xml")
    assert report.new + report.duplicate == 20 and report.unchanged == 10
    assert Story.objects.filter(source=source).count() == 30


def test_a_repeated_id_in_one_document_is_one_story_and_stays_unchanged(source):
    one = _rss(3, blank=-1).replace(b"item-1", b"item-0")
    report = Ingestor(source).document(one, "test.xml")
    assert Story.objects.filter(source=source).count() == 2
    assert report.new + report.duplicate == 2 and report.unchanged == 1
    story = Story.objects.get(source=source, external_id="item-0")
    assert story.revision_count == 1 and "number 1 " in story.headline  # the last copy
    counts = _counts()
    again = Ingestor(source).document(one, "test.xml")
    assert (again.new, again.updated, again.duplicate, again.unchanged) == (0, 0, 0, 3)
    assert _counts() == counts
