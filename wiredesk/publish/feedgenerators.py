"""Feed generators: RSS 2.0 and Atom 1.0 with full content, ``media:`` elements and a rights
notice per item, and JSON Feed 1.1, all on ``django.utils.feedgenerator``.

Besides Django's own item fields, :class:`wiredesk.publish.feeds.StoryFeed` passes three extra
ones to ``add_item``: ``content_html`` (the full story), ``media`` (a list of
``{"url", "type", "caption", "width", "height"}`` dicts) and ``image`` (the URL of the first
picture, or None). ``item_copyright`` carries the agency's rights notice.
"""

import json

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION_KEY = "_wiredesk"


def media_kind(media: dict) -> str:
    """``image``, ``video`` or ``audio`` (Media RSS's ``medium``), or ``""`` when unknown."""
    kind = (media.get("type") or "").lower()
    if kind == "picture":
        return "image"
    family = kind.partition("/")[0]
    return family if family in {"image", "video", "audio"} else ""


def mime_type(media: dict) -> str:
    """The media's MIME type when the wire gave one (``image/jpeg``), else ``""``."""
    kind = (media.get("type") or "").strip().lower()
    return kind if "/" in kind else ""


class MediaElementsMixin:
    """Writes ``media:content`` (with its caption) for each medium and ``media:thumbnail`` for
    the first picture, in the Media RSS namespace declared on the root element."""

    def add_media_elements(self, handler, item):
        for media in item.get("media") or ():
            attrs = {"url": media["url"]}
            if mime_type(media):
                attrs["type"] = mime_type(media)
            if media_kind(media):
                attrs["medium"] = media_kind(media)
            for key in ("width", "height"):
                if media.get(key):
                    attrs[key] = str(media[key])
            handler.startElement("media:content", attrs)
            if media.get("caption"):
                handler.addQuickElement("media:description", media["caption"], {"type": "plain"})
            handler.endElement("media:content")
        if item.get("image"):
            handler.addQuickElement("media:thumbnail", None, {"url": item["image"]})


class StoryRssFeed(MediaElementsMixin, Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded``, ``dc:rights`` and Media RSS elements."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        if item["item_copyright"]:
            handler.addQuickElement("dc:rights", item["item_copyright"])
        self.add_media_elements(handler, item)


class StoryAtomFeed(MediaElementsMixin, Atom1Feed):
    """Atom 1.0 with the full story as ``<content type="html">`` and Media RSS elements
    (``<rights>`` per entry is Django's own ``item_copyright``)."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        self.add_media_elements(handler, item)


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). The rights notice, which the
    format has no field for, goes in the ``_wiredesk`` extension object of each item."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        outfile.write(json.dumps(self.document(), ensure_ascii=False))

    def document(self) -> dict:
        feed = self.feed
        document = {"version": JSON_FEED_VERSION, "title": feed["title"]}
        optional = {
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
        }
        document.update({key: value for key, value in optional.items() if value})
        if feed["author_name"]:
            document["authors"] = [{"name": feed["author_name"]}]
        document["items"] = [self.item_document(item) for item in self.items]
        return document

    def item_document(self, item) -> dict:
        entry = {"id": item["unique_id"] or item["link"], "url": item["link"]}
        entry["title"] = item["title"]
        entry["content_html"] = item.get("content_html") or item["description"] or ""
        if item["description"]:
            entry["summary"] = item["description"]
        if item.get("image"):
            entry["image"] = item["image"]
        if item["pubdate"] is not None:
            entry["date_published"] = rfc3339_date(item["pubdate"])
        if item["updateddate"] is not None:
            entry["date_modified"] = rfc3339_date(item["updateddate"])
        if item["author_name"]:
            entry["authors"] = [{"name": item["author_name"]}]
        if item["categories"]:
            entry["tags"] = list(item["categories"])
        attachments = [
            {"url": media["url"], "mime_type": mime_type(media)}
            for media in item.get("media") or ()
            if mime_type(media)
        ]
        if attachments:
            entry["attachments"] = attachments
        if item["item_copyright"]:
            entry[EXTENSION_KEY] = {"rights": item["item_copyright"]}
        return entry
