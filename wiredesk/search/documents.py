"""Which stories are searchable, and the text the index keeps for each."""

from django.db.models import Q
from django.utils import timezone

from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story, StoryState

from .highlight import clean_text
from .tags import entry_tags

MAX_BODY_CHARS = 200_000


def indexable(now=None):
    """Stories that belong in the index: published and not expired. Embargoed ones are kept
    too (queries hide them until their time), so the embargo's end needs no re-indexing."""
    now = now or timezone.now()
    return Story.objects.filter(state=StoryState.PUBLISHED).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def is_indexable(story, now=None) -> bool:
    now = now or timezone.now()
    return story.state == StoryState.PUBLISHED and not (
        story.expires_at is not None and story.expires_at <= now
    )


def published_placements(story_ids) -> dict:
    """``{story_id: [(site_id, section_id), ...]}`` of the stories' published placements."""
    placed: dict[int, list] = {pk: [] for pk in story_ids}
    rows = Placement.objects.filter(
        story_id__in=list(story_ids), state=PlacementState.PUBLISHED
    ).values_list("story_id", "site_id", "section_id")
    for story_id, site_id, section_id in rows:
        placed[story_id].append((site_id, section_id))
    return placed


def entry_fields(story, revision, placements) -> dict:
    """``SearchEntry`` field values for ``story`` shown as ``revision``, placed at
    ``placements`` (``[(site_id, section_id), ...]``)."""
    body = html_to_text(revision.body_html) if revision.body_html else ""
    if not body:
        body = revision.summary or ""
    agency = story.agency
    extra = [
        revision.byline,
        revision.dateline_place,
        agency.key if agency else "",
        agency.name if agency else "",
        " ".join(str(subject) for subject in revision.subjects or []),
        " ".join(str(keyword) for keyword in revision.keywords or []),
    ]
    return {
        "tags": entry_tags(
            (site for site, _ in placements),
            (section for _, section in placements if section is not None),
            story.agency_id,
            story.published_at,
            timed=story.embargo_until is not None or story.expires_at is not None,
        ),
        "published_at": story.published_at,
        "embargo_until": story.embargo_until,
        "expires_at": story.expires_at,
        "headline": clean_text(revision.headline or story.headline),
        "body": clean_text(body[:MAX_BODY_CHARS]),
        "extra": clean_text(" ".join(part for part in extra if part)),
    }
