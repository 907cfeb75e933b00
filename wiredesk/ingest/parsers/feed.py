"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0, read with feedparser.

Registered as three parsers ("rss", "atom", "rdf") that differ only in what they sniff;
each reports the format feedparser actually found. Entry HTML is left unsanitised here
(feedparser's sanitiser is switched off): sanitising happens once, in normalisation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import datetime

import feedparser

from ..normalize.dates import parse_iso, to_utc
from .base import BASE_KEY, ParsedItem, ParseResult, failed
from .fastfeed import parse_fast
from .sniffing import root_element
from .textutil import clean, dedupe, ensure_paragraphs, fallback_id, plain, plain_line, text_to_html

_REAL_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^>]*)?/?>")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def _get(mapping: dict, key: str, default: object = "") -> object:
    """Read a feedparser dict without its legacy key aliasing (and its deprecation noise)."""
    value = dict.get(mapping, key, default)
    return default if value is None else value


def format_from_version(version: str) -> str:
    """feedparser's version string ("rss20", "atom10", "rss10") to a format name."""
    if version in ("rss10", "rss090"):
        return "rdf"
    if version.startswith("atom"):
        return "atom"
    if version.startswith("rss") or version == "cdf":
        return "rss"
    return ""


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    name = error.__class__.__name__
    return f"{name}: {text}" if text else name


def _is_html(detail: dict | None) -> bool:
    return bool(detail) and str(detail.get("type", "")).lower() in _HTML_TYPES


def _text_of(value: str, detail: dict | None) -> str:
    """Plain text of a feedparser value, whatever its declared type."""
    if _is_html(detail):
        return plain(value)
    # Declared plain, but feeds often put tags in anyway: strip real tags only.
    return plain(value) if _REAL_TAG.search(value or "") else (value or "").strip()


def _body(entry: dict) -> tuple[str, str]:
    """The entry's body HTML and the base URL its relative links are relative to."""
    contents = _get(entry, "content") or []
    chosen = next((c for c in contents if _is_html(c) and c.get("value")), None)
    if chosen is None:
        chosen = next((c for c in contents if c.get("value")), None)
    if chosen is not None:
        value = chosen.get("value", "")
        html = ensure_paragraphs(value) if _is_html(chosen) else text_to_html(value)
        return html, chosen.get(BASE_KEY, "")
    summary = _get(entry, "summary", "")
    if not summary:
        return "", ""
    detail = _get(entry, "summary_detail") or {}
    if _is_html(detail):
        return ensure_paragraphs(summary), detail.get(BASE_KEY, "")
    return text_to_html(summary), ""


def _byline(entry: dict) -> str:
    names = [a.get("name", "") for a in _get(entry, "authors", []) if isinstance(a, dict)]
    names = dedupe(names)
    if names:
        return ", ".join(names)
    detail = _get(entry, "author_detail") or {}
    return clean(detail.get("name") or _get(entry, "author", ""))


def _media(entry: dict) -> list[dict]:
    media: list[dict] = []
    seen: set[str] = set()
    caption = plain_line(_get(entry, "media_description", ""))

    def add(url: str, kind: str, extra: dict | None = None) -> None:
        url = (url or "").strip()
        if not url or url in seen:
            return
        seen.add(url)
        item = {"url": url, "type": kind or "", "caption": caption}
        for key in ("width", "height"):
            if extra and str(extra.get(key, "")).isdigit():
                item[key] = int(extra[key])
        media.append(item)

    for content in _get(entry, "media_content", []) or []:
        kind = content.get("type") or content.get("medium", "")
        add(content.get("url", ""), kind, content)
    for link in _get(entry, "links", []) or []:
        if link.get("rel") == "enclosure":
            add(link.get("href", ""), link.get("type", ""))
    for thumbnail in _get(entry, "media_thumbnail", []) or []:
        add(thumbnail.get("url", ""), "image", thumbnail)
    return media


def _date(entry: dict, key: str) -> datetime | None:
    """feedparser's parsed date, with sub-second precision kept from ISO 8601 strings."""
    raw = _get(entry, key) or ""
    value = to_utc(_get(entry, f"{key}_parsed"))
    if value is None:
        return to_utc(raw) if raw else None
    precise = to_utc(parse_iso(raw)) if isinstance(raw, str) else None
    if precise is not None and abs((precise - value).total_seconds()) < 1:
        return precise
    return value


def _link(entry: dict) -> str:
    link = clean(_get(entry, "link", ""))
    return link if link.lower().startswith(("http://", "https://")) else ""


def _item(entry: dict, feed: dict, format_name: str) -> ParsedItem:
    headline = _text_of(_get(entry, "title", ""), _get(entry, "title_detail"))
    headline = clean(headline)
    published = _date(entry, "published") or _date(entry, "created")
    updated = _date(entry, "updated")
    link = _link(entry)
    external_id = clean(_get(entry, "id", "")) or link
    if not external_id:
        external_id = fallback_id(headline, _get(entry, "published") or _get(entry, "updated"))
    summary_detail = _get(entry, "summary_detail")
    summary = _text_of(_get(entry, "summary", ""), summary_detail)
    title_detail = _get(entry, "title_detail") or {}
    body_html, base_url = _body(entry)
    return ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body_html,
        base_url=base_url,
        summary=summary,
        link=link,
        byline=_byline(entry),
        agency=clean(_get(entry, "publisher") or _get(feed, "publisher", "")),
        published=published or updated,
        updated=updated,
        language=clean(title_detail.get("language") or _get(feed, "language", "")),
        subjects=dedupe(t.get("term") or t.get("label") for t in _get(entry, "tags", []) or []),
        keywords=_keywords(entry),
        rights=plain_line(_get(entry, "rights") or _get(feed, "rights", "")),
        media=_media(entry),
        format=format_name,
    )


def _keywords(entry: dict) -> list[str]:
    raw = _get(entry, "media_keywords") or _get(entry, "itunes_keywords") or ""
    return dedupe(raw.split(",")) if isinstance(raw, str) else []


def parse_feed(data: bytes, fallback_format: str = "", fast: bool = True) -> ParseResult:
    """Parse RSS/RDF/Atom bytes; never raises.

    Well-formed RSS 2.0, RSS 1.0 and Atom 1.0 documents go through the lxml fast path
    (``fastfeed``), which yields the same fields; anything it does not fully understand,
    and everything when ``fast`` is false, is read by feedparser.
    """
    if fast:
        try:
            result = parse_fast(data, fallback_format)
        except Exception:  # a fast-path bug must never cost a document: use feedparser
            result = None
        if result is not None:
            return result
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),  # never a str or bytes: feedparser would open it as a path/URL
            sanitize_html=False,
            resolve_relative_uris=True,
        )
    except Exception as error:  # feedparser is lenient, but hostile bytes find odd corners
        return failed(f"feed could not be parsed: {_one_line(error)}", fallback_format)
    version = _get(parsed, "version", "") or ""
    format_name = format_from_version(version) or fallback_format
    entries = _get(parsed, "entries", []) or []
    warnings = []
    if _get(parsed, "bozo"):
        warnings.append(_one_line(_get(parsed, "bozo_exception", "malformed feed")))
    if not version and not entries:
        reason = warnings[0] if warnings else "no channel or feed element"
        return failed(f"not a feed: {reason}", fallback_format)
    if not version:
        warnings.append("feed version not recognised; entries parsed anyway")
    feed = _get(parsed, "feed", {}) or {}
    items = [_item(entry, feed, format_name) for entry in entries]
    return ParseResult(format=format_name, items=items, warnings=warnings)


class FeedParser:
    """One registry entry backed by feedparser, sniffing for the given root elements."""

    def __init__(self, name: str, roots: Iterable[str]) -> None:
        self.name = name
        self.roots = frozenset(roots)

    def sniff(self, head: bytes) -> bool:
        """True when the document's root element is one of ``roots``."""
        root = root_element(head)
        return root is not None and root.local in self.roots

    def parse(self, data: bytes) -> ParseResult:
        """Parse the whole document with feedparser."""
        return parse_feed(data, fallback_format=self.name)

    def __repr__(self) -> str:
        return f"<FeedParser {self.name}>"


RSS = FeedParser("rss", {"rss"})
ATOM = FeedParser("atom", {"feed"})
RDF = FeedParser("rdf", {"RDF"})
