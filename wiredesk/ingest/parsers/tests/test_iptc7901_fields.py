"""IPTC 7901 (dpa's English service): real files, charset fallback, garbage never raises."""

from datetime import UTC, datetime

import pytest

from wiredesk.ingest.parsers import iptc7901, parse_bytes

from .shared_data import shared_path

FIXTURES = "superdesk-io-fixtures/tests/io/fixtures"

# file -> expected fields; "cp1252" says a charset fallback warning is expected
EXPECTATIONS = {
    "IPTC7901.txt": {
        "external_id": "dpa:eca062:2013-11-13",
        "version": "0",
        "urgency": 4,
        "place": "Berlin",
        "keywords": ["Germany-politics"],
        "published": datetime(2013, 11, 13, 11, 37, tzinfo=UTC),
    },
    "IPTC7901_odd_charset.txt": {
        "version": "1",  # "1ST LEAD"
        "urgency": 3,
        "byline": "By Manuel Schwarz, dpa",
        "place": "Munich",
        "cp1252": True,
    },
    "dpa_copyright.txt": {"headline": "Impressum", "external_id": "dpa:eca0001:2017-06-24"},
    "dpa_four_line.txt": {"version": "1", "byline": "By dpa correspondents", "cp1252": True},
    "dpa_two_by_line.txt": {
        "agency": "dpa-tns",
        "byline": "By Tom Krasovic, The San Diego Union-Tribune",
    },
    "dpa_two_line.txt": {
        "place": "Washington",
        "urgency": 3,
        "keywords": ["Yemen/conflict", "EXTRA"],
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_real_iptc7901_file(name):
    expected = dict(EXPECTATIONS[name])
    result = parse_bytes(shared_path(FIXTURES, name).read_bytes())
    assert (result.format, result.failure) == ("iptc7901", "")
    [item] = result.items
    assert item.headline and item.body_html.startswith("<p>")
    assert not item.headline.endswith("=")
    assert "not for publication" not in item.body_html
    assert "not intended for publication" not in item.body_html
    assert any("cp1252" in w for w in result.warnings) == expected.pop("cp1252", False)
    for field, value in expected.items():
        assert getattr(item, field) == value, field


def test_dpa_notebook_links_become_anchors_and_lists():
    item = parse_bytes(shared_path(FIXTURES, "dpa_two_line.txt").read_bytes()).items[0]
    assert '<a href="http://' in item.body_html and "<ul>" in item.body_html


def test_undecodable_text_falls_back_to_latin1_and_never_raises():
    data = b"\x01abc001 4 i 10 dpa 001\r\n\r\nSlug/\r\n\x02Head =\r\n\r\nText \x81\x8d\x90.\r\n\x03"
    result = parse_bytes(data)
    assert result.format == "iptc7901" and result.items[0].headline == "Head"
    assert any("Latin-1" in w or "cp1252" in w for w in result.warnings)


@pytest.mark.parametrize(
    "data",
    [
        b"\x01",
        b"\x01abc001 4 i 10\x02",
        b"\x01abc001 4 i 10 dpa 001\r\n\x02\x03\x04",
        bytes(range(256)) * 4,
        b"\x01" + bytes(range(256)),
    ],
    ids=["soh-only", "header-only", "empty-text", "all-bytes", "soh-garbage"],
)
def test_garbage_never_raises(data):
    assert isinstance(parse_bytes(data).failure, str)
    assert isinstance(iptc7901.parse(data).failure, str)
