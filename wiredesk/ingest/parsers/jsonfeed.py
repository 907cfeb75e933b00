"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import re

from ..normalize.dates import to_utc
from .base import ParsedItem, ParseResult, failed
from .jsonutil import load_json
from .sniffing import HEAD_BYTES, decode_text, looks_like_json
from .textutil import clean, dedupe, ensure_paragraphs, fallback_id, plain, text_to_html

NAME = "jsonfeed"
name = NAME  # registry protocol: parsers have a "name"
# JSON may escape "/" as "\/".
_VERSION = re.compile(
    r'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org\\?/version\\?/', re.IGNORECASE
)


def _authors(entry: dict, feed: dict) -> str:
    for source in (entry, feed):
        authors = source.get("authors")
        if isinstance(authors, list):
            names = dedupe(a.get("name", "") for a in authors if isinstance(a, dict))
            if names:
                return ", ".join(names)
        author = source.get("author")
        if isinstance(author, dict) and author.get("name"):
            return clean(author["name"])
    return ""


def _media(entry: dict) -> list[dict]:
    media = []
    seen = set()
    for url, kind, caption in [
        (entry.get("image"), "image", ""),
        (entry.get("banner_image"), "image", ""),
        *[
            (a.get("url"), a.get("mime_type", ""), a.get("title", ""))
            for a in entry.get("attachments") or []
            if isinstance(a, dict)
        ],
    ]:
        if isinstance(url, str) and url.strip() and url not in seen:
            seen.add(url)
            media.append({"url": url.strip(), "type": kind or "", "caption": clean(caption)})
    return media


def _item(entry: dict, feed: dict) -> ParsedItem:
    headline = clean(plain(str(entry.get("title") or "")))
    body = ensure_paragraphs(str(entry.get("content_html") or ""))
    if not body and entry.get("content_text"):
        body = text_to_html(str(entry["content_text"]))
    summary = clean(plain(str(entry.get("summary") or "")))
    published = to_utc(entry.get("date_published"))
    updated = to_utc(entry.get("date_modified"))
    link = clean(str(entry.get("url") or entry.get("external_url") or ""))
    external_id = clean(str(entry.get("id") if entry.get("id") is not None else ""))
    external_id = external_id or link or fallback_id(headline, entry.get("date_published"))
    tags = entry.get("tags") if isinstance(entry.get("tags"), list) else []
    return ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=str(body),
        summary=summary,
        link=link,
        byline=_authors(entry, feed),
        published=published or updated,
        updated=updated,
        language=clean(str(entry.get("language") or feed.get("language") or "")),
        subjects=dedupe(tags),
        media=_media(entry),
        format=NAME,
    )


def sniff(head: bytes) -> bool:
    """A JSON object whose "version" is a jsonfeed.org version URL."""
    return looks_like_json(head) and bool(_VERSION.search(decode_text(head[:HEAD_BYTES])))


def parse(data: bytes) -> ParseResult:
    """Parse a JSON Feed document; never raises."""
    feed, warnings, failure = load_json(data)
    if failure:
        return failed(failure, NAME)
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        return failed("not a JSON Feed: no items list", NAME)
    items = []
    for index, entry in enumerate(feed["items"]):
        if isinstance(entry, dict):
            items.append(_item(entry, feed))
        else:
            warnings.append(f"item {index} is not an object; skipped")
    return ParseResult(format=NAME, items=items, warnings=warnings)
