"""Refuse hostile XML before any parser sees it, and parse the rest safely with lxml.

Feeds and wire files are hostile input. This module refuses, with a one-line reason:

- documents over :data:`MAX_DOCUMENT_BYTES`;
- empty or whitespace-only documents;
- any DOCTYPE whose internal subset declares an ENTITY (external entities / XXE,
  "billion laughs", quadratic blowup). A DOCTYPE that only names an external DTD
  (RSS 0.91 does) is allowed; that DTD is never loaded.

:func:`refusal` runs these checks on raw bytes (the registry runs it before every parser,
feedparser included); :func:`parse_xml` runs them again, then parses with an lxml parser
that resolves no entities, loads no DTD and touches no network, and falls back from strict
to recovering parsing with a warning, feedparser style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .sniffing import decode_text, doctype_subset

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Documents larger than this are refused unparsed."""

_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY\b", re.IGNORECASE)
_EXTERNAL = re.compile(r"<!ENTITY\s+(?:%\s+)?[^\s>]+\s+(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)

REFUSED_EXTERNAL = "XML external entities are refused"
REFUSED_ENTITIES = "XML entity declarations are refused (entity expansion attack?)"
EMPTY = "empty document"


def too_large(data: bytes) -> str:
    """The refusal reason for an oversize document, or ""."""
    if len(data) > MAX_DOCUMENT_BYTES:
        return (
            f"document too large: {len(data):,} bytes (the limit is {MAX_DOCUMENT_BYTES:,} bytes)"
        )
    return ""


def entity_refusal(data: bytes | str) -> str:
    """The refusal reason if any DOCTYPE in ``data`` declares entities, else "".

    Every ``<!DOCTYPE`` in the document is checked, not only the one in a well-formed
    prolog, because lenient parsers also honour a DOCTYPE after leading junk.
    """
    text = data if isinstance(data, str) else decode_text(data)
    for match in _DOCTYPE.finditer(text):
        subset = doctype_subset(text, match.start())
        if subset is None:
            continue
        declarations = text[subset[0] : subset[1]]
        if _EXTERNAL.search(declarations):
            return REFUSED_EXTERNAL
        if _ENTITY.search(declarations):
            return REFUSED_ENTITIES
    return ""


def refusal(data: bytes) -> str:
    """Why ``data`` must not be parsed at all ("" when it may be)."""
    reason = too_large(data)
    if reason:
        return reason
    text = decode_text(data)
    if not text.strip(" \t\r\n\ufeff\x00"):
        return EMPTY
    return entity_refusal(text)


def hardened_parser(*, recover: bool) -> etree.XMLParser:
    """An lxml parser that resolves no entity, loads no DTD and fetches nothing."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
        recover=recover,
    )


@dataclass
class XMLDocument:
    """The outcome of :func:`parse_xml`: a root element, or a failure reason."""

    root: etree._Element | None
    warnings: list[str] = field(default_factory=list)
    failure: str = ""


def _declares_entities(root: etree._Element) -> bool:
    dtd = root.getroottree().docinfo.internalDTD
    return dtd is not None and any(True for _ in dtd.iterentities())


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:300] or error.__class__.__name__


def parse_xml(data: bytes) -> XMLDocument:
    """Parse XML bytes safely; never raises.

    A document that is not well-formed is parsed again in recovering mode; if that yields a
    root element the problem becomes a warning, otherwise the failure is
    ``"malformed XML: ..."``.
    """
    reason = refusal(data)
    if reason:
        return XMLDocument(None, failure=reason)
    warnings: list[str] = []
    try:
        root = etree.fromstring(data, parser=hardened_parser(recover=False))
    except etree.XMLSyntaxError as error:
        strict_error = _one_line(error)
        try:
            root = etree.fromstring(data, parser=hardened_parser(recover=True))
        except (etree.XMLSyntaxError, ValueError):
            root = None
        if root is None:
            return XMLDocument(None, failure=f"malformed XML: {strict_error}")
        warnings.append(f"malformed XML, parsed leniently: {strict_error}")
    except (ValueError, TypeError, MemoryError) as error:
        return XMLDocument(None, failure=f"malformed XML: {_one_line(error)}")
    # Defence in depth: an encoding the byte scan could not read may have hidden a
    # declaration from refusal(); libxml2 records it here either way.
    if _declares_entities(root):
        return XMLDocument(None, failure=REFUSED_ENTITIES)
    return XMLDocument(root, warnings=warnings)
