"""Turn any date a feed or wire gives into a timezone-aware UTC ``datetime``.

Accepts ISO 8601 (with ``Z``, ``+hh:mm``, ``+hhmm`` or no offset), RFC 822/1123 dates with
numeric offsets or zone names (GMT, UTC, EST, EDT, PST, CET, CEST, BST, JST, AEST, ...),
``datetime``/``date`` objects, ``time.struct_time`` (as feedparser gives, in UTC) and Unix
timestamps. Values without a zone are taken as UTC. Anything unreadable gives ``None``.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

# Offsets in hours. Ambiguous abbreviations take their most common news-wire meaning
# (IST = India, CST = US Central, BST = British Summer Time).
ZONE_OFFSETS: dict[str, float] = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "IST": 5.5,
    "WEST": 1,
    "CET": 1,
    "MET": 1,
    "CEST": 2,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "GST": 4,
    "PKT": 5,
    "ICT": 7,
    "WIB": 7,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "BRT": -3,
    "ART": -3,
    "HKT": 8,
    "SGT": 8,
    "PHT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
}
_TRAILING_ZONE = re.compile(r"\s*\(?([A-Za-z]{1,5})\)?\s*$")
_COMPACT_OFFSET = re.compile(r"([T\d:.]\d)([+-]\d{2})(\d{2})$")


def _offset(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_iso(text: str) -> datetime | None:
    """Parse an ISO 8601 string (``Z`` and ``+hhmm`` offsets included); None if it is not one.

    The result is naive when the string has no offset; :func:`to_utc` makes it UTC.
    """
    candidate = text.strip()
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    candidate = _COMPACT_OFFSET.sub(r"\1\2:\3", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _from_rfc822(text: str) -> datetime | None:
    candidate = " ".join(text.split())
    zone = _TRAILING_ZONE.search(candidate)
    tz: timezone | None = None
    if zone and zone.group(1).upper() in ZONE_OFFSETS:
        tz = _offset(ZONE_OFFSETS[zone.group(1).upper()])
        candidate = candidate[: zone.start()]
    try:
        parsed = parsedate_to_datetime(candidate)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if tz is not None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed


_DATEUTIL_ZONES = {name: round(hours * 3600) for name, hours in ZONE_OFFSETS.items()}


def _from_anything(text: str) -> datetime | None:
    try:
        return dateutil_parser.parse(text, tzinfos=_DATEUTIL_ZONES)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


def parse_date_text(text: str) -> datetime | None:
    """Parse a date string (ISO 8601, RFC 822, or anything dateutil reads)."""
    text = text.strip()
    if not text or len(text) > 100:
        return None
    for attempt in (parse_iso, _from_rfc822, _from_anything):
        parsed = attempt(text)
        if parsed is not None:
            return parsed
    return None


def to_utc(value: object) -> datetime | None:
    """An aware UTC ``datetime`` for ``value``, or ``None`` if it is not a readable date."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            return _aware(value)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value, tz=UTC)
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if isinstance(value, str):
            parsed = parse_date_text(value)
            return _aware(parsed) if parsed is not None else None
    except (ValueError, OverflowError, OSError):
        return None
    return None
