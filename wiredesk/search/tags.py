"""Filter tags: the sites, sections, agency and month of a story as words of the index.

An entry's ``tags`` column holds them, space-separated (`` placed s3 s7 c12 a2 m202611 timed ``), so
that the full-text index itself narrows a search to a site, section, agency or months before
anything is ranked (FTS5 intersects the word lists; PostgreSQL reads a GIN index on the array
of tags). Exact conditions (dates, embargo, expiry) are checked on the rows that remain.
Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

PLACED = "placed"  # published on at least one site
TIMED = "timed"  # has an embargo or an expiry time: queries check those times exactly
MAX_MONTHS = 6  # longer date ranges are filtered by date alone


def site_tag(pk: int) -> str:
    return f"s{pk}"


def section_tag(pk: int) -> str:
    return f"c{pk}"


def agency_tag(pk: int) -> str:
    return f"a{pk}"


def month_tag(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"m{moment.year:04d}{moment.month:02d}"


def entry_tags(
    sites: Iterable[int],
    sections: Iterable[int],
    agency: int | None,
    published: datetime | None,
    timed: bool = False,
) -> str:
    """The ``tags`` value of an entry, with a space at each end."""
    sites = sorted(set(sites))
    tags = [PLACED] if sites else []
    tags += [site_tag(pk) for pk in sites]
    tags += [section_tag(pk) for pk in sorted(set(sections))]
    if agency is not None:
        tags.append(agency_tag(agency))
    if published is not None:
        tags.append(month_tag(published))
    if timed:
        tags.append(TIMED)
    return f" {' '.join(tags)} " if tags else ""


def months_between(start: datetime, end: datetime) -> list[str]:
    """Month tags (UTC) from ``start`` to just before ``end``; empty when that spans more than
    ``MAX_MONTHS`` months or nothing at all (then the dates alone filter)."""
    first = start.astimezone(UTC)
    last = (end - timedelta(microseconds=1)).astimezone(UTC)
    first_n = first.year * 12 + first.month - 1
    last_n = last.year * 12 + last.month - 1
    if last_n < first_n or last_n - first_n + 1 > MAX_MONTHS:
        return []
    return [f"m{n // 12:04d}{n % 12 + 1:02d}" for n in range(first_n, last_n + 1)]
