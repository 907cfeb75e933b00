"""Article pages of sites that have no feed, read with trafilatura.

A source configured with ``format = "html"`` hands its fetched page here through the format
hint (``parse_bytes(data, hint="html")``). Detection by content never picks this parser:
:func:`sniff` is always false, so an HTML page served at a feed URL still fails as
"not a feed: an HTML page" instead of becoming a story.

One page gives one :class:`ParsedItem`: trafilatura finds the main text (no comments, no
navigation or other boilerplate) and the page's metadata. Its XML body is rebuilt here as
plain HTML: paragraphs, headings, lists, block quotes, tables, bold/italic and line breaks,
every piece of text escaped, nothing else. trafilatura only ever sees a decoded string, so it
fetches nothing.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from ..normalize.dates import to_utc
from ..normalize.sanitize import html_to_text
from .base import ParsedItem, ParseResult, failed
from .sniffing import byte_encoding
from .textutil import clean, dedupe, fallback_id, first_sentence, plain_line

NAME = "html"
name = NAME  # registry protocol: parsers have a "name"

MAX_HTML_BYTES = 5 * 1024 * 1024
"""Pages larger than this are not extracted (the registry's own cap is larger)."""
MAX_ELEMENTS = 60_000
"""trafilatura's tree-size limit: an extracted body with more elements than this, even after
trafilatura has dropped its formatting, is given up."""
MAX_KEYWORDS = 30
MIN_TEXT_CHARS = 50
"""Less article text than this (a lone menu link, a cookie notice) counts as none."""
NO_ARTICLE = "no article text found in the HTML page"

# Extraction settings, chosen on the article-extraction benchmark (docs/html-sources.md).
EXTRACTION: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_formatting": True,
    "include_links": False,
    "include_images": False,
    "favor_precision": True,
    "favor_recall": False,
    "deduplicate": False,
}
# htmldate: prefer the original publication date, and keep its time and offset.
DATE_PARAMS: dict[str, Any] = {
    "original_date": True,
    "extensive_search": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
_HTML_LANG = re.compile(
    r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""",
    re.IGNORECASE,
)
_META_LANG = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]+content\s*=\s*["']?"""
    r"""([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""",
    re.IGNORECASE,
)
# What HTML means by these labels (the WHATWG encoding standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_HEAD_SCAN = 4096

_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_EMPHASIS = {"#b": "strong", "#i": "em"}
_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "code", "div", "item", "row", "cell"})


# --------------------------------------------------------------------------- registry


def sniff(head: bytes) -> bool:
    """Never: an HTML page is parsed as an article only when its source says so."""
    return False


def parse(data: bytes) -> ParseResult:
    """One article from an HTML page; never raises."""
    try:
        return _parse(data)
    except Exception as error:  # the contract is "never raises"
        reason = " ".join(str(error).split())[:200]
        return failed(f"html parser error: {error.__class__.__name__}: {reason}", NAME)


# --------------------------------------------------------------------------- decoding


def _codec(label: bytes | str) -> str:
    """A Python codec name for a charset label, or "" when Python has none."""
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return ""
    # A page that says UTF-16 in a <meta> is readable ASCII, so it is not UTF-16.
    return "utf-8" if codec.startswith("utf-16") or codec.startswith("utf-32") else codec


def declared_charset(data: bytes) -> str:
    """The codec a page declares in its XML declaration or a ``<meta>``, else ""."""
    head = data[:_HEAD_SCAN]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            codec = _codec(match.group(1))
            if codec:
                return codec
    return ""


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """The page as text, and what was off about its encoding.

    Order: byte-order mark; the declared charset; UTF-8; the declared charset with
    replacement characters; a guess by charset-normalizer; Windows-1252.
    """
    codec, skip = byte_encoding(data)
    if codec:
        return data[skip:].decode(codec, errors="replace"), []
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, [f"the page is not in its declared charset {declared}"] if declared else []
    if declared:
        warning = f"bytes invalid in the declared charset {declared} were replaced"
        return data.decode(declared, errors="replace"), [warning]
    guess = _guess_codec(data)
    if guess:
        return data.decode(guess, errors="replace"), [f"charset guessed as {guess}"]
    return data.decode("cp1252", errors="replace"), ["charset unknown; read as windows-1252"]


def _guess_codec(data: bytes) -> str:
    """charset-normalizer's guess; among equally good guesses, Windows-1252 (the web's
    default for undeclared pages) wins."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - trafilatura depends on it
        return ""
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return ""
    score = (best.chaos, best.coherence)
    if any(m.encoding == "cp1252" and (m.chaos, m.coherence) == score for m in matches):
        return "cp1252"
    return _codec(best.encoding)


# --------------------------------------------------------------------------- extraction


def _config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_HTML_BYTES * 4))
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_ELEMENTS))
    config.set("DEFAULT", "EXTERNAL_URLS", "off")
    # trafilatura logs every page it finds no text in at ERROR; the result says so instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    return config


_CONFIG = None


def extract(text: str, **overrides: Any):
    """trafilatura's document (body tree and metadata) for decoded page text, or None."""
    global _CONFIG
    from trafilatura import bare_extraction

    if _CONFIG is None:
        _CONFIG = _config()
    settings = {**EXTRACTION, **overrides}
    return bare_extraction(
        text,
        with_metadata=True,
        output_format="python",
        date_extraction_params=dict(DATE_PARAMS),
        config=_CONFIG,
        **settings,
    )


def _parse(data: bytes) -> ParseResult:
    if len(data) > MAX_HTML_BYTES:
        return failed(
            f"HTML page too large: {len(data):,} bytes (the limit is {MAX_HTML_BYTES:,})", NAME
        )
    text, warnings = decode_html(bytes(data))
    if not text.strip():
        return failed(NO_ARTICLE, NAME)
    document = extract(text)
    body = _field(document, "body")
    headline = plain_line(_text_field(document, "title"))
    body_html = body_to_html(body, headline) if body is not None else ""
    if len(_plain_body(body_html)) < MIN_TEXT_CHARS:
        return failed(NO_ARTICLE, NAME)
    item = _item(document, text, body_html, headline)
    return ParseResult(format=NAME, items=[item], warnings=warnings)


def _field(document: Any, key: str) -> Any:
    """A field of trafilatura's result (an object in 2.x, a dict with ``as_dict``)."""
    if document is None:
        return None
    if isinstance(document, dict):
        return document.get(key)
    return getattr(document, key, None)


def _text_field(document: Any, key: str) -> str:
    value = _field(document, key)
    return value if isinstance(value, str) else ""


def _http_url(value: object) -> str:
    url = clean(value if isinstance(value, str) else "")
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def page_language(text: str) -> str:
    """The language the page declares (``<html lang>`` or Content-Language), lower case."""
    head = text[:65_536]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).replace("_", "-").lower() if match else ""


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _item(document: Any, text: str, body_html: str, headline: str) -> ParsedItem:
    link = _http_url(_text_field(document, "url"))
    date = _text_field(document, "date")
    if not headline:
        headline = first_sentence(_plain_body(body_html))
    keywords = dedupe(_strings(_field(document, "categories")) + _strings(_field(document, "tags")))
    sitename = plain_line(_text_field(document, "sitename"))
    byline = plain_line(_text_field(document, "author")).replace("; ", ", ")
    if link:
        external_id = link
    elif headline or date:
        external_id = fallback_id(headline, date)
    else:
        external_id = fallback_id(body_html)
    return ParsedItem(
        external_id=external_id,
        headline=headline,
        body_html=body_html,
        summary=plain_line(_text_field(document, "description")),
        link=link,
        byline=byline,
        agency=sitename or clean(_text_field(document, "hostname")),
        published=to_utc(date) if date else None,
        language=page_language(text) or clean(_text_field(document, "language")),
        keywords=keywords[:MAX_KEYWORDS],
        format=NAME,
    )


# --------------------------------------------------------------------------- body


def _esc(value: str | None) -> str:
    return html.escape(value or "", quote=False)


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def _inline(element) -> str:
    """The escaped inline HTML inside ``element`` (its text and children, not its tail)."""
    return _esc(element.text) + "".join(_piece(child) for child in element)


def _piece(element) -> str:
    """One child element as inline HTML, followed by its tail text."""
    tag = _tag(element)
    if tag == "lb":
        out = "<br>"
    elif tag == "hi" and element.get("rend") in _EMPHASIS:
        inner = _inline(element)
        wrap = _EMPHASIS[element.get("rend")]
        out = f"<{wrap}>{inner}</{wrap}>" if inner.strip() else inner
    elif tag == "graphic" or not tag:
        out = ""
    elif tag in _BLOCKS:
        out = " " + _inline(element) + " "
    else:
        out = _inline(element)
    return out + _esc(element.tail)


def _trim(inline: str) -> str:
    """Inline HTML with whitespace collapsed and leading/trailing ``<br>`` removed."""
    inline = " ".join(inline.split())
    inline = _EDGE_BREAKS.sub("", inline)
    return inline.strip()


_EDGE_BREAKS = re.compile(r"^(?:\s*<br>\s*)+|(?:\s*<br>\s*)+$")
_TAGS = re.compile(r"<[^>]+>")


def _visible(inline: str) -> bool:
    return bool(_TAGS.sub("", inline).strip())


def _paragraph(inline: str, tag: str = "p") -> str:
    inline = _trim(inline)
    return f"<{tag}>{inline}</{tag}>" if _visible(inline) else ""


def _list(element) -> str:
    tag = "ol" if element.get("rend") == "ol" else "ul"
    items = []
    for child in element:
        if _tag(child) != "item":
            continue
        text = _esc(child.text)
        nested = []
        for sub in child:
            if _tag(sub) == "list":
                nested.append(_list(sub))
                text += _esc(sub.tail)
            else:
                text += _piece(sub)
        inner = _trim(text) + "".join(nested)
        if _visible(inner):
            items.append(f"<li>{inner}</li>")
    return f"<{tag}>{''.join(items)}</{tag}>" if items else ""


def _table(element) -> str:
    rows = []
    for row in element.iter("row"):
        cells = []
        for cell in row:
            if _tag(cell) != "cell":
                continue
            tag = "th" if cell.get("role") == "head" else "td"
            cells.append(f"<{tag}>{_trim(_inline(cell))}</{tag}>")
        if any(_visible(c) for c in cells):
            rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table><tbody>" + "".join(rows) + "</tbody></table>" if rows else ""


def _block(element) -> list[str]:
    """HTML blocks for one block element of trafilatura's XML."""
    tag = _tag(element)
    if tag == "p":
        return [_paragraph(_inline(element))]
    if tag == "head":
        return [_paragraph(_inline(element), _HEADINGS.get(element.get("rend", ""), "h3"))]
    if tag == "list":
        return [_list(element)]
    if tag == "table":
        return [_table(element)]
    if tag == "quote":
        inner = _blocks(element)
        return ["<blockquote>" + "".join(inner) + "</blockquote>"] if inner else []
    if tag == "code":
        lines = str(element.xpath("string()") or "").split("\n")
        return [_paragraph("<br>".join(_esc(line) for line in lines))]
    return _blocks(element)


def _blocks(element) -> list[str]:
    """Blocks inside a container (body, div, quote); loose text becomes paragraphs."""
    out: list[str] = []
    loose: list[str] = [_esc(element.text)]
    for child in element:
        if _tag(child) in _BLOCKS:
            out.append(_paragraph("".join(loose)))
            loose = [_esc(child.tail)]
            out.extend(_block(child))
        else:
            loose.append(_piece(child))
    out.append(_paragraph("".join(loose)))
    return [block for block in out if block]


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def body_to_html(body, headline: str = "") -> str:
    """trafilatura's XML body as simple HTML, one block per line; a first heading that
    repeats the headline is dropped (the headline is shown on its own)."""
    blocks = _blocks(body) if body is not None else []
    if blocks and headline and blocks[0].startswith(("<h2>", "<h3>", "<h4>")):
        if _same(plain_line(blocks[0]), headline):
            blocks = blocks[1:]
    return "\n".join(blocks)


def _plain_body(body_html: str) -> str:
    return html_to_text(body_html)
