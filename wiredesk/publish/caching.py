"""Whole-response caching of public pages, feeds and the API, with O(1) invalidation.

A cached response is stored under a key made of the request's scheme, host and full path and
two counters (``wiredesk.core.generations``) read on every request:

- ``network``: sites and sections (bumped by the network app);
- the *page stamp* of the page's scope: ``pages:<site id>`` for a site's pages, ``pages:*``
  for the network index and the JSON API.

Publishing, updating, killing or moving a story bumps the stamps of the sites it is placed on,
of the sites whose headline boxes draw from those (a SpaceWar page shows SpaceDaily's newest
headlines), and ``pages:*``: a handful of cache increments, however many pages are cached.
Every page that showed, or could now show, the story gets a new key on its next request;
nothing walks the cached pages, and entries under old keys age out
(``WIREDESK_PAGE_CACHE_SECONDS``). Which site shows which comes from a per-process table
rebuilt when the network or the boxes (``layout``) change; editing boxes, ad zones or agencies
bumps every stamp. Bumps happen at once and again when the transaction commits, so a request
that read the database before the commit cannot leave a stale page under the new key.

Time alone changes what a page shows when an embargo ends or a licence expires. Each entry
therefore also stores the next such moment among the stories its scope shows, and
is not served after it (nor is ``max-age`` allowed to run past it). Windows such as the news
sitemap's 48 hours are bounded by ``WIREDESK_PAGE_CACHE_SECONDS``.

Every cacheable response carries an ``ETag`` (a hash of its body), ``Last-Modified`` (when
it was rendered) and ``Cache-Control: public, max-age=N`` (``WIREDESK_PAGE_MAX_AGE``, at most
until the next embargo end or expiry), and conditional requests get ``304 Not Modified``.

The middleware goes right after WhiteNoise in ``MIDDLEWARE``, so a hit skips sessions, CSRF
and the rest; a response is stored only if it is a 200 that sets no cookie and does not vary
on one. The receivers at the bottom must be connected in every process (the publish app's
``ready()`` imports this module).
"""

import hashlib
import threading
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from wiredesk.core import generations
from wiredesk.network.models import AdZone, Agency, HeadlineBox, SiteProfile
from wiredesk.network.resolver import resolve_site
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, Story, StoryState
from wiredesk.stories.signals import stories_changed, story_changed, story_received

UNCACHED_PREFIXES = ("/desk/", "/admin/", "/static/", "/search/")
NETWORK_WIDE_PREFIXES = ("/api/",)
LAYOUT = "layout"
NETWORK = "network"
ALL = "*"
MAX_BODY = 4 * 1024 * 1024
_NEVER = float("inf")


def enabled() -> bool:
    return getattr(settings, "WIREDESK_PAGE_CACHE", True)


def server_seconds() -> int:
    """How long an entry may live in the cache at most (a bound for time windows)."""
    return int(getattr(settings, "WIREDESK_PAGE_CACHE_SECONDS", 600))


def browser_max_age() -> int:
    """``max-age`` for browsers and CDNs, which no generation bump can reach."""
    return int(getattr(settings, "WIREDESK_PAGE_MAX_AGE", 60))


def excluded_prefixes() -> tuple:
    return UNCACHED_PREFIXES + tuple(getattr(settings, "WIREDESK_PAGE_CACHE_EXCLUDE", ()))


def clock() -> float:
    """Now, as a Unix time (tests move it)."""
    return time.time()


def page_stamp(scope: str) -> str:
    """The generation counter of a scope's pages: a site's id, or ``*`` for network-wide."""
    return f"pages:{scope}"


# -- which pages a story can change ------------------------------------------------------------

_table = {"key": None, "sites": (), "sources": {}, "dependents": {}}


def dependency_table() -> dict:
    """For every site, the sites its pages show (itself and its boxes' sources) and the sites
    whose pages show it; rebuilt when the network or the boxes change."""
    values = generations.current_many([NETWORK, LAYOUT])
    key = (values[NETWORK], values[LAYOUT])
    if _table["key"] != key:
        sites = list(SiteProfile.objects.values_list("pk", flat=True))
        sources = {pk: {pk} for pk in sites}
        for site_id, source_id in HeadlineBox.objects.values_list("site_id", "source_site_id"):
            sources.setdefault(site_id, {site_id}).add(source_id)
        dependents = {}
        for site_id, shown in sources.items():
            for source_id in shown:
                dependents.setdefault(source_id, set()).add(site_id)
        _table.update(key=key, sites=tuple(sites), sources=sources, dependents=dependents)
    return _table


def page_scope(profile, path: str) -> str:
    """Whose pages a request is for: the site's id, or ``*`` (the network index, the API)."""
    if profile is None or path.startswith(NETWORK_WIDE_PREFIXES):
        return ALL
    return str(profile.pk)


def scope_sites(scope: str) -> tuple:
    """The sites whose stories a scope's pages show."""
    table = dependency_table()
    if scope == ALL:
        return table["sites"]
    return tuple(table["sources"].get(int(scope), {int(scope)}))


def stamps_for_sites(site_ids) -> set[str]:
    """The page stamps to bump when stories on ``site_ids`` change: those sites, the sites
    whose boxes show them, and the network-wide pages."""
    dependents = dependency_table()["dependents"]
    scopes = {
        str(pk) for site in site_ids if site is not None for pk in dependents.get(site, {site})
    }
    return {page_stamp(scope) for scope in scopes | {ALL}}


# -- when time alone changes a page -----------------------------------------------------------


def next_change(scope: str, stamp: int) -> float:
    """The next moment (a Unix time) an embargo ends or a licence expires among the stories
    the scope's pages show; ``inf`` if none. Memoised per scope and stamp."""
    now = clock()
    key = f"wiredesk:next-change:{scope}:{stamp}"
    moment = cache.get(key)
    if moment is None or moment <= now:
        moment = _next_change_of_sites(scope_sites(scope), now)
        timeout = server_seconds()
        if moment != _NEVER:
            timeout = max(1, min(timeout, int(moment - now) + 1))
        cache.set(key, moment, timeout=timeout)
    return moment


def _next_change_of_sites(site_ids, now: float) -> float:
    moment = datetime.fromtimestamp(now, UTC)
    found = Story.objects.filter(
        state=StoryState.PUBLISHED,
        placements__site_id__in=site_ids,
        placements__state=PlacementState.PUBLISHED,
    ).aggregate(
        embargo=Min("embargo_until", filter=Q(embargo_until__gt=moment)),
        expiry=Min("expires_at", filter=Q(expires_at__gt=moment)),
    )
    times = [value.timestamp() for value in found.values() if value is not None]
    return min(times, default=_NEVER)


# -- the middleware ---------------------------------------------------------------------------


def cache_key(request, values: dict) -> str:
    scheme = "https" if request.is_secure() else "http"
    parts = [scheme, request.get_host(), request.get_full_path()]
    parts += [f"{name}={value}" for name, value in sorted(values.items())]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"wiredesk:page:{digest}"


def storable(response) -> bool:
    """Only plain 200s that set no cookie, do not vary on one and allow shared caching."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "cookie" in response.get("Vary", "").lower():
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    return len(response.content) <= MAX_BODY


class Entry:
    """What is stored for one page: its body and headers, validators and how long it holds."""

    __slots__ = ("content", "headers", "etag", "modified", "valid_until", "rendered")

    def __init__(self, content, headers, etag, modified, valid_until, rendered):
        self.content = content
        self.headers = headers
        self.etag = etag
        self.modified = modified
        self.valid_until = valid_until
        self.rendered = rendered

    @classmethod
    def of(cls, response, valid_until: float) -> "Entry":
        """The view's own ETag and Last-Modified (feeds date theirs by their newest item) are
        kept; otherwise a hash of the body and the time of rendering."""
        etag = response.get("ETag") or (
            f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
        )
        rendered = int(clock())
        modified = parse_http_date_safe(response.get("Last-Modified", "")) or rendered
        headers = list(response.items())
        return cls(response.content, headers, etag, modified, valid_until, rendered)

    def state(self) -> tuple:
        return (
            self.content,
            self.headers,
            self.etag,
            self.modified,
            self.valid_until,
            self.rendered,
        )

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response

    def finish(self, request, response, now: float):
        """Add the validators and ``Cache-Control``; answer 304 when the client is current."""
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.modified)
        max_age = max(0, int(min(browser_max_age(), self.valid_until - now)))
        patch_cache_control(response, public=True, max_age=max_age)
        # If-Modified-Since is judged by when the page was rendered: a view's own date can go
        # back in time (a feed whose newest story was killed), the rendering cannot
        answer = get_conditional_response(
            request,
            etag=self.etag,
            last_modified=max(self.modified, self.rendered),
            response=response,
        )
        if answer is not response:  # a 304 (or 412) keeps CORS, or a script could not read it
            for name, value in response.items():
                if name.lower().startswith("access-control-"):
                    answer[name] = value
        return answer


_recent: dict = {}  # this process's copies of entries: key -> (state, good until)
RECENT_MAX = 256


def _remember(key: str, state: tuple, until: float) -> None:
    if len(_recent) >= RECENT_MAX:
        _recent.clear()  # crude but thread-safe enough: entries are cheap to fetch again
    _recent[key] = (state, until)


def _recall(key: str, now: float):
    found = _recent.get(key)
    if found is not None and found[1] > now:
        return found[0]
    return None


class PageCacheMiddleware:
    """Serve public GET/HEAD responses from the cache, keyed by their generations.

    A hit costs two small cache reads (the network's generation and the page stamp) and the
    entry, which each process also keeps a copy of (keys change whenever pages do, so a copy
    can never be stale).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            request.method not in ("GET", "HEAD")
            or path.startswith(excluded_prefixes())
            or not enabled()
            or getattr(request, "wiredesk_ssi", None) is not None
        ):
            # the static export renders pages in another form (boxes as SSI includes) and
            # must neither get nor leave pages here
            return self.get_response(request)
        scope = page_scope(resolve_site(request.get_host()), path)
        stamp = page_stamp(scope)
        values = generations.current_many([NETWORK, stamp])
        key = cache_key(request, values)
        now = clock()
        state = _recall(key, now)
        if state is None:
            state = cache.get(key)
            if state is not None and state[4] > now:
                _remember(key, state, min(state[4], now + server_seconds()))
        if state is not None and state[4] > now:
            entry = Entry(*state)
            return entry.finish(request, entry.response(), now)
        response = self.get_response(request)
        if not storable(response):
            return response
        valid_until = next_change(scope, values[stamp])
        entry = Entry.of(response, valid_until)
        timeout = server_seconds()
        if valid_until != _NEVER:
            timeout = max(1, min(timeout, int(valid_until - now)))
        if valid_until > now:
            cache.set(key, entry.state(), timeout=timeout)
            _remember(key, entry.state(), min(valid_until, now + timeout))
        return entry.finish(request, response, now)


# -- invalidation -----------------------------------------------------------------------------


class _Pending(threading.local):
    """What the current transaction changed, to bump once it commits."""

    def __init__(self):
        self.reset()

    def reset(self):
        """After a commit; a rollback leaves its changes here, to be bumped needlessly (and
        harmlessly) with the next commit."""
        self.hooks, self.sites, self.stories, self.everything = None, set(), set(), False


_pending = _Pending()


def invalidate(sites=(), stories=(), everything=False) -> None:
    """Bump the page stamps of pages that may show stories on ``sites`` (or the ``stories``),
    or of every page: when the transaction commits, at once outside one.

    Bumping at commit, not before, matters: a request that reads the counters before the
    commit stores what it rendered under the old key, which no request asks for afterwards.
    One transaction (an ingest chunk) costs one query and one bump per stamp, however many
    stories it touched. Inside a test case's transaction, which never commits, bumps happen
    at once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block or _never_commits(connection):
        _bump(set(sites), set(stories), everything)
        return
    if _pending.hooks is not connection.run_on_commit:
        # first change in this transaction, or a savepoint was rolled back (which drops the
        # hooks registered inside it): make sure the commit will flush what is pending
        if not any(hook[1] is _flush for hook in connection.run_on_commit):
            transaction.on_commit(_flush)
        _pending.hooks = connection.run_on_commit
    _pending.sites.update(sites)
    _pending.stories.update(stories)
    _pending.everything = _pending.everything or everything


def _never_commits(connection) -> bool:
    blocks = connection.atomic_blocks
    return bool(blocks) and getattr(blocks[0], "_from_testcase", False)


def _flush() -> None:
    sites, stories, everything = _pending.sites, _pending.stories, _pending.everything
    _pending.reset()
    _bump(sites, stories, everything)


def _bump(sites: set, stories: set, everything: bool) -> None:
    if everything:  # boxes, ads or agencies changed: the table of who shows whom too
        generations.bump(LAYOUT)
        names = {page_stamp(ALL), *(page_stamp(str(pk)) for pk in dependency_table()["sites"])}
    else:
        if stories:
            placed = Placement.objects.filter(story_id__in=stories).values_list("site_id")
            sites |= {site for (site,) in placed}
        sites.discard(None)
        if not sites:
            return
        names = stamps_for_sites(sites)
    for name in names:
        generations.bump(name)


@receiver(story_changed)
@receiver(story_received)
def story_visibility_changed(sender, story, created=False, **kwargs):
    if created:  # on no page until routing places it, which says so with stories_changed
        return
    invalidate(stories=[story.pk])


@receiver(stories_changed)
def many_stories_changed(sender, stories, sites=None, **kwargs):
    """Stories routed together: routing names the sites it placed them on (no query to find
    them); anyone else sends the stories alone."""
    if sites is not None:
        invalidate(sites=sites)
    else:
        invalidate(stories=[story.pk for story in stories])


@receiver(post_save, sender=Story)
def story_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        invalidate(stories=[instance.pk])


@receiver(post_save, sender=Revision)
@receiver(post_delete, sender=Revision)
def revision_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate(stories=[instance.story_id])


@receiver(post_save, sender=Placement)
@receiver(post_delete, sender=Placement)
def placement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        invalidate(sites=[instance.site_id])


@receiver(post_save, sender=HeadlineBox)
@receiver(post_delete, sender=HeadlineBox)
@receiver(post_save, sender=AdZone)
@receiver(post_delete, sender=AdZone)
@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
def layout_changed(sender, raw=False, **kwargs):
    if not raw:
        invalidate(everything=True)
