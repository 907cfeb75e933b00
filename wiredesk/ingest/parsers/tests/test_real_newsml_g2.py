"""Real agency NewsML-G2 (superdesk-io fixtures, IPTC listings), read from ../shared/data.

Each expectation row states what one real file must give; the sweep tests check that every
real G2 file parses without failure and that every text item has an id and a headline.
"""

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.normalize import parse_dateline, split_body_dateline
from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.ingest.parsers import detect_format, parse_bytes

from .shared_data import shared_files, shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"
REUTERS_V1 = "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838"
REUTERS_V2 = "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538"


def _parse(name: str):
    return parse_bytes(shared_path(FIXTURES, name).read_bytes())


def _paragraphs(item) -> list[str]:
    return [p for p in html_to_text(item.body_html).split("\n\n") if p.strip()]


# file -> (number of text items, expectations for the first item)
EXPECTATIONS = {
    "LISTING 1 A NewsML-G2 News Item.xml": (
        1,
        {
            "external_id": "urn:newsml:acmenews.com:20161018:US-FINANCE-FED",
            "version": "9",
            "place": "Berlin",
            "language": "en-GB",
            "embargo_until": datetime(2016, 10, 23, 12, 0, tzinfo=UTC),
            "updated": datetime(2016, 10, 21, 21, 25, 32, tzinfo=UTC),
            "body_html": "",  # its inlineXML holds only comments
        },
    ),
    "ap.xml": (3, {"language": "en", "urgency": 4, "version": "2", "status": "usable"}),
    "ansa-newsmlg2-text.xml": (1, {"language": "it", "urgency": 5, "place": "Rome"}),
    "dpa.xml": (
        1,
        {
            "external_id": "urn:newsml:dpa.com:20090101:221011-930-4303",
            "language": "de",
            "agency": "Deutsche Presse-Agentur GmbH",
            "place": "London",
            "urgency": 4,
        },
    ),
    "stt_newsml_test.xml": (1, {"agency": "STT", "dateline": "Helsinki", "language": "fi-FI"}),
    REUTERS_V1: (1, {"version": "978556838", "status": "usable", "language": "en"}),
    REUTERS_V2: (1, {"version": "1542761538", "status": "canceled", "body_html": ""}),
    "video.xml": (1, {"language": "en"}),
    "scoop.xml": (1, {"external_id": "BD-20160112123540"}),
    "picture.xml": (0, {}),
    "tag_reuters.com_2014_newsml_KBN0FL0NM_version_10": (0, {}),  # a package only
    "LISTING 6 Simple NewsML-G2 Package.xml": (0, {}),
}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_real_newsml_g2_file(name):
    count, expected = EXPECTATIONS[name]
    result = _parse(name)
    assert (result.format, result.failure) == ("newsml-g2", "")
    assert len(result.items) == count
    if not count:
        assert any(w.startswith("skipped non-text items") for w in result.warnings)
        return
    item = result.items[0]
    assert item.headline
    assert item.format == "newsml-g2"
    for field, value in expected.items():
        assert getattr(item, field) == value, field


def test_two_versions_of_one_reuters_story_share_the_guid():
    first, second = _parse(REUTERS_V1).items[0], _parse(REUTERS_V2).items[0]
    assert first.external_id == second.external_id == "tag:reuters.com,0000:newsml_L1N14N0FF"
    assert first.version != second.version
    assert second.updated > first.updated
    assert len(_paragraphs(first)) > 5


def test_ap_items_carry_their_dateline_in_the_body():
    for item in _parse("ap.xml").items:
        dateline, rest = split_body_dateline(_paragraphs(item)[0])
        assert dateline is not None and dateline.agency == "AP"
        assert rest
        assert item.keywords


def test_ansa_plain_text_body_is_split_into_paragraphs_with_its_dateline():
    item = _parse("ansa-newsmlg2-text.xml").items[0]
    paragraphs = _paragraphs(item)
    assert len(paragraphs) >= 3
    dateline, _ = split_body_dateline(paragraphs[0])
    assert (dateline.place, dateline.agency) == ("Rome", "ANSA")


def test_dpa_xhtml_body_drops_the_metadata_header_and_keeps_the_dateline():
    item = _parse("dpa.xml").items[0]
    assert "<header" not in item.body_html and "<h1" not in item.body_html
    assert "xmlns" not in item.body_html
    assert parse_dateline(item.dateline).agency == "dpa"
    assert split_body_dateline(_paragraphs(item)[0])[0].place == "London"
    assert "dpa" in item.rights
    assert len(item.keywords) == 3


def test_text_items_in_a_package_get_the_package_pictures():
    item = _parse("video.xml").items[0]
    assert item.media and item.media[0]["url"].startswith("http")
    assert item.media[0]["type"] == "image/jpeg"


def test_nitf_inside_g2_gives_the_headline_when_content_meta_has_none():
    item = _parse("scoop.xml").items[0]
    assert item.headline and item.body_html and item.byline


def test_stt_items_without_a_headline_fall_back_with_a_warning():
    result = _parse("stt_newsml_test_no_hl.xml")
    assert result.items[0].headline
    assert any("has no headline" in w for w in result.warnings)


def _g2_files():
    params = shared_files(FIXTURES)
    return [
        p
        for p in params
        if p.values[0] is None or detect_format(p.values[0].read_bytes()[:16384]) == "newsml-g2"
    ]


@pytest.mark.parametrize("path", _g2_files())
def test_every_superdesk_g2_file_parses(path):
    result = parse_bytes(path.read_bytes())
    assert (result.format, result.failure) == ("newsml-g2", "")
    for item in result.items:
        assert item.external_id and item.headline
        assert item.updated is None or item.updated.tzinfo is not None


def test_superdesk_g2_text_items_nearly_all_have_headline_and_body():
    shared_path(FIXTURES)
    items = [
        item for param in _g2_files() for item in parse_bytes(param.values[0].read_bytes()).items
    ]
    complete = [i for i in items if i.headline and i.body_html]
    # The only text items without a body: IPTC's Listing 1 (an empty inlineXML) and the
    # canceled Reuters version (a kill notice with an empty paragraph).
    assert len(items) == 29
    assert len(items) - len(complete) == 2


@pytest.mark.parametrize("path", shared_files("iptc-newsml-g2", ("**/*.xml",)))
def test_iptc_listings_and_conformance_files_never_fail_as_g2(path):
    result = parse_bytes(path.read_bytes())
    if result.format != "newsml-g2":
        # Listings 7-9, 25 and 28 are fragments (a groupSet, contentSet, contentMeta).
        assert result.failure.startswith("unknown XML format: root element <")
        return
    assert result.failure == ""
    for item in result.items:
        assert item.external_id
