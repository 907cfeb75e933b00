"""Real ninjs (superdesk-io fixtures, IPTC ninjs examples), read from ../shared/data."""

import pytest

from wiredesk.ingest.parsers import parse_bytes

from .shared_data import shared_files, shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"
NINJS_FIXTURES = ("ninjs*.json", "bbc-ninjs-*.json", "ap_media_*.json")
NOT_NINJS = {"ninjs4_mock.json"}  # an HTTP mock description, not an item


@pytest.mark.parametrize("path", shared_files(FIXTURES, NINJS_FIXTURES))
def test_superdesk_ninjs_fixture(path):
    result = parse_bytes(path.read_bytes())
    if path.name in NOT_NINJS:
        assert result.failure == "unknown JSON format"
        return
    assert (result.format, result.failure) == ("ninjs", "")
    assert result.items or any(w.startswith("skipped non-text") for w in result.warnings)
    for item in result.items:
        assert item.external_id and item.headline
        assert item.updated is None or item.updated.tzinfo is not None


EXPECTATIONS = {
    "ninjs1.json": {
        "version": "2",
        "language": "fr",
        "urgency": 3,
        "place": "Milton Keynes",
        "agency": "AAP",
        "byline": "Peter and Jane",
        "subjects": ["01000000"],
    },
    "ninjs2.json": {
        "external_id": "tag:localhost:2017:7ca07622-3b19-4d61-8daf-18500412d46b",
        "version": "4",
        "place": "Singapore",
    },
    "ninjs_embargoed.json": {"agency": "360info", "version": "11"},
    "bbc-ninjs-text-test.json": {
        "external_id": "https://www.example.com//12345",
        "body_html": "<p><strong>body</strong></p>",
    },
    "bbc-ninjs-comp-test.json": {"external_id": "https://example.com/56789"},
}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_superdesk_ninjs_fields(name):
    [item] = parse_bytes(shared_path(FIXTURES, name).read_bytes()).items
    assert item.headline and item.body_html
    for field, value in EXPECTATIONS[name].items():
        assert getattr(item, field) == value, field


def test_embargoed_ninjs_has_an_embargo_after_its_publication():
    [item] = parse_bytes(shared_path(FIXTURES, "ninjs_embargoed.json").read_bytes()).items
    assert item.embargo_until is not None
    assert item.embargo_until > item.published
    assert item.media and item.media[0]["url"].startswith("http")


def test_bbc_compound_item_gets_its_feature_image():
    [item] = parse_bytes(shared_path(FIXTURES, "bbc-ninjs-comp-test.json").read_bytes()).items
    assert item.media[0]["url"].startswith("https://")


def test_pictures_alone_yield_no_story():
    result = parse_bytes(shared_path(FIXTURES, "ninjs3.json").read_bytes())
    assert (result.items, result.warnings) == ([], ["skipped non-text items: 1 picture"])


@pytest.mark.parametrize("path", shared_files("iptc-ninjs/examples", ("**/*.json",)))
def test_iptc_ninjs_examples(path):
    result = parse_bytes(path.read_bytes())
    if "schema" in path.name:
        assert result.failure == "unknown JSON format"
        return
    assert (result.format, result.failure) == ("ninjs", "")
    for item in result.items:
        assert item.external_id and item.headline


@pytest.mark.parametrize(
    "version",
    [
        "1.4/ninjsExSimpleText1.json",
        "2.1/ninjsExSimpleText_2.json",
        "3.0/ninjsExSimpleText_3.json",
        "2.1/dpa_text.json",
        "3.0/dpa_text.json",
        "3.0/tt_text_image_3.json",
    ],
)
def test_iptc_text_examples_across_versions_have_headline_and_body(version):
    result = parse_bytes(shared_path("iptc-ninjs/examples", version).read_bytes())
    [item] = result.items
    assert item.headline and item.body_html and item.updated


def test_ninjs_2_and_3_spellings_give_the_same_item():
    two = parse_bytes(shared_path("iptc-ninjs/examples/2.1/dpa_text.json").read_bytes()).items[0]
    three = parse_bytes(shared_path("iptc-ninjs/examples/3.0/dpa_text.json").read_bytes()).items[0]
    assert two == three
