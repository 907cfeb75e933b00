"""Parsers: bytes of a feed or wire document in, :class:`ParsedItem` objects out.

Pure Python (no Django). :func:`parse_bytes` detects the format by content, refuses hostile
XML, and never raises; every format is a registered parser, built-ins included::

    from wiredesk.ingest.parsers import parse_bytes

    result = parse_bytes(payload)
    if result.failure:
        ...  # one-line reason, nothing parsed
    for item in result.items:
        ...

Built-in formats: "rss", "atom", "rdf" (feedparser), "jsonfeed", "newsml-g2", "ninjs",
"newsml-1.2", "nitf", "iptc7901", "anpa1312", and "html" (article pages, chosen only by a
source's format hint: an HTML page is never taken for a feed by content).
"""

from . import anpa, feed, html_article, iptc7901, jsonfeed, newsml12, newsml_g2, ninjs, nitf
from .base import ParsedItem, ParseResult
from .registry import PARSERS, detect_format, parse_bytes, register, unregister
from .safexml import MAX_DOCUMENT_BYTES

for _parser in (feed.RSS, feed.ATOM, feed.RDF, newsml_g2, jsonfeed, ninjs):
    register(_parser, replace=True)
for _parser in (newsml12, nitf, iptc7901, anpa, html_article):
    register(_parser, replace=True)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "PARSERS",
    "ParsedItem",
    "ParseResult",
    "detect_format",
    "parse_bytes",
    "register",
    "unregister",
]
