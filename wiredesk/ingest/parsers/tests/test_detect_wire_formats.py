"""Wire formats are detected by content; their sniffs never claim feeds, JSON or other XML."""

import pytest

from wiredesk.ingest.parsers import PARSERS, detect_format

from .shared_data import shared_files

NEWSML12 = b'<?xml version="1.0"?>\n<NewsML Version="1.2"><NewsItem/></NewsML>'
NITF = b'<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "nitf.dtd">\n<nitf><head/></nitf>'
NITF_NS = b'<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head/></nitf>'
IPTC7901 = b"\x01eca062 4 i 211 ccccb   dpa 061\r\n\r\nSlug/\r\n\x02Head =\r\n\r\nText\r\n\x03"
ANPA = b"\x16\x16\x01W2870\x1fasian\nf l\x13\x11 BC-XX--Slug     11-13 1049\n\x02^Head<\n\x03"
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>nitf NewsML</title></channel></rss>'


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(NEWSML12, "newsml-1.2", id="newsml-1.2"),
        pytest.param(NITF, "nitf", id="nitf-with-external-dtd"),
        pytest.param(NITF_NS, "nitf", id="nitf-namespaced"),
        pytest.param(IPTC7901, "iptc7901", id="iptc7901"),
        pytest.param(b"\r\n" + IPTC7901, "iptc7901", id="iptc7901-after-line-end"),
        pytest.param(ANPA, "anpa1312", id="anpa"),
        pytest.param(RSS, "rss", id="rss-mentioning-wire-formats"),
        pytest.param(b'{"type": "text", "body": "\\u0001\\u0002"}', "", id="json-with-escapes"),
        pytest.param(b"\x01not a header\x02text\x03", "", id="soh-without-7901-header"),
        pytest.param(b"\x16\x16\x01garbage", "", id="syn-soh-without-anpa-header"),
        pytest.param(IPTC7901.replace(b"\x02", b""), "", id="7901-header-without-stx"),
        pytest.param(b"<newsml><x/></newsml>", "", id="lower-case-newsml-is-not-1.2"),
        pytest.param(b"plain text eca062 4 i 211\x02", "", id="header-not-at-start"),
    ],
)
def test_detect_wire_format(data, expected):
    assert detect_format(data) == expected


@pytest.mark.parametrize("name", ["newsml-1.2", "nitf", "iptc7901", "anpa1312"])
@pytest.mark.parametrize(
    "head", [b"", b"\x00" * 20, bytes(range(256)), b"<", b"\x01", b"\x16\x16\x01\x1f"]
)
def test_sniffs_never_raise(name, head):
    assert PARSERS[name].sniff(head) in (True, False)


FEED_FOLDERS = ("feedjira-sample-feeds", "rss-parser-tests", "miniflux-testdata")


@pytest.mark.parametrize(
    "path", [p for folder in FEED_FOLDERS for p in shared_files(folder, ("**/*",))[:200]]
)
def test_no_real_feed_is_taken_for_a_wire_format(path):
    assert detect_format(path.read_bytes()[:16384]) not in (
        "newsml-1.2",
        "nitf",
        "iptc7901",
        "anpa1312",
    )
