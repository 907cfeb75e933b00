"""Datelines read "{place}, {wire date} ({AGENCY}) {published date}" in the site's zone."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from wiredesk.publish.formatting import format_byline, format_date, format_dateline

PUBLISHED = datetime(2023, 10, 24, 18, 0, tzinfo=UTC)


def revision(place="Washington", wire_date="Oct 24"):
    return SimpleNamespace(dateline_place=place, dateline_date=wire_date)


def story(published=PUBLISHED, dated=PUBLISHED):
    return SimpleNamespace(published_at=published, dated_at=dated)


CASES = [
    (revision(), story(), "AFP", "UTC", "Washington, Oct 24 (AFP) Oct 24, 2023"),
    (revision(place=""), story(), "AFP", "UTC", "(AFP) Oct 24, 2023"),
    (revision(wire_date=""), story(), "AFP", "UTC", "Washington (AFP) Oct 24, 2023"),
    (revision(), story(), None, "UTC", "Washington, Oct 24 Oct 24, 2023"),
    (revision("", ""), story(), "UPI", "UTC", "(UPI) Oct 24, 2023"),
    # the published date is shown in the site's time zone
    (revision(), story(), "AFP", "Asia/Tokyo", "Washington, Oct 24 (AFP) Oct 25, 2023"),
    (revision(), story(), "AFP", "Not/AZone", "Washington, Oct 24 (AFP) Oct 24, 2023"),
    # no published date yet: the wire item's own date
    (revision(), story(published=None), "AFP", "UTC", "Washington, Oct 24 (AFP) Oct 24, 2023"),
    (
        revision("Paris", "Jan 3"),
        story(datetime(2024, 1, 3, 9, tzinfo=UTC)),
        "AFP",
        "UTC",
        "Paris, Jan 3 (AFP) Jan 3, 2024",
    ),
]


@pytest.mark.parametrize(("rev", "item", "agency", "tz", "expected"), CASES)
def test_format_dateline(rev, item, agency, tz, expected):
    assert format_dateline(rev, item, agency, tz) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [(1, "Jan 5, 2024"), (5, "May 5, 2024"), (9, "Sep 5, 2024"), (12, "Dec 5, 2024")],
)
def test_month_abbreviations_have_no_dot_and_days_no_zero(month, expected):
    assert format_date(datetime(2024, month, 5, 12, tzinfo=UTC), "UTC") == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("AFP Staff Writers", "by AFP Staff Writers"),
        ("by Staff Writers", "by Staff Writers"),
        ("", ""),
        (None, ""),
    ],
)
def test_format_byline(byline, expected):
    assert format_byline(byline) == expected
