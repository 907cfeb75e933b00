"""The read-only JSON API: sites, sections, stories and headlines (see docs/api.md).

Only what a reader can see now is served: live stories (``Story.objects.live()``) with a
published placement, through the same queries as the pages. A killed or expired story answers
410 at its API URL, like its page; a story that was never visible answers 404.
"""

from collections import Counter
from datetime import UTC, datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wiredesk.network.models import Agency, HeadlineBox, SiteProfile
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, Story, StoryState

from .. import queries
from ..rights import allowed_in, story_allowed_in
from ..theme import site_colours
from . import serializers as out
from .pagination import BadCursor, decode_cursor, encode_cursor
from .responses import ApiError, api_view, json_response

LIMIT_DEFAULT, LIMIT_MAX = 20, 100
COUNT_DEFAULT, COUNT_MAX = 5, 50


# -- parameters -------------------------------------------------------------------------------


def int_param(request, name: str, default: int, largest: int) -> int:
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= largest:
        raise ApiError(400, f"bad_{name}", f"{name} must be a whole number from 1 to {largest}")
    return value


def since_param(request):
    raw = request.GET.get("since", "").strip()
    if not raw:
        return None
    moment = parse_datetime(raw.replace(" ", "+"))  # a '+' in a query string arrives as ' '
    if moment is None and (day := parse_date(raw)) is not None:
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if moment is None:
        raise ApiError(
            400, "bad_since", "since must be an ISO 8601 date or time, e.g. 2026-11-28T09:00:00Z"
        )
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def find_site(key: str) -> SiteProfile:
    profile = SiteProfile.objects.select_related("site").filter(key=key).first()
    if profile is None:
        raise ApiError(404, "unknown_site", f"no site with the key {key!r}: see /api/sites/")
    return profile


def find_section(profile, key: str):
    section = queries.find_section(profile, key)
    if section is None:
        raise ApiError(
            404,
            "unknown_section",
            f"{profile.key} has no section {key!r}: see /api/sites/{profile.key}/sections/",
        )
    return section


# -- loading what the JSON shows ----------------------------------------------------------------


def current_revisions(story_ids) -> dict:
    newest = {}
    for revision in Revision.objects.filter(story__in=story_ids).order_by("story_id", "-number"):
        newest.setdefault(revision.story_id, revision)
    return newest


def published_placements(story_ids) -> dict:
    """``{story id: [published placements, primary first]}``."""
    by_story = {}
    placements = (
        Placement.objects.filter(story__in=story_ids, state=PlacementState.PUBLISHED)
        .select_related("site__site", "section")
        .order_by("-is_primary", "site__position", "site__key")
    )
    for placement in placements:
        by_story.setdefault(placement.story_id, []).append(placement)
    return by_story


def network_stories():
    """Live stories with a published placement on any site, newest first."""
    placed = Placement.objects.filter(story=OuterRef("pk"), state=PlacementState.PUBLISHED)
    return (
        allowed_in(Story.objects.live(), "web")
        .filter(Exists(placed))
        .select_related("primary_site__site")
        .order_by(*queries.NEWEST_FIRST)
    )


def after_cursor(stories, cursor):
    """The stories that come after ``cursor`` in newest-first order (published_at nulls last)."""
    published, dated, pk = cursor
    older = Q(dated_at__lt=dated) | Q(dated_at=dated, pk__lt=pk)
    if published is None:
        return stories.filter(Q(published_at__isnull=True) & older)
    return stories.filter(
        Q(published_at__lt=published)
        | Q(published_at=published) & older
        | Q(published_at__isnull=True)
    )


def box_title(profile, section) -> str:
    """The title the network's own boxes give this source, else ``News from <site>``."""
    titles = Counter(
        HeadlineBox.objects.filter(source_site=profile, source_section=section).values_list(
            "title", flat=True
        )
    )
    if titles:
        return titles.most_common(1)[0][0]
    if section is not None:
        return f"{section.name} from {profile.name}"
    return f"News from {profile.name}"


# -- views ------------------------------------------------------------------------------------


@api_view
def index(request):
    return json_response(
        {
            "name": "wiredesk read-only API",
            "version": "1",
            "links": {
                "sites": out.api_url(request, "api-sites"),
                "stories": out.api_url(request, "api-stories"),
                "openapi": out.api_url(request, "api-openapi"),
                "widget": out.api_url(request, "api-widget-js"),
            },
        }
    )


@api_view
def sites(request):
    profiles = SiteProfile.objects.select_related("site")
    return json_response({"sites": [out.site_summary(p, request) for p in profiles]})


@api_view
def site(request, key):
    profile = find_site(key)
    return json_response(out.site_detail(profile, queries.site_sections(profile), request))


@api_view
def sections(request, key):
    profile = find_site(key)
    return json_response(
        {
            "site": out.site_ref(profile, request),
            "sections": [
                out.section_detail(s, profile, request) for s in queries.site_sections(profile)
            ],
        }
    )


@api_view
def stories(request):
    limit = int_param(request, "limit", LIMIT_DEFAULT, LIMIT_MAX)
    since = since_param(request)
    site_key = request.GET.get("site", "").strip()
    section_key = request.GET.get("section", "").strip()
    if site_key:
        profile = find_site(site_key)
        section = find_section(profile, section_key) if section_key else None
        found = queries.visible_stories(profile, section)
    elif section_key:
        raise ApiError(400, "section_needs_site", "section needs site: section keys are per site")
    else:
        found = network_stories()
    found = allowed_in(found, "api")
    if agency_key := request.GET.get("agency", "").strip():
        agency = Agency.objects.filter(key__iexact=agency_key).first()
        if agency is None:
            raise ApiError(404, "unknown_agency", f"no agency with the key {agency_key!r}")
        found = found.filter(agency=agency)
    if since is not None:
        found = found.filter(published_at__gte=since)
    if cursor := request.GET.get("cursor", ""):
        try:
            found = after_cursor(found, decode_cursor(cursor))
        except BadCursor as error:
            raise ApiError(400, "bad_cursor", str(error)) from None
    page = list(found.select_related("agency")[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    ids = [story.pk for story in page]
    revisions, placements = current_revisions(ids), published_placements(ids)
    next_url = None
    if more:
        last = page[-1]
        query = request.GET.copy()
        query["cursor"] = encode_cursor(last.published_at, last.dated_at, last.pk)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return json_response(
        {
            "stories": [
                out.story_summary(s, revisions.get(s.pk), placements.get(s.pk, []), request)
                for s in page
            ],
            "count": len(page),
            "next": next_url,
        }
    )


@api_view
def story(request, id):
    found = queries.find_story(id)
    if found is None:
        raise ApiError(404, "not_found", f"no story {id}")
    gone = found.state == StoryState.KILLED or (
        found.expires_at is not None and found.expires_at <= timezone.now()
    )
    if gone and Placement.objects.filter(story=found).exists():
        raise ApiError(410, "gone", f"story {id} has been withdrawn")
    placements = published_placements([found.pk]).get(found.pk, [])
    revision = found.current
    hidden = not story_allowed_in(found, "api") or not queries.is_live(found)
    if gone or not placements or revision is None or hidden:
        raise ApiError(404, "not_found", f"no story {id}")
    return json_response(out.story_detail(found, revision, placements, request))


@api_view
def headlines(request, key):
    profile = find_site(key)
    count = int_param(request, "count", COUNT_DEFAULT, COUNT_MAX)
    section_key = request.GET.get("section", "").strip()
    section = find_section(profile, section_key) if section_key else None
    items = allowed_in(queries.visible_stories(profile, section), "api")[:count]
    return json_response(
        {
            "title": box_title(profile, section),
            "accent": site_colours(profile.theme)["accent_ink"],
            "site": out.site_ref(profile, request),
            "section": {"key": section.key, "name": section.name} if section else None,
            "headlines": [out.headline_item(s, profile, request) for s in items],
        }
    )
