"""IPTC ninjs 1.x, 2.x and 3.x JSON items (https://iptc.org/standards/ninjs/).

ninjs 1.x/2.x spell properties in lower case (``versioncreated``), 3.x in camel case
(``versionCreated``); property names are therefore matched case-insensitively. A document
may be one item, a list of items, or a wrapper object holding them under ``item``,
``items`` or ``data``. Text items (and composites/stories with a body) become
:class:`ParsedItem`; pictures, video, audio and events are skipped with a warning.
"""

from __future__ import annotations

import re
from collections import Counter

from ..normalize.dates import to_utc
from .base import ParsedItem, ParseResult, failed
from .jsonutil import load_json
from .sniffing import HEAD_BYTES, decode_text, looks_like_json
from .textutil import (
    clean,
    dedupe,
    ensure_paragraphs,
    fallback_id,
    plain,
    plain_line,
    text_to_html,
    to_int,
)

NAME = "ninjs"
name = NAME  # registry protocol: parsers have a "name"
TEXT_TYPES = frozenset({"", "text", "composite", "story", "advisory", "article"})
_ID_KEYS = ("uri", "guid", "id")
_CONTENT_KEYS = frozenset(
    {
        "headline",
        "headlines",
        "body_html",
        "body_xhtml",
        "body_text",
        "bodies",
        "versioncreated",
        "type",
        "title",
        "descriptions",
        "description_text",
        "renditions",
        "eventdetails",
    }
)
_WRAPPER_KEYS = ("items", "item", "data")
_MARKERS = re.compile(
    r'"(?:\$standard|versioncreated|firstcreated|headlines?|body_html|body_xhtml|body_text|'
    r'bodies|copyrightholder|pubstatus|uri|guid)"\s*:',
    re.IGNORECASE,
)
_JSONFEED = re.compile(r"jsonfeed\.org\\?/version", re.IGNORECASE)
_RENDITION_PREFERENCE = ("original", "baseimage", "viewimage", "main", "16-9", "large")


def lower_keys(value: object, depth: int = 0) -> object:
    """The same JSON value with every object key lower-cased (ninjs 3 is camel case)."""
    if depth > 40:
        return None
    if isinstance(value, dict):
        return {str(k).lower(): lower_keys(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys(v, depth + 1) for v in value]
    return value


def _string(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return clean(str(value))


def _is_item(value: object) -> bool:
    return (
        isinstance(value, dict)
        and any(k in value for k in _ID_KEYS)
        and any(k in value for k in _CONTENT_KEYS)
    )


def item_kind(item: dict) -> str:
    """The item's type ("text", "picture", ...); events and planning items say so."""
    kind = _string(item.get("type")).lower()
    if not kind and "eventdetails" in item:
        return "event"
    if not kind and ("plannedcoverage" in item or "planning" in item):
        return "planning"
    return kind


def find_items(value: object, depth: int = 0) -> list[dict]:
    """ninjs item objects in a document: the document itself, a list, or a wrapper."""
    if depth > 6:
        return []
    if isinstance(value, list):
        return [item for entry in value for item in find_items(entry, depth + 1)]
    if not isinstance(value, dict):
        return []
    if _is_item(value):
        return [value]
    found: list[dict] = []
    for key in _WRAPPER_KEYS:
        if key in value:
            found.extend(find_items(value[key], depth + 1))
    return found


def _role_value(entries: object, preferred: tuple[str, ...], skipped: tuple[str, ...] = ()) -> str:
    """The value of a ninjs 2/3 ``headlines``/``descriptions``/``bodies`` list entry."""
    if not isinstance(entries, list):
        return ""
    candidates = [e for e in entries if isinstance(e, dict) and _string(e.get("value"))]
    candidates = [e for e in candidates if _string(e.get("role")).lower() not in skipped]
    for wanted in preferred:
        for entry in candidates:
            if _string(entry.get("role")).lower() == wanted:
                return str(entry["value"])
    return str(candidates[0]["value"]) if candidates else ""


def _headline(item: dict) -> str:
    value = _string(item.get("headline")) or _role_value(item.get("headlines"), ("main", ""))
    value = value or _string(item.get("title")) or _string(item.get("slugline"))
    return plain_line(value)


def _body(item: dict) -> str:
    for key in ("body_html", "body_xhtml"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return ensure_paragraphs(value)
    bodies = [b for b in item.get("bodies") or [] if isinstance(b, dict) and b.get("value")]
    for body in bodies:
        kind = (_string(body.get("contenttype")) + " " + _string(body.get("role"))).lower()
        if "html" in kind:
            return ensure_paragraphs(str(body["value"]))
    if bodies:
        return text_to_html(str(bodies[0]["value"]))
    value = item.get("body_text")
    return text_to_html(value) if isinstance(value, str) else ""


def _summary(item: dict) -> str:
    value = item.get("description_text")
    if isinstance(value, str) and value.strip():
        return plain(value)
    value = _role_value(
        item.get("descriptions"), ("summary", "text", "abstract", ""), ("caption", "creditline")
    )
    if value:
        return plain(value)
    return plain(_string(item.get("description_html")))


def _byline(item: dict) -> str:
    value = _string(item.get("byline")) or _string(item.get("by"))
    if value:
        return value
    authors = item.get("authors") or item.get("people") or []
    names = [a.get("name") for a in authors if isinstance(a, dict) and "name" in a]
    return ", ".join(dedupe(names)) if item.get("authors") else ""


def _named(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _string(value.get("name") or value.get("literal"))
    return _string(value)


def _agency(item: dict) -> str:
    for key in ("infosource", "infosources", "provider", "source", "copyrightholder"):
        value = _named(item.get(key))
        if value:
            return value
    return ""


def _subjects(item: dict) -> list[str]:
    subjects = item.get("subject") or item.get("subjects") or []
    values = []
    for subject in subjects if isinstance(subjects, list) else []:
        if not isinstance(subject, dict):
            values.append(_string(subject))
            continue
        scheme = _string(subject.get("scheme"))
        value = _string(subject.get("code") or subject.get("qcode"))
        if value and scheme and "/" not in scheme and ":" not in value:
            value = f"{scheme}:{value}"
        values.append(value or _string(subject.get("literal") or subject.get("name")))
    return dedupe(values)


def _rights(item: dict) -> str:
    parts = [plain_line(_string(item.get(k))) for k in ("copyrightnotice", "usageterms")]
    return " ".join(p for p in parts if p)


def _renditions(value: object) -> list[tuple[str, dict]]:
    if isinstance(value, dict):
        return [(str(k).lower(), v) for k, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [(_string(r.get("name")).lower(), r) for r in value if isinstance(r, dict)]
    return []


def _best_rendition(value: object) -> dict | None:
    renditions = [(n, r) for n, r in _renditions(value) if _string(r.get("href"))]
    for wanted in _RENDITION_PREFERENCE:
        for name, rendition in renditions:
            if name == wanted:
                return rendition
    if not renditions:
        return None
    return max(renditions, key=lambda pair: to_int(pair[1].get("width")) or 0)[1]


def _media(item: dict) -> list[dict]:
    associations = item.get("associations") or {}
    if isinstance(associations, dict):
        associations = list(associations.values())
    media = []
    for association in associations if isinstance(associations, list) else []:
        if not isinstance(association, dict):
            continue
        kind = _string(association.get("type")).lower()
        if kind in TEXT_TYPES - {""}:
            continue
        rendition = _best_rendition(association.get("renditions"))
        url = _string(rendition.get("href")) if rendition else _string(association.get("uri"))
        if not url.startswith(("http://", "https://")):
            continue
        caption = (
            _string(association.get("description_text"))
            or plain_line(_role_value(association.get("descriptions"), ("caption", "")))
            or _string(association.get("body_text"))
            or _string(association.get("headline"))
        )
        entry = {
            "url": url,
            "type": _string(
                (rendition or {}).get("mimetype") or (rendition or {}).get("contenttype")
            )
            or kind,
            "caption": caption,
        }
        for key in ("width", "height"):
            number = to_int((rendition or {}).get(key))
            if number:
                entry[key] = number
        media.append(entry)
    return media


def _item(item: dict) -> ParsedItem:
    headline = _headline(item)
    external_id = next((_string(item.get(k)) for k in _ID_KEYS if _string(item.get(k))), "")
    updated = to_utc(item.get("versioncreated"))
    published = to_utc(item.get("firstpublished")) or to_utc(item.get("firstcreated")) or updated
    return ParsedItem(
        external_id=external_id or fallback_id(headline, item.get("versioncreated")),
        headline=headline,
        body_html=_body(item),
        summary=_summary(item),
        version=_string(item.get("version")),
        byline=_byline(item),
        place=_named(item.get("located")),
        agency=_agency(item),
        published=published,
        updated=updated,
        embargo_until=to_utc(item.get("embargoed")),
        language=_string(item.get("language")),
        subjects=_subjects(item),
        keywords=dedupe(k for k in item.get("keywords") or [] if isinstance(k, str)),
        urgency=to_int(item.get("urgency")),
        rights=_rights(item),
        media=_media(item),
        format=NAME,
        status=_string(item.get("pubstatus")).lower(),
    )


def sniff(head: bytes) -> bool:
    """A JSON document with ninjs property names (and not a JSON Feed)."""
    if not looks_like_json(head):
        return False
    text = decode_text(head[:HEAD_BYTES])
    return not _JSONFEED.search(text) and bool(_MARKERS.search(text))


def parse(data: bytes) -> ParseResult:
    """Parse a ninjs document (one item, a list, or a wrapper); never raises."""
    document, warnings, failure = load_json(data)
    if failure:
        return failed(failure, NAME)
    candidates = find_items(lower_keys(document))
    if not candidates:
        return failed("not ninjs: no item with an id and a headline or body", NAME)
    items = []
    skipped: Counter[str] = Counter()
    for candidate in candidates:
        kind = item_kind(candidate)
        if not (kind in TEXT_TYPES or (kind not in ("picture", "graphic") and _body(candidate))):
            skipped[kind] += 1
            continue
        items.append(_item(candidate))
    if skipped:
        listed = ", ".join(f"{count} {kind}" for kind, count in sorted(skipped.items()))
        warnings.append(f"skipped non-text items: {listed}")
    return ParseResult(format=NAME, items=items, warnings=warnings)
