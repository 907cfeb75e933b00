"""RSS, RDF and Atom entries map onto ParsedItem fields as documented in feed.py."""

from datetime import UTC, datetime

from wiredesk.ingest.parsers import parse_bytes
from wiredesk.ingest.parsers.feed import format_from_version

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Wire</title><link>https://wire.example/</link><description>d</description>
  <language>en-us</language><copyright>Copyright Example Wire</copyright>
  <item>
    <title>Rocket &amp; payload reach orbit</title>
    <link>https://wire.example/story/1</link>
    <guid isPermaLink="false">wire-0001</guid>
    <description>&lt;p&gt;Short &lt;b&gt;teaser&lt;/b&gt;.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full body.</p><p>Second paragraph.</p>]]></content:encoded>
    <dc:creator>Jane Reporter</dc:creator>
    <pubDate>Tue, 10 Jun 2003 04:00:00 EST</pubDate>
    <category>Space</category><category>Launches</category>
    <enclosure url="https://wire.example/a.mp3" type="audio/mpeg" length="1"/>
    <media:content url="https://wire.example/p.jpg" type="image/jpeg" width="640" height="480"/>
  </item>
  <item>
    <title>No guid here</title>
    <link>https://wire.example/story/2</link>
    <description>Plain text description
with a line break.</description>
  </item>
  <item>
    <description>Neither guid nor link nor title</description>
    <pubDate>Wed, 11 Jun 2003 04:00:00 GMT</pubDate>
  </item>
</channel></rss>"""


def test_rss_item_fields():
    result = parse_bytes(RSS)
    assert (result.format, result.failure, result.warnings) == ("rss", "", [])
    item = result.items[0]
    assert item.external_id == "wire-0001"
    assert item.headline == "Rocket & payload reach orbit"
    assert item.body_html == "<p>Full body.</p><p>Second paragraph.</p>"
    assert item.summary == "Short teaser."
    assert item.link == "https://wire.example/story/1"
    assert item.byline == "Jane Reporter"
    assert item.published == datetime(2003, 6, 10, 9, 0, tzinfo=UTC)
    assert item.subjects == ["Space", "Launches"]
    assert item.rights == "Copyright Example Wire"
    assert item.language == "en-us"
    assert item.format == "rss"
    assert {
        "url": "https://wire.example/p.jpg",
        "type": "image/jpeg",
        "caption": "",
        "width": 640,
        "height": 480,
    } in item.media
    assert any(m["url"] == "https://wire.example/a.mp3" for m in item.media)


def test_rss_ids_fall_back_to_link_then_a_stable_hash():
    items = parse_bytes(RSS).items
    assert items[1].external_id == "https://wire.example/story/2"
    assert items[2].external_id.startswith("sha1:")
    assert items[2].external_id == parse_bytes(RSS).items[2].external_id


def test_plain_text_description_becomes_a_paragraph_body():
    item = parse_bytes(RSS).items[1]
    assert item.body_html.startswith("<p>Plain text description")
    assert item.published is None


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Atom wire</title><id>urn:feed</id><updated>2024-03-01T10:00:00Z</updated>
  <rights>(c) Atom Agency</rights>
  <entry>
    <id>tag:atom.example,2024:1</id>
    <title type="html">Markets &lt;em&gt;rally&lt;/em&gt;</title>
    <link rel="alternate" href="https://atom.example/1"/>
    <link rel="enclosure" href="https://atom.example/1.jpg" type="image/jpeg"/>
    <published>2024-03-01T09:00:00+01:00</published>
    <updated>2024-03-01T10:30:00.250Z</updated>
    <author><name>A. Writer</name></author>
    <author><name>B. Writer</name></author>
    <category term="economy"/>
    <summary>Short.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>Body <b>here</b>.</p></div></content>
  </entry>
  <entry>
    <id>tag:atom.example,2024:2</id><title>Only updated</title>
    <updated>2024-03-02T08:00:00Z</updated>
    <content type="text">Line one.

Line two &amp; more.</content>
  </entry>
</feed>"""


def test_atom_entry_fields():
    result = parse_bytes(ATOM)
    assert (result.format, result.failure) == ("atom", "")
    item = result.items[0]
    assert item.external_id == "tag:atom.example,2024:1"
    assert item.headline == "Markets rally"
    assert "<p>Body <b>here</b>.</p>" in item.body_html
    assert item.summary == "Short."
    assert item.link == "https://atom.example/1"
    assert item.byline == "A. Writer, B. Writer"
    assert item.published == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert item.updated == datetime(2024, 3, 1, 10, 30, 0, 250000, tzinfo=UTC)
    assert item.subjects == ["economy"]
    assert item.rights == "(c) Atom Agency"
    assert item.language == "fr"
    assert item.media == [
        {"url": "https://atom.example/1.jpg", "type": "image/jpeg", "caption": ""}
    ]


def test_atom_without_published_uses_updated_and_wraps_text_content():
    item = parse_bytes(ATOM).items[1]
    assert item.published == item.updated == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
    assert item.body_html == "<p>Line one.</p>\n<p>Line two &amp; more.</p>"


def test_body_html_is_left_unsanitised_for_the_normaliser():
    document = b"""<rss version="2.0"><channel><item><guid>g</guid><title>t</title>
<description><![CDATA[<p onclick="x()">Hi</p><script>alert(1)</script>]]></description>
</item></channel></rss>"""
    item = parse_bytes(document).items[0]
    assert "<script>" in item.body_html
    assert 'onclick="x()"' in item.body_html


def test_an_empty_feed_is_a_success_with_no_items():
    result = parse_bytes(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert (result.format, result.items, result.failure) == ("rss", [], "")


def test_rdf_items():
    document = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>T</title><link>https://rdf.example/</link>
<description>d</description></channel>
<item rdf:about="https://rdf.example/1"><title>First</title><link>https://rdf.example/1</link>
<dc:date>2024-05-01T12:00:00+02:00</dc:date><dc:creator>Desk</dc:creator>
<dc:subject>Science</dc:subject></item>
</rdf:RDF>"""
    result = parse_bytes(document)
    assert result.format == "rdf"
    item = result.items[0]
    assert item.headline == "First"
    assert item.link == "https://rdf.example/1"
    assert item.byline == "Desk"
    assert item.published == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert item.subjects == ["Science"]


def test_non_http_links_are_not_links():
    document = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id>
<entry><id>tag:x,2024:1</id><title>t</title><link href="javascript:alert(1)"/></entry></feed>"""
    assert parse_bytes(document).items[0].link == ""


def test_feedparser_versions_map_to_format_names():
    assert [format_from_version(v) for v in ("rss20", "rss091u", "rss10", "rss090")] == [
        "rss",
        "rss",
        "rdf",
        "rdf",
    ]
    assert [format_from_version(v) for v in ("atom10", "atom03", "")] == ["atom", "atom", ""]
