"""Turn a parsed wire item into clean, storable fields (pure Python, no Django).

This is the normalisation step of the flow: plain-text headline, sanitised body with any
leading "Place (AGENCY) -" dateline moved out of the text, dateline place and date, the agency
key, dates in UTC, a plain summary, a content hash that says whether anything changed, and a
MinHash fingerprint for near-duplicate detection.
"""

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from datasketch import MinHash
from lxml import html as lxml_html

from wiredesk.routing.rules import text_words
from wiredesk.stories import dedupe

from .normalize.agency import detect_agency
from .normalize.dateline import parse_dateline, split_body_dateline
from .normalize.sanitize import html_to_text, sanitize_html, summarize
from .parsers.base import ParsedItem

MAX_HEADLINE = 480
_FIRST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>([^<]*)")


class Rejected(ValueError):
    """The item cannot become a story; the message says why."""


@dataclass
class PreparedItem:
    external_id: str
    headline: str
    body_html: str
    body_text: str
    summary: str
    version: str
    byline: str
    place: str
    wire_date: str
    agency: str
    language: str
    subjects: list[str]
    keywords: list[str]
    urgency: int | None
    link: str
    rights: str
    media: list[dict]
    format: str
    status: str
    dated_at: datetime
    item_date: datetime
    embargo_until: datetime | None
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)
    _signature: MinHash | None = field(default=None, repr=False, compare=False)
    text_words: frozenset[str] | None = field(default=None, repr=False, compare=False)
    """The words routing's keyword rules look for, when computed ahead (worker processes)."""

    @property
    def signature(self) -> MinHash:
        """The MinHash of headline and body, built when first asked for: an item that turns
        out to be unchanged (most of a re-polled feed) never needs one."""
        if self._signature is None:
            text = f"{self.headline}\n{self.body_text}"
            tokens = dedupe.words(text)
            self._signature = dedupe.signature_of_words(tokens)
            if self.text_words is None and unicodedata.is_normalized("NFKC", text):
                # dedupe's words (of the NFKC form, lowered) are routing's (of the lowered
                # text) wherever NFKC changes nothing, nearly every text: found once
                self.text_words = text_words(self.headline, self.body_text, found=tokens)
        return self._signature

    @property
    def fingerprint(self) -> bytes:
        """The signature as stored on the story."""
        return dedupe.to_bytes(self.signature)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _strip_leading_dateline(body_html: str) -> tuple[str, object]:
    """Remove a "Place (AGENCY) -" prefix from the first paragraph; return it parsed."""
    if not body_html.strip():
        return body_html, None
    # the text a dateline would be in: the start of the first paragraph (the sanitised HTML
    # has no comments); most bodies have none, and then need no parse
    start = _FIRST_PARAGRAPH.search(body_html)
    if start is None or split_body_dateline(html.unescape(start.group(1)))[0] is None:
        return body_html, None
    fragments = lxml_html.fragments_fromstring(body_html)
    first = next((f for f in fragments if not isinstance(f, str)), None)
    if first is None or first.tag != "p" or not first.text:
        return body_html, None
    dateline, rest = split_body_dateline(first.text)
    if dateline is None:
        return body_html, None
    first.text = rest.lstrip()
    parts = [
        f if isinstance(f, str) else lxml_html.tostring(f, encoding="unicode") for f in fragments
    ]
    return "".join(parts), dateline


def content_hash(fields: dict) -> str:
    payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def prepare(
    item: ParsedItem, agencies: dict[str, list[str]], now: datetime | None = None
) -> PreparedItem:
    """Normalise ``item``. ``agencies`` maps agency keys to their aliases.

    Raises :class:`Rejected` when the item has no usable headline or identity.
    """
    now = now or datetime.now(UTC)
    headline = _one_line(html_to_text(item.headline or ""))[:MAX_HEADLINE]
    if not headline:
        raise Rejected("no headline")
    external_id = _one_line(item.external_id or "")[:500]
    if not external_id:
        raise Rejected("no identifier")

    body_source = item.body_html or (f"<p>{item.summary}</p>" if item.summary else "")
    body_html = sanitize_html(body_source, base_url=item.base_url or item.link or "")
    body_html, body_dateline = _strip_leading_dateline(body_html)
    body_text = html_to_text(body_html)

    dateline = parse_dateline(item.dateline) if item.dateline else None
    dateline = dateline or body_dateline
    place = _one_line(item.place or (dateline.place if dateline else ""))
    wire_date = dateline.date_text if dateline else ""

    agency = detect_agency(
        item.agency, dateline.agency if dateline else "", item.rights, item.byline, known=agencies
    )
    published = item.published or item.updated or now
    if published > now and not item.embargo_until:
        published = now
    summary = _one_line(html_to_text(item.summary)) if item.summary else ""
    summary = summarize(summary or body_text)

    prepared = PreparedItem(
        external_id=external_id,
        headline=headline,
        body_html=body_html,
        body_text=body_text,
        summary=summary,
        version=_one_line(item.version or "")[:64],
        byline=_one_line(html_to_text(item.byline or ""))[:300],
        place=place[:200],
        wire_date=wire_date[:40],
        agency=agency,
        language=(item.language or "").strip()[:16],
        subjects=[s for s in item.subjects if s][:50],
        keywords=[k for k in item.keywords if k][:50],
        urgency=item.urgency,
        link=item.link if item.link.startswith(("http://", "https://")) else "",
        rights=_one_line(item.rights or ""),
        media=item.media[:20],
        format=item.format,
        status=(item.status or "").lower(),
        dated_at=published,
        item_date=item.updated or published,
        embargo_until=item.embargo_until,
    )
    prepared.content_hash = content_hash(
        {
            "headline": prepared.headline,
            "body": prepared.body_html,
            "byline": prepared.byline,
            "place": prepared.place,
            "wire_date": prepared.wire_date,
            "version": prepared.version,
            "embargo": prepared.embargo_until,
            "status": prepared.status,
        }
    )
    return prepared
