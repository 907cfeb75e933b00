"""``BaseSearchBackend``: what every search backend does, and the results it returns.

A backend subclasses it and defines :meth:`index`, :meth:`remove`, :meth:`_ranked` (the ids of
one page of matching stories, best first, and how many match, counted up to one more than
:attr:`~BaseSearchBackend.count_limit`) and :meth:`_snippets` (the
highlighted headline and snippet of each). :meth:`search` does the rest the same way for
every backend: it parses the reader's query, bounds the page, loads the stories (checking
again that each is live and placed on the site) and builds the hits.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story

from ..highlight import marked_html
from ..query import ParsedQuery, parse_query

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_RESULTS = 1000  # deepest result a page may reach (bounds OFFSET)
COUNT_LIMIT = MAX_RESULTS  # OPTIONS["COUNT_LIMIT"]: totals above it are "more than" it
ORDERS = ("relevance", "newest")


@dataclass(frozen=True)
class SearchFilters:
    """Where to look: ``site`` (a SiteProfile; None means any site of the network),
    ``section`` and ``agency`` (model instances or None) and ``date_from`` (inclusive) /
    ``date_to`` (exclusive), aware datetimes compared with the story's publication time."""

    site: object = None
    section: object = None
    agency: object = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    now: datetime | None = None


@dataclass
class SearchHit:
    story: Story
    score: float
    headline_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    """One page of results: ``total`` matches in all, ``hits`` on this page. When more
    stories match than the backend counts (its ``COUNT_LIMIT``), ``total_exact`` is false and
    ``total`` is that limit: "more than ``total``"."""

    query: ParsedQuery
    total: int = 0
    total_exact: bool = True
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    limit: int = DEFAULT_LIMIT
    order: str = "relevance"
    error: str = ""

    @property
    def problems(self) -> list[str]:
        return list(self.query.problems) + ([self.error] if self.error else [])

    @property
    def num_pages(self) -> int:
        reachable = min(self.total, MAX_RESULTS)
        return max(1, -(-reachable // self.limit))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.limit + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return (self.page - 1) * self.limit + len(self.hits)


class BaseSearchBackend:
    """A search backend; ``params`` is its entry in ``SEARCH_BACKENDS``."""

    #: a short name for messages and the benchmark
    label = "base"

    def __init__(self, alias: str = "default", params: dict | None = None):
        self.alias = alias
        self.params = dict(params or {})
        self.options = dict(self.params.get("OPTIONS", {}))
        self.auto_update = bool(self.params.get("AUTO_UPDATE", True))

    @property
    def count_limit(self) -> int | None:
        """How far totals are counted (``OPTIONS["COUNT_LIMIT"]``, default 1,000, never less
        than the deepest result a page reaches); ``None`` counts every match."""
        limit = self.options.get("COUNT_LIMIT", COUNT_LIMIT)
        return None if limit is None else max(MAX_RESULTS, int(limit))

    def __repr__(self):
        return f"<{type(self).__name__} {self.alias!r}>"

    # -- keeping the index -------------------------------------------------------------

    def index(self, story: Story) -> None:
        """Add or refresh ``story`` (its current revision) in the index."""
        raise NotImplementedError(f"{type(self).__name__} must define index(story)")

    def remove(self, story: Story) -> None:
        """Take ``story`` out of the index (a no-op when it is not there)."""
        raise NotImplementedError(f"{type(self).__name__} must define remove(story)")

    def reindex_all(self, progress=None) -> int:
        """Rebuild the whole index; call ``progress(done, total)`` as it goes; return how
        many stories it holds."""
        raise NotImplementedError(f"{type(self).__name__} must define reindex_all()")

    def check(self) -> list[str]:
        """Problems that stop this backend from working here (for system checks)."""
        return []

    # -- searching -----------------------------------------------------------------------

    def search(
        self,
        query: str | ParsedQuery,
        site=None,
        section=None,
        agency=None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        page: int = 1,
        limit: int = DEFAULT_LIMIT,
        order: str = "relevance",
        now: datetime | None = None,
    ) -> SearchResults:
        """Stories matching ``query`` that a reader of ``site`` may see now, best first (or
        newest first with ``order="newest"``), one page of ``limit``. Never raises on what a
        reader typed: problems are in ``results.problems``."""
        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        limit = max(1, min(int(limit), MAX_LIMIT))
        last_page = max(1, -(-MAX_RESULTS // limit))
        page = max(1, min(int(page), last_page))
        order = order if order in ORDERS else "relevance"
        results = SearchResults(query=parsed, page=page, limit=limit, order=order)
        if parsed.is_empty:
            return results
        filters = SearchFilters(site, section, agency, date_from, date_to, now or timezone.now())
        # a savepoint only inside a transaction (so that a failed statement does not break
        # the caller's); in autocommit a search takes no write lock (SQLite's IMMEDIATE mode)
        guard = transaction.atomic() if connection.in_atomic_block else nullcontext()
        try:
            with guard:
                total, ranked = self._ranked(parsed, filters, order, limit, (page - 1) * limit)
                shown = self._snippets(parsed, [story_id for story_id, _ in ranked])
        except DatabaseError:
            logger.exception("search for %r failed in %r", parsed.text, self)
            results.error = "The search could not be run. Try other words."
            return results
        stories = self._live_stories([story_id for story_id, _ in ranked], filters)
        results.total = total
        if self.count_limit is not None and total > self.count_limit:
            results.total, results.total_exact = self.count_limit, False
        for story_id, score in ranked:
            story = stories.get(story_id)
            if story is None:  # not live or not placed here after all: never shown
                results.total -= 1
                continue
            headline, snippet = shown.get(story_id, ("", ""))
            results.hits.append(
                SearchHit(
                    story=story,
                    score=score,
                    headline_html=mark_safe(marked_html(headline or story.headline)),
                    snippet_html=mark_safe(marked_html(snippet)),
                )
            )
        return results

    def _ranked(self, query: ParsedQuery, filters: SearchFilters, order, limit, offset):
        """``(total, [(story_id, score), ...])`` for one page, best first. ``total`` may stop
        at ``count_limit + 1`` (any larger number means "more than ``count_limit``")."""
        raise NotImplementedError(f"{type(self).__name__} must define _ranked()")

    def _snippets(self, query: ParsedQuery, story_ids: list[int]) -> dict:
        """``{story_id: (headline, snippet)}`` with matches between ``highlight.START`` and
        ``highlight.STOP``."""
        raise NotImplementedError(f"{type(self).__name__} must define _snippets()")

    @staticmethod
    def _live_stories(story_ids, filters: SearchFilters) -> dict:
        """The stories among ``story_ids`` that are live now and placed on the site (the same
        test as every public page), by id."""
        if not story_ids:
            return {}
        stories = Story.objects.live(filters.now).filter(pk__in=story_ids)
        if filters.site is not None:  # (story, site) is unique: the join adds no rows
            stories = stories.filter(
                placements__site=filters.site, placements__state=PlacementState.PUBLISHED
            )
        else:
            placed = Placement.objects.filter(story=OuterRef("pk"), state=PlacementState.PUBLISHED)
            stories = stories.filter(Exists(placed))
        return {story.pk: story for story in stories.select_related("agency").order_by()}
