"""NewsML-G2 text items map onto ParsedItem fields; non-text items do not become stories."""

from datetime import UTC, datetime

from wiredesk.ingest.parsers import parse_bytes

MESSAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:h="http://www.w3.org/1999/xhtml">
<header><sent>2024-06-01T10:00:00Z</sent></header>
<itemSet>
 <packageItem guid="urn:pkg:1" version="1">
  <itemMeta><itemClass qcode="ninat:composite"/></itemMeta>
  <groupSet root="main"><group id="main" role="group:main">
   <itemRef residref="urn:text:1"/><itemRef residref="urn:pic:1"/>
  </group></groupSet>
 </packageItem>
 <newsItem guid="urn:text:1" version="7" xml:lang="en-GB">
  <rightsInfo>
   <copyrightHolder literal="Example Press"/>
   <copyrightNotice xml:lang="de">Alle Rechte vorbehalten</copyrightNotice>
   <copyrightNotice xml:lang="en">Copyright 2024 Example Press</copyrightNotice>
   <usageTerms>Editorial use only</usageTerms>
  </rightsInfo>
  <itemMeta>
   <itemClass qcode="ninat:text"/>
   <provider qcode="nprov:EXP"><name>Example Press</name></provider>
   <versionCreated>2024-06-01T11:30:00+02:00</versionCreated>
   <firstCreated>2024-06-01T09:00:00Z</firstCreated>
   <embargoed>2024-06-02T00:00:00Z</embargoed>
   <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
   <urgency>3</urgency>
   <located qcode="geo:1"><name>Kourou</name></located>
   <creator><name>Ann Author</name></creator>
   <language tag="en"/>
   <subject qcode="medtop:13000000"><name>science</name></subject>
   <subject literal="Space"/>
   <keyword>Ariane</keyword><keyword>launch</keyword>
   <headline role="hld:subHeadline">Second stage performs</headline>
   <headline>Rocket lifts off</headline>
   <dateline>KOUROU, June 1 (EXP)</dateline>
   <by>By Ann Author</by>
   <description role="drol:caption">Not a summary</description>
   <description role="drol:summary">A rocket lifted off.</description>
  </contentMeta>
  <contentSet>
   <inlineXML contenttype="application/xhtml+xml">
    <h:html><h:head><h:title>t</h:title></h:head>
     <h:body><h:header><h:h1>Rocket lifts off</h:h1></h:header>
      <h:p>First <h:b>paragraph</h:b>.</h:p><h:p>Second.</h:p></h:body></h:html>
   </inlineXML>
  </contentSet>
 </newsItem>
 <newsItem guid="urn:pic:1" version="1">
  <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
  <contentMeta><headline>Lift-off</headline>
   <description role="drol:caption">The rocket at lift-off.</description></contentMeta>
  <contentSet>
   <remoteContent href="https://img.example/thumb.jpg" rendition="rnd:thumbnail"
      contenttype="image/jpeg" width="100" height="60"/>
   <remoteContent href="https://img.example/view.jpg" rendition="rnd:viewImage"
      contenttype="image/jpeg" width="800" height="480"/>
  </contentSet>
 </newsItem>
</itemSet>
</newsMessage>"""


def test_text_item_fields():
    result = parse_bytes(MESSAGE)
    assert (result.format, result.failure) == ("newsml-g2", "")
    assert result.warnings == [
        "skipped non-text items: 1 newsItem (picture), 1 packageItem (composite)"
    ]
    [item] = result.items
    assert item.external_id == "urn:text:1"
    assert item.version == "7"
    assert item.headline == "Rocket lifts off"
    assert item.body_html == "<p>First <b>paragraph</b>.</p><p>Second.</p>"
    assert item.summary == "A rocket lifted off."
    assert item.byline == "By Ann Author"
    assert item.dateline == "KOUROU, June 1 (EXP)"
    assert item.place == "Kourou"
    assert item.agency == "Example Press"
    assert item.published == datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
    assert item.updated == datetime(2024, 6, 1, 9, 30, tzinfo=UTC)
    assert item.embargo_until == datetime(2024, 6, 2, tzinfo=UTC)
    assert item.language == "en"
    assert item.subjects == ["medtop:13000000", "Space"]
    assert item.keywords == ["Ariane", "launch"]
    assert item.urgency == 3
    assert item.rights == "Copyright 2024 Example Press Editorial use only"
    assert item.status == "usable"
    assert item.media == [
        {
            "url": "https://img.example/view.jpg",
            "type": "image/jpeg",
            "caption": "The rocket at lift-off.",
            "width": 800,
            "height": 480,
        }
    ]


NITF_ITEM = b"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:nitf:1" version="2">
<itemMeta><itemClass qcode="ninat:text"/><provider literal="wire.example"/>
 <pubStatus qcode="stat:canceled"/></itemMeta>
<contentMeta/>
<contentSet><inlineXML contenttype="application/nitf+xml">
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
 <body.head><hedline><hl1>NITF headline</hl1></hedline><byline>By N. Writer</byline>
  <dateline>PARIS</dateline></body.head>
 <body.content><block><p>PARIS (EXP) - One.</p><p>Two.</p></block></body.content>
</body></nitf></inlineXML></contentSet></newsItem>"""


def test_nitf_body_and_head_fill_missing_metadata():
    [item] = parse_bytes(NITF_ITEM).items
    assert item.headline == "NITF headline"
    assert item.byline == "By N. Writer"
    assert item.dateline == "PARIS"
    assert item.body_html == "<p>PARIS (EXP) - One.</p><p>Two.</p>"
    assert item.agency == "wire.example"
    assert item.status == "canceled"


PLAIN_ITEM = b"""<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:plain:1">
<itemMeta><itemClass qcode="icls:text"/></itemMeta>
<contentMeta><slugline>SLUG-ONLY</slugline></contentMeta>
<contentSet><inlineData contenttype="text/plain"><![CDATA[
  ROME (EXP) - First line of a paragraph
that was hard-wrapped.
   Second paragraph, indented like wire copy <3.
]]></inlineData></contentSet></newsItem>"""


def test_plain_text_inline_data_becomes_escaped_paragraphs():
    result = parse_bytes(PLAIN_ITEM)
    [item] = result.items
    assert item.headline == "SLUG-ONLY"
    assert item.body_html == (
        "<p>ROME (EXP) - First line of a paragraph that was hard-wrapped.</p>\n"
        "<p>Second paragraph, indented like wire copy &lt;3.</p>"
    )
    assert item.version == ""


def test_missing_headline_falls_back_to_the_text_with_a_warning():
    document = PLAIN_ITEM.replace(b"<slugline>SLUG-ONLY</slugline>", b"")
    result = parse_bytes(document)
    assert (
        result.items[0].headline == "ROME (EXP) - First line of a paragraph that was hard-wrapped."
    )
    assert result.warnings == ["item urn:plain:1 has no headline; used the start of its text"]


def test_a_lone_picture_yields_no_story_but_says_why():
    document = MESSAGE.replace(b'qcode="ninat:text"', b'qcode="ninat:video"')
    result = parse_bytes(document)
    assert result.items == []
    assert result.failure == ""
    assert "skipped non-text items" in result.warnings[0]


def test_a_g2_catalog_is_understood_but_holds_no_items():
    document = b"""<catalog xmlns="http://iptc.org/std/nar/2006-10-01/" url="x"/>"""
    result = parse_bytes(document)
    assert (result.format, result.items, result.failure) == ("newsml-g2", [], "")
    assert result.warnings == ["NewsML-G2 <catalog> holds no news items"]
