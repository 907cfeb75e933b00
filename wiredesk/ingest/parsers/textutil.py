"""Small text helpers shared by the format parsers."""

from __future__ import annotations

import hashlib
import html
import re

from ..normalize.sanitize import html_to_text, summarize

_TAG = re.compile(r"<[A-Za-z!/][^>]*>")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")


def clean(text: str | None) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join((text or "").split())


def looks_like_html(text: str) -> bool:
    """True if ``text`` contains something that looks like a tag."""
    return bool(_TAG.search(text or ""))


def plain(text: str | None) -> str:
    """Plain one-paragraph-per-line text from HTML or text (entities decoded)."""
    text = text or ""
    if looks_like_html(text) or "&" in text:
        return html_to_text(text)
    return "\n\n".join(clean(p) for p in _PARAGRAPH_BREAK.split(text) if p.strip())


def plain_line(text: str | None) -> str:
    """Plain text on one line (for headlines, bylines, captions)."""
    return clean(plain(text))


def text_to_html(text: str) -> str:
    """Wrap plain text in ``<p>`` paragraphs, escaping it.

    Paragraphs are split at blank lines; wire copy without blank lines but with indented
    paragraph starts (classic agency layout) is split at the indented lines. Lines inside
    a paragraph are taken as hard wraps and joined with spaces.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    if len(paragraphs) == 1 and len(_INDENTED_LINE.findall(text)) >= 1:
        paragraphs = _INDENTED_LINE.split(text)
    out = []
    for paragraph in paragraphs:
        lines = [clean(line) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("<p>" + html.escape(" ".join(lines), quote=False) + "</p>")
    return "\n".join(out)


_BLOCK_TAG = re.compile(
    r"<(?:p|div|br|ul|ol|li|h[1-6]|blockquote|table|figure|pre|section|article|hr)\b",
    re.IGNORECASE,
)


def ensure_paragraphs(body_html: str) -> str:
    """HTML with no block-level element (e.g. "Some <b>text</b>") wrapped in ``<p>``s.

    The text is already HTML, so it is not escaped again; blank lines split paragraphs.
    """
    body_html = (body_html or "").strip()
    if not body_html or _BLOCK_TAG.search(body_html):
        return body_html
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(body_html) if p.strip()]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def first_sentence(text: str, max_chars: int = 120) -> str:
    """The first sentence of plain text, shortened to ``max_chars`` (for missing headlines)."""
    paragraph = next((p for p in (text or "").split("\n") if p.strip()), "")
    return summarize(paragraph, max_chars=max_chars) if paragraph else ""


def fallback_id(*parts: object) -> str:
    """A stable id for an item that has none: sha1 of its title and date."""
    joined = "\x1f".join(str(part or "") for part in parts)
    return "sha1:" + hashlib.sha1(joined.encode("utf-8")).hexdigest()


def dedupe(values) -> list[str]:
    """Non-empty strings, first occurrence kept, order preserved."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = clean(value if isinstance(value, str) else str(value or ""))
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def to_int(value: object) -> int | None:
    """An int from a number or numeric string, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None
