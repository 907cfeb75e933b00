"""IPTC NewsML-G2 text items (https://iptc.org/standards/newsml-g2/).

Accepts a ``newsMessage`` holding any number of items, or a bare ``newsItem``. Each text
``newsItem`` becomes one :class:`ParsedItem`; picture, video and audio items become media of
the text items that share a package with them, and packages themselves produce nothing
(a warning lists what was skipped).

Elements are matched by local name: agencies put the same vocabulary in the default
namespace, under ``ns0:`` prefixes, and inline XHTML/NITF in the G2 namespace or their own.
"""

from __future__ import annotations

import copy
import html
from collections import Counter

from lxml import etree

from ..normalize.dates import to_utc
from .base import ParsedItem, ParseResult, failed
from .safexml import parse_xml
from .sniffing import root_element
from .textutil import (
    clean,
    dedupe,
    ensure_paragraphs,
    first_sentence,
    plain,
    plain_line,
    text_to_html,
    to_int,
)

NAME = "newsml-g2"
name = NAME  # registry protocol: parsers have a "name"
NAMESPACE = "http://iptc.org/std/nar/2006-10-01/"
ITEM_ELEMENTS = frozenset(
    {"newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem"}
)
ROOT_ELEMENTS = ITEM_ELEMENTS | {"newsMessage"}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PICTURE_RENDITIONS = ("rnd:baseImage", "rnd:viewImage", "rnd:preview", "rnd:highRes")
_DROPPED_BODY_PARTS = frozenset({"header", "footer", "script", "style", "head"})


def local(element: etree._Element) -> str:
    """Local name of an element ("" for comments and processing instructions)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct children with the given local name."""
    if element is None:
        return []
    return [child for child in element if local(child) == name]


def child(element: etree._Element | None, *path: str) -> etree._Element | None:
    """The first element down a path of local names, or None."""
    for name in path:
        found = children(element, name)
        if not found:
            return None
        element = found[0]
    return element


def descendant(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first descendant with the given local name, or None."""
    if element is None:
        return None
    return next((e for e in element.iter() if local(e) == name), None)


def text(element: etree._Element | None) -> str:
    """All text inside an element, whitespace collapsed (text of separate nodes spaced)."""
    if element is None:
        return ""
    return clean(" ".join(part.strip() for part in element.itertext()))


def attr(element: etree._Element | None, name: str) -> str:
    """An attribute's value, whitespace collapsed ("" when the element is missing)."""
    return clean(element.get(name, "")) if element is not None else ""


def code(qcode: str | None) -> str:
    """The code part of a QCode ("nprov:REUTERS" -> "REUTERS")."""
    return (qcode or "").rpartition(":")[2]


def _name_or_literal(element: etree._Element | None, prefer_lang: str = "") -> str:
    if element is None:
        return ""
    names = children(element, "name")
    if names:
        return text(_pick_lang(names, prefer_lang))
    return clean(element.get("literal", ""))


def _pick_lang(elements: list[etree._Element], prefer_lang: str) -> etree._Element:
    """The element in the preferred language, else English, else the first."""
    for wanted in (prefer_lang, "en"):
        if not wanted:
            continue
        for element in elements:
            if (element.get(_XML_LANG) or "").lower().startswith(wanted.lower()[:2]):
                return element
    return elements[0]


# --- bodies -------------------------------------------------------------------------------


def _strip_namespaces(element: etree._Element) -> etree._Element:
    """A copy of ``element`` with plain HTML tag names and no namespaced attributes."""
    element = copy.deepcopy(element)
    for node in list(element.iter()):
        if not isinstance(node.tag, str):
            continue
        node.tag = etree.QName(node.tag).localname
        for attribute in list(node.attrib):
            if attribute.startswith("{"):
                del node.attrib[attribute]
    etree.cleanup_namespaces(element)
    return element


def _serialize_children(element: etree._Element, unwrap: frozenset[str] = frozenset()) -> str:
    """HTML of an element's content (its children, their tails and its leading text)."""
    element = _strip_namespaces(element)
    for name in unwrap:
        for node in list(element.iter(name)):
            unwrap_element(node)
    parts = []
    if element.text and element.text.strip():
        parts.append(html.escape(element.text.strip(), quote=False))
    for node in element:
        if not isinstance(node.tag, str):
            if node.tail and node.tail.strip():
                parts.append(html.escape(node.tail, quote=False))
            continue
        if node.tag in _DROPPED_BODY_PARTS:
            if node.tail and node.tail.strip():
                parts.append(html.escape(node.tail, quote=False))
            continue
        parts.append(etree.tostring(node, method="html", encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def unwrap_element(node: etree._Element) -> None:
    """Replace an element by its content (lxml.etree elements lack ``drop_tag``)."""
    parent = node.getparent()
    if parent is None:
        return
    index = parent.index(node)
    previous = node.getprevious()
    leading = node.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + leading
    else:
        parent.text = (parent.text or "") + leading
    kids = list(node)
    tail = node.tail or ""
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    if kids:
        kids[-1].tail = (kids[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _inline_xml_body(inline: etree._Element) -> tuple[str, dict[str, str]]:
    """(body HTML, extras such as NITF headline/byline/dateline) from an inlineXML."""
    extras: dict[str, str] = {}
    nitf_content = descendant(inline, "body.content")
    if nitf_content is not None:
        head = descendant(inline, "body.head")
        extras["headline"] = text(descendant(head, "hl1")) or text(descendant(head, "headline"))
        extras["byline"] = text(descendant(head, "byline"))
        extras["dateline"] = text(descendant(head, "dateline"))
        extras["summary"] = text(descendant(head, "abstract"))
        if not extras["headline"]:
            extras["headline"] = text(descendant(inline, "title"))
        return _serialize_children(nitf_content, unwrap=frozenset({"block"})), extras
    body = next((e for e in inline.iter() if local(e) == "body"), None)
    if body is not None:
        extras["headline"] = text(descendant(descendant(inline, "head"), "title"))
        return _serialize_children(body), extras
    return _serialize_children(inline), extras


def _inline_data_body(inline: etree._Element) -> str:
    content_type = (inline.get("contenttype") or "").lower()
    value = inline.text or ""
    if "html" in content_type:
        return ensure_paragraphs(value)
    # Plain text, though agencies sometimes wrap it in <p> anyway: treat tags as breaks.
    for tag in ("<p>", "</p>", "<P>", "</P>"):
        value = value.replace(tag, "\n\n")
    value = value.replace("<br/>", "\n").replace("<br>", "\n").replace("<br />", "\n")
    return text_to_html(value)


def _body(item: etree._Element) -> tuple[str, dict[str, str]]:
    content_set = child(item, "contentSet")
    if content_set is None:
        return "", {}
    for inline in children(content_set, "inlineXML"):
        body, extras = _inline_xml_body(inline)
        if body:
            return body, extras
    for inline in children(content_set, "inlineData"):
        body = _inline_data_body(inline)
        if body:
            return body, {}
    return "", {}


# --- media --------------------------------------------------------------------------------


def _rendition(remote: etree._Element) -> dict:
    media = {
        "url": clean(remote.get("href") or remote.get("residref") or ""),
        "type": clean(remote.get("contenttype") or ""),
        "caption": "",
    }
    for key in ("width", "height"):
        value = to_int(remote.get(key))
        if value:
            media[key] = value
    return media


def _best_remote(remotes: list[etree._Element]) -> etree._Element | None:
    remotes = [r for r in remotes if r.get("href") or r.get("residref")]
    for wanted in _PICTURE_RENDITIONS:
        for remote in remotes:
            if remote.get("rendition") == wanted:
                return remote
    return remotes[0] if remotes else None


def _caption(item: etree._Element) -> str:
    meta = child(item, "contentMeta")
    descriptions = children(meta, "description")
    captions = [d for d in descriptions if "caption" in (d.get("role") or "")]
    chosen = (captions or descriptions or [None])[0]
    return plain_line(text(chosen)) or text(child(meta, "headline"))


def _own_media(item: etree._Element) -> list[dict]:
    media = []
    for remote in children(child(item, "contentSet"), "remoteContent"):
        if (remote.get("contenttype") or "").startswith(("image/", "video/", "audio/")):
            media.append(_rendition(remote))
    return [m for m in media if m["url"]]


def _picture_media(item: etree._Element) -> dict | None:
    remote = _best_remote(children(child(item, "contentSet"), "remoteContent"))
    if remote is None:
        return None
    media = _rendition(remote)
    media["caption"] = _caption(item)
    return media if media["url"] else None


# --- metadata -----------------------------------------------------------------------------


def _headline(meta: etree._Element | None) -> str:
    headlines = children(meta, "headline")
    main = [h for h in headlines if "sub" not in (h.get("role") or "").lower()]
    for headline in main or headlines:
        value = plain_line(text(headline))
        if value:
            return value
    return ""


def _summary(meta: etree._Element | None) -> str:
    for description in children(meta, "description"):
        role = (description.get("role") or "").lower()
        if "caption" in role:
            continue
        value = plain(text(description))
        if value:
            return value
    return ""


def _rights(item: etree._Element, language: str) -> str:
    rights = child(item, "rightsInfo")
    if rights is None:
        return ""
    parts = []
    for name in ("copyrightNotice", "usageTerms"):
        elements = [e for e in children(rights, name) if text(e)]
        if elements:
            parts.append(text(_pick_lang(elements, language)))
    if not parts:
        holder = _name_or_literal(child(rights, "copyrightHolder"), language)
        if holder:
            parts.append(f"Copyright {holder}")
    return " ".join(parts)


def _agency(item: etree._Element, language: str) -> str:
    """The provider as given (name, literal or QCode), else the copyright holder."""
    for party in (
        child(item, "itemMeta", "provider"),
        child(item, "rightsInfo", "copyrightHolder"),
    ):
        value = _name_or_literal(party, language) or code(attr(party, "qcode"))
        if value:
            return value
    return ""


def _byline(meta: etree._Element | None, extras: dict[str, str]) -> str:
    value = text(child(meta, "by")) or extras.get("byline", "")
    if value:
        return value
    # Creators are often desk logins ("degenhardt.sandra") or initials; keep real names.
    names = [text(child(c, "name")) for c in children(meta, "creator")]
    return ", ".join(name for name in dedupe(names) if " " in name)


def _place(meta: etree._Element | None) -> str:
    located = child(meta, "located")
    return _name_or_literal(located)


def _item_class(item: etree._Element) -> str:
    item_class = child(item, "itemMeta", "itemClass")
    if item_class is None:
        return "text" if child(item, "contentSet") is not None else ""
    return code(item_class.get("qcode")).lower()


def text_item(item: etree._Element, media: list[dict], warnings: list[str]) -> ParsedItem:
    """A ParsedItem from one text newsItem element."""
    meta = child(item, "contentMeta")
    item_meta = child(item, "itemMeta")
    guid = attr(item, "guid")
    language = attr(child(meta, "language"), "tag") or attr(item, _XML_LANG)
    body, extras = _body(item)
    if not plain(body):
        body = ""
    headline = (
        _headline(meta) or plain_line(extras.get("headline")) or text(child(meta, "slugline"))
    )
    summary = _summary(meta) or plain(extras.get("summary", ""))
    if not headline:
        headline = first_sentence(summary or plain(body))
        warnings.append(
            f"item {guid or '(no guid)'} has no headline"
            + ("; used the start of its text" if headline else "")
        )
    published = to_utc(text(child(item_meta, "firstCreated"))) or to_utc(
        text(child(meta, "contentCreated"))
    )
    updated = to_utc(text(child(item_meta, "versionCreated"))) or to_utc(
        text(child(meta, "contentModified"))
    )
    return ParsedItem(
        external_id=guid,
        headline=headline,
        body_html=body,
        summary=summary,
        version=attr(item, "version"),
        byline=_byline(meta, extras),
        dateline=text(child(meta, "dateline")) or extras.get("dateline", ""),
        place=_place(meta),
        agency=_agency(item, language),
        published=published or updated,
        updated=updated,
        embargo_until=to_utc(text(child(item_meta, "embargoed"))),
        language=language,
        subjects=dedupe(
            s.get("qcode") or s.get("literal") or "" for s in children(meta, "subject")
        ),
        keywords=dedupe(text(k) for k in children(meta, "keyword")),
        urgency=to_int(text(child(meta, "urgency"))),
        rights=_rights(item, language),
        media=_own_media(item) + media,
        format=NAME,
        status=code(attr(child(item_meta, "pubStatus"), "qcode")),
    )


def _items(root: etree._Element) -> list[etree._Element]:
    if local(root) in ITEM_ELEMENTS:
        return [root]
    found = []
    for item_set in children(root, "itemSet"):
        found.extend(e for e in item_set if local(e) in ITEM_ELEMENTS)
    return found


def _package_media(items: list[etree._Element]) -> dict[str, list[dict]]:
    """Media for each text item guid from pictures that share a package with it."""
    by_guid = {item.get("guid"): item for item in items if item.get("guid")}
    attached: dict[str, list[dict]] = {}
    for package in (i for i in items if local(i) == "packageItem"):
        refs = [ref.get("residref") for ref in package.iter() if local(ref) == "itemRef"]
        members = [by_guid[ref] for ref in refs if ref in by_guid]
        pictures = [_picture_media(m) for m in members if _item_class(m) in ("picture", "graphic")]
        pictures = [p for p in pictures if p]
        for member in members:
            if _item_class(member) == "text":
                attached.setdefault(member.get("guid"), []).extend(pictures)
    return attached


def parse(data: bytes) -> ParseResult:
    """Parse a NewsML-G2 document; never raises."""
    document = parse_xml(data)
    if document.root is None:
        return failed(document.failure, NAME)
    root = document.root
    warnings = list(document.warnings)
    if local(root) not in ROOT_ELEMENTS:
        warnings.append(f"NewsML-G2 <{local(root)}> holds no news items")
        return ParseResult(format=NAME, items=[], warnings=warnings)
    elements = _items(root)
    media = _package_media(elements)
    items: list[ParsedItem] = []
    skipped: Counter[str] = Counter()
    for element in elements:
        kind = _item_class(element)
        if local(element) == "newsItem" and kind == "text":
            items.append(text_item(element, media.get(element.get("guid"), []), warnings))
        else:
            skipped[f"{local(element)} ({kind or 'no class'})"] += 1
    if skipped:
        listed = ", ".join(f"{count} {what}" for what, count in sorted(skipped.items()))
        warnings.append(f"skipped non-text items: {listed}")
    return ParseResult(format=NAME, items=items, warnings=warnings)


def sniff(head: bytes) -> bool:
    """A root element in the NewsML-G2 namespace (newsMessage, newsItem, catalogs, ...)."""
    root = root_element(head)
    if root is None:
        return False
    return root.namespace == NAMESPACE or (
        root.local in ROOT_ELEMENTS and "iptc.org/std/nar/" in root.start_tag
    )
