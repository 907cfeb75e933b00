"""Sites, sections and stories as the API's JSON objects (plain dicts; see openapi.py).

Times are ISO 8601 in UTC. URLs of pages are absolute and on the site's own host as seen from
the request (``http://spacewar.localhost:8000/...`` in development, the real domain otherwise);
API links are absolute URLs on the host the request came in on.
"""

from datetime import UTC

from django.urls import reverse

from wiredesk.network.resolver import site_base_url

from ..formatting import format_byline, format_dateline
from ..permalinks import canonical_url, story_url


def utc(moment) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


def api_url(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


def site_ref(profile, request) -> dict:
    """A site in a few words: how other objects name it."""
    return {"key": profile.key, "name": profile.name, "url": site_base_url(profile, request) + "/"}


def site_summary(profile, request) -> dict:
    base = site_base_url(profile, request)
    key = profile.key
    return {
        **site_ref(profile, request),
        "domain": profile.domain,
        "tagline": profile.tagline,
        "language": profile.language or "en",
        "time_zone": profile.time_zone or "UTC",
        "feeds": {
            "rss": f"{base}{reverse('feed-rss', kwargs={'sitekey': key})}",
            "atom": f"{base}{reverse('feed-atom')}",
            "json": f"{base}{reverse('feed-json')}",
        },
        "links": {
            "self": api_url(request, "api-site", key=key),
            "sections": api_url(request, "api-sections", key=key),
            "headlines": api_url(request, "api-headlines", key=key),
            "stories": api_url(request, "api-stories") + f"?site={key}",
        },
    }


def section_detail(section, profile, request) -> dict:
    base = site_base_url(profile, request)
    key = section.key
    return {
        "key": key,
        "name": section.name,
        "description": section.description,
        "url": f"{base}{reverse('section', kwargs={'key': key})}",
        "feeds": {
            "rss": f"{base}{reverse('section-feed-rss', kwargs={'key': key})}",
            "atom": f"{base}{reverse('section-feed-atom', kwargs={'key': key})}",
            "json": f"{base}{reverse('section-feed-json', kwargs={'key': key})}",
        },
        "links": {
            "headlines": api_url(request, "api-headlines", key=profile.key) + f"?section={key}",
            "stories": api_url(request, "api-stories") + f"?site={profile.key}&section={key}",
        },
    }


def site_detail(profile, sections, request) -> dict:
    return {
        **site_summary(profile, request),
        "description": profile.description,
        "sections": [section_detail(s, profile, request) for s in sections],
    }


def agency_detail(agency) -> dict | None:
    if agency is None:
        return None
    return {"key": agency.key, "name": agency.name, "rights_notice": agency.rights_notice}


def placement_detail(placement, story, request) -> dict:
    profile = placement.site
    return {
        "site": profile.key,
        "section": placement.section.key if placement.section else None,
        "is_primary": placement.is_primary,
        "url": site_base_url(profile, request) + story_url(story, profile),
    }


def story_summary(story, revision, placements, request) -> dict:
    """A story in a list: enough to show a headline with its link and date."""
    return {
        "id": story.pk,
        "headline": story.headline,
        "summary": revision.summary if revision else "",
        "url": canonical_url(story, request, fallback=placements[0].site if placements else None),
        "published_at": utc(story.published_at),
        "modified_at": utc(story.modified_at),
        "is_updated": story.is_updated,
        "agency": story.agency.key if story.agency else None,
        "sites": [p.site.key for p in placements],
        "links": {"self": api_url(request, "api-story", id=story.pk)},
    }


def story_detail(story, revision, placements, request) -> dict:
    """Everything an article page shows about a story, as data."""
    agency = story.agency
    primary = story.primary_site or (placements[0].site if placements else None)
    tz = primary.time_zone if primary else None
    detail = {
        **story_summary(story, revision, placements, request),
        "slug": story.slug,
        "dateline": format_dateline(revision, story, agency.key if agency else None, tz),
        "dateline_place": revision.dateline_place,
        "byline": format_byline(revision.byline or (agency.byline if agency else "")),
        "body_html": revision.body_html,
        "language": revision.language or (primary.language if primary else "") or "en",
        "subjects": list(revision.subjects or []),
        "keywords": list(revision.keywords or []),
        "revisions": story.revision_count,
        "agency": agency_detail(agency),
        "rights_notice": (agency.rights_notice if agency else "") or revision.rights or "",
        "correction": getattr(story, "correction", "") or "",
        "placements": [placement_detail(p, story, request) for p in placements],
    }
    return detail


def headline_item(story, profile, request) -> dict:
    return {
        "id": story.pk,
        "headline": story.headline,
        "url": canonical_url(story, request, fallback=profile),
        "published_at": utc(story.published_at),
    }
