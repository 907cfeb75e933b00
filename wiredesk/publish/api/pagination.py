"""Cursor pagination for story lists, newest first (pure: no Django).

A cursor names the last story of a page by its sort key, ``(published_at, dated_at, id)``,
so the next page starts right after it even when newer stories arrive in between. On the
wire it is opaque: URL-safe base64 of a small JSON array.
"""

import base64
import binascii
import json
from datetime import UTC, datetime


class BadCursor(ValueError):
    """The cursor was not made by :func:`encode_cursor` (or was altered)."""


def encode_cursor(published_at: datetime | None, dated_at: datetime, pk: int) -> str:
    values = [published_at.isoformat() if published_at else None, dated_at.isoformat(), pk]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _moment(text) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("naive time")
    return moment.astimezone(UTC)


def decode_cursor(cursor: str) -> tuple[datetime | None, datetime, int]:
    """``(published_at or None, dated_at, id)``; :class:`BadCursor` for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        published, dated, pk = json.loads(raw)
        if isinstance(pk, bool) or not isinstance(pk, int) or pk < 1:
            raise ValueError("bad id")
        return (_moment(published) if published is not None else None, _moment(dated), pk)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise BadCursor(f"not a cursor from this API: {cursor!r}") from error
