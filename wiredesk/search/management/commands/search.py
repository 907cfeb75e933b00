"""``wiredesk search reindex|query``: rebuild the search index, try a search."""

import re
import sys
import time

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError
from django.db.utils import OperationalError, ProgrammingError

from wiredesk.core.commands import ActionCommand

EPILOG = """\
Stories are indexed by background tasks as they are published, updated, killed or
unpublished; 'reindex' rebuilds the whole index (after a restore, or after changing
SEARCH_BACKENDS). Run 'wiredesk search ACTION --help' for each action's options.

examples:
  wiredesk search reindex
  wiredesk search query "missile defence" --site spacewar
  wiredesk search query 'mars -rover' --site marsdaily --limit 5

Bad input ends with one line and exit status 1. See docs/search.md.
"""

REINDEX_EPILOG = """\
Indexes every published story that has not expired (embargoed ones too: searches hide them
until their time) and drops everything else from the index, then tidies the full-text index.
Prints how many stories the index holds and the time taken.

examples:
  wiredesk search reindex
  wiredesk search reindex --backend default --no-progress
"""

QUERY_EPILOG = """\
Runs a search as a reader of SITE would (live stories placed on that site only) and prints
the total and one line per hit: id, score, headline, and the snippet with matches in
[brackets]. Words are all required, "quoted words" are a phrase, -word leaves a word out and
OR between two words accepts either.

examples:
  wiredesk search query "missile defence" --site spacewar
  wiredesk search query '"space force" OR "space command"' --site spacewar --page 2
"""


def _backend(alias):
    from wiredesk.search.backends import get_search_backend

    try:
        return get_search_backend(alias)
    except (ImproperlyConfigured, LookupError) as error:
        raise CommandError(str(error)) from None


class Command(ActionCommand):
    epilog = EPILOG
    help = "Rebuild the search index, or run a search from the command line."

    def add_arguments(self, parser):
        actions = self.add_actions(parser)
        reindex = actions.add_parser(
            "reindex",
            help="rebuild the search index from the stories",
            description="Rebuild the search index of every story that may be found.",
            epilog=REINDEX_EPILOG,
        )
        reindex.add_argument(
            "--backend",
            metavar="ALIAS",
            help="only this SEARCH_BACKENDS entry (default: every configured backend)",
        )
        reindex.add_argument("--no-progress", action="store_true", help="never show a progress bar")
        query = actions.add_parser(
            "query",
            help="print the results of a search on one site",
            description="Search one site's stories as a reader would and print the results.",
            epilog=QUERY_EPILOG,
        )
        query.add_argument("text", metavar="WORDS", help="what to search for")
        query.add_argument("--site", required=True, metavar="KEY", help="the site to search")
        query.add_argument(
            "--limit", type=int, default=10, metavar="N", help="hits per page (default 10)"
        )
        query.add_argument("--page", type=int, default=1, metavar="N", help="page (default 1)")
        query.add_argument(
            "--backend", default="default", metavar="ALIAS", help="SEARCH_BACKENDS entry"
        )

    def handle(self, *args, action, **options):
        try:
            return getattr(self, "handle_" + action)(**options)
        except (OperationalError, ProgrammingError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                f"the database is not ready ({reason}); run 'wiredesk migrate' first"
            ) from None

    def handle_reindex(self, backend=None, no_progress=False, **options):
        from wiredesk.search.backends import backend_settings

        try:
            aliases = [backend] if backend else list(backend_settings())
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        show = not no_progress and self.stdout.isatty() and sys.stderr.isatty()
        for alias in aliases:
            engine = _backend(alias)
            problems = engine.check()
            if problems:
                raise CommandError(problems[0])
            start = time.perf_counter()
            count = engine.reindex_all(progress=show)
            seconds = time.perf_counter() - start
            self.stdout.write(
                f"{alias} ({engine.label}): {count} stories indexed in {seconds:.1f} s"
            )

    def handle_query(self, text, site, limit, page, backend="default", **options):
        from wiredesk.network.models import SiteProfile

        if limit < 1 or page < 1:
            raise CommandError("--limit and --page must be at least 1")
        profile = SiteProfile.objects.filter(key=site).first()
        if profile is None:
            known = ", ".join(SiteProfile.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"unknown site {site!r} (known: {known})")
        results = _backend(backend).search(text, site=profile, page=page, limit=limit)
        for problem in results.problems:
            self.stdout.write(f"note: {problem}")
        total = f"{results.total}" if results.total_exact else f"more than {results.total}"
        self.stdout.write(
            f"{total} stories match on {site}; page {results.page} of {results.num_pages}"
        )
        for hit in results.hits:
            snippet = _brackets(hit.snippet_html)
            self.stdout.write(f"#{hit.story.pk} {hit.score:.4f} {_brackets(hit.headline_html)}")
            if snippet:
                self.stdout.write(f"    {snippet}")


def _brackets(html: str) -> str:
    """Snippet HTML as terminal text: matches in [brackets], entities decoded."""
    from html import unescape

    text = str(html).replace("<mark>", "[").replace("</mark>", "]")
    return unescape(re.sub(r"<[^>]+>", "", text))
