"""Search in the database wiredesk already uses: what the SQLite and PostgreSQL backends share.

Both keep one :class:`~wiredesk.search.models.SearchEntry` row per searchable story; the
database's own full-text machinery (FTS5 or ``tsvector``) indexes those rows, filter tags
included. Queries check each entry's embargo and expiry against the moment of the query, so an
embargo that ends needs no re-indexing and an expired story vanishes on time; the base class
checks the hits of each page against ``Story.objects.live()`` and the placements.

``BACKEND: "wiredesk.search.backends.database"`` picks the implementation for the database in
use (:func:`SearchBackend`).
"""

from __future__ import annotations

from itertools import islice

from django.db import connection, transaction
from django.utils import timezone

from wiredesk.core.progress import progress_bar
from wiredesk.stories.models import Revision, Story

from .. import tags
from ..documents import entry_fields, indexable, is_indexable, published_placements
from ..models import SearchEntry
from .base import BaseSearchBackend, SearchFilters

REINDEX_CHUNK = 500
ENTRY_FIELDS = [
    "tags",
    "published_at",
    "embargo_until",
    "expires_at",
    "indexed_at",
    "headline",
    "body",
    "extra",
]
REVISION_FIELDS = (
    "story_id",
    "number",
    "headline",
    "body_html",
    "summary",
    "byline",
    "dateline_place",
    "subjects",
    "keywords",
)


def batched(items, size):
    """``items`` in lists of up to ``size`` (``itertools.batched`` arrived in Python 3.12)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class DatabaseSearchBackend(BaseSearchBackend):
    """Index rows in ``SearchEntry``; subclasses query the database's full-text index."""

    vendor = ""

    def check(self) -> list[str]:
        if connection.vendor != self.vendor:
            return [
                f"search backend {self.alias!r} ({type(self).__name__}) needs a {self.vendor} "
                f"database, but the database is {connection.vendor}"
            ]
        return []

    # -- keeping the index -------------------------------------------------------------

    def index(self, story: Story) -> None:
        revision = story.revisions.order_by("-number").first()
        if revision is None:
            self.remove(story)
            return
        placements = published_placements([story.pk])[story.pk]
        fields = {**entry_fields(story, revision, placements), "indexed_at": timezone.now()}
        SearchEntry.objects.update_or_create(story_id=story.pk, defaults=fields)

    def remove(self, story: Story) -> None:
        SearchEntry.objects.filter(story_id=story.pk).delete()

    def sync(self, story: Story) -> bool:
        """Index ``story`` if it belongs in the index, else remove it; say which."""
        if is_indexable(story):
            self.index(story)
            return True
        self.remove(story)
        return False

    def reindex_all(self, progress=False) -> int:
        now = timezone.now()
        ids = list(indexable(now).order_by("pk").values_list("pk", flat=True))
        with progress_bar(len(ids), "Indexing stories", enabled=bool(progress)) as step:
            for chunk in batched(ids, REINDEX_CHUNK):
                self._index_chunk(chunk, now)
                for _ in chunk:
                    step()
        SearchEntry.objects.exclude(story__in=indexable(now)).delete()
        self.optimize()
        return SearchEntry.objects.count()

    def _index_chunk(self, story_ids, now) -> None:
        stories = Story.objects.filter(pk__in=story_ids).select_related("agency")
        current = {}
        for revision in (
            Revision.objects.filter(story_id__in=story_ids)
            .only(*REVISION_FIELDS)
            .order_by("story_id", "number")
        ):
            current[revision.story_id] = revision
        placed = published_placements(story_ids)
        entries = [
            SearchEntry(
                story_id=story.pk,
                indexed_at=now,
                **entry_fields(story, current[story.pk], placed[story.pk]),
            )
            for story in stories
            if story.pk in current
        ]
        with transaction.atomic():
            SearchEntry.objects.bulk_create(
                entries, update_conflicts=True, unique_fields=["story"], update_fields=ENTRY_FIELDS
            )

    def optimize(self) -> None:
        """Tidy the full-text index after a bulk rebuild (a no-op unless overridden)."""

    # -- the SQL both databases share ------------------------------------------------------

    @staticmethod
    def filter_tags(filters: SearchFilters) -> tuple[list[str], list[str]]:
        """``(required, months)``: tags an entry must all have, and month tags of which it
        must have one (empty: no month condition)."""
        required = [tags.site_tag(filters.site.pk) if filters.site else tags.PLACED]
        if filters.section is not None:
            required.append(tags.section_tag(filters.section.pk))
        if filters.agency is not None:
            required.append(tags.agency_tag(filters.agency.pk))
        months = []
        if filters.date_from is not None and filters.date_to is not None:
            months = tags.months_between(filters.date_from, filters.date_to)
        return required, months

    def tags_sql(self, entry: str, required: list[str], months: list[str]) -> tuple[str, list]:
        """SQL conditions for the tags, for databases whose full-text index cannot take them
        (plain ``LIKE``; subclasses do better)."""
        conditions = [f"{entry}.tags LIKE %s" for _ in required]
        params = [f"% {tag} %" for tag in required]
        if months:
            conditions.append("(" + " OR ".join(f"{entry}.tags LIKE %s" for _ in months) + ")")
            params += [f"% {tag} %" for tag in months]
        return " AND ".join(conditions), params

    def filter_sql(
        self, filters: SearchFilters, entry: str = "e", with_tags: bool = True
    ) -> tuple[str, list]:
        """``WHERE`` conditions on the entries (joined by AND) and their parameters: past any
        embargo and not expired at ``filters.now``, within the dates, and (``with_tags``) on
        the site, section and agency. Entries exist only for published stories; the page's
        hits are checked against the stories themselves before they are shown."""
        adapt = connection.ops.adapt_datetimefield_value
        now = adapt(filters.now)
        conditions = [
            f"({entry}.embargo_until IS NULL OR {entry}.embargo_until <= %s)",
            f"({entry}.expires_at IS NULL OR {entry}.expires_at > %s)",
        ]
        params: list = [now, now]
        if filters.date_from is not None:
            conditions.append(f"{entry}.published_at >= %s")
            params.append(adapt(filters.date_from))
        if filters.date_to is not None:
            conditions.append(f"{entry}.published_at < %s")
            params.append(adapt(filters.date_to))
        if with_tags:
            condition, values = self.tags_sql(entry, *self.filter_tags(filters))
            conditions.append(condition)
            params += values
        return " AND ".join(conditions), params

    def count(self, source: str, params: list, limit: int | None = None) -> int:
        """How many rows ``FROM ... WHERE ...`` (``source``) matches, counting no further
        than ``limit`` rows (so that the database stops reading there)."""
        if limit is None:
            return self.fetch(f"SELECT count(*) {source}", params)[0][0]
        sql = f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) n"
        return self.fetch(sql, [*params, limit])[0][0]

    def counted(self) -> int | None:
        """How many rows a total needs counting: one more than ``count_limit`` (None: all)."""
        return None if self.count_limit is None else self.count_limit + 1

    @staticmethod
    def fetch(sql: str, params: list) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def SearchBackend(alias: str = "default", params: dict | None = None) -> DatabaseSearchBackend:  # noqa: N802
    """The database backend for the database in use: FTS5 on SQLite, full-text search on
    PostgreSQL."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(alias, params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(alias, params)
    raise LookupError(
        f"no database search backend for {connection.vendor}: set SEARCH_BACKENDS"
        f"['{alias}']['BACKEND'] to a backend class"
    )
