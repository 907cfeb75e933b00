"""Cursors round-trip the sort key they name, and anything else is refused as a bad cursor."""

import base64
from datetime import UTC, datetime, timedelta, timezone

import pytest

from wiredesk.publish.api.pagination import BadCursor, decode_cursor, encode_cursor

MOMENT = datetime(2026, 11, 28, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("published", "dated", "pk"),
    [
        (MOMENT, MOMENT - timedelta(hours=2), 1),
        (None, MOMENT, 42),
        (MOMENT.astimezone(timezone(timedelta(hours=-5))), MOMENT, 10**12),
    ],
)
def test_cursor_round_trips(published, dated, pk):
    cursor = encode_cursor(published, dated, pk)
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor
    assert decode_cursor(cursor) == (published, dated, pk)


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "!!!",
        "not-a-cursor",
        b64("[1,2,3]"),
        b64('{"a": 1}'),
        b64('[null, "2026-11-28T09:00:00+00:00"]'),
        b64('[null, "2026-11-28T09:00:00", 5]'),  # no offset
        b64('[null, "2026-11-28T09:00:00+00:00", 0]'),
        b64('[null, "2026-11-28T09:00:00+00:00", true]'),
        b64('[null, "2026-11-28T09:00:00+00:00", "5"]'),
        b64('["yesterday", "2026-11-28T09:00:00+00:00", 5]'),
        base64.urlsafe_b64encode(b"\xff\xfe\x00").decode(),
    ],
)
def test_anything_else_is_a_bad_cursor(cursor):
    with pytest.raises(BadCursor):
        decode_cursor(cursor)
