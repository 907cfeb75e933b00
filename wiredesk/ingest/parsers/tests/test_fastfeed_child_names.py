"""The fast path's cached names for an item's children are the names it read before: the
namespace as feedparser reads it (a known one caselessly, an unknown one by its prefix) and
the local name; and a value's text is the same with or without child nodes."""

from lxml import etree

from wiredesk.ingest.parsers import fastfeed
from wiredesk.ingest.parsers.fastfeed import _item_child_name, _namespace_read_as, _Reader

ITEM = b"""<item xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:DC2="HTTP://PURL.ORG/DC/ELEMENTS/1.1/"
  xmlns:media="http://search.yahoo.com/mrss"
  xmlns:dc3="http://example.com/not-dublin-core/"
  xmlns:other="http://example.com/not-dublin-core/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <title>t</title><dc:creator>c</dc:creator><DC2:date>d</DC2:date><media:content/>
  <dc3:creator>x</dc3:creator><other:creator>y</other:creator>
  <content:encoded>e</content:encoded><!-- note --><a:b xmlns:a="urn:x">z</a:b>
</item>"""


def test_names_match_qname_and_namespace_mapping():
    for _ in range(2):  # the second time from the cache
        for child in etree.fromstring(ITEM):
            if not isinstance(child.tag, str):
                continue
            qname = etree.QName(child)
            expected = (_namespace_read_as(qname.namespace, child.prefix), qname.localname)
            assert _item_child_name(child) == expected


def test_same_uri_under_two_prefixes_is_read_by_each_prefix():
    children = [c for c in etree.fromstring(ITEM) if isinstance(c.tag, str)]
    by_prefix = {c.prefix: _item_child_name(c)[0] for c in children}
    assert by_prefix["dc3"] == "http://example.com/not-dublin-core/"
    assert by_prefix["other"] == "http://example.com/not-dublin-core/"
    assert by_prefix["DC2"] == fastfeed.DC
    misspelt = etree.fromstring(
        b'<item xmlns:dc="http://example.com/dc-misspelt/" xmlns:x="http://example.com/dc-misspelt/">'
        b"<dc:creator>a</dc:creator><x:creator>b</x:creator><dc:creator>c</dc:creator></item>"
    )
    assert [_item_child_name(c)[0] for c in misspelt] == [
        fastfeed.DC,
        "http://example.com/dc-misspelt/",
        fastfeed.DC,
    ]


def test_text_of_a_leaf_and_of_an_element_with_children():
    reader = _Reader(utf8=True)
    root = etree.fromstring(
        b"<r><a> plain </a><b> x<!--c--><i>y</i> z </b><c/><d><![CDATA[ q ]]></d></r>"
    )
    a, b, c, d = root
    assert reader.text(a) == "plain"
    assert reader.text(b) == "x" + "y z"
    assert reader.text(c) == ""
    assert reader.text(d) == "q"
    for element in root:
        assert reader.text(element) == "".join(element.itertext()).strip()
