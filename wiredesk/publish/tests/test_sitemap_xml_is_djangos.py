"""The sitemaps write their ``<urlset>`` as text in one go; the bytes are those Django's
``SimplerXMLGenerator`` writes for the same URLs (escaping, empty elements, the ``news:``
blocks, characters beyond ASCII), and control characters are refused the same way."""

from datetime import UTC, datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from wiredesk.publish import sitemaps

MOMENT = datetime(2026, 11, 28, 17, 0, 5, tzinfo=UTC)
HEADLINES = [
    "Plain headline",
    "Tom & Jerry <b>bold</b> > all",
    "Quotes \"double\" and 'single'",
    "Ünïcödé — em dash, 日本語, emoji 🚀",
    "",
    "Tab\tand newline\nkept",
]


def reference(urls, publication=None) -> bytes:
    """The ``<urlset>`` written element by element with Django's XML generator."""
    out = BytesIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    handler.startDocument()
    attrs = {"xmlns": sitemaps.SITEMAP_NS}
    if publication is not None:
        attrs["xmlns:news"] = sitemaps.NEWS_NS
    handler.startElement("urlset", attrs)
    for url in urls:
        handler.startElement("url", {})
        handler.addQuickElement("loc", url["location"])
        if url["lastmod"] is not None:
            handler.addQuickElement("lastmod", sitemaps.w3c_datetime(url["lastmod"]))
        if publication is not None:
            story = url["item"]
            handler.startElement("news:news", {})
            handler.startElement("news:publication", {})
            handler.addQuickElement("news:name", publication["name"])
            handler.addQuickElement("news:language", publication["language"])
            handler.endElement("news:publication")
            date = sitemaps.w3c_datetime(story.published_at)
            handler.addQuickElement("news:publication_date", date)
            handler.addQuickElement("news:title", story.headline)
            handler.endElement("news:news")
        handler.endElement("url")
    handler.endElement("urlset")
    handler.endDocument()
    return out.getvalue()


def urls_for(headlines):
    return [
        {
            "item": SimpleNamespace(headline=h, published_at=MOMENT),
            "location": f"https://www.example.com/reports/a&b_{n}.html?x=<{n}>",
            "lastmod": None if n % 3 == 2 else MOMENT,
        }
        for n, h in enumerate(headlines)
    ]


@pytest.mark.parametrize("count", [0, 1, len(HEADLINES)])
@pytest.mark.parametrize(
    "publication",
    [None, {"name": "Space & Time <News>", "language": "en"}, {"name": "", "language": "zh-tw"}],
)
def test_urlset_bytes_are_those_of_djangos_generator(count, publication):
    urls = urls_for(HEADLINES[:count])
    assert sitemaps.urlset_xml(urls, publication) == reference(urls, publication)


def test_control_characters_are_refused_like_django():
    urls = urls_for(["Bell \x07 character"])
    publication = {"name": "Site", "language": "en"}
    with pytest.raises(UnserializableContentError):
        reference(urls, publication)
    with pytest.raises(UnserializableContentError):
        sitemaps.urlset_xml(urls, publication)
