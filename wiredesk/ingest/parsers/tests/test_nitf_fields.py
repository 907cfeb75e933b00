"""NITF 3.x: real agency files (AAP, AP, EFE, NTB, PA, IPTC's sample) and hostile input.

Each row states what one real file in ../shared/data must give: identity, counts and short
structural facts, never the article text itself.
"""

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import detect_format, parse_bytes
from wiredesk.ingest.parsers.safexml import REFUSED_ENTITIES, REFUSED_EXTERNAL

from .shared_data import shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"

# file -> expected fields of its one item ("paragraphs" counts <p> in the body)
EXPECTATIONS = {
    "aap.xml": {"external_id": "AAP.115314987.5417374", "urgency": 5, "place": "Sydney"},
    "aap-1.xml": {"headline": "F1 Test", "byline": "By John Doe", "paragraphs": 1},
    "aap-cyber.xml": {"status": "usable", "urgency": 3, "paragraphs": 1},
    "aap-finance.xml": {"agency": "Agence France Presse", "paragraphs": 14},
    "aap-finance1.xml": {"external_id": "AAP.0.6703189", "urgency": 5},
    "aap-sports.xml": {"subjects": ["subj:15000000"], "paragraphs": 5},
    "ap-nitf.xml": {"byline": "By BERNARD CONDON", "place": "NEW YORK", "version": ""},
    "ap_media_text_nitf.xml": {"agency": "The Associated Press", "tables": 3},
    "efe_nitf.xml": {
        "external_id": "22751909",
        "place": "Tegucigalpa",
        "language": "en-US",
        "keywords": ["HONDURAS GOVERNMENT"],
        "agency": "Agencia EFE",
    },
    "handle_invalid_fields.xml": {"place": "Ottawa", "status": "usable"},
    "mapping_test.xml": {"external_id": "NU-FLASH-K", "version": "04", "language": "no-NO"},
    "nitf-fishing.xml": {
        "external_id": "ongoing-winter-tide-updates:14",
        "version": "1",
        "status": "canceled",
        "embargo_until": datetime(2002, 2, 26, 14, 30, tzinfo=UTC),
        "keywords": ["fishing", "lures", "tides"],
        "lists": 1,
    },
    "nitf-ntb.xml": {
        "external_id": "faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c",
        "version": "48",
        "language": "nb-NO",
        "place": "Oslo",
        "agency": "NTB",
    },
    "pa1.xml": {"urgency": 4, "agency": "PA Sport", "status": "usable"},
    "pa2.xml": {"external_id": "T201510140143580001T", "pre": 1, "urgency": 3},
    "pa3.xml": {
        "status": "usable",
        "embargo_until": datetime(2016, 9, 8, 23, 1, tzinfo=UTC),
        "paragraphs": 1,
    },
    "pa4.xml": {"byline": "By Ian Jones, Press Association", "paragraphs": 21},
    "pa5.xml": {"published": datetime(2016, 10, 10, 23, 13, 27, tzinfo=UTC)},
}
STRUCTURE = {"paragraphs": "<p>", "tables": "<table", "lists": "<ul", "pre": "<pre"}


def _parse(name: str):
    return parse_bytes(shared_path(FIXTURES, name).read_bytes())


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_real_nitf_file(name):
    result = _parse(name)
    assert (result.format, result.failure) == ("nitf", "")
    [item] = result.items
    assert item.headline and item.body_html
    assert item.published is not None and item.published.tzinfo is not None
    assert "xmlns" not in item.body_html and "<media" not in item.body_html
    for field, value in EXPECTATIONS[name].items():
        if field in STRUCTURE:
            assert item.body_html.count(STRUCTURE[field]) == value, field
        else:
            assert getattr(item, field) == value, field


def test_the_one_nitf_file_with_neither_headline_nor_body_is_skipped_with_a_warning():
    result = _parse("aap-finance-lite.xml")
    assert (result.format, result.failure, result.items) == ("nitf", "", [])
    assert any("neither headline nor body" in w for w in result.warnings)


def test_nitf_body_drops_media_and_notes_and_unwraps_inline_semantics():
    item = _parse("nitf-fishing.xml").items[0]
    assert "<h2>" in item.body_html
    for tag in ("<org", "<media", "<note", "<block", "<person"):
        assert tag not in item.body_html
    assert item.byline.startswith("By ") and "NITF" not in item.byline  # byttl left out


def test_latin1_declared_utf8_is_read_as_utf8_with_a_warning():
    result = _parse("mapping_test.xml")
    assert any("bytes are UTF-8" in w for w in result.warnings)
    assert "\u00c3" not in result.items[0].body_html  # no mojibake


def test_aap_hard_wraps_become_spaces():
    item = _parse("aap-finance.xml").items[0]
    assert "<br" not in item.body_html


SMALL = b"""<?xml version="1.0" encoding="utf-8"?>
<nitf><head><docdata><doc-id id-string="x:1"/><urgency ed-urg="2"/>
<date.issue norm="20240101T120000+0100"/></docdata></head>
<body><body.head><hedline><hl1>Small</hl1></hedline></body.head>
<body.content><p>One <person>Ann</person>.</p><p/><p>Two</p></body.content></body></nitf>"""


def test_small_nitf_maps_fields():
    [item] = parse_bytes(SMALL).items
    assert (item.external_id, item.headline, item.urgency) == ("x:1", "Small", 2)
    assert item.body_html == "<p>One Ann.</p>\n<p>Two</p>"
    assert item.published == datetime(2024, 1, 1, 11, 0, tzinfo=UTC)
    assert detect_format(SMALL) == "nitf"


@pytest.mark.parametrize(
    ("doctype", "reason"),
    [
        ('<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>', REFUSED_EXTERNAL),
        ('<!DOCTYPE nitf [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', REFUSED_ENTITIES),
    ],
    ids=["xxe", "entity-expansion"],
)
def test_hostile_nitf_is_refused(doctype, reason):
    data = SMALL.replace(b"<nitf>", doctype.encode() + b"<nitf>").replace(b"Ann", b"&x;&b;")
    result = parse_bytes(data)
    assert result.items == []
    assert result.failure == reason
    from wiredesk.ingest.parsers import nitf

    assert nitf.parse(data).failure == reason


@pytest.mark.parametrize(
    "data",
    [b"<nitf>", b"<nitf><head><docdata/></head></nitf>", b"<nitf>\x00\xff\xfe</nitf>"],
    ids=["truncated", "empty", "binary"],
)
def test_broken_nitf_never_raises(data):
    result = parse_bytes(data)
    assert isinstance(result.failure, str)
