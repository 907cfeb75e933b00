"""SQLite FTS5: the embedded default.

Migration 0002 creates ``search_fts``, an FTS5 table over ``SearchEntry`` (headline, body,
extra, tags) with the Porter stemmer, kept in step by triggers; the entry's rowid is the story
id. The reader's words are matched in the text columns and the filter tags in the tags column,
so FTS5 itself narrows a search to the site (section, agency, months). The newest
``RANK_WINDOW`` matches are ranked with ``bm25()`` (a headline hit weighs ten times a body hit),
their embargo and expiry checked in the ``search_entry_filters`` index (migration 0003), and
the page's stories shown with ``highlight()`` and ``snippet()``.
"""

from __future__ import annotations

import sqlite3

from django.db import connection

from .. import tags
from ..highlight import ELLIPSIS, START, STOP
from ..models import SearchEntry
from .database import DatabaseSearchBackend

FTS_TABLE = "search_fts"
TEXT_COLUMNS = ("headline", "body", "extra")
# bm25 weights of the FTS5 columns: headline, body, extra, tags (tags never rank)
WEIGHTS = (10.0, 1.0, 3.0, 0.0)
SNIPPET_TOKENS = 32
# the entries (as e) with their filter columns read from the search_entry_filters index
ENTRIES = f"{SearchEntry._meta.db_table} e INDEXED BY search_entry_filters"
RANK_WINDOW = 1000  # OPTIONS["RANK_WINDOW"]: how many of the newest matches bm25() ranks


class SQLiteSearchBackend(DatabaseSearchBackend):
    label = "sqlite-fts5"
    vendor = "sqlite"

    @property
    def rank_window(self) -> int:
        return max(1, int(self.options.get("RANK_WINDOW", RANK_WINDOW)))

    def _ranked(self, query, filters, order, limit, offset):
        required, months = self.filter_tags(filters)
        where, params = self.filter_sql(filters, with_tags=False)
        match = self.match(query, required, months)
        weights = ", ".join(str(w) for w in WEIGHTS)
        if order == "newest":
            ordering = "published_at DESC, story_id DESC"
        else:
            ordering = "score, published_at DESC, story_id DESC"
        # One pass over the full-text index: rank the newest RANK_WINDOW matches only (FTS5
        # reads its index in rowid order and stops there, which bounds the bm25() work of a
        # very common word; bm25() must run in the query that reads the FTS5 table, hence
        # the CTE), keep those visible now (their conditions read from the
        # search_entry_filters index, not from the entries' long rows), and return one page
        # after a first row that says how many matched (k = 0): in the window, and visible.
        # When the window holds every match, that is the total, and no second pass counts.
        rows = self.fetch(
            f"WITH f AS MATERIALIZED (SELECT rowid AS id, "
            f"bm25({FTS_TABLE}, {weights}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY rowid DESC LIMIT %s), "
            f"w AS MATERIALIZED (SELECT e.story_id, f.score, e.published_at FROM f "
            f"JOIN {ENTRIES} ON e.story_id = f.id WHERE {where}) "
            f"SELECT 0 AS k, (SELECT count(*) FROM f), (SELECT count(*) FROM w) "
            f"UNION ALL SELECT * FROM (SELECT row_number() OVER (ORDER BY {ordering}), "
            f"story_id, score FROM w ORDER BY {ordering} LIMIT %s OFFSET %s) ORDER BY k",
            [match, self.rank_window, *params, limit, offset],
        )
        in_window, visible = rows[0][1], rows[0][2]
        if in_window < self.rank_window:
            total = visible  # the window holds every match
        else:
            joined = (
                f"FROM {FTS_TABLE} JOIN {ENTRIES} "
                f"ON e.story_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND {where}"
            )
            total = self._total(query, filters, required, months, joined, params)
        # bm25() is lower for better matches; report higher-is-better like PostgreSQL
        return total, [(story_id, -score) for _, story_id, score in rows[1:]]

    def _total(self, query, filters, required, months, joined, params) -> int:
        """How many entries match and are visible now, up to ``counted()``: counted in the
        full-text index alone, less the ``timed`` ones whose embargo or expiry hides them now
        (a date range is checked exactly, on the entries its month tags leave). FTS5 stops
        reading a word's list where the count stops."""
        limit = self.counted()
        if filters.date_from is not None or filters.date_to is not None:
            return self.count(joined, [self.match(query, required, months), *params], limit)
        where, where_params = self.filter_sql(filters, with_tags=False)
        hidden = self.count(
            f"FROM {FTS_TABLE} JOIN {ENTRIES} ON e.story_id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND NOT ({where})",
            [self.match(query, [*required, tags.TIMED], months), *where_params],
        )
        everything = self.count(
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self.match(query, required, months)],
            None if limit is None else limit + hidden,
        )
        return everything - hidden

    def _snippets(self, query, story_ids):
        if not story_ids:
            return {}
        marks = ", ".join(["%s"] * len(story_ids))
        rows = self.fetch(
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "
            f"snippet({FTS_TABLE}, 1, %s, %s, %s, {SNIPPET_TOKENS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
            [START, STOP, START, STOP, ELLIPSIS, self.match(query), *story_ids],
        )
        return {story_id: (headline, snippet) for story_id, headline, snippet in rows}

    @staticmethod
    def match(query, required=(), months=()) -> str:
        """The MATCH expression: the reader's words in the text columns only, and the filter
        tags in the tags column (all of ``required``, one of ``months``)."""
        expression = f"{{{' '.join(TEXT_COLUMNS)}}} : ({query.to_fts5()})"
        wanted = list(required)
        if months:
            wanted.append("(" + " OR ".join(months) + ")")
        if wanted:
            expression += f" AND tags : ({' AND '.join(wanted)})"
        return expression

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")

    def check(self) -> list[str]:
        problems = super().check()
        if not problems and not _has_fts5():
            problems.append("this SQLite has no FTS5: search needs an SQLite built with it")
        return problems


def _has_fts5() -> bool:
    """Whether the SQLite library Python uses was built with FTS5 (asked of an in-memory
    database, so that system checks need no database connection)."""
    probe = sqlite3.connect(":memory:")
    try:
        return any("FTS5" in row[0] for row in probe.execute("PRAGMA compile_options"))
    finally:
        probe.close()
