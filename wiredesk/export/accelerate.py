"""Make rendering thousands of pages cheap without changing a byte of them.

The export renders through the real views (see ``render.py``), which ask
``wiredesk.publish.queries`` one small question at a time: a dozen queries per article page.
Inside :func:`accelerated` those questions are answered from memory instead:

- per-site answers (sections, sister sites, ad zones, the network's sites, a section by key)
  are asked once per run, of the real functions, and reused;
- headline boxes are computed once per site and page type; a page whose story the shared
  selection does not show gets that selection (leaving out a story that was not picked
  changes nothing, see ``publish/fragments.py``), any other page asks the real function;
- a site's (or a section's) newest stories, as far as a section's pages reach, are read once
  and every shorter list of them (front page, boxes, feeds, section pages) is cut from it;
- per-story answers (the story, its placements, whether it is live, its current revision) are
  loaded for a chunk of stories at once by :func:`prefetch`, with the same querysets the real
  functions use (their agency, primary site and sections taken from the network's, read once
  per run), and fall back to the real functions for stories not prefetched;
- a page's site chrome (``publish/context.py``: sections, sister sites with their URLs,
  colours) is computed once per site, host and scheme;
- ``reverse()`` and ``static()`` in templates are memoised (pure functions of their arguments);
- the parts of ``base.html`` marked ``{% call fragment(key) %}`` (masthead, navigation, footer,
  feed links, style) are rendered once per key and reused: within one run a site's pages are
  all rendered on its own host with one scheme, and its settings do not change;
- the network's generation (which the host lookup checks on every request) is read once.

A test renders the demo network with and without this layer and compares every file.
"""

from contextlib import contextmanager

from django.template import engines

from wiredesk.network import resolver
from wiredesk.network.models import Agency, Section, SiteProfile
from wiredesk.publish import context, queries, views
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story

PER_SITE = ("site_sections", "sister_sites", "find_section", "ad_zone", "network_sites")


class Snapshot:
    """What one run has learnt; cleared by :meth:`forget_stories` between chunks."""

    def __init__(self, real: dict):
        self.real = real
        self.memo: dict = {}
        self.stories: dict = {}
        self.placements: dict = {}
        self.live: set = set()
        self.boxes: dict = {}
        self.fragments: dict = {}
        self.related = None

    def forget_stories(self):
        self.stories, self.placements, self.live = {}, {}, set()


_active: list[Snapshot] = []


def _key(value):
    return getattr(value, "pk", value)


def _per_site(name):
    def answer(*args):
        snapshot = _active[-1]
        key = (name, *(_key(a) for a in args))
        if key not in snapshot.memo:
            snapshot.memo[key] = snapshot.real[name](*args)
        return snapshot.memo[key]

    answer.__name__ = name
    return answer


def _headline_boxes(profile, page_type, exclude_ids=()):
    snapshot = _active[-1]
    key = (profile.pk, page_type)
    if key not in snapshot.boxes:
        boxes = snapshot.real["headline_boxes"](profile, page_type, exclude_ids=())
        shown = {story.pk for _, stories in boxes for story in stories}
        snapshot.boxes[key] = (boxes, shown)
    boxes, shown = snapshot.boxes[key]
    if shown.isdisjoint(exclude_ids):
        return boxes
    return snapshot.real["headline_boxes"](profile, page_type, exclude_ids=exclude_ids)


_newest_classes: dict = {}


def newest_cap() -> int:
    """How many of a list's newest stories are kept: a section view's whole list, and one
    more (to know whether there are older ones)."""
    return views.SECTION_PAGE_SIZE * views.SECTION_MAX_PAGES + 1


FIRST_FETCH = 40
"""Stories first read for a list whose first slice is short; the first longer slice reads
:func:`newest_cap` of them."""


def _newest(cls):
    """A subclass of ``cls`` whose slices within the newest :func:`newest_cap` stories come
    from one list kept for the run (fetched by the first such slice)."""
    if cls not in _newest_classes:

        def __getitem__(self, k):
            key = getattr(self, "_export_memo_key", None)
            if (
                key is not None
                and _active
                and self._result_cache is None
                and isinstance(k, slice)
                and k.step is None
                and (k.start or 0) >= 0
                and k.stop is not None
                and k.stop <= newest_cap()
            ):
                memo = _active[-1].memo
                rows, complete = memo.get(key, ((), False))
                if k.stop > len(rows) and not complete:
                    # a short list for short slices (fronts, boxes, feeds: what an
                    # incremental run mostly renders), else the whole kept list
                    size = FIRST_FETCH if k.stop <= FIRST_FETCH else newest_cap()
                    rows = list(super(newest, self).__getitem__(slice(0, size)))
                    complete = len(rows) < size or size >= newest_cap()
                    memo[key] = (rows, complete)
                return rows[k]
            return super(newest, self).__getitem__(k)

        newest = type(f"Export{cls.__name__}", (cls,), {"__getitem__": __getitem__})
        _newest_classes[cls] = newest
    return _newest_classes[cls]


def _visible_stories(profile, section=None):
    """The real queryset, except that a slice of its newest stories (a section's pages, the
    front page's lists, headline box candidates, feeds) is cut from one list per site and
    section kept for the run. Anything else (``count()``, ``.filter()``, iterating it all)
    queries."""
    snapshot = _active[-1]
    queryset = snapshot.real["visible_stories"](profile, section)
    queryset.__class__ = _newest(queryset.__class__)
    queryset._export_memo_key = ("visible", _key(profile), _key(section))
    return queryset


def _site_chrome(request, profile=None):
    """``site_chrome`` once per site, host and scheme: it depends on nothing else (the sister
    URLs follow the request's host form and scheme)."""
    snapshot = _active[-1]
    profile = profile if profile is not None else getattr(request, "network_site", None)
    key = ("chrome", _key(profile), request.get_host(), request.scheme)
    found = snapshot.memo.get(key)
    if found is None:
        found = snapshot.memo[key] = snapshot.real["site_chrome"](request, profile)
    return found


def _find_story(pk):
    snapshot = _active[-1]
    if pk in snapshot.stories:
        return snapshot.stories[pk]
    return snapshot.real["find_story"](pk)


def _placement_on(story, profile):
    snapshot = _active[-1]
    if story.pk in snapshot.stories:
        return snapshot.placements.get((story.pk, profile.pk))
    return snapshot.real["placement_on"](story, profile)


def _is_live(story):
    snapshot = _active[-1]
    if story.pk in snapshot.stories:
        return story.pk in snapshot.live
    return snapshot.real["is_live"](story)


_original_current = Story.current


def _current(story):
    found = story.__dict__.get("_export_current", _original_current)
    return _original_current.fget(story) if found is _original_current else found


def prefetch(story_ids) -> None:
    """Load what article pages ask about ``story_ids`` in four queries."""
    if not _active:
        return
    snapshot = _active[-1]
    snapshot.forget_stories()
    ids = list(story_ids)
    if snapshot.related is None:  # the network's agencies, sites and sections, once a run
        snapshot.related = (
            Agency.objects.in_bulk(),
            SiteProfile.objects.select_related("site").in_bulk(),
            Section.objects.in_bulk(),
        )
    agencies, profiles, sections = snapshot.related
    found = {}
    for story in Story.objects.filter(pk__in=ids):  # its agency and site from the run's
        if story.agency_id in agencies:
            story.agency = agencies[story.agency_id]
        if story.primary_site_id in profiles:
            story.primary_site = profiles[story.primary_site_id]
        found[story.pk] = story
    newest = {}
    revisions = Revision.objects.filter(story_id__in=ids).order_by("story_id", "-number")
    for revision in revisions:
        newest.setdefault(revision.story_id, revision)
    for pk, story in found.items():
        story.__dict__["_export_current"] = newest.get(pk)
    placements = Placement.objects.filter(story_id__in=ids)
    for placement in placements:
        if placement.section_id in sections:
            placement.section = sections[placement.section_id]
    snapshot.placements = {(p.story_id, p.site_id): p for p in placements}
    snapshot.live = set(Story.objects.live().filter(pk__in=ids).values_list("pk", flat=True))
    snapshot.stories = found


def _memo(function):
    cache = {}

    def memoised(*args, **kwargs):
        key = (args, tuple(sorted(kwargs.items(), key=lambda item: item[0])))
        try:
            return cache[key]
        except KeyError:
            pass
        except TypeError:  # unhashable arguments
            return function(*args, **kwargs)
        cache[key] = value = function(*args, **kwargs)
        return value

    return memoised


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _memo_reverse(function):
    cache = {}

    def reverse(viewname, urlconf=None, args=None, kwargs=None, *rest, **options):
        if kwargs is None and not (args or rest or options or urlconf):
            try:  # url('name')
                return cache[viewname]
            except KeyError:
                cache[viewname] = value = function(viewname)
                return value
        if kwargs is not None and not (args or rest or options or urlconf):
            try:  # the common call, url('name', kwargs={'key': value}): a cheap key
                key = (viewname, *kwargs.items())
                return cache[key]
            except KeyError:
                cache[key] = value = function(viewname, kwargs=kwargs)
                return value
            except TypeError:  # an unhashable value
                pass
        key = (viewname, urlconf, _freeze(args), _freeze(kwargs), rest, _freeze(options))
        try:
            return cache[key]
        except KeyError:
            cache[key] = value = function(viewname, urlconf, args, kwargs, *rest, **options)
            return value

    return reverse


def _fragment(*key, caller):
    memo = _active[-1].fragments if _active else None
    if memo is None:
        return caller()
    try:
        return memo[key]
    except KeyError:
        memo[key] = value = caller()
        return value
    except TypeError:  # an unhashable key
        return caller()


@contextmanager
def accelerated(enabled: bool = True):
    """Answer the publish queries from memory for the duration of the block (a no-op when
    ``enabled`` is False or a block is already active)."""
    if not enabled or _active:
        yield _active[-1] if _active else None
        return
    real = {name: getattr(queries, name) for name in (*PER_SITE, "headline_boxes")}
    real.update({name: getattr(queries, name) for name in ("find_story", "placement_on")})
    real["is_live"] = queries.is_live
    real["visible_stories"] = queries.visible_stories
    real["site_chrome"] = context.site_chrome
    real_generation = resolver.network_generation
    snapshot = Snapshot(real)
    replacements = {name: _per_site(name) for name in PER_SITE}
    replacements.update(
        headline_boxes=_headline_boxes,
        find_story=_find_story,
        placement_on=_placement_on,
        is_live=_is_live,
        visible_stories=_visible_stories,
    )
    env = engines["jinja2"].env
    saved_globals = {name: env.globals[name] for name in ("url", "static", "fragment")}
    _active.append(snapshot)
    for name, function in replacements.items():
        setattr(queries, name, function)
    Story.current = property(_current)
    views.site_chrome = _site_chrome
    env.globals["url"] = _memo_reverse(saved_globals["url"])
    env.globals["static"] = _memo(saved_globals["static"])
    env.globals["fragment"] = _fragment
    generation = resolver.network_generation()
    resolver.network_generation = lambda: generation
    try:
        yield snapshot
    finally:
        _active.pop()
        for name in replacements:
            setattr(queries, name, real[name])
        Story.current = _original_current
        views.site_chrome = real["site_chrome"]
        resolver.network_generation = real_generation
        env.globals.update(saved_globals)
