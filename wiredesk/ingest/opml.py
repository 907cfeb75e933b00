"""Read OPML 1.0/2.0 subscription lists into source specs (pure Python, no Django).

An OPML file is hostile input like any feed: it is parsed with
:func:`wiredesk.ingest.parsers.safexml.parse_xml` (no entities, no DTD, no network, size cap).
Every ``<outline>`` with an ``xmlUrl`` is a feed; outlines without one are categories, and
nested categories join with `` / ``. A feed listed twice (the same URL under two categories)
is kept once, in the first category. Names are slugs of the title (or text), made unique in
the file with ``-2``, ``-3``...; a title with nothing sluggable falls back to the feed's host.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .parsers.safexml import parse_xml

MAX_FEEDS = 10_000
NAME_LENGTH = 90
"""Source names are at most 100 characters; this leaves room for a ``-NNN`` suffix."""


@dataclass(frozen=True)
class FeedSpec:
    name: str
    title: str
    xml_url: str
    html_url: str = ""
    category: str = ""


@dataclass
class OPMLResult:
    title: str = ""
    feeds: list[FeedSpec] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One line per outline left out, saying why."""
    failure: str = ""


def slug(text: str, length: int = NAME_LENGTH) -> str:
    """An ASCII slug: lower case letters, digits and single hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:length].rstrip("-")


def _attr(element, name: str) -> str:
    """An attribute by name, matched case-insensitively (``xmlurl`` is seen in the wild)."""
    value = element.get(name)
    if value is None:
        lowered = name.lower()
        for key, candidate in element.attrib.items():
            if isinstance(key, str) and key.lower() == lowered:
                value = candidate
                break
    return " ".join((value or "").split())


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def parse_opml(data: bytes) -> OPMLResult:
    """Parse OPML bytes into feed specs; never raises (``failure`` says why nothing was read)."""
    document = parse_xml(data)
    if document.failure:
        return OPMLResult(failure=document.failure)
    root = document.root
    if _local(root.tag).lower() != "opml":
        return OPMLResult(failure=f"not an OPML file: the root element is <{_local(root.tag)}>")
    result = OPMLResult()
    head = next((c for c in root if _local(c.tag) == "head"), None)
    if head is not None:
        title = next((c for c in head if _local(c.tag) == "title"), None)
        result.title = " ".join((title.text or "").split()) if title is not None else ""
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        return OPMLResult(title=result.title, failure="not an OPML file: no <body>")
    seen_urls: set[str] = set()
    used_names: set[str] = set()

    def walk(parent, path: tuple[str, ...]) -> None:
        for outline in parent:
            if _local(outline.tag) != "outline":
                continue
            label = _attr(outline, "title") or _attr(outline, "text")
            xml_url = _attr(outline, "xmlUrl")
            if not xml_url:
                walk(outline, path + ((label,) if label else ()))
                continue
            if len(result.feeds) >= MAX_FEEDS:
                result.skipped.append(f"{xml_url[:200]}: more than {MAX_FEEDS} feeds")
                continue
            if not _web_url(xml_url):
                result.skipped.append(f"{xml_url[:200]}: not an http(s) URL")
                continue
            if xml_url in seen_urls:
                continue
            seen_urls.add(xml_url)
            html_url = _attr(outline, "htmlUrl")
            category = " / ".join(path) or _attr(outline, "category").split(",")[0].strip("/ ")
            base = slug(label) or slug("feed-" + (urlsplit(xml_url).hostname or "")) or "feed"
            name, n = base, 1
            while name in used_names:
                n += 1
                name = f"{base}-{n}"
            used_names.add(name)
            result.feeds.append(
                FeedSpec(
                    name=name,
                    title=(label or name)[:200],
                    xml_url=xml_url[:1000],
                    html_url=html_url[:1000] if _web_url(html_url) else "",
                    category=category[:200],
                )
            )

    walk(body, ())
    return result
