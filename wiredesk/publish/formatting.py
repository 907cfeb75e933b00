"""Dates and datelines as the network prints them: ``Washington, Oct 24 (AFP) Oct 24, 2023``.

All times are stored in UTC and shown in the site's time zone.
"""

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
UTC = ZoneInfo("UTC")


def site_zone(name: str | tzinfo | None) -> tzinfo:
    """The ``tzinfo`` for a site's time zone name, UTC when it is empty or unknown."""
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local_time(moment: datetime, tz: str | tzinfo | None) -> datetime:
    """``moment`` in the site's zone (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(site_zone(tz))


def format_date(moment: datetime | date | None, tz: str | tzinfo | None = None) -> str:
    """``Oct 24, 2023`` in the site's zone: month abbreviation without a dot, day unpadded."""
    if moment is None:
        return ""
    local = local_time(moment, tz) if isinstance(moment, datetime) else moment  # a plain date
    return f"{MONTHS[local.month - 1]} {local.day}, {local.year}"


def format_time(moment: datetime | None, tz: str | tzinfo | None = None) -> str:
    """``14:05`` in the site's zone."""
    if moment is None:
        return ""
    return f"{local_time(moment, tz):%H:%M}"


def format_dateline(revision, story, agency_key: str | None, tz: str | tzinfo | None) -> str:
    """``{place}, {wire date} ({AGENCY}) {published date}``, dropping whatever is missing.

    The wire date belongs to the place (``Washington, Oct 24``), so it is shown only with one.
    The published date is the story's ``published_at`` (else its ``dated_at``) in ``tz``.
    """
    place = (revision.dateline_place or "").strip()
    wire_date = (revision.dateline_date or "").strip()
    parts = []
    if place:
        parts.append(f"{place}, {wire_date}" if wire_date else place)
    if agency_key:
        parts.append(f"({agency_key})")
    published = format_date(story.published_at or story.dated_at, tz)
    if published:
        parts.append(published)
    return " ".join(parts)


def format_byline(byline: str | None) -> str:
    """``AFP Staff Writers`` -> ``by AFP Staff Writers``; an existing ``by`` is kept."""
    byline = (byline or "").strip()
    if not byline or byline.lower().startswith("by "):
        return byline
    return f"by {byline}"
