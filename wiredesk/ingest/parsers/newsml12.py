"""IPTC NewsML 1.2 documents (AFP, ANA, Business Wire and others).

A ``<NewsML>`` document holds one or more ``NewsItem``s. Each item's text becomes one
:class:`ParsedItem`:

- identity from ``Identification/NewsIdentifier``: ``external_id`` is
  ``urn:newsml:{ProviderId}:{DateId}:{NewsItemId}`` (the PublicIdentifier without its
  revision), so every revision of an item shares it; ``version`` is the ``RevisionId``;
- ``NewsManagement``: FirstCreated, ThisRevisionCreated, Status, Urgency, and an embargo
  from ``StatusWillChange`` (or Status "Embargoed");
- ``NewsLines`` (HeadLine, SubHeadLine, ByLine, DateLine, CreditLine, CopyrightLine) and
  ``DescriptiveMetadata`` (Language, SubjectCode, Location), taken from the components
  nearest the text first;
- the text from ``ContentItem/DataContent`` holding NITF, XHTML, HTML or plain text.
  Packages nest ``NewsComponent``s (AFP text + photos, Business Wire body + headline +
  contact + logos): the text components are used, those whose Role is a headline, style
  sheet, logo, caption or contact block are not, and a "Body"/"Main" role wins.
"""

from __future__ import annotations

from lxml import etree

from ..normalize.dates import to_utc
from .base import ParsedItem, ParseResult, failed
from .newsml_g2 import attr, child, children, descendant, local, text
from .nitf import body_html as nitf_body_html
from .nitf import head_extras, utf8_mislabelled
from .safexml import parse_xml
from .sniffing import root_element
from .textutil import (
    dedupe,
    ensure_paragraphs,
    fallback_id,
    first_sentence,
    looks_like_html,
    plain,
    plain_line,
    text_to_html,
    to_int,
)

NAME = "newsml-1.2"
name = NAME  # registry protocol: parsers have a "name"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_SKIPPED_ROLES = frozenset(
    {"headline", "subheadline", "stylesheet", "logo", "caption", "contact", "byline", "video"}
)
_PREFERRED_ROLES = frozenset({"body", "main", "text"})


def _formal(element: etree._Element | None) -> str:
    return attr(element, "FormalName")


def _components_to(item_element: etree._Element, node: etree._Element) -> list:
    """The NewsComponents enclosing ``node``, nearest first."""
    found = []
    for ancestor in node.iterancestors():
        if ancestor is item_element:
            break
        if local(ancestor) == "NewsComponent":
            found.append(ancestor)
    return found


def _is_text(content_item: etree._Element) -> bool:
    media = _formal(child(content_item, "MediaType")).lower()
    mime = _formal(child(content_item, "MimeType")).lower()
    form = _formal(child(content_item, "Format")).lower()
    if "css" in mime or form == "css":
        return False
    if media:
        return media == "text"
    return mime.startswith(("text/", "application/xhtml")) or any(
        word in form for word in ("nitf", "html", "text")
    )


def _role(component: etree._Element | None) -> str:
    return _formal(child(component, "Role")).lower().replace(" ", "")


def _text_items(item: etree._Element) -> list[etree._Element]:
    candidates = []
    for content_item in item.iter():
        if local(content_item) != "ContentItem" or child(content_item, "DataContent") is None:
            continue
        if not _is_text(content_item):
            continue
        components = _components_to(item, content_item)
        role = _role(components[0]) if components else ""
        if role in _SKIPPED_ROLES:
            continue
        candidates.append((role, content_item))
    preferred = [c for role, c in candidates if role in _PREFERRED_ROLES]
    return preferred or [c for _, c in candidates]


def _data_body(data_content: etree._Element) -> tuple[str, dict[str, str]]:
    elements = [node for node in data_content if isinstance(node.tag, str)]
    if elements:
        first = elements[0]
        if local(first) == "nitf":
            content = child(first, "body", "body.content")
            return nitf_body_html(content), head_extras(first)
        if local(first) == "html":
            return nitf_body_html(child(first, "body")), {
                "headline": text(descendant(child(first, "head"), "title"))
            }
        return nitf_body_html(data_content), {}
    value = data_content.text or ""
    if looks_like_html(value):
        return ensure_paragraphs(value), {}
    return text_to_html(value), {}


def _first(components: list, *path: str) -> etree._Element | None:
    """The first element down ``path`` in the nearest component that has it."""
    for component in components:
        found = child(component, *path)
        if found is not None and (text(found) or found.attrib):
            return found
    return None


def _place(components: list) -> str:
    for component in components:
        meta = child(component, "DescriptiveMetadata")
        holders = children(meta, "Location") + ([meta] if meta is not None else [])
        for holder in holders:
            for prop in children(holder, "Property"):
                if attr(prop, "FormalName").lower() == "city" and attr(prop, "Value"):
                    return attr(prop, "Value")
    return ""


def _subjects(components: list) -> list[str]:
    values = []
    for component in components:
        for code in children(child(component, "DescriptiveMetadata"), "SubjectCode"):
            values.extend("subj:" + _formal(s) for s in code if _formal(s))
    return dedupe(values)


def _keywords(components: list) -> list[str]:
    values = []
    for component in components:
        meta = child(component, "DescriptiveMetadata")
        values.extend(
            attr(p, "Value")
            for p in children(meta, "Property")
            if attr(p, "FormalName").lower() == "keyword"
        )
        values.append(text(child(component, "NewsLines", "SlugLine")))
    return dedupe(values)


def _agency(components: list, provider_id: str) -> str:
    for component in components:
        admin = child(component, "AdministrativeMetadata")
        for role in ("Provider", "Creator", "Source"):
            value = _formal(child(admin, role, "Party"))
            if value:
                return value
    credit = _first(components, "NewsLines", "CreditLine")
    return text(credit) or provider_id


def _rights(components: list) -> str:
    line = _first(components, "NewsLines", "CopyrightLine")
    if line is not None:
        return text(line)
    for component in components:
        rights = child(component, "RightsMetadata")
        holder = text(descendant(rights, "CopyrightHolder"))
        if holder:
            return f"Copyright {text(descendant(rights, 'CopyrightDate'))} {holder}".replace(
                "  ", " "
            )
        usage = text(descendant(rights, "UsageType"))
        if usage:
            return usage
    return ""


def news_item(item: etree._Element, envelope, warnings: list[str]) -> ParsedItem:
    """A ParsedItem from one NewsItem element."""
    identifier = child(item, "Identification", "NewsIdentifier")
    provider = text(child(identifier, "ProviderId"))
    date_id = text(child(identifier, "DateId"))
    item_id = text(child(identifier, "NewsItemId"))
    management = child(item, "NewsManagement")
    text_items = _text_items(item)
    bodies, extras = [], {}
    for content_item in text_items:
        body, found = _data_body(child(content_item, "DataContent"))
        if plain(body):
            bodies.append(body)
            extras = extras or found
    body = "\n".join(bodies)
    anchor = text_items[0] if text_items else child(item, "NewsComponent")
    components = _components_to(item, anchor) if anchor is not None else []
    if anchor is not None and local(anchor) == "NewsComponent":
        components.insert(0, anchor)
    components += [c for c in item.iter() if local(c) == "NewsComponent" and c not in components]

    headline = plain_line(text(_first(components, "NewsLines", "HeadLine")))
    headline = headline or plain_line(extras.get("headline"))
    headline = headline or text(_first(components, "NewsLines", "SlugLine"))
    headline = headline or text(child(item, "Identification", "NameLabel"))
    summary = plain(text(_first(components, "NewsLines", "SubHeadLine"))) or extras.get(
        "summary", ""
    )
    if not headline:
        headline = first_sentence(summary or plain(body))
        warnings.append(f"item {item_id or '(no id)'} has no headline")
    status = _formal(child(management, "Status")).lower()
    embargo = None
    will_change = child(management, "StatusWillChange")
    if will_change is not None:
        embargo = to_utc(text(child(will_change, "DateAndTime")))
    if status == "embargoed":
        status = "usable"
    language = (
        _formal(_first(components, "DescriptiveMetadata", "Language")).lower()
        or attr(item, _XML_LANG).lower()
    )
    published = to_utc(text(child(management, "FirstCreated")))
    updated = to_utc(text(child(management, "ThisRevisionCreated")))
    if provider or item_id:
        external_id = f"urn:newsml:{provider}:{date_id}:{item_id}"
    else:
        external_id = fallback_id(headline, published)
    urgency = to_int(_formal(child(management, "Urgency")))
    if urgency is None:
        urgency = to_int(_formal(child(envelope, "Priority")))
    return ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body,
        summary=summary,
        version=text(child(identifier, "RevisionId")),
        byline=text(_first(components, "NewsLines", "ByLine")) or extras.get("byline", ""),
        dateline=text(_first(components, "NewsLines", "DateLine")) or extras.get("dateline", ""),
        place=_place(components) or extras.get("place", ""),
        agency=_agency(components, provider),
        published=published or updated,
        updated=updated or published,
        embargo_until=embargo,
        language=language,
        subjects=_subjects(components),
        keywords=_keywords(components),
        urgency=urgency,
        rights=_rights(components),
        format=NAME,
        status=status,
    )


def parse(data: bytes) -> ParseResult:
    """Parse a NewsML 1.2 document; never raises."""
    data, warning = utf8_mislabelled(data)
    document = parse_xml(data)
    if document.root is None:
        return failed(document.failure, NAME)
    root = document.root
    warnings = [warning] if warning else []
    warnings.extend(document.warnings)
    if local(root) != "NewsML":
        return failed(f"not NewsML 1.2: root element <{local(root)}>", NAME)
    envelope = child(root, "NewsEnvelope")
    items = [
        news_item(element, envelope, warnings)
        for element in root.iter()
        if local(element) == "NewsItem"
    ]
    return ParseResult(format=NAME, items=items, warnings=warnings)


def sniff(head: bytes) -> bool:
    """A root element named ``NewsML`` (NewsML-G2 roots are newsMessage/newsItem)."""
    root = root_element(head)
    return root is not None and root.local == "NewsML"
