"""Public pages: the network index, a site's front page, section pages and articles."""

from django.core.paginator import InvalidPage, Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from wiredesk.network.resolver import site_base_url
from wiredesk.routing.models import PlacementState
from wiredesk.stories.models import StoryState

from . import queries
from .context import site_chrome
from .formatting import format_byline, format_dateline
from .listing_queries import topic_slug
from .permalinks import canonical_url, permalink_prefix, story_url
from .theme import site_colours

SECTION_PAGE_SIZE = 20
SECTION_MAX_PAGES = 10
"""A section lists its newest 200 stories; older ones are in the archive by day. The cap keeps
what one new story changes bounded (every page of a section shifts when a story arrives)."""
AD_ZONE_IN_ARTICLE = "in-article"


def render_page(request, template, context=None, status=200, chrome=None):
    """Render ``publish/<template>`` with the site's chrome (computed unless given) around
    ``context``."""
    full = {**(chrome or site_chrome(request)), **(context or {})}
    return render(request, f"publish/{template}", full, status=status)


def not_found(request, exception=None):
    """The 404 page, in the site's chrome (also usable as ``handler404``)."""
    return render_page(request, "not_found.html", status=404)


def front(request):
    """``/``: the site's front page, or the network index on a bare IP or ``localhost``."""
    profile = request.network_site
    if profile is None:
        sites = queries.network_sites()
        for site in sites:
            site.base_url = site_base_url(site, request) + "/"
            site.colours = site_colours(site.theme)
        return render_page(request, "network_index.html", {"sites": sites})
    chrome = site_chrome(request)
    page = queries.front_page(profile, chrome["sections"])
    shown = [s.pk for s in [page["lead"], *page["latest"]] if s is not None]
    shown += [story.pk for _, stories in page["section_lists"] for story in stories]
    context = {
        **page,
        "is_home": True,
        "lead_revision": page["lead"].current if page["lead"] else None,
        "boxes": queries.headline_boxes(profile, "front", exclude_ids=shown),
    }
    return render_page(request, "front.html", context, chrome=chrome)


def section(request, key):
    """``/section/<key>/``: the section's newest stories, 20 a page, at most
    ``SECTION_MAX_PAGES`` pages; the last one points to the archive for older stories."""
    profile = request.network_site
    current = queries.find_section(profile, key) if profile else None
    if current is None:
        return not_found(request)
    shown = SECTION_PAGE_SIZE * SECTION_MAX_PAGES
    newest = list(queries.visible_stories(profile, current)[: shown + 1])
    paginator = Paginator(newest[:shown], SECTION_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        return not_found(request)
    context = {"current_section": current, "page": page}
    if len(newest) > shown and not page.has_next():
        context["older_url"] = reverse("archive-index")
    return render_page(request, "section.html", context)


def article(request, slug, id, prefix=""):
    """An article at the site's permalink: 301 to the current slug, 410 once killed or expired,
    404 when not live or not placed on this site."""
    profile = request.network_site
    if profile is None or prefix != permalink_prefix(profile):
        return not_found(request)
    story = queries.find_story(id)
    placement = queries.placement_on(story, profile) if story else None
    if placement is None:
        return not_found(request)
    if story.state == StoryState.KILLED or (
        story.expires_at and story.expires_at <= timezone.now()
    ):
        return render_page(request, "gone.html", status=410)
    revision = story.current
    if (
        placement.state != PlacementState.PUBLISHED
        or revision is None
        or not queries.is_live(story)
    ):
        return not_found(request)
    path = story_url(story, profile)
    if request.path != path:
        return HttpResponsePermanentRedirect(path)
    chrome = site_chrome(request)
    context = article_context(request, story, revision, chrome["tz"])
    context["current_section"] = placement.section
    return render_page(request, "article.html", context, chrome=chrome)


def article_context(request, story, revision, tz) -> dict:
    """What ``article.html`` shows, top to bottom."""
    profile = request.network_site
    agency = story.agency
    return {
        "story": story,
        "revision": revision,
        "canonical": canonical_url(story, request),
        "dateline": format_dateline(revision, story, agency.key if agency else None, tz),
        "byline": format_byline(revision.byline or (agency.byline if agency else "")),
        "ad": queries.ad_zone(profile, AD_ZONE_IN_ARTICLE),
        "boxes": queries.headline_boxes(profile, "article", exclude_ids=[story.pk]),
        "rights": (agency.rights_notice if agency else "") or revision.rights,
        "topics": story_topics(revision),
    }


MAX_TOPICS = 8


def story_topics(revision) -> list[tuple[str, str]]:
    """``[(keyword, topic slug)]`` for the article's topic links, in the wire's order."""
    seen, topics = set(), []
    for keyword in revision.keywords or ():
        slug = topic_slug(keyword)
        if slug and slug not in seen:
            seen.add(slug)
            topics.append((str(keyword), slug))
    return topics[:MAX_TOPICS]
