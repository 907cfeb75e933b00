"""What the export writes for each site: every URL, grouped, with what each one depends on.

A *target* is one URL on one host and the file it becomes. Targets come in *groups* that are
planned together (a section's pages, a site's feeds and sitemaps, one article), so an
incremental run can re-plan just the groups a change touches: a section that grew a page, an
article that went away.

Each target lists *dependency keys*; a change to a story marks keys dirty and every target
holding one of them is rendered again:

- ``story:<id>``: the story's own article pages;
- ``site:<id>``: anything listing the site's stories (front, feeds, sitemaps, the network
  index, and other sites' headline boxes drawn from it);
- ``section:<id>``: anything listing that section's stories (its pages and feeds, boxes);
- ``sitemap:<site>:<page>``: one page of the site's story sitemap (a fixed range of story
  ids, ``publish/sitemaps.py``), which a change to any story in that range dirties;
- ``time:<site>``: the site's 48-hour news sitemap, whose content also moves with the clock
  (dirty when one of the site's stories left the window since the last run).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.urls import reverse

from wiredesk.network.models import HeadlineBox, Section, SiteProfile
from wiredesk.publish import fragments, queries, sitemaps
from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story

from . import paths

NETWORK_HOST = "localhost"
NOT_FOUND_URL = "/_errors/404.html"
GONE_URL = "/_errors/410.html"
STATIC_PREFIXES = ("wiredesk/",)
MANY_LEFT = 500  # stories leaving the news window: past this, every news sitemap is dirty


@dataclass
class Target:
    host: str
    url: str
    group: str
    deps: tuple = ()
    story: int | None = None
    status: int = 200
    extra_deps: list = field(default_factory=list)

    @property
    def path(self) -> str:
        """The file, relative to the export folder: ``<host>/<file>``."""
        return f"{self.host}/{paths.file_for(self.url)}"


def section_paging() -> tuple[int, int | None]:
    """The section view's page size and its page limit, if it has one."""
    from wiredesk.publish import views

    return getattr(views, "SECTION_PAGE_SIZE", 20), getattr(views, "SECTION_MAX_PAGES", None)


class Planner:
    """Plans the targets of a network (or of one site) as the live server would serve it."""

    def __init__(self, profiles=None):
        self.profiles = list(profiles if profiles is not None else all_profiles())
        self.by_pk = {p.pk: p for p in all_profiles()}
        self.sections = {}
        for section in Section.objects.all():
            self.sections.setdefault(section.site_id, []).append(section)
        self.box_deps: dict[tuple[int, str], tuple] = {}
        for box in HeadlineBox.objects.all():
            key = f"section:{box.source_section_id}" if box.source_section_id else None
            deps = self.box_deps.setdefault((box.site_id, box.page_type), ())
            self.box_deps[(box.site_id, box.page_type)] = (
                *deps,
                f"site:{box.source_site_id}",
                *([key] if key else []),
            )

    # -- groups --------------------------------------------------------------------------------

    def all_groups(self, include_network: bool) -> list[str]:
        groups = ["network"] if include_network else []
        for profile in self.profiles:
            groups.append(f"site:{profile.pk}")
            groups += [f"section:{profile.pk}:{s.pk}" for s in self.sections.get(profile.pk, [])]
        return groups

    def plan(self, group: str) -> list[Target]:
        kind, _, rest = group.partition(":")
        if kind == "network":
            return self.network()
        if kind == "site":
            return self.site(self.by_pk[int(rest)])
        if kind == "section":
            site_id, _, section_id = rest.partition(":")
            section = next(
                (s for s in self.sections.get(int(site_id), []) if s.pk == int(section_id)), None
            )
            return self.section(self.by_pk[int(site_id)], section) if section else []
        if kind == "article":
            site_id, _, story_id = rest.partition(":")
            return self.articles(self.by_pk[int(site_id)], [int(story_id)])
        raise ValueError(f"unknown target group {group!r}")

    # -- what each group holds -----------------------------------------------------------------

    def network(self) -> list[Target]:
        deps = tuple(f"site:{pk}" for pk in self.by_pk)
        return [
            Target(NETWORK_HOST, "/", "network", deps),
            Target(NETWORK_HOST, "/robots.txt", "network"),
        ]

    def site(self, profile) -> list[Target]:
        host, group, own = profile.domain, f"site:{profile.pk}", (f"site:{profile.pk}",)
        front_deps = own + self.box_deps.get((profile.pk, "front"), ())
        targets = [
            Target(host, "/", group, front_deps),
            Target(host, reverse("feed-rss", kwargs={"sitekey": profile.key}), group, own),
            Target(host, reverse("feed-atom"), group, own),
            Target(host, reverse("feed-json"), group, own),
            Target(host, reverse("robots"), group),
            Target(host, reverse("sitemap-index"), group, own),
            Target(host, reverse("news-sitemap"), group, (*own, news_key(profile.pk))),
            Target(host, NOT_FOUND_URL, group, status=404),
            Target(host, GONE_URL, group, status=410),
        ]
        for name, sitemap in sitemaps.site_sitemaps(profile).items():
            location = reverse("sitemap-section", kwargs={"section": name})
            for page in sitemap.paginator.page_range:
                url = location if page == 1 else f"{location}?p={page}"
                deps = own if name != "stories" else (sitemap_key(profile.pk, page),)
                targets.append(Target(host, url, group, deps))
        if (profile.pk, fragments.ARTICLE) in self.box_deps:
            url = fragments.fragment_url(profile)
            targets.append(Target(host, url, group, self.box_deps[(profile.pk, "article")]))
        return targets

    def section(self, profile, section) -> list[Target]:
        host, group = profile.domain, f"section:{profile.pk}:{section.pk}"
        deps = (f"section:{section.pk}",)
        base = reverse("section", kwargs={"key": section.key})
        size, limit = section_paging()
        stories = queries.visible_stories(profile, section)
        # the view lists at most ``limit`` pages: count no further than one story past them
        count = len(stories[: size * limit + 1]) if limit else stories.count()
        pages = Paginator(range(count), size).num_pages
        pages = min(pages, limit) if limit else pages
        targets = [Target(host, base, group, deps)]
        targets += [Target(host, f"{base}?page={n}", group, deps) for n in range(1, pages + 1)]
        for name in ("section-feed-rss", "section-feed-atom", "section-feed-json"):
            targets.append(Target(host, reverse(name, kwargs={"key": section.key}), group, deps))
        return targets

    def news_keys(self, since, until) -> set[str]:
        """``time:<site>`` of the sites in scope whose news sitemap lost a story to the clock
        between ``since`` and ``until`` (a story leaving its 48-hour window); nothing else
        changes a news sitemap while no story changes."""
        start, end = sorted((since - sitemaps.NEWS_WINDOW, until - sitemaps.NEWS_WINDOW))
        # the stories first (an index on published_at), then where they are placed
        left = Story.objects.filter(published_at__gte=start, published_at__lt=end)
        left = list(left.values_list("pk", flat=True)[:MANY_LEFT])
        scope = {p.pk for p in self.profiles}
        if len(left) >= MANY_LEFT:
            return {news_key(site) for site in scope}
        sites = Placement.objects.filter(story__in=left, state=PlacementState.PUBLISHED)
        return {news_key(s) for s in sites.values_list("site_id", flat=True) if s in scope}

    def articles(self, profile, story_ids=None) -> list[Target]:
        """Article pages of the site's visible stories (all, or those of ``story_ids``)."""
        stories = queries.visible_stories(profile).select_related(None).order_by()
        if story_ids is not None:
            stories = stories.filter(pk__in=story_ids)
        targets = []
        for pk, slug in stories.values_list("pk", "slug"):
            url = story_url(SimpleNamespace(pk=pk, slug=slug), profile)
            group = f"article:{profile.pk}:{pk}"
            targets.append(Target(profile.domain, url, group, (f"story:{pk}",), story=pk))
        return targets


def news_key(site_id: int) -> str:
    """The dependency key of the site's news sitemap on the clock (stories leave its window)."""
    return f"time:{site_id}"


def sitemap_key(site_id: int, page: int) -> str:
    """The dependency key of one page of a site's story sitemap (fixed ranges of story ids)."""
    return f"sitemap:{site_id}:{page}"


def sitemap_keys(site_ids, story_id: int) -> set[str]:
    """The keys of the story sitemap pages that list (or would list) ``story_id`` on each of
    ``site_ids``: a story changes only its own page of a site's story sitemap."""
    page = sitemaps.StorySitemap.page_of(story_id)
    return {sitemap_key(site, page) for site in site_ids}


def all_profiles():
    return list(SiteProfile.objects.select_related("site"))
