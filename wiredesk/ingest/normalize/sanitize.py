"""Make outside HTML safe to publish, and turn HTML into plain text and summaries.

:func:`sanitize_html` is the only way agency HTML reaches a page: an explicit allowlist of
tags and attributes (nh3), ``http``/``https``/``mailto`` URLs only, and
``rel="noopener nofollow"`` on every link.
"""

from __future__ import annotations

import re
import threading
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    "p br a em strong b i ul ol li blockquote h2 h3 h4 figure figcaption img "
    "table caption thead tbody tfoot tr th td".split()
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"
# Tags whose content is dropped along with the tag (not merely unwrapped).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
)
_URL_ATTRIBUTES = frozenset({"href", "src"})
_NUMBER = re.compile(r"^\d{1,5}$")


def _attribute_filter(base_url: str):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        return _keep_attribute(attribute, value, base_url)

    return keep


def _keep_attribute(attribute: str, value: str, base_url: str) -> str | None:
    if attribute in _URL_ATTRIBUTES:
        return _safe_url(value, base_url)
    if attribute in ("width", "height", "colspan", "rowspan"):
        value = value.strip()
        return value if _NUMBER.match(value) else None
    return value


_ABSOLUTE_WEB = ("http://", "https://", "HTTP://", "HTTPS://")


def _safe_url(value: str, base_url: str) -> str | None:
    url = value.strip()
    if url.startswith(_ABSOLUTE_WEB):  # most URLs: the scheme is plain without parsing
        return url
    if not url:  # an empty reference is the base itself (checked like any other URL)
        if not base_url:
            return None
        url = base_url.strip()
    if url.startswith("//"):
        url = "https:" + url
    scheme = urlsplit(url).scheme.lower()
    if not scheme:
        if not base_url:
            return None  # a relative URL means nothing on another site
        url = urljoin(base_url, url)
        scheme = urlsplit(url).scheme.lower()
    return url if scheme in URL_SCHEMES else None


class _Sanitiser(threading.local):
    """One nh3 cleaner per thread, built once: building ammonia's settings for every call
    cost a seventh of sanitising. The cleaner's attribute filter resolves URLs against the
    base URL of the call in progress in its thread (nh3 runs the filter in the calling
    thread, during the call)."""

    def __init__(self) -> None:
        self.base_url = ""
        self.cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=self.keep,
            strip_comments=True,
            link_rel=LINK_REL,
            url_schemes=set(URL_SCHEMES),
        )

    def keep(self, tag: str, attribute: str, value: str) -> str | None:
        return _keep_attribute(attribute, value, self.base_url)

    def clean(self, html: str, base_url: str) -> str:
        self.base_url = base_url
        try:
            return self.cleaner.clean(html)
        finally:
            self.base_url = ""


_SANITISER = _Sanitiser()


def sanitize_html(html: str, base_url: str = "") -> str:
    """Return ``html`` reduced to the allowlist, safe to put on a page.

    Relative URLs are resolved against ``base_url`` when given, else dropped; script, style,
    iframe, object and similar elements are removed with their content; event-handler and
    style attributes never survive; links get ``rel="noopener nofollow"``.
    """
    if not html:
        return ""
    return _SANITISER.clean(html, base_url).strip()


_BLOCK_TAGS = frozenset(
    "p div section article header footer aside main nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd "
    "blockquote pre figure figcaption table caption thead tbody tfoot tr hr address "
    "body html".split()
)
_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
_CELL_TAGS = frozenset({"td", "th"})


class _TextExtractor(HTMLParser):
    """Collects text, turning block boundaries into paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        lines = [" ".join(line.split()) for line in text.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.current.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self.current.append("\n")
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
        elif tag in _CELL_TAGS:
            self.current.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.current.append(data.replace("\n", " "))

    def text(self) -> str:
        self._flush()
        return "\n\n".join(self.paragraphs)


_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""")
_NEEDS_FULL_PARSER = re.compile(r"<(?:[!?]|(?i:script|style|head|title|noscript|template)\b)")
_PARAGRAPH, _LINE = "\x00", "\x01"
_BLANK_LINE = re.compile(r"\n\s*\n")


def _tag_marker(match: re.Match) -> str:
    """What a tag leaves in the text, as :class:`_TextExtractor` treats it: a paragraph
    break for block tags, a line break for ``<br>``, a space around table cells."""
    closing, name, attributes = match.groups()
    name = name.lower()
    if name in _BLOCK_TAGS:
        return _PARAGRAPH
    if closing:
        return " " if name in _CELL_TAGS else ""
    if name == "br":
        return _LINE
    if name in _CELL_TAGS and not attributes.rstrip().endswith("/"):
        return " "
    return ""


def _fast_text(html: str) -> str | None:
    """:class:`_TextExtractor`'s result by one substitution over the tags, for the plain
    markup of sanitised bodies; None when ``html`` has anything it leaves to the full parser
    (comments, declarations, script or style content, a stray ``<``)."""
    if _PARAGRAPH in html or _LINE in html or _NEEDS_FULL_PARSER.search(html):
        return None
    marked = _TAG.sub(_tag_marker, html)
    if "<" in marked:
        return None
    text = unescape(marked).replace("\n", " ").replace(_LINE, "\n")
    return _join_blocks(text)


def _join_blocks(text: str) -> str:
    """Text split at ``\\x00`` into blocks and at ``\\n`` into lines, each line's whitespace
    collapsed, empty lines and blocks dropped, lines joined by a line break and blocks by a
    blank line. Most blocks are one line (or empty, between two block tags): those take
    one split and join, without a list of lines."""
    paragraphs = []
    for block in text.split(_PARAGRAPH):
        if "\n" in block:
            lines = [" ".join(line.split()) for line in block.split("\n")]
            paragraph = "\n".join([line for line in lines if line])
        else:
            paragraph = " ".join(block.split())
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line, ``<br>`` as a
    line break, whitespace collapsed, entities decoded, script/style content dropped."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        if "\n" not in html:  # one paragraph (most headlines and summaries)
            return " ".join(html.split())
        return "\n\n".join(" ".join(p.split()) for p in _BLANK_LINE.split(html) if p.strip())
    fast = _fast_text(html)
    if fast is not None:
        return fast
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except Exception:  # HTMLParser is lenient; this is belt and braces for hostile input
        return " ".join(re.sub(r"<[^>]*>", " ", html).split())
    return extractor.text()


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen col lt sgt capt jr sr inc ltd co corp vs etc no "
    "jan feb mar apr jun jul aug sep sept oct nov dec fla calif "
    "u.s u.k u.n e.g i.e a.m p.m".split()
)
_LAST_WORD = re.compile(r"([\w.]+)$")
_LONGEST_WORD = 40  # an abbreviation is never longer; look no further back than this
_SENTENCE_END = re.compile(r"""[.!?…][)"'’”»]*(?=\s+[\"'“‘«(\[]?[A-Z0-9ÀÁÂÄÅÆÇÉÈÊËÍÎÏÑÓÔÖØÚÜÝ])""")


def _is_abbreviation(text: str, end: int) -> bool:
    """Does the full stop at ``text[end]`` close an abbreviation or an initial?"""
    if text[end] != ".":
        return False
    word = _LAST_WORD.search(text, max(0, end - _LONGEST_WORD), end)
    if not word:
        return False
    token = word.group(1).lower()
    return len(token) == 1 or token in _ABBREVIATIONS


def sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence end in ``text`` (abbreviations are not ends)."""
    ends = []
    for match in _SENTENCE_END.finditer(text):
        if not _is_abbreviation(text, match.start()):
            ends.append(match.end())
    return ends


def summarize(text: str, max_chars: int = 300) -> str:
    """Shorten plain text to at most ``max_chars``, ending on a whole sentence if one fits
    in a reasonable share of the limit, else on a whole word followed by "…"."""
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    # a sentence end is found by what follows it: a few characters past the limit suffice
    cut = [end for end in sentence_ends(text[: max_chars + 8]) if end <= max_chars]
    if cut and cut[-1] >= max_chars * 0.4:
        return text[: cut[-1]].strip()
    room = text[: max_chars - 1]
    space = room.rfind(" ")
    if space >= max_chars * 0.5:
        room = room[:space]
    return room.rstrip(" ,;:-–—") + "…"
