"""Every date a feed or wire gives becomes an aware UTC datetime (or None)."""

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from wiredesk.ingest.normalize.dates import to_utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-10-24T12:30:00Z", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("2024-10-24T12:30:00.250Z", datetime(2024, 10, 24, 12, 30, 0, 250000, tzinfo=UTC)),
        ("2024-10-24T14:30:00+02:00", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("2017-08-24T04:38:34+0000", datetime(2017, 8, 24, 4, 38, 34, tzinfo=UTC)),
        ("2017-10-11T10:41:00+0100", datetime(2017, 10, 11, 9, 41, tzinfo=UTC)),
        ("2018-05-30T15:14:24", datetime(2018, 5, 30, 15, 14, 24, tzinfo=UTC)),
        ("2024-10-24", datetime(2024, 10, 24, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 12:30:00 GMT", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 12:30:00 UTC", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 12:30:00 +0200", datetime(2024, 10, 24, 10, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 08:30:00 EDT", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Tue, 10 Jun 2003 04:00:00 EST", datetime(2003, 6, 10, 9, 0, tzinfo=UTC)),
        ("Sun, 06 Nov 1994 08:49:37 PST", datetime(1994, 11, 6, 16, 49, 37, tzinfo=UTC)),
        ("Sun, 06 Nov 1994 08:49:37 PDT", datetime(1994, 11, 6, 15, 49, 37, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 13:30:00 CET", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 14:30:00 CEST", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 21:30:00 JST", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 23:30:00 AEDT", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("24 Oct 2024 12:30 Z", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("October 24, 2024 8:30 AM EDT", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        ("Thu, 24 Oct 2024 12:30:00", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        (datetime(2024, 10, 24, 12, 30), datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
        (
            datetime(2024, 10, 24, 14, 30, tzinfo=timezone(timedelta(hours=2))),
            datetime(2024, 10, 24, 12, 30, tzinfo=UTC),
        ),
        (date(2024, 10, 24), datetime(2024, 10, 24, tzinfo=UTC)),
        (
            time.struct_time((2024, 10, 24, 12, 30, 0, 3, 298, 0)),
            datetime(2024, 10, 24, 12, 30, tzinfo=UTC),
        ),
        (0, datetime(1970, 1, 1, tzinfo=UTC)),
        (b"2024-10-24T12:30:00Z", datetime(2024, 10, 24, 12, 30, tzinfo=UTC)),
    ],
)
def test_to_utc(value, expected):
    result = to_utc(value)
    assert result == expected
    assert result.tzinfo is not None and result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value", [None, "", "   ", "not a date", "32 Foo 2024", "9" * 200, True, object(), 1e20, [1]]
)
def test_unreadable_dates_are_none(value):
    assert to_utc(value) is None
