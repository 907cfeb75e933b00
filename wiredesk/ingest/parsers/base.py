"""The one shape every parser returns: :class:`ParsedItem` inside a :class:`ParseResult`.

Parsers turn the bytes of one fetched document (a feed, a wire file) into plain data.
Nothing here is sanitised or stored: ``body_html`` is the agency's HTML as given, and the
ingest stage normalises, sanitises and stores it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable


@dataclass
class ParsedItem:
    """One story (text item) as found in a feed or wire document."""

    external_id: str
    headline: str
    body_html: str = ""
    summary: str = ""
    version: str = ""
    link: str = ""
    byline: str = ""
    dateline: str = ""
    place: str = ""
    agency: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    embargo_until: datetime | None = None
    language: str = ""
    subjects: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    urgency: int | None = None
    rights: str = ""
    media: list[dict] = field(default_factory=list)
    format: str = ""
    # Publication status as the format states it ("usable", "withheld", "canceled"), "" if
    # the format has none. A "canceled" NewsML-G2/ninjs item is the agency's kill notice.
    status: str = ""
    # The URL relative links in ``body_html`` are relative to, when the document says
    # (Atom/RSS ``xml:base``); "" means the item's own link.
    base_url: str = ""


BASE_KEY = "wiredesk_base"
"""The key of a feed entry's content detail that carries its xml:base (fast path only)."""


@dataclass
class ParseResult:
    """What a parser made of one document.

    ``failure`` is non-empty only when nothing could be parsed at all; ``warnings`` lists
    what was off in a document that was parsed anyway (feedparser's "bozo" reasons).
    """

    format: str
    items: list[ParsedItem]
    warnings: list[str] = field(default_factory=list)
    failure: str = ""

    @property
    def ok(self) -> bool:
        """True when the document was understood (even if it held no items)."""
        return not self.failure


def failed(reason: str, format: str = "") -> ParseResult:
    """A result for a document that could not be parsed at all."""
    return ParseResult(format=format, items=[], warnings=[], failure=reason)


@runtime_checkable
class Parser(Protocol):
    """What the registry expects of a format: a name, a cheap sniff and a parse.

    ``sniff`` sees only the first bytes of the document (see ``registry.HEAD_BYTES``) and
    must be fast and never raise. ``parse`` gets the whole document, already checked for
    size and for entity declarations, and must never raise either.
    """

    name: str

    def sniff(self, head: bytes) -> bool: ...

    def parse(self, data: bytes) -> ParseResult: ...
