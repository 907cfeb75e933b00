"""PostgreSQL full-text search: for networks on PostgreSQL.

Migration 0002 adds two stored generated ``tsvector`` columns to ``SearchEntry`` with the
``english`` configuration: ``document``, the headline (weight A), body (B) and extra (C), with a
GIN index, which finds the matches; and ``rank_document``, the headline (A) and the lead, the
body's first 600 characters (B), which ranks them with ``ts_rank``. Ranking on the short vector
keeps it inline, so ranking thousands of matches reads no TOASTed document; news copy puts what
matters in the headline and the lead, and matches elsewhere rank by date. Readers' queries go
through ``websearch_to_tsquery`` (rebuilt from the parsed query, so it never raises) and are
shown with ``ts_headline``.
"""

from __future__ import annotations

from ..highlight import ELLIPSIS, START, STOP
from ..models import SearchEntry
from .database import DatabaseSearchBackend

CONFIG = "english"  # must match the configuration in migration 0002
RANK_WINDOW = 1000  # OPTIONS["RANK_WINDOW"]: how many of the newest matches ts_rank() ranks
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
        # the newest RANK_WINDOW matches (and, in the same pass, how many match), then
        # ts_rank() on those only
        rows = self.fetch(
            f"WITH q AS (SELECT websearch_to_tsquery(%s::regconfig, %s) AS q), "
            f"candidates AS (SELECT e.story_id, e.published_at, e.rank_document, "
            f"count(*) OVER () AS total FROM q, {SearchEntry._meta.db_table} e "
            f"WHERE e.document @@ q.q AND {where} ORDER BY e.story_id DESC LIMIT %s) "
            f"SELECT story_id, ts_rank(rank_document, q.q) AS score, total "
            f"FROM candidates, q ORDER BY {ordering} LIMIT %s OFFSET %s",
            [*head, *params, self.rank_window, limit, offset],
        )
        if rows:
            total = rows[0][2]
        elif offset:
            total = self.count(
                f"FROM websearch_to_tsquery(%s::regconfig, %s) q, "
                f"{SearchEntry._meta.db_table} e WHERE e.document @@ q AND {where}",
                [*head, *params],
            )
        else:
            total = 0
        return total, [(story_id, float(score)) for story_id, score, _ in rows]

    def tags_sql(self, entry, required, months):
        # the expression of the search_searchentry_tags GIN index (migration 0002)
        array = f"string_to_array(btrim({entry}.tags), ' ')"
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

    def optimize(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
