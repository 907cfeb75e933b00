"""What changed since the last export: a signature per story, compared with the manifest's.

A story's signature covers every column of the story (not its MinHash fingerprint), whether
it is live now (so an embargo ending or a licence expiring counts as a change) and its
placements. It is read with plain SQL queries (values cast to text, nothing parsed), and it
does not rely on any code remembering to touch a timestamp.

Which stories to compare: all of them (a full comparison), or, when the last run left a
cursor, only the *candidates*: the stories the database's own change log (``models.py``,
triggers on every insert, update and delete of a story or placement) names since then, and
those whose embargo ended or licence expired between the two runs (their rows did not change,
only the clock). A story that is no candidate has the row and placements it had, and the same
liveness, so its signature cannot have changed. The full comparison still runs when there is
no usable cursor, when the log may have been pruned past it, when the candidates are many,
and once a day whatever happens.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from wiredesk.routing.models import Placement
from wiredesk.stories.models import Story

from .models import StoryChange
from .targets import sitemap_keys

SKIPPED = {"fingerprint"}
UNIT = "\x1f"
IN_CHUNK = 500
# On PostgreSQL writers commit out of id order: also read the log this far back (seconds) from
# the last run. A transaction that commits later than this after it wrote is missed until the
# next full comparison (FULL_EVERY).
LOOKBACK = 15 * 60
RETENTION = 7 * 86400  # log rows older than this are deleted
FULL_EVERY = 86400  # a full comparison at least this often (seconds)
MAX_CANDIDATES = 5000  # more than this: the full comparison is as quick
DB_NOW = {
    "sqlite": "SELECT (julianday('now') - 2440587.5) * 86400.0",
    "postgresql": "SELECT extract(epoch from now())",
}


def _columns(model, skip=()):
    return [
        f.column
        for f in model._meta.concrete_fields
        if f.column not in skip and f.name not in skip and not f.primary_key
    ]


def _select(model, columns, key) -> str:
    quote = connection.ops.quote_name
    cast = ", ".join(f"CAST({quote(c)} AS TEXT)" for c in columns)
    return f"SELECT {quote(key)}, {cast} FROM {quote(model._meta.db_table)}"


def _select_joined(model, columns, key) -> tuple[str, list]:
    """One text per row, joined in the database: each column as text (empty for NULL),
    separated by ``\x1f``: the text the Python join of ``_select``'s values would make."""
    quote = connection.ops.quote_name
    parts = [f"COALESCE(CAST({quote(c)} AS TEXT), '')" for c in columns]
    joined = " || %s || ".join(parts)
    sql = f"SELECT {quote(key)}, {joined} FROM {quote(model._meta.db_table)}"
    return sql, [UNIT] * (len(parts) - 1)


def _fetch(cursor, sql, params, key, ids):
    """Rows of ``sql`` (every row, or those whose ``key`` is in ``ids``, asked in chunks)."""
    if ids is None:
        cursor.execute(sql, params)
        return cursor.fetchall()
    rows, ids = [], sorted(ids)
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(f"{sql} WHERE {connection.ops.quote_name(key)} IN ({marks})", params + chunk)
        rows += cursor.fetchall()
    return rows


def current(ids=None, now=None) -> dict[int, tuple[str, str]]:
    """``{story id: (signature, placements)}`` of every story (or of those in ``ids``);
    placements as ``site:section:state:primary;...`` text; liveness at ``now``."""
    live = Story.objects.live(now)
    if ids is not None:
        ids = list(ids)
        live = set()
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start : start + IN_CHUNK]
            live |= set(Story.objects.live(now).filter(pk__in=chunk).values_list("pk", flat=True))
    else:
        live = set(live.values_list("pk", flat=True))
    places: dict[int, list] = {}
    placement_columns = ["site_id", "section_id", "state", "is_primary"]
    with connection.cursor() as cursor:
        sql = _select(Placement, placement_columns, "story_id")
        for story, site, section, state, primary in _fetch(cursor, sql, [], "story_id", ids):
            places.setdefault(int(story), []).append(f"{site}:{section or ''}:{state}:{primary}")
        sql, params = _select_joined(Story, _columns(Story, SKIPPED), "id")
        rows = _fetch(cursor, sql, params, "id", ids)
    found = {}
    blake2b = hashlib.blake2b
    for story, text in rows:
        story = int(story)
        placed = ";".join(sorted(places.get(story, ())))
        text = f"{text}\x1e{story in live}\x1e{placed}"
        found[story] = (blake2b(text.encode(), digest_size=8).hexdigest(), placed)
    return found


# -- the change log ----------------------------------------------------------------------------


@dataclass
class Cursor:
    """Where a run left the change log: the last log id it read, the database's clock and the
    application's clock (liveness) when it read, and when it last compared every story."""

    log_id: int
    db_time: float
    now: float
    full_at: float

    def text(self) -> str:
        return f"{self.log_id} {self.db_time!r} {self.now!r} {self.full_at!r}"

    @classmethod
    def parse(cls, text: str):
        try:
            log_id, db_time, now, full_at = text.split()
            return cls(int(log_id), float(db_time), float(now), float(full_at))
        except ValueError:
            return None


def cursor_now() -> Cursor:
    """A cursor at this moment (read it before reading any story)."""
    with connection.cursor() as cursor:
        cursor.execute(DB_NOW[connection.vendor])
        db_time = float(cursor.fetchone()[0])
        cursor.execute(f"SELECT MAX(id) FROM {StoryChange._meta.db_table}")
        log_id = cursor.fetchone()[0] or 0
    now = timezone.now().timestamp()
    return Cursor(log_id=log_id, db_time=db_time, now=now, full_at=now)


def candidates(last: Cursor | None, now: Cursor) -> set[int] | None:
    """The stories whose signature may differ from the one ``last`` saw, or None when only a
    full comparison can tell (no cursor, the log pruned past it, too many, a day since)."""
    if last is None or now.now - last.full_at > FULL_EVERY:
        return None
    if now.db_time - (last.db_time - LOOKBACK) >= RETENTION:
        return None
    logged = StoryChange.objects.filter(id__gt=last.log_id, id__lte=now.log_id)
    if connection.vendor != "sqlite":  # concurrent writers: ids are not in commit order
        late = Q(at__gt=last.db_time - LOOKBACK, id__lte=now.log_id)
        logged = StoryChange.objects.filter(Q(id__gt=last.log_id, id__lte=now.log_id) | late)
    ids = set(logged.values_list("story_id", flat=True).distinct()[: MAX_CANDIDATES + 1])
    # (rows past now.log_id, written while this run reads, are the next run's to read)
    start, end = sorted((moment(last.now), moment(now.now)))
    clock = Q(embargo_until__gt=start, embargo_until__lte=end) | Q(
        expires_at__gt=start, expires_at__lte=end
    )
    ids |= set(Story.objects.filter(clock).values_list("pk", flat=True)[: MAX_CANDIDATES + 1])
    return ids if len(ids) <= MAX_CANDIDATES else None


def prune(now: Cursor) -> None:
    """Delete log rows older than ``RETENTION``."""
    StoryChange.objects.filter(at__lt=now.db_time - RETENTION).delete()


def prune_by_the_clock() -> int:
    """Delete log rows older than ``RETENTION`` by this machine's clock (the scheduler's
    housekeeping, for networks that never export); how many went."""
    deleted, _ = StoryChange.objects.filter(at__lt=time.time() - RETENTION).delete()
    return deleted


def moment(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


# -- comparing -----------------------------------------------------------------------------------


def changes(old: dict, new: dict) -> tuple[set[int], set[str]]:
    """``(changed story ids, dirty dependency keys)`` between two signature tables."""
    changed = {s for s, value in new.items() if old.get(s) != value}
    changed |= old.keys() - new.keys()
    keys = set()
    for story in changed:
        keys.add(f"story:{story}")
        sites = set()
        for value in (old.get(story), new.get(story)):
            for place in value[1].split(";") if value and value[1] else ():
                site, section, *_ = place.split(":")
                sites.add(int(site))
                keys.add(f"site:{site}")
                if section:
                    keys.add(f"section:{section}")
        keys |= sitemap_keys(sites, story)
    return changed, keys


def placed_sites(places: str) -> set[int]:
    """The sites a placements text names (any state)."""
    return {int(p.split(":")[0]) for p in places.split(";") if p} if places else set()
