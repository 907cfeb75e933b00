"""Filter tags: what an entry's ``tags`` holds, and the month tags of a date range."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from wiredesk.search.tags import entry_tags, months_between


@pytest.mark.parametrize(
    ("sites", "sections", "agency", "published", "tags"),
    [
        ([7, 3], [12], 2, datetime(2026, 11, 28, tzinfo=UTC), " placed s3 s7 c12 a2 m202611 "),
        ([3, 3], [], None, None, " placed s3 "),
        ([], [], None, None, ""),
        ([], [], 5, None, " a5 "),  # not placed anywhere: no "placed"
        # the month is the UTC month: 21:00 on Nov 30 in New York is Dec 1 in UTC
        ([1], [], None, datetime(2026, 11, 30, 21, tzinfo=timezone(timedelta(hours=-5))),
         " placed s1 m202612 "),
    ],
)  # fmt: skip
def test_entry_tags(sites, sections, agency, published, tags):
    assert entry_tags(sites, sections, agency, published) == tags


def day(year, month, date):
    return datetime(year, month, date, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (day(2026, 11, 1), day(2026, 11, 15), ["m202611"]),
        (day(2026, 10, 20), day(2026, 11, 19), ["m202610", "m202611"]),
        (day(2026, 10, 20), day(2026, 11, 1), ["m202610"]),  # the end is exclusive
        (day(2025, 12, 20), day(2026, 1, 5), ["m202512", "m202601"]),
        (day(2026, 1, 1), day(2026, 7, 1), [f"m2026{m:02d}" for m in range(1, 7)]),
        (day(2026, 1, 1), day(2026, 7, 2), []),  # seven months: the dates alone filter
        (day(2026, 11, 5), day(2026, 11, 1), []),
    ],
)
def test_months_between(start, end, months):
    assert months_between(start, end) == months
