"""Cheap looks at the first bytes of a document: text encoding, XML root element, JSON.

Detection is by content, never by file name. Everything here works on a bounded head of
the document, never raises, and never builds a full parse tree.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

HEAD_BYTES = 16_384
"""How much of a document the sniffers see."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# First bytes of "<?" in encodings that have no byte-order mark.
_NO_BOM: tuple[tuple[bytes, str], ...] = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00?\x00", "utf-16-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # "<?xm" in EBCDIC
)
_NAME_START = re.compile(r"<([A-Za-z_][\w.:-]*)")
_HTML_TAGS = frozenset(
    "html head body div p span a img table ul ol li h1 h2 h3 h4 h5 h6 br section article "
    "header footer nav main figure blockquote pre form iframe script style meta link title "
    "b i em strong".split()
)


def byte_encoding(data: bytes) -> tuple[str, int]:
    """Return (codec, bytes to skip) from a byte-order mark or the shape of the first bytes.

    Falls back to ``("", 0)`` when the bytes look ASCII-compatible (UTF-8, Latin-1, ...).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    for start, codec in _NO_BOM:
        if data.startswith(start):
            return codec, 0
    return "", 0


def decode_text(data: bytes) -> str:
    """Decode a document (or its head) well enough to look at its markup.

    Uses the byte-order mark or the shape of the first bytes (UTF-16/32, EBCDIC); anything
    else is ASCII-compatible for markup purposes and is read as Latin-1, which never fails.
    """
    codec, skip = byte_encoding(data)
    if codec:
        return data[skip:].decode(codec, errors="replace")
    return data.decode("latin-1")


def skip_prolog(text: str, start: int = 0) -> int:
    """Index of the first character after the XML prolog (declaration, comments, PIs,
    DOCTYPE), or -1 when the prolog does not end inside ``text``."""
    i = start
    n = len(text)
    while True:
        while i < n and text[i] in " \t\r\n\ufeff":
            i += 1
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return -1
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return -1
            i = end + 3
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            end = doctype_end(text, i)
            if end < 0:
                return -1
            i = end
        else:
            return i


def doctype_end(text: str, start: int) -> int:
    """Index just past the DOCTYPE declaration starting at ``start`` (-1 if unterminated).

    Quoted strings are skipped, and an internal subset ``[...]`` is honoured.
    """
    internal_subset = doctype_subset(text, start)
    i = start + 9
    if internal_subset is not None:
        i = internal_subset[1]
    n = len(text)
    quote = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return i + 1
        i += 1
    return -1


def doctype_subset(text: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the internal subset of the DOCTYPE at ``start``, or None if it has
    none. An unterminated subset runs to the end of the text."""
    i = start + 9
    n = len(text)
    quote = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return None
        elif ch == "[":
            return i, _subset_end(text, i + 1)
        i += 1
    return None


def _subset_end(text: str, i: int) -> int:
    n = len(text)
    quote = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return n
            i = end + 3
            continue
        elif ch == "]":
            return i + 1
        i += 1
    return n


@dataclass(frozen=True)
class RootElement:
    """The first element of an XML-looking document, as seen in its head."""

    name: str  # qualified name as written, e.g. "rdf:RDF"
    start_tag: str  # the start tag text (attributes included), possibly truncated

    @property
    def local(self) -> str:
        """The name without its prefix."""
        return self.name.rpartition(":")[2]

    @property
    def prefix(self) -> str:
        """The prefix of the name ("" if none)."""
        return self.name.rpartition(":")[0]

    @property
    def namespace(self) -> str:
        """The namespace URI bound to the root's prefix in the start tag ("" if none)."""
        attr = f"xmlns:{self.prefix}" if self.prefix else "xmlns"
        match = re.search(rf"""\s{re.escape(attr)}\s*=\s*["']([^"']*)["']""", self.start_tag)
        return match.group(1).strip() if match else ""


def root_element(head: bytes) -> RootElement | None:
    """The root element of an XML-looking head, or None (JSON, text, truncated prolog)."""
    text = decode_text(head[:HEAD_BYTES])
    i = skip_prolog(text)
    if i < 0:
        return None
    match = _NAME_START.match(text, i)
    if not match:
        return None
    end = text.find(">", match.end())
    start_tag = text[match.start() : end + 1 if end >= 0 else len(text)]
    return RootElement(name=match.group(1), start_tag=start_tag)


def first_text(head: bytes) -> str:
    """The head decoded, with leading whitespace and byte-order mark removed."""
    return decode_text(head[:HEAD_BYTES]).lstrip(" \t\r\n\ufeff")


def looks_like_json(head: bytes) -> bool:
    """True if the document starts like a JSON object or array."""
    return first_text(head)[:1] in ("{", "[")


def html_kind(head: bytes) -> str:
    """ "page" for an HTML page, "fragment" for a bare HTML fragment, "" otherwise."""
    text = first_text(head)
    if re.match(r"<!doctype\s+html", text, re.IGNORECASE):
        return "page"
    root = root_element(head)
    if root is None:
        if re.match(r"<(html|head|body)[\s>]", text, re.IGNORECASE):
            return "page"
        return ""
    local = root.local.lower()
    if local in ("html", "head", "body"):
        return "page"
    if local in _HTML_TAGS and root.name == root.name.lower():
        return "fragment"
    return ""
