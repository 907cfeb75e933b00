"""NITF 3.x documents (https://iptc.org/standards/nitf/): AAP, AP, EFE, NTB, PA and others.

One ``<nitf>`` document is one story. The head gives identity and metadata (``docdata``:
doc-id, du-key, urgency, dates, copyright, keywords; ``tobject`` subjects), ``body.head``
the headline, byline, dateline, abstract and distributor, and ``body.content`` the text.

Identity: a ``du-key`` with a ``version`` marks a dynamically updated story, so its key
(plus ``generation`` when given) is the ``external_id`` and its version the ``version``
(NTB sends each update with a new doc-id but the same du-key). Otherwise the doc-id's
``id-string`` is the id; without one, a hash of headline and issue date.

Body HTML keeps paragraphs, headings (``hl2`` becomes ``h2``), lists, tables, ``pre`` and
inline emphasis; NITF's inline semantic tags (person, org, location, chron, money, ...) are
reduced to their text, and media, notes and table metadata are dropped. :func:`body_html`
is shared with NewsML 1.2, which carries NITF inside its ``DataContent``.
"""

from __future__ import annotations

import copy
import html
import re

from lxml import etree

from ..normalize.dates import to_utc
from .base import ParsedItem, ParseResult, failed
from .newsml_g2 import attr, child, children, descendant, local, text, unwrap_element
from .safexml import parse_xml
from .sniffing import root_element
from .textutil import dedupe, fallback_id, first_sentence, plain, text_to_html, to_int

NAME = "nitf"
name = NAME  # registry protocol: parsers have a "name"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

KEPT = frozenset(
    "p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption colgroup "
    "col pre blockquote em strong b i u q sub sup br a".split()
)
RENAMED = {"hl2": "h2", "bq": "blockquote", "nitf-table": "div", "nitf-col": "col"}
DROPPED = frozenset(
    "media note nitf-table-metadata nitf-table-summary nitf-colgroup credit "
    "body.head body.end script style".split()
)
_ATTRIBUTES = {"a": ("href",), "td": ("colspan", "rowspan"), "th": ("colspan", "rowspan")}


_LATIN1_DECLARATION = re.compile(
    rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])(iso-8859-1|latin-?1|windows-1252|cp1252)(["'])""",
    re.IGNORECASE,
)


def utf8_mislabelled(data: bytes) -> tuple[bytes, str]:
    """(data, warning): a document declared Latin-1/cp1252 whose bytes are in fact UTF-8
    (agencies' systems do this) gets its declaration corrected, with a warning."""
    match = _LATIN1_DECLARATION.match(data[:200])
    if match is None or data.isascii():
        return data, ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data, ""
    fixed = match.group(1) + b"utf-8" + match.group(3) + data[match.end() :]
    return fixed, f"declared {match.group(2).decode()} but the bytes are UTF-8; read as UTF-8"


def _remove(node: etree._Element) -> None:
    """Remove an element, keeping its tail text."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def body_html(content: etree._Element | None, hard_wraps: bool = False) -> str:
    """HTML for the children of a NITF ``body.content`` (or any element holding NITF blocks).

    ``hard_wraps`` turns ``<br/>`` inside paragraphs into spaces (copy converted from a
    teleprinter wire keeps its line wraps as breaks).
    """
    if content is None:
        return ""
    root = copy.deepcopy(content)
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            _remove(node)
    for node in list(root.iter()):
        if node is not root and local(node) in DROPPED:
            _remove(node)
    for node in reversed(list(root.iter())):
        if node is root:
            continue
        tag = RENAMED.get(local(node), local(node))
        if tag == "br" and hard_wraps and any(local(a) == "p" for a in node.iterancestors()):
            node.tail = " " + (node.tail or "")
            _remove(node)
            continue
        if tag not in KEPT and tag != "div":
            unwrap_element(node)
            continue
        node.tag = "div" if tag == "div" else tag
        keep = _ATTRIBUTES.get(tag, ())
        for name in list(node.attrib):
            if name not in keep:
                del node.attrib[name]
    for node in list(root.iter("div")):
        unwrap_element(node)
    for node in root.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node.tag).localname
    etree.cleanup_namespaces(root)
    for node in list(root.iter("p")):
        if len(node) == 0 and not (node.text or "").strip():
            _remove(node)
        elif node.text:
            node.text = node.text.lstrip()
    parts = []
    loose = (root.text or "").strip()
    if loose:
        parts.append(html.escape(loose, quote=False))
    for node in root:
        parts.append(etree.tostring(node, method="html", encoding="unicode", with_tail=False))
        if node.tail and node.tail.strip():
            parts.append(html.escape(node.tail.strip(), quote=False))
    if len(root) == 0:
        return text_to_html(loose)
    return "\n".join(part.strip() for part in parts if part.strip())


def _without(element: etree._Element | None, *names: str) -> str:
    """Text of an element with some descendants (e.g. ``byttl``, ``story.date``) left out."""
    if element is None:
        return ""
    element = copy.deepcopy(element)
    for node in list(element.iter()):
        if node is not element and (not isinstance(node.tag, str) or local(node) in names):
            _remove(node)
    return text(element)


def head_extras(nitf: etree._Element) -> dict[str, str]:
    """Headline, byline, dateline, place, summary and distributor from ``body.head``."""
    head = descendant(nitf, "body.head")
    hedline = child(head, "hedline")
    dateline = child(head, "dateline")
    location = descendant(dateline, "location")
    place = text(descendant(location, "city")) or _without(location, "story.date")
    written = _without(dateline, "story.date")
    if not place and location is None and len(written.split()) <= 3:
        # A bare "<dateline>Oslo</dateline>" names the place; one with a date does not.
        place = "" if any(ch.isdigit() or ch in "()" for ch in written) else written
    return {
        "headline": text(child(hedline, "hl1")),
        "byline": _without(child(head, "byline"), "byttl"),
        "dateline": written,
        "place": place,
        "summary": plain(text(child(head, "abstract"))),
        "distributor": text(child(head, "distributor")),
    }


def _date(element: etree._Element | None):
    return to_utc(attr(element, "norm")) if element is not None else None


def _rights(docdata: etree._Element | None, nitf: etree._Element) -> str:
    notice = child(docdata, "doc.copyright")
    holder, year = attr(notice, "holder"), attr(notice, "year")
    if holder:
        return f"Copyright {year} {holder}".replace("  ", " ")
    return text(descendant(descendant(nitf, "body.head"), "rights.owner"))


def _keywords(docdata: etree._Element | None) -> list[str]:
    values = [attr(k, "key") for k in children(child(docdata, "key-list"), "keyword")]
    identified = child(docdata, "identified-content")
    if identified is not None:
        values.extend(text(node) for node in identified)
    return dedupe(values)


def nitf_item(nitf: etree._Element, warnings: list[str]) -> ParsedItem:
    """A ParsedItem from a ``<nitf>`` element."""
    head = child(nitf, "head")
    docdata = child(head, "docdata")
    extras = head_extras(nitf)
    metas = {attr(m, "name"): attr(m, "content") for m in children(head, "meta")}
    hard_wraps = any(key.startswith("anpa-") for key in metas)
    content = child(nitf, "body", "body.content")
    body = body_html(content, hard_wraps=hard_wraps)
    if not plain(body):
        body = ""
    headline = extras["headline"] or text(child(head, "title"))
    if not headline:
        headline = first_sentence(extras["summary"] or plain(body))
        if headline:
            warnings.append("no headline; used the start of the text")
    issued = _date(child(docdata, "date.issue"))
    released = _date(child(docdata, "date.release"))
    pubdata = child(head, "pubdata")
    published = issued or to_utc(attr(pubdata, "date.publication"))
    status = attr(docdata, "management-status").lower()
    embargo = released if released and (not issued or released > issued) else None
    if status == "embargoed":
        status = "usable"
    du_key = child(docdata, "du-key")
    doc_id = child(docdata, "doc-id")
    version = attr(du_key, "version")
    if version and attr(du_key, "key"):
        external_id = attr(du_key, "key")
        if attr(du_key, "generation"):
            external_id += ":" + attr(du_key, "generation")
    else:
        external_id = attr(doc_id, "id-string") or fallback_id(headline, published)
    evloc = child(docdata, "evloc")
    agency = (
        extras["distributor"]
        or attr(child(docdata, "doc.copyright"), "holder")
        or attr(doc_id, "regsrc")
    )
    subjects = [
        "subj:" + attr(s, "tobject.subject.refnum")
        for s in nitf.iter()
        if local(s) == "tobject.subject" and attr(s, "tobject.subject.refnum")
    ]
    return ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body,
        summary=extras["summary"],
        version=version,
        byline=extras["byline"],
        dateline=extras["dateline"],
        place=extras["place"] or attr(evloc, "city"),
        agency=agency,
        published=published,
        updated=published,
        embargo_until=embargo,
        language=attr(nitf, "baselang") or attr(nitf, _XML_LANG),
        subjects=dedupe(subjects),
        keywords=_keywords(docdata),
        urgency=to_int(attr(child(docdata, "urgency"), "ed-urg")),
        rights=_rights(docdata, nitf),
        format=NAME,
        status=status,
    )


def parse(data: bytes) -> ParseResult:
    """Parse a NITF document; never raises."""
    data, warning = utf8_mislabelled(data)
    document = parse_xml(data)
    if document.root is None:
        return failed(document.failure, NAME)
    root = document.root
    warnings = [warning] if warning else []
    warnings.extend(document.warnings)
    if local(root) != "nitf":
        return failed(f"not NITF: root element <{local(root)}>", NAME)
    return ParseResult(format=NAME, items=[nitf_item(root, warnings)], warnings=warnings)


def sniff(head: bytes) -> bool:
    """A root element named ``nitf`` (any prefix or namespace)."""
    root = root_element(head)
    return root is not None and root.local == "nitf"
