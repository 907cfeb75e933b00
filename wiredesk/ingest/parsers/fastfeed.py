"""A fast lxml path for well-formed RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds.

It builds the same entry dictionaries feedparser would (the keys ``feed._item`` reads) from
an lxml tree, so the items it yields have the same fields as the feedparser path. It only
takes documents it fully understands: :func:`parse_fast` returns ``None`` for anything
else (not well-formed, an encoding other than UTF-8/ASCII/Latin-1 (a document said to be
UTF-8 that is not is read as windows-1252, as feedparser reads it), RSS 0.9x, Atom 0.3, an
element feedparser would read into an item field that this module does not know, ...) and
the caller falls back to feedparser. Relative URIs under ``xml:base`` are resolved as
feedparser resolves them: links here, HTML by the sanitiser with the base this module
passes along.

Hostile input gets the same protections: the registry refuses oversize and
entity-declaring documents before any parser runs, and the lxml parser here resolves no
entities, loads no DTD and touches no network (see ``safexml``).
"""

from __future__ import annotations

import re
import time
from html.entities import entitydefs

from feedparser.datetimes import _parse_date
from feedparser.encodings import lazy_chardet_encoding
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.sanitizer import _HTMLSanitizer
from feedparser.urls import _urljoin, make_safe_absolute_uri
from lxml import etree

from .base import BASE_KEY, ParseResult
from .safexml import hardened_parser

RSS10 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_BASE = f"{{{XML_NS}}}base"
XHTML = "http://www.w3.org/1999/xhtml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"

_PARSER = hardened_parser(recover=False)
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SAFE_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "windows-1252"}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_ACCEPTABLE = _HTMLSanitizer.acceptable_elements
_CLOSE_TAG = re.compile(r"</(\w+)>")
_ENTITY_REF = re.compile(r"&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_ENTITY = re.compile(r"&(\w+);")
_HAS_SCHEME = re.compile(r"[a-zA-Z][\w+.-]*:")
_LINK_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")


class NotUnderstood(Exception):
    """The document uses something this fast path does not handle: use feedparser."""


def _looks_like_html(text: str) -> bool:
    """feedparser's guess whether an RSS text value is really HTML."""
    if not (_CLOSE_TAG.search(text) or _ENTITY_REF.search(text)):
        return False
    if any(t.lower() not in _ACCEPTABLE for t in _TAG_NAME.findall(text)):
        return False
    return not any(e not in entitydefs for e in _NAMED_ENTITY.findall(text))


_C1_CONTROLS = re.compile("[\x80-\x9f]")


def _finish_text(value: str, utf8: bool) -> str:
    """The text fixes feedparser applies to every value: mojibake repair and cp1252 mapping
    (neither changes ASCII text; the mapping, 0.5 ms for a 10 KB body, runs only where a C1
    control character is there to map)."""
    if value.isascii():
        return value
    if utf8:
        try:
            value = value.encode("iso-8859-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return value.translate(_cp1252) if _C1_CONTROLS.search(value) else value


def _xml_ok_encoding(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
        return False  # UTF-16/32: feedparser's own detection differs in corners
    match = _ENCODING.match(data[:200].lstrip(b"\xef\xbb\xbf"))
    return match is None or match.group(1).decode("ascii").lower() in _SAFE_ENCODINGS


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _utf8_that_is_windows_1252(data: bytes) -> bytes | None:
    """UTF-8 bytes of a document said (or presumed) to be UTF-8 that is not, read as
    windows-1252: feedparser's next guess in that case; None where its guess would differ
    (another encoding declared, bytes windows-1252 lacks, or chardet installed, which
    feedparser asks first)."""
    if lazy_chardet_encoding is not None:
        return None
    match = _ENCODING.match(data[:200])
    if match is not None and match.group(1).decode("ascii").lower() not in ("utf-8", "utf8"):
        return None
    try:
        data.decode("utf-8")
        return None  # valid UTF-8: the document failed for another reason
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("windows-1252")
    except UnicodeDecodeError:
        return None
    return _XML_DECLARATION.sub("", text, count=1).encode("utf-8")


class _Reader:
    def __init__(self, utf8: bool, based: bool = False) -> None:
        self.utf8 = utf8
        self.based = based  # the document has an xml:base somewhere

    # -- xml:base -----------------------------------------------------------------------
    def base_of(self, element) -> str:
        """The element's base URI as feedparser computes it: each ``xml:base`` from the
        root down joined onto the one above, starting from nothing (a document read from
        bytes has no URL of its own)."""
        if not self.based:
            return ""
        bases = []
        node = element
        while node is not None:
            value = node.get(_XML_BASE)
            if value is not None:
                bases.append(value)
            node = node.getparent()
        base = ""
        for value in reversed(bases):
            base = _urljoin(base, value.strip())
        return base

    def uri(self, value: str, element) -> str:
        """A URI value, resolved against the element's xml:base as feedparser does; without
        a base a relative URI stays as it is (the item's link then drops it)."""
        value = value.strip()
        if not value or not self.based or _HAS_SCHEME.match(value):
            return value
        base = self.base_of(element)
        return make_safe_absolute_uri(base, value) if base else value

    # -- values -----------------------------------------------------------------------
    def text(self, element) -> str:
        if len(element):
            return _finish_text("".join(element.itertext()).strip(), self.utf8)
        # no child nodes (most values): the text is all there is
        return _finish_text((element.text or "").strip(), self.utf8)

    def inner_xml(self, element) -> str:
        """Serialised content of an Atom xhtml element, without its wrapping div."""
        children = [c for c in element if isinstance(c.tag, str)]
        target = element
        if (
            len(children) == 1
            and etree.QName(children[0]).localname == "div"
            and not (element.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            target = children[0]
        if any(isinstance(c.tag, str) and c.nsmap.get(None) not in (XHTML, None) for c in target):
            raise NotUnderstood("xhtml content with foreign elements")
        parts = [_escape(target.text or "")]
        for child in target:
            parts.append(_serialise_xhtml(child))
        return _finish_text("".join(parts).strip(), self.utf8)

    def detail(self, element, default_type: str, atom: bool) -> tuple[str, dict]:
        """A text construct's value and its feedparser-style detail dict."""
        declared = (element.get("type") or "").lower()
        mode = element.get("mode")
        if mode:
            raise NotUnderstood("Atom 0.3 content mode")
        if atom:
            kind = {"": default_type, "text": "text/plain", "html": "text/html"}.get(declared)
            if declared == "xhtml":
                kind = "application/xhtml+xml"
            if kind is None:
                raise NotUnderstood(f"content type {declared}")
        else:
            kind = default_type
            if declared:
                raise NotUnderstood("typed RSS text element")
        if element.get("src"):
            raise NotUnderstood("out-of-line content")
        if kind == "application/xhtml+xml":
            value = self.inner_xml(element)
        else:
            if len(element):
                raise NotUnderstood("markup inside a text element")
            value = self.text(element)
        if not atom and kind == "text/plain" and _looks_like_html(value):
            kind = "text/html"
        language = element.get(f"{{{XML_NS}}}lang") or _inherited_lang(element)
        detail = {"type": kind, "language": language, "value": value}
        if self.based and kind != "text/plain":
            # feedparser rewrites relative URLs in the HTML itself; here the base goes
            # with the HTML and the sanitiser resolves them (the same URLs in the end)
            detail[BASE_KEY] = self.base_of(element)
        return value, detail


def _inherited_lang(element) -> str | None:
    node = element
    while node is not None:
        lang = node.get(f"{{{XML_NS}}}lang")
        if lang is not None:
            return lang
        node = node.getparent()
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _serialise_xhtml(element) -> str:
    name = etree.QName(element).localname
    attrs = "".join(
        f' {etree.QName(k).localname}="{_escape(v).replace(chr(34), "&quot;")}"'
        for k, v in element.attrib.items()
    )
    inner = _escape(element.text or "") + "".join(_serialise_xhtml(c) for c in element)
    tail = _escape(element.tail or "")
    if not inner and name in {"br", "hr", "img", "input", "meta", "link", "area", "col"}:
        return f"<{name}{attrs} />{tail}"
    return f"<{name}{attrs}>{inner}</{name}>{tail}"


def _date_pair(entry: dict, key: str, raw: str) -> None:
    entry[key] = raw
    parsed = _parse_date(raw) if raw else None
    entry[f"{key}_parsed"] = parsed if isinstance(parsed, time.struct_time) else None


# Item children feedparser reads into entry fields: (namespace, local name) -> handler name.
_RSS_ITEM = {
    "title": "title",
    "link": "link",
    "description": "description",
    "guid": "guid",
    "pubDate": "published",
    "author": "author",
    "category": "category",
    "enclosure": "enclosure",
}
_DC_ITEM = {
    "creator": "author",
    "author": "author",
    "date": "updated",
    "subject": "category",
    "rights": "rights",
    "language": None,
    "title": "title",
    "description": "description",
    "publisher": "publisher",
    # feedparser keeps these under keys no item field reads
    "identifier": None,
    "source": None,
    "format": None,
    "type": None,
    "coverage": None,
    "relation": None,
    "contributor": None,
}
# Names feedparser handles that change nothing this module's callers read.
_HARMLESS = {
    (None, "comments"),
    (None, "source"),
    (ATOM, "source"),
    (ATOM, "contributor"),
    ("http://wellformedweb.org/CommentAPI/", None),
    ("http://purl.org/rss/1.0/modules/slash/", None),
    ("http://feeds.feedburner.com/feedburner/feedburner", "origLink"),
    ("http://rssnamespace.org/feedburner/ext/1.0", "origLink"),
    ("http://purl.org/syndication/thread/1.0", None),
    ("http://search.yahoo.com/mrss/", "credit"),
    ("http://search.yahoo.com/mrss/", "title"),
    ("http://search.yahoo.com/mrss/", "player"),
    ("http://search.yahoo.com/mrss/", "rating"),
    ("http://search.yahoo.com/mrss/", "category"),
    ("http://search.yahoo.com/mrss/", "copyright"),
    ("http://search.yahoo.com/mrss/", "text"),
    ("http://search.yahoo.com/mrss/", "hash"),
    ("http://search.yahoo.com/mrss/", "embed"),
    ("http://search.yahoo.com/mrss/", "restriction"),
    ("http://search.yahoo.com/mrss/", "license"),
    ("http://search.yahoo.com/mrss/", "community"),
    ("http://search.yahoo.com/mrss/", "statistics"),
    ("http://search.yahoo.com/mrss/", "starRating"),
    ("http://search.yahoo.com/mrss/", "tags"),
    # Podlove chapters: feedparser keeps them under ``psc_chapters``, which no item reads
    ("http://podlove.org/simple-chapters", None),
    # GeoRSS: feedparser keeps a location under ``where``, which no item reads
    ("http://www.georss.org/georss", None),
}


class _Entry:
    """Collects one item's fields the way feedparser stores them."""

    def __init__(self) -> None:
        self.data: dict = {}
        self.authors: list[dict] = []
        self.has_content = False
        self.summary_depth: int | None = None

    def description(self, child, reader: _Reader, default_type: str, atom: bool, depth=0):
        """feedparser's description/summary rule: a second one becomes content."""
        if "summary" in self.data and not self.has_content:
            self.content(child, reader, "text/plain", atom)
            return
        value, detail = reader.detail(child, default_type, atom=atom)
        if self.summary_depth is None or depth <= self.summary_depth:
            self.summary_depth = depth
            self.data["summary"] = value
        self.data["summary_detail"] = detail

    def content(self, child, reader: _Reader, default_type: str, atom: bool) -> None:
        self.has_content = True
        value, detail = reader.detail(child, default_type, atom=atom)
        self.data.setdefault("content", []).append(detail)
        if detail["type"] in ("text/plain", "text/html", "application/xhtml+xml"):
            self.data.setdefault("summary", value)

    def set(self, key: str, value) -> None:
        self.data[key] = value

    def finish(self) -> dict:
        data = self.data
        if self.authors:
            data["authors"] = self.authors
            last = self.authors[-1]
            data["author_detail"] = last
            if last.get("name"):
                data["author"] = last["name"]
            elif last.get("email"):
                data["author"] = last["email"]
        return data


def _atom_link(entry: _Entry, element, reader: _Reader) -> None:
    attrs = {k: v for k, v in element.attrib.items() if "}" not in k}
    if "href" not in attrs:
        raise NotUnderstood("link without href")
    attrs["href"] = reader.uri(attrs["href"], element)
    rel = attrs.setdefault("rel", "alternate")
    attrs.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
    entry.data.setdefault("links", []).append(attrs)
    if rel == "alternate" and attrs["type"] in ("text/html", "application/xhtml+xml", "html"):
        entry.data["link"] = attrs["href"]


def _tag(entry: _Entry, term, scheme, label) -> None:
    tags = entry.data.setdefault("tags", [])
    if term is None and scheme is None and label is None:
        tags.append({"term": None, "scheme": None, "label": None})
        return
    value = {"term": term, "scheme": scheme, "label": label}
    if value not in tags:
        tags.append(value)


def _category(entry: _Entry, element, reader: _Reader, atom: bool) -> None:
    term = element.get("term")
    scheme = element.get("scheme", element.get("domain"))
    label = element.get("label")
    tags = entry.data.setdefault("tags", [])
    _tag(entry, term, scheme, label)
    value = reader.text(element)
    if not value:
        return
    if tags and not tags[-1]["term"]:
        tags[-1]["term"] = value
    else:
        _tag(entry, value, None, None)


def _read_item(item, reader: _Reader, atom: bool, rdf: bool) -> dict:
    entry = _Entry()
    data = entry.data
    guid_is_link = False
    guid_value = None
    if rdf and item.get(f"{{{RDF}}}about"):
        data["id"] = item.get(f"{{{RDF}}}about")
    for child in item:
        if not isinstance(child.tag, str):
            continue
        ns, name = _item_child_name(child)
        if (ns, name) in _HARMLESS or (ns, None) in _HARMLESS:
            continue
        if ns in (None, RSS10, ATOM):
            if atom and ns != ATOM:
                raise NotUnderstood(f"unexpected <{name}> in an Atom entry")
            if atom:
                _atom_child(entry, child, name, reader)
                continue
            if ns == ATOM:  # Atom elements inside RSS
                if name not in ("link", "updated", "published", "author", "id"):
                    raise NotUnderstood(f"atom:{name} inside RSS")
                _atom_child(entry, child, name, reader)
                continue
            kind = _RSS_ITEM.get(name)
            if kind is None:
                raise NotUnderstood(f"unknown item element <{name}>")
            if kind == "title":
                value, detail = reader.detail(child, "text/plain", atom=False)
                data["title"], data["title_detail"] = value, detail
            elif kind == "link":
                value = reader.text(child)
                value = _LINK_ENTITY.sub(r"&\g<1>", value.replace("&amp;", "&"))
                value = reader.uri(value, child)
                data.setdefault("links", []).append({"rel": "alternate", "type": "text/html"})
                data["link"] = value
                if value:
                    data["links"][-1]["href"] = value
            elif kind == "description":
                entry.description(child, reader, "text/html", atom=False)
            elif kind == "guid":
                guid_is_link = child.get("isPermaLink", "true") == "true"
                guid_value = reader.text(child)
                if guid_is_link:
                    guid_value = reader.uri(guid_value, child)
                data["id"] = guid_value
                if guid_is_link and "link" not in data:
                    data["link"] = guid_value
            elif kind == "published":
                _date_pair(entry.data, "published", reader.text(child))
            elif kind == "author":
                _rss_author(entry, reader.text(child))
            elif kind == "category":
                _category(entry, child, reader, atom=False)
            elif kind == "enclosure":
                attrs = {k: v for k, v in child.attrib.items() if "}" not in k}
                if "url" in attrs:
                    attrs["href"] = attrs.pop("url")
                attrs["rel"] = "enclosure"
                data.setdefault("links", []).append(attrs)
            continue
        if ns == DC:
            if atom and name != "subject":  # dc:subject in Atom is a category, as in RSS
                raise NotUnderstood("Dublin Core inside Atom")
            kind = _DC_ITEM.get(name, "")
            if kind == "":
                raise NotUnderstood(f"dc:{name}")
            if kind is None:
                continue
            if kind == "author":
                _rss_author(entry, reader.text(child))
            elif kind == "updated":
                _date_pair(entry.data, "updated", reader.text(child))
            elif kind == "category":
                _category(entry, child, reader, atom=False)
            elif kind == "rights":
                value, detail = reader.detail(child, "text/plain", atom=False)
                data["rights"], data["rights_detail"] = value, detail
            elif kind == "title":
                value, detail = reader.detail(child, "text/plain", atom=False)
                data["title"], data["title_detail"] = value, detail
            elif kind == "description":
                entry.description(child, reader, "text/html", atom=False)
            elif kind == "publisher":
                data["publisher"] = reader.text(child)
            continue
        if ns == CONTENT and name == "encoded":
            entry.content(child, reader, "text/html", atom=False)
            continue
        if ns == MEDIA:
            _media(entry, child, name, reader, atom)
            continue
        if ns == ITUNES:
            _itunes(entry, child, name, reader)
            continue
        if _feedparser_handles(ns, name, child.prefix):
            raise NotUnderstood(f"unhandled element {{{ns}}}{name}")
        if len(child) and any(
            _feedparser_handles(etree.QName(g).namespace, etree.QName(g).localname, g.prefix)
            for g in child.iter()
            if isinstance(g.tag, str) and g is not child
        ):
            raise NotUnderstood("known elements nested in an unknown one")
    if guid_value is not None and guid_is_link and "link" not in data:
        data["link"] = guid_value
    return entry.finish()


def _rss_author(entry: _Entry, value: str) -> None:
    author: dict = {}
    entry.authors.append(author)
    if not value:
        return
    email = None
    found = re.search(
        r"(([a-zA-Z0-9_.+-]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|"
        r"(([a-zA-Z0-9-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?",
        value,
    )
    name = value
    if found:
        email = found.group(0)
        name = name.replace(email, "").replace("()", "").replace("<>", "").replace("&lt;&gt;", "")
        name = name.strip()
        if name and name[0] == "(":
            name = name[1:]
        if name and name[-1] == ")":
            name = name[:-1]
        name = name.strip()
    if name:
        author["name"] = name
    if email:
        author["email"] = email


def _atom_child(entry: _Entry, child, name: str, reader: _Reader) -> None:
    data = entry.data
    if name == "title":
        data["title"], data["title_detail"] = reader.detail(child, "text/plain", atom=True)
    elif name == "link":
        _atom_link(entry, child, reader)
    elif name == "id":
        value = reader.uri(reader.text(child), child)
        data["id"] = value
        data.setdefault("link", value)
    elif name in ("updated", "published"):
        _date_pair(data, name, reader.text(child))
    elif name == "summary":
        entry.description(child, reader, "text/plain", atom=True)
    elif name == "content":
        entry.content(child, reader, "text/plain", atom=True)
    elif name == "author":
        author: dict = {}
        for part in child:
            if not isinstance(part.tag, str):
                continue
            local = etree.QName(part).localname
            namespace = etree.QName(part).namespace
            if namespace != ATOM:
                # feedparser files an element it has no handler for under its own key
                # (``gd_image``); only one it reads into a field the item uses matters
                if _feedparser_handles(namespace, local, part.prefix) or len(part):
                    raise NotUnderstood("foreign element in an Atom author")
                continue
            if local == "name":
                author["name"] = reader.text(part)
            elif local == "email":
                author["email"] = reader.text(part)
            elif local == "uri":
                author["href"] = reader.text(part)
            else:
                raise NotUnderstood(f"atom:author/{local}")
        entry.authors.append(author)
    elif name == "category":
        _category(entry, child, reader, atom=True)
    elif name == "rights":
        data["rights"], data["rights_detail"] = reader.detail(child, "text/plain", atom=True)
    else:
        raise NotUnderstood(f"atom:{name}")


def _media(entry: _Entry, child, name: str, reader: _Reader, atom: bool, depth=0) -> None:
    data = entry.data
    if name == "group":
        for part in child:
            if isinstance(part.tag, str):
                if etree.QName(part).namespace != MEDIA:
                    raise NotUnderstood("foreign element in media:group")
                local = etree.QName(part).localname
                if (MEDIA, local) not in _HARMLESS:
                    _media(entry, part, local, reader, atom, depth + 1)
        return
    if name == "content":
        attrs = {k: v for k, v in child.attrib.items() if "}" not in k}
        data.setdefault("media_content", []).append(attrs)
        for part in child:
            if isinstance(part.tag, str):
                local = etree.QName(part).localname
                if etree.QName(part).namespace != MEDIA:
                    raise NotUnderstood("foreign element in media:content")
                if (MEDIA, local) not in _HARMLESS:
                    _media(entry, part, local, reader, atom, depth + 1)
    elif name == "thumbnail":
        attrs = {k: v for k, v in child.attrib.items() if "}" not in k}
        url = reader.text(child)
        if url and "url" not in attrs:
            attrs["url"] = url
        data.setdefault("media_thumbnail", []).append(attrs)
    elif name == "description":
        entry.description(child, reader, "text/html", atom=atom, depth=depth)
    elif name == "keywords":
        data["media_keywords"] = reader.text(child)
    else:
        raise NotUnderstood(f"media:{name}")


_PREFIXES = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
# entry keys feed._item reads: an unhandled element stored under one of them would matter
_ITEM_KEYS = {
    "title",
    "link",
    "links",
    "id",
    "summary",
    "content",
    "authors",
    "author",
    "author_detail",
    "published",
    "updated",
    "created",
    "tags",
    "publisher",
    "rights",
    "media_content",
    "media_thumbnail",
    "media_description",
    "media_keywords",
    "itunes_keywords",
}


# Namespaces this module reads, by their lower-case URI (feedparser matches them caselessly;
# it also knows Media RSS without its final slash), and by the prefix a document gives them.
_READ_AS = {DC.lower(): DC, CONTENT: CONTENT, MEDIA: MEDIA, MEDIA.rstrip("/"): MEDIA}
_READ_AS[ITUNES] = ITUNES
_BY_PREFIX = {"dc": DC, "content": CONTENT, "media": MEDIA, "itunes": ITUNES}


def _namespace_read_as(ns: str | None, document_prefix: str | None) -> str | None:
    """The namespace feedparser reads an element as: a known one matched caselessly, and
    one it does not know by the document's prefix (``dc:`` bound to a misspelt Dublin Core
    URI is still Dublin Core to feedparser, which names such elements by their prefix)."""
    if ns is None:
        return None
    lower = ns.lower()
    if lower in _READ_AS:
        return _READ_AS[lower]
    if lower not in _PREFIXES and document_prefix in _BY_PREFIX:
        return _BY_PREFIX[document_prefix]
    return ns


_TAG_NAMES: dict[str, tuple[str | None, str, bool]] = {}
_MAX_TAG_NAMES = 10_000


def _item_child_name(child) -> tuple[str | None, str]:
    """An item child's namespace as feedparser reads it (:func:`_namespace_read_as`) and
    its local name, from a cache by tag: splitting the tag and mapping the namespace for
    each of an item's children cost a fifth of reading the item."""
    tag = child.tag
    known = _TAG_NAMES.get(tag)
    if known is None:
        qname = etree.QName(tag)
        namespace = qname.namespace
        lower = (namespace or "").lower()
        # only a namespace feedparser does not know is read by the document's prefix
        by_prefix = namespace is not None and lower not in _READ_AS and lower not in _PREFIXES
        read_as = namespace if by_prefix else _namespace_read_as(namespace, None)
        known = (read_as, qname.localname, by_prefix)
        if len(_TAG_NAMES) >= _MAX_TAG_NAMES:
            _TAG_NAMES.clear()
        _TAG_NAMES[tag] = known
    namespace, name, by_prefix = known
    if by_prefix:
        return _namespace_read_as(namespace, child.prefix), name
    return namespace, name


def _feedparser_handles(ns: str | None, name: str, document_prefix: str | None = None) -> bool:
    """True when feedparser would read this element into something an item may use.

    feedparser names an element of a namespace it does not know with the document's own
    prefix (``googleplay_author``); without one (a default namespace) the key could be
    anything, so such an element counts as handled.
    """
    prefix = _PREFIXES.get((ns or "").lower(), None)
    if prefix is None:
        prefix = document_prefix.lower() if document_prefix else "?"
    key = f"{prefix}_{name.lower()}" if prefix else name.lower()
    if hasattr(_FeedParserMixin, f"_start_{key}") or hasattr(_FeedParserMixin, f"_end_{key}"):
        return True
    if prefix == "?":
        return name.lower() in _ITEM_KEYS or any(
            name.lower() == k.split("_", 1)[-1] for k in _ITEM_KEYS
        )
    return key in _ITEM_KEYS


def _itunes(entry: _Entry, child, name: str, reader: _Reader) -> None:
    if name == "author":
        _rss_author(entry, reader.text(child))
    elif name == "summary":
        entry.description(child, reader, "text/plain", atom=False)
    elif name == "keywords":
        # feedparser turns each comma-separated keyword into a tag in the iTunes scheme
        if len(child):
            raise NotUnderstood("markup inside itunes:keywords")
        for term in (reader.text(child) or "").split(","):
            if term.strip():
                _tag(entry, term.strip(), "http://www.itunes.com/", None)
    elif name == "category":
        # feedparser tags the item with each category's ``text`` in the iTunes scheme,
        # nested subcategories after their parent
        for part in child.iter():
            if not isinstance(part.tag, str):
                continue
            if _namespace_read_as(etree.QName(part).namespace, part.prefix) != ITUNES or (
                etree.QName(part).localname != "category"
            ):
                raise NotUnderstood("markup inside itunes:category")
            if (part.text or "").strip() or (part is not child and (part.tail or "").strip()):
                raise NotUnderstood("text inside itunes:category")
            _tag(entry, part.get("text"), "http://www.itunes.com/", None)
    elif name in (
        "subtitle",
        "explicit",
        "duration",
        "image",
        "block",
        "episode",
        "season",
        "episodeType",
        "title",
        "order",
        "isClosedCaptioned",
    ):
        if len(child):
            raise NotUnderstood(f"markup inside itunes:{name}")
    else:
        raise NotUnderstood(f"itunes:{name}")


def _feed_fields(channel, reader: _Reader, atom: bool) -> dict:
    feed: dict = {}
    for child in channel:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        ns, name = qname.namespace, qname.localname
        if name in ("item", "entry"):
            continue
        if ns == DC and name == "publisher" or (ns in (None, RSS10) and name == "webMaster"):
            feed["publisher"] = reader.text(child)
        elif ns == DC and name == "language" or (ns in (None, RSS10) and name == "language"):
            feed["language"] = reader.text(child)
        elif ns == DC and name == "rights" or (ns in (None, RSS10) and name == "copyright"):
            feed["rights"] = reader.text(child)
        elif atom and ns == ATOM and name == "rights":
            feed["rights"] = reader.detail(child, "text/plain", atom=True)[0]
    if atom and "language" not in feed:
        lang = channel.get(f"{{{XML_NS}}}lang")
        if lang:
            feed["language"] = lang
    return feed


def parse_fast(data: bytes, fallback_format: str = "") -> ParseResult | None:
    """Items of a well-formed RSS 2.0 / RSS 1.0 / Atom 1.0 feed, or None to fall back."""
    if not _xml_ok_encoding(data):
        return None
    if data[:1].isspace():  # whitespace before the XML declaration: feedparser skips it
        data = data.lstrip()
    warnings = []
    try:
        root = etree.fromstring(data, parser=_PARSER)
        encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    except (etree.XMLSyntaxError, ValueError):
        recoded = _utf8_that_is_windows_1252(data)
        if recoded is None:
            return None
        try:
            root = etree.fromstring(recoded, parser=_PARSER)
        except (etree.XMLSyntaxError, ValueError):
            return None
        encoding = "windows-1252"
        warnings.append(
            "CharacterEncodingOverride: document declared as utf-8, but parsed as windows-1252"
        )
    if root.getroottree().docinfo.internalDTD is not None:
        return None
    reader = _Reader(utf8=encoding in ("utf-8", "utf8"), based=b"xml:base" in data)
    qname = etree.QName(root)
    try:
        if qname.localname == "rss" and qname.namespace is None:
            if root.get("version") not in ("2.0", "2.00"):
                return None
            channel = root.find("channel")
            if channel is None:
                return None
            items = channel.findall("item")
            if root.find("item") is not None:
                return None
            format_name, atom, rdf, top = "rss", False, False, channel
        elif qname.localname == "feed" and qname.namespace == ATOM:
            items = root.findall(f"{{{ATOM}}}entry")
            format_name, atom, rdf, top = "atom", True, False, root
        elif qname.localname == "RDF" and qname.namespace == RDF:
            channel = root.find(f"{{{RSS10}}}channel")
            if channel is None:
                return None
            items = root.findall(f"{{{RSS10}}}item")
            format_name, atom, rdf, top = "rdf", False, True, channel
        else:
            return None
        feed = _feed_fields(top, reader, atom)
        if rdf:
            feed.update({k: v for k, v in _feed_fields(root, reader, False).items()})
        entries = [_read_item(item, reader, atom, rdf) for item in items]
    except NotUnderstood:
        return None
    from .feed import _item  # imported here: feed imports this module

    return ParseResult(
        format=format_name,
        items=[_item(entry, feed, format_name) for entry in entries],
        warnings=warnings,
    )
