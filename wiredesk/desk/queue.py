"""What the desk's queue lists: stories filtered by state, site, agency and headline words.

The default view is the desk's work: stories held or not yet routed, and those received in the
last ``RECENT_HOURS`` hours that were published or rejected on their own, newest first.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone

from wiredesk.network.models import Agency, SiteProfile
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Story, StoryState

QUEUE_SIZE = 100
RECENT_HOURS = 6
WAITING = (StoryState.INCOMING, StoryState.HELD)
STATE_FILTERS = [("", "Queue"), *((v, v.capitalize()) for v in StoryState.values), ("all", "All")]


@dataclass
class QueueFilter:
    state: str = ""
    site: str = ""
    agency: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "QueueFilter":
        state = params.get("state", "")
        if state not in dict(STATE_FILTERS):
            state = ""
        return cls(
            state=state,
            site=params.get("site", "").strip()[:50],
            agency=params.get("agency", "").strip()[:32],
            q=" ".join(params.get("q", "").split())[:200],
        )

    def query_string(self, **override) -> str:
        from urllib.parse import urlencode

        values = {**self.__dict__, **override}
        return urlencode({k: v for k, v in values.items() if v})


def base_queryset():
    return Story.objects.select_related("agency", "primary_site__site", "cluster").prefetch_related(
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("site__site", "section").order_by(
                "-is_primary", "site__position"
            ),
        )
    )


def state_filter(state: str, now=None) -> Q:
    now = now or timezone.now()
    if state == "all":
        return Q()
    if state:
        return Q(state=state)
    recent = now - timedelta(hours=RECENT_HOURS)
    return (
        Q(state__in=WAITING)
        | Q(state=StoryState.PUBLISHED, created_at__gte=recent)
        | Q(state=StoryState.REJECTED, created_at__gte=recent)
    )


def filtered(flt: QueueFilter, now=None, with_state=True):
    stories = base_queryset()
    if with_state:
        stories = stories.filter(state_filter(flt.state, now))
    if flt.site:
        stories = stories.filter(
            placements__site__key=flt.site,
            placements__state__in=[PlacementState.PUBLISHED, PlacementState.SUGGESTED],
        )
    if flt.agency:
        stories = stories.filter(agency__key=flt.agency)
    for word in flt.q.split()[:8]:
        stories = stories.filter(headline__icontains=word)
    return stories.distinct()


def queue_stories(flt: QueueFilter, now=None):
    """The stories to list, each with ``placed``: whether it is on any site (publishable)."""
    stories = list(filtered(flt, now).order_by("-created_at", "-pk")[:QUEUE_SIZE])
    for story in stories:
        story.placed = any(p.state != PlacementState.REMOVED for p in story.placements.all())
    return stories


def state_counts(flt: QueueFilter, now=None) -> dict:
    """How many stories each state filter would show, given the other filters."""
    now = now or timezone.now()
    scoped = filtered(flt, now, with_state=False)
    return {value: scoped.filter(state_filter(value, now)).count() for value, _ in STATE_FILTERS}


def filter_choices() -> dict:
    return {
        "sites": list(SiteProfile.objects.select_related("site")),
        "agencies": list(Agency.objects.all()),
    }
