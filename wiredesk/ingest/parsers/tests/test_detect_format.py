"""Formats are detected by content: each tiny document states the format it must get."""

import codecs

import pytest

from wiredesk.ingest.parsers import detect_format, parse_bytes

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link>
<item><title>One</title><guid>urn:one</guid></item></channel></rss>"""
RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>T</title><link>https://example.org/</link>
<description>d</description><language>en</language>
<item><title>One</title><link>https://example.org/1</link></item></channel></rss>"""
RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org/"><title>T</title><link>https://example.org/</link>
<description>d</description></channel>
<item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link></item>
</rdf:RDF>"""
ATOM10 = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment first -->
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:feed</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>One</title><id>urn:one</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>"""
ATOM03 = b"""<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>T</title>
<modified>2004-01-01T00:00:00Z</modified>
<entry><title>One</title><id>urn:one</id><issued>2004-01-01T00:00:00Z</issued></entry></feed>"""
JSONFEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "T",
 "items": [{"id": "1", "title": "One", "content_text": "Hello"}]}"""
JSONFEED_ESCAPED = b"""{"version": "https:\\/\\/jsonfeed.org\\/version\\/1", "title": "T",
 "items": [{"id": "1", "title": "One", "content_html": "<p>Hello</p>"}]}"""
NINJS1 = b"""{"uri": "urn:x:1", "type": "text", "versioncreated": "2024-01-01T00:00:00Z",
 "headline": "One", "body_html": "<p>Hello</p>"}"""
NINJS3 = b"""{"uri": "urn:x:1", "type": "text", "versionCreated": "2024-01-01T00:00:00Z",
 "headlines": [{"role": "main", "value": "One"}],
 "bodies": [{"role": "html", "contentType": "text/html", "value": "<p>Hello</p>"}]}"""
G2_MESSAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2024-01-01T00:00:00Z</sent>
</header><itemSet><newsItem guid="urn:g2:1" version="1"><itemMeta><itemClass qcode="ninat:text"/>
</itemMeta><contentMeta><headline>One</headline></contentMeta></newsItem></itemSet></newsMessage>"""
G2_PREFIXED = b"""<?xml version='1.0' encoding='utf8'?>
<ns0:newsItem xmlns:ns0="http://iptc.org/std/nar/2006-10-01/" guid="urn:g2:2" version="3">
<ns0:itemMeta><ns0:itemClass qcode="icls:text"/></ns0:itemMeta>
<ns0:contentMeta><ns0:headline>Two</ns0:headline></ns0:contentMeta></ns0:newsItem>"""
HTML = b"""<!DOCTYPE html><html><head><title>Moved</title></head><body>Hi</body></html>"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(RSS20, "rss", id="rss-2.0"),
        pytest.param(RSS091, "rss", id="rss-0.91-with-external-doctype"),
        pytest.param(RDF, "rdf", id="rss-1.0-rdf"),
        pytest.param(ATOM10, "atom", id="atom-1.0-after-comment"),
        pytest.param(ATOM03, "atom", id="atom-0.3"),
        pytest.param(JSONFEED, "jsonfeed", id="jsonfeed-1.1"),
        pytest.param(JSONFEED_ESCAPED, "jsonfeed", id="jsonfeed-escaped-slashes"),
        pytest.param(NINJS1, "ninjs", id="ninjs-1.x"),
        pytest.param(NINJS3, "ninjs", id="ninjs-3.x-camel-case"),
        pytest.param(G2_MESSAGE, "newsml-g2", id="newsml-g2-message"),
        pytest.param(G2_PREFIXED, "newsml-g2", id="newsml-g2-prefixed-bare-item"),
        pytest.param(codecs.BOM_UTF8 + RSS20, "rss", id="utf-8-bom"),
        pytest.param(
            RSS20.decode().replace("utf-8", "utf-16").encode("utf-16"), "rss", id="utf-16"
        ),
        pytest.param(b"\n\n   " + ATOM10, "atom", id="leading-whitespace"),
        pytest.param(HTML, "", id="html-page"),
        pytest.param(b"", "", id="empty"),
        pytest.param(b'{"name": "not a feed"}', "", id="other-json"),
        pytest.param(b"<note><to>x</to></note>", "", id="other-xml"),
    ],
)
def test_detect_format(data, expected):
    assert detect_format(data) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (RSS20, "rss"),
        (RSS091, "rss"),
        (RDF, "rdf"),
        (ATOM10, "atom"),
        (ATOM03, "atom"),
        (JSONFEED, "jsonfeed"),
        (NINJS1, "ninjs"),
        (NINJS3, "ninjs"),
        (G2_MESSAGE, "newsml-g2"),
        (G2_PREFIXED, "newsml-g2"),
    ],
)
def test_each_format_parses_to_one_item_named_one_or_two(data, expected):
    result = parse_bytes(data)
    assert result.failure == ""
    assert result.format == expected
    assert [item.format for item in result.items] == [expected]
    assert result.items[0].headline in ("One", "Two")


def test_detection_ignores_file_names_and_the_hint_only_goes_first():
    result = parse_bytes(ATOM10, hint="rss")
    assert result.format == "atom"
    assert result.items[0].headline == "One"


def test_hint_for_a_format_that_detection_would_miss_is_used():
    # No XML declaration, junk-free but with an unexpected root prefix: the hint decides.
    result = parse_bytes(RSS20, hint="rss")
    assert result.format == "rss"
    assert result.warnings == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (HTML, "not a feed: an HTML page"),
        (b"<p>Just a <b>fragment</b></p>", "not a feed: an HTML fragment"),
        (b'<?xml version="1.0"?><opml version="1.0"><body/></opml>', "not a feed: an OPML"),
        (b"<note><to>x</to></note>", "unknown XML format: root element <note>"),
        (b'{"name": "not a feed"}', "unknown JSON format"),
        (b"ZCZC just some teleprinter text NNNN", "not a feed: unrecognised content"),
    ],
)
def test_unknown_documents_fail_with_a_one_line_reason(data, reason):
    result = parse_bytes(data)
    assert result.items == []
    assert result.failure.startswith(reason)
    assert "\n" not in result.failure
