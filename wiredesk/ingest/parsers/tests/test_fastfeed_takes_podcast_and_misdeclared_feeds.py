"""Feeds the fast path now reads itself, each with the items feedparser makes of them.

Podcast feeds (iTunes categories, Podlove chapters, Google Play elements), Dublin Core under
a misspelt namespace URI, a Blogger-style ``gd:image`` inside an Atom author, and a
document said to be UTF-8 whose bytes are windows-1252 used to fall back to feedparser,
which on real feeds costs more than the rest of their ingest.
"""

import pytest

from wiredesk.ingest.parsers.fastfeed import parse_fast
from wiredesk.ingest.parsers.feed import parse_feed

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _rss(item: bytes, namespaces: bytes = b"", declaration: bytes = b"") -> bytes:
    return (
        declaration + b"<rss version='2.0' " + namespaces + b"><channel><title>T</title>"
        b"<item><title>Episode</title><link>https://example.com/e1</link>"
        b"<guid>https://example.com/e1</guid>" + item + b"</item></channel></rss>"
    )


DOCUMENTS = {
    "itunes-categories": _rss(
        b"<itunes:category text='Games &amp; Hobbies'><itunes:category text='Hobbies'/>"
        b"</itunes:category><itunes:category text='News'/><category>Beer</category>",
        b"xmlns:itunes='" + ITUNES.encode() + b"'",
    ),
    "itunes-namespace-in-capitals": _rss(
        b"<itunes:author>Ann Host</itunes:author><itunes:category text='Science'/>",
        b"xmlns:itunes='http://www.itunes.com/DTDs/Podcast-1.0.dtd'",
    ),
    "podlove-chapters": _rss(
        b"<psc:chapters version='1.2'><psc:chapter start='00:00:00' title='Intro'/>"
        b"<psc:chapter start='00:01:10.500' title='News'/></psc:chapters>",
        b"xmlns:psc='http://podlove.org/simple-chapters'",
    ),
    "google-play": _rss(
        b"<googleplay:description>Plain words</googleplay:description>"
        b"<googleplay:explicit>no</googleplay:explicit>",
        b"xmlns:googleplay='http://www.google.com/schemas/play-podcasts/1.0'",
    ),
    "dublin-core-without-slash": _rss(
        b"<dc:creator>Bo Writer</dc:creator><dc:subject>Space</dc:subject>",
        b"xmlns:dc='http://purl.org/dc/elements/1.1'",
    ),
    "content-without-slash": _rss(
        b"<description>Short</description>"
        b"<content:encoded>&lt;p&gt;The whole &lt;b&gt;body&lt;/b&gt;&lt;/p&gt;</content:encoded>",
        b"xmlns:content='http://purl.org/rss/1.0/modules/content'",
    ),
    "georss-point": _rss(
        b"<georss:point>45.256 -71.92</georss:point>",
        b"xmlns:georss='http://www.georss.org/georss'",
    ),
    "atom-author-with-gd-image": (
        b"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:gd='http://schemas.google.com/g/2005'>"
        b"<title>T</title><id>tag:example.org,2026:feed</id>"
        b"<entry><title>Post</title><id>tag:example.org,2026:1</id>"
        b"<link href='https://example.org/1'/><updated>2026-11-28T10:00:00Z</updated>"
        b"<author><name>Cy Blogger</name><gd:image rel='http://schemas.google.com/g/2005#thumbnail'"
        b" src='https://example.org/cy.png'/></author>"
        b"<content type='html'>&lt;p&gt;Text&lt;/p&gt;</content></entry></feed>"
    ),
    "atom-dc-subject": (
        b"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
        b"<title>T</title><id>tag:example.org,2026:feed</id>"
        b"<entry><title>Post</title><id>tag:example.org,2026:2</id>"
        b"<link href='https://example.org/2'/><updated>2026-11-28T10:00:00Z</updated>"
        b"<dc:subject>Energy</dc:subject><category term='Power'/></entry></feed>"
    ),
    "utf-8-declared-windows-1252-bytes": _rss(
        b"<description>Caf\xe9 \x93quoted\x94 na\xefve</description>",
        declaration=b"<?xml version='1.0' encoding='utf-8'?>",
    ),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_fast_path_takes_it_with_the_items_feedparser_makes(name):
    document = DOCUMENTS[name]
    fast = parse_fast(document)
    slow = parse_feed(document, fast=False)
    assert fast is not None, "should no longer fall back to feedparser"
    assert slow.items, "feedparser reads it too"
    assert fast.items == slow.items
    assert fast.format == slow.format


def test_windows_1252_bytes_are_read_as_feedparser_reads_them_with_its_warning():
    document = DOCUMENTS["utf-8-declared-windows-1252-bytes"]
    fast = parse_fast(document)
    assert fast.items[0].summary == "Café \u201cquoted\u201d naïve"
    assert fast.warnings == parse_feed(document, fast=False).warnings
    assert "windows-1252" in fast.warnings[0]


def test_bytes_windows_1252_cannot_read_still_go_to_feedparser():
    # 0x81 is undefined in windows-1252: feedparser would try ISO-8859-2 next
    document = _rss(b"<description>odd \x81 byte</description>")
    assert parse_fast(document) is None
