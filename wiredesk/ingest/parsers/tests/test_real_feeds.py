"""Real captured feeds (feedjira, rss-parser, miniflux samples), read from ../shared/data.

``feeds_manifest.csv`` says what each file is; rss-parser's expected outputs are an
independent oracle for titles, links and dates.
"""

import csv
import html
import json

import pytest

from wiredesk.ingest.normalize.dates import to_utc
from wiredesk.ingest.parsers import parse_bytes

from .shared_data import MISSING_REASON, SHARED_DATA, parse_shared, shared_path

FEED_FORMATS = {
    "rss2.0": {"rss"},
    "rss0.91": {"rss"},
    "rss0.92": {"rss"},
    "rss0.9": {"rss", "rdf"},
    "rdf": {"rdf"},
    "atom1.0": {"atom"},
    "atom0.3": {"atom"},
    "json": {"jsonfeed"},
}


def _manifest_rows(predicate):
    path = SHARED_DATA / "feeds_manifest.csv"
    if not path.exists():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(MISSING_REASON))]
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if predicate(row)]
    return [
        pytest.param(row, id=row["path"].split("/")[-1])
        for row in rows
        if (SHARED_DATA / row["path"]).is_file()
    ]


@pytest.mark.parametrize("row", _manifest_rows(lambda r: r["format"] in FEED_FORMATS))
def test_every_captured_feed_is_detected_and_parsed(row):
    result = parse_shared(SHARED_DATA / row["path"])
    assert result.failure == ""
    assert result.format in FEED_FORMATS[row["format"]]
    for item in result.items:
        assert item.external_id
        assert item.headline or item.body_html
        assert item.published is None or item.published.utcoffset().total_seconds() == 0


def _is_html_page(row) -> bool:
    return row["format"] == "other" and (
        row["path"].endswith(".html")
        or row["path"].split("/")[-1]
        in {
            "JoomlapoweredSite.xml",
            "SFRubyorgHome.xml",
            "scRUBYt.xml",
            "titleunknown.xml",
            "unrecognized.rss",
        }
    )


@pytest.mark.parametrize("row", _manifest_rows(_is_html_page))
def test_html_pages_served_as_feeds_are_refused(row):
    result = parse_bytes((SHARED_DATA / row["path"]).read_bytes())
    assert result.failure == "not a feed: an HTML page"


@pytest.mark.parametrize("row", _manifest_rows(lambda r: r["format"] == "other"))
def test_non_feeds_fail_with_a_reason_and_never_raise(row):
    result = parse_bytes((SHARED_DATA / row["path"]).read_bytes())
    assert result.items == []
    assert result.failure


def test_feed_wrapped_in_an_html_page_is_rescued_with_a_warning():
    path = shared_path("feedjira-sample-feeds/head/spec/sample_feeds/DuplicateContentAtomFeed.xml")
    result = parse_bytes(path.read_bytes())
    assert result.format == "atom"
    assert result.items
    assert result.warnings[0] == "feed found inside an HTML page"


def test_latin1_feed_declared_utf8_is_parsed_with_a_warning():
    result = parse_bytes(shared_path("rss-parser-tests/test/input/uolNoticias.rss").read_bytes())
    assert result.format == "rss" and len(result.items) == 15
    assert any("CharacterEncodingOverride" in w for w in result.warnings)
    assert all("\ufffd" not in item.headline for item in result.items)


# Where the oracle itself is wrong (it keeps entities inside CDATA, or mis-decodes
# Latin-1), titles are not compared.
ORACLE_TITLE_EXCEPTIONS = {"craigslist", "uolNoticias"}


def _oracle_cases():
    out = SHARED_DATA / "rss-parser-tests" / "test" / "output"
    if not out.is_dir():
        return [pytest.param(None, id="no-shared-data", marks=pytest.mark.skip(MISSING_REASON))]
    return [pytest.param(p, id=p.stem) for p in sorted(out.glob("*.json"))]


def _norm(text) -> str:
    return " ".join(html.unescape(text or "").split())


@pytest.mark.parametrize("expected_path", _oracle_cases())
def test_rss_parser_oracle(expected_path):
    raw = expected_path.read_bytes()
    try:
        expected = json.loads(raw)["feed"]["items"]
    except UnicodeDecodeError:
        expected = json.loads(raw.decode("latin-1"))["feed"]["items"]
    [source] = (expected_path.parent.parent / "input").glob(expected_path.stem + ".*")
    result = parse_shared(source)
    assert result.failure == ""
    # Entries with neither title nor content are dropped (with a warning) by design.
    expected = [e for e in expected if e.get("title") or e.get("content") or e.get("summary")]
    assert len(result.items) == len(expected)
    for want, got in zip(expected, result.items, strict=True):
        if expected_path.stem not in ORACLE_TITLE_EXCEPTIONS:
            assert got.headline == _norm(want.get("title"))
        if want.get("link", "").strip().startswith("http"):
            assert got.link == want["link"].strip()
        if want.get("isoDate"):
            assert got.published == to_utc(want["isoDate"])
