"""PostgreSQL full-text search: for networks on PostgreSQL.

Migration 0002 adds two stored generated ``tsvector`` columns to ``SearchEntry`` with the
``english`` configuration: ``document``, the headline (weight A), body (B) and extra (C), with a
GIN index, which finds the matches; and ``rank_document``, the headline (A) and the lead, the
body's first 600 characters (B), which ranks them with ``ts_rank``. Ranking on the short vector
keeps it inline, so ranking thousands of matches reads no TOASTed document; news copy puts what
matters in the headline and the lead, and matches elsewhere rank by date. Readers' queries go
through ``websearch_to_tsquery`` (rebuilt from the parsed query, so it never raises) and are
shown with ``ts_headline``.

Migration 0004 puts ``document`` and the filter tags in one GIN index, so that a word and the
site's tag are intersected in one index scan. It also holds each entry's id bucket (``n97``:
ids 97,000 to 97,999), so that a very common word's newest matches are looked for among the
newest stories first: when the planner expects many times more matches than the ranking
window, a first step reads only the rows of the newest buckets that should hold the window
twice over, and a second step over the older ids runs only when the first found too few. A
word in nearly every story is then read in a thousand or two table rows instead of every row
of the site; other words are read in one step, as before.
"""

from __future__ import annotations

from ..highlight import ELLIPSIS, START, STOP
from ..models import SearchEntry
from .database import DatabaseSearchBackend

CONFIG = "english"  # must match the configuration in migration 0002
RANK_WINDOW = 1000  # OPTIONS["RANK_WINDOW"]: how many of the newest matches ts_rank() ranks
MATCH_INDEX = "search_searchentry_match"  # migration 0004
BUCKET_IDS = 1000  # story ids per bucket tag (the index expression of migration 0004)
STAGED_FROM = 3  # words expected this many times the rank window on the site: newest ids first
MARGIN = 2  # read enough of the newest ids to hold the rank window this many times over


def tags_array(entry: str) -> str:
    """The second column of the search_searchentry_match GIN index (migration 0004): the
    filter tags and the id bucket."""
    return (
        f"(string_to_array(btrim({entry}.tags), ' ') || "
        f"('n' || ({entry}.story_id / {BUCKET_IDS})::text))"
    )


HEADLINE_OPTIONS = f'HighlightAll=true, StartSel="{START}", StopSel="{STOP}"'
SNIPPET_OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=35, MinWords=15, MaxFragments=2, '
    f'FragmentDelimiter=" {ELLIPSIS} "'
)


class PostgresSearchBackend(DatabaseSearchBackend):
    label = "postgresql-fts"
    vendor = "postgresql"

    @property
    def rank_window(self) -> int:
        return max(1, int(self.options.get("RANK_WINDOW", RANK_WINDOW)))

    def _ranked(self, query, filters, order, limit, offset):
        where, params = self.filter_sql(filters)
        head = [CONFIG, query.to_websearch()]
        if order == "newest":
            ordering = "published_at DESC NULLS LAST, story_id DESC"
        else:
            ordering = "score DESC, published_at DESC NULLS LAST, story_id DESC"
        window = self.rank_window
        # a date range narrows the search to its own stories, rarely the newest ids
        dated = filters.date_from is not None or filters.date_to is not None
        steps, step_params = self._newest_first(head, where, params, window + 1, not dated)
        # the newest RANK_WINDOW matches and one more (which tells whether there are more),
        # newest stories first (each step runs only if the earlier ones found too few), then
        # ts_rank() on the window only; no count of every match
        fetch = self._fetch_in_order if " UNION ALL " in steps else self.fetch
        rows = fetch(
            f"WITH q AS (SELECT websearch_to_tsquery(%s::regconfig, %s) AS q), "
            f"candidates AS (SELECT * FROM ({steps}) s LIMIT %s), "
            f"numbered AS (SELECT c.*, row_number() OVER (ORDER BY c.story_id DESC) AS n, "
            f"count(*) OVER () AS found FROM candidates c) "
            f"SELECT story_id, ts_rank(rank_document, q.q) AS score, found "
            f"FROM numbered, q WHERE n <= %s ORDER BY {ordering} LIMIT %s OFFSET %s",
            [*head, *step_params, window + 1, window, limit, offset],
        )
        found = rows[0][2] if rows else None
        limit_count = self.counted()
        if found is not None and found <= window:
            total = found  # every match is in the window
        elif found is not None and limit_count is not None and window >= limit_count - 1:
            total = limit_count  # more than the window, which reaches the count limit
        elif found is not None or offset:  # a small window, or a page past the last one
            total = self.count(
                f"FROM websearch_to_tsquery(%s::regconfig, %s) q, "
                f"{SearchEntry._meta.db_table} e WHERE e.document @@ q AND {where}",
                [*head, *params],
                limit_count,
            )
        else:
            total = 0
        return total, [(story_id, float(score)) for story_id, score, _ in rows]

    @staticmethod
    def _fetch_in_order(sql: str, params: list) -> list[tuple]:
        """Run a query whose ``UNION ALL`` steps must run in order with no parallel workers:
        a plain Append runs its children one after the other (and stops once the LIMIT is
        met), a parallel plan could hand rows of the second step over before the first's."""
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _newest_first(self, head, where, params, wanted, staged=True):
        """SQL for the newest ``wanted`` matches, newest first: one step over every match,
        or, for a very common word, a UNION ALL of the newest id buckets, where it is expected
        ``MARGIN`` times over, and then the older ids (PostgreSQL runs that second step only
        when the first found too few: a plain Append runs its steps in order, and
        :meth:`_fetch_in_order` keeps the plan from going parallel)."""
        select = (
            f"(SELECT e.story_id, e.published_at, e.rank_document "
            f"FROM q, {SearchEntry._meta.db_table} e WHERE e.document @@ q.q AND {where} "
        )
        last = "ORDER BY e.story_id DESC LIMIT %s)"
        buckets = self._newest_buckets(head, where, params, wanted) if staged else []
        if not buckets:
            return f"{select}{last}", [*params, wanted]
        oldest = int(buckets[-1][1:])
        return (
            f"{select}AND {tags_array('e')} && %s::text[] {last} UNION ALL "
            f"{select}AND e.story_id < %s {last}",
            [*params, buckets, wanted, *params, oldest * BUCKET_IDS, wanted],
        )

    def _newest_buckets(self, head, where, params, wanted) -> list[str]:
        """The newest id buckets (``n97``, ``n96``, ...) expected to hold ``wanted`` matches
        ``MARGIN`` times over, going by the planner's estimate of how many match; none when
        that is not far more than ``wanted`` (then one step reads every match)."""
        entries = SearchEntry._meta.db_table
        plan = self.fetch(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {entries} e WHERE "
            f"e.document @@ websearch_to_tsquery(%s::regconfig, %s) AND {where}",
            [*head, *params],
        )[0][0]
        estimate = plan[0]["Plan"]["Plan Rows"]
        if estimate < STAGED_FROM * wanted:
            return []
        top = self.fetch(f"SELECT max(story_id) FROM {entries}", [])[0][0] or 0
        ids = top * wanted * MARGIN / estimate
        count = -(-int(ids) // BUCKET_IDS)
        newest = top // BUCKET_IDS
        if count > newest:
            return []
        return [f"n{n}" for n in range(newest, newest - count, -1)]

    def tags_sql(self, entry, required, months):
        # conditions on the search_searchentry_match GIN index (migration 0004), which
        # intersects them with the words in one index scan
        array = tags_array(entry)
        sql, params = f"{array} @> %s::text[]", [list(required)]
        if months:
            sql += f" AND {array} && %s::text[]"
            params.append(list(months))
        return sql, params

    def _snippets(self, query, story_ids):
        if not story_ids:
            return {}
        entries = SearchEntry._meta.db_table
        rows = self.fetch(
            "SELECT e.story_id, ts_headline(%s::regconfig, e.headline, q, %s), "
            "ts_headline(%s::regconfig, e.body, q, %s) "
            f"FROM websearch_to_tsquery(%s::regconfig, %s) q, {entries} e "
            "WHERE e.story_id = ANY(%s)",
            [
                CONFIG,
                HEADLINE_OPTIONS,
                CONFIG,
                SNIPPET_OPTIONS,
                CONFIG,
                query.to_websearch(),
                list(story_ids),
            ],
        )
        return {story_id: (headline, snippet) for story_id, headline, snippet in rows}

    def reindex_all(self, progress=False) -> int:
        # the match index has no pending list (migration 0004), which makes each of a bulk
        # rebuild's inserts update it in place; batch them in a pending list meanwhile
        self._pending_list(True)
        try:
            return super().reindex_all(progress)
        finally:
            self._pending_list(False)

    @staticmethod
    def _pending_list(on: bool) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ALTER INDEX {MATCH_INDEX} SET (fastupdate = {'on' if on else 'off'})")
            if not on:  # merge what the rebuild left in it into the index
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [MATCH_INDEX])

    def optimize(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
