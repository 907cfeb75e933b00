"""The ORM queries behind public pages. A story is visible on a site when it is live and has a
published placement there. Views call these; templates never query."""

from operator import attrgetter

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from wiredesk.network.models import AdZone, HeadlineBox, Section, SiteProfile
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story, live_conditions

from .boxes import candidate_limits, select_unique
from .rights import allowed_in, current_output, story_allowed_in

NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("dated_at").desc(), F("pk").desc())
FRONT_SECTION_COUNT = 5
FRONT_LATEST_COUNT = 12


def visible_stories(profile, section=None):
    """Stories a reader of ``profile``'s site can see now (optionally in one section), newest
    first, with the primary site loaded for canonical URLs."""
    # EXISTS rather than a join: the database can walk the live stories newest first and
    # stop at the page's end, instead of sorting every story placed on the site (a join
    # leaves SQLite no index to read in that order); one placement per site and story, so
    # the rows are the same
    placed = Placement.objects.filter(
        story=OuterRef("pk"), site=profile, state=PlacementState.PUBLISHED
    )
    if section is not None:
        placed = placed.filter(section=section)
    stories = allowed_in(Story.objects.live().filter(Exists(placed)), "web")
    if (output := current_output()) != "web":  # the static export: its licence too
        stories = allowed_in(stories, output)
    # a page never shows the MinHash fingerprint: leave its kilobyte a row in the database
    return stories.select_related("primary_site__site").defer("fingerprint").order_by(*NEWEST_FIRST)


def network_sites():
    """Every site of the network, in network order, each with ``story_count`` (visible now)."""
    counts = dict(
        Placement.objects.filter(live_conditions(timezone.now(), "story__"))
        .filter(state=PlacementState.PUBLISHED)
        .values_list("site")
        .annotate(n=Count("story"))
    )
    profiles = list(SiteProfile.objects.select_related("site"))
    for profile in profiles:
        profile.story_count = counts.get(profile.pk, 0)
    return profiles


def sister_sites(profile):
    """The other sites of the network, for the footer."""
    return list(SiteProfile.objects.select_related("site").exclude(pk=profile.pk))


def site_sections(profile):
    """The site's sections in menu order."""
    return list(Section.objects.filter(site=profile))


def find_section(profile, key):
    """The site's section with ``key``, or None."""
    return Section.objects.filter(site=profile, key=key).first()


def ad_zone(profile, key):
    """The site's ad zone named ``key`` (``in-article``), or None."""
    return AdZone.objects.filter(site=profile, key=key).first()


def find_story(pk):
    """A story by id, whatever its state, with what an article page shows about it."""
    return Story.objects.select_related("agency", "primary_site__site").filter(pk=pk).first()


def is_live(story):
    """Whether ``story`` may be shown now (published, past any embargo, not expired, from an
    agency whose licence allows the web)."""
    output = current_output()
    return (
        story_allowed_in(story, "web")
        and story_allowed_in(story, output)
        and Story.objects.live().filter(pk=story.pk).exists()
    )


def placement_on(story, profile):
    """The story's placement on the site in any state (even removed), or None."""
    return Placement.objects.filter(story=story, site=profile).select_related("section").first()


def headline_boxes(profile, page_type, exclude_ids=()):
    """``[(box, stories)]`` for the site's boxes on a page type, in position order: each box's
    newest stories from its source site (and section), none already on the page."""
    boxes = list(
        HeadlineBox.objects.filter(site=profile, page_type=page_type)
        .select_related("source_site__site", "source_section")
        .order_by("position", "pk")
    )
    counts = [box.count for box in boxes]
    limits = candidate_limits(counts, reserved=len(exclude_ids))
    candidates = [
        visible_stories(box.source_site, box.source_section)[:limit]
        for box, limit in zip(boxes, limits, strict=True)
    ]
    chosen = select_unique(candidates, counts, exclude=exclude_ids, key=attrgetter("pk"))
    return list(zip(boxes, chosen, strict=True))


def front_page(profile, sections):
    """The front page's lead story, ``[(section, stories)]`` and the latest list, with no story
    twice: the lead first, then each of ``sections`` in order, then the latest."""
    counts = [1] + [FRONT_SECTION_COUNT] * len(sections) + [FRONT_LATEST_COUNT]
    limits = candidate_limits(counts, reserved=0)
    newest = list(visible_stories(profile)[: limits[-1]])
    candidates = [newest]
    candidates += [
        visible_stories(profile, section)[:limit]
        for section, limit in zip(sections, limits[1:-1], strict=True)
    ]
    candidates.append(newest)
    chosen = select_unique(candidates, counts, key=attrgetter("pk"))
    lead = chosen[0][0] if chosen[0] else None
    by_section = [
        (s, stories) for s, stories in zip(sections, chosen[1:-1], strict=True) if stories
    ]
    return {"lead": lead, "section_lists": by_section, "latest": chosen[-1]}
