"""A small network, stories in any state and users in any role, for the desk's tests and the
tests of the actions it calls (stories.actions, routing.editing). All text is invented."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from wiredesk.ingest.models import Source
from wiredesk.network.models import Agency, Section
from wiredesk.network.resolver import bump_network_generation
from wiredesk.publish.slugs import slugify_headline
from wiredesk.publish.tests.factories import make_site
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Cluster, Revision, Story, StoryState

PASSWORD = "a-long-test-password-1"
ROLES = ["viewer", "contributor", "editor", "admin"]


def make_network() -> dict:
    """Two sites with a section each, two agencies and a source."""
    spacewar = make_site("spacewar", "SpaceWar.com", "Your World At War")
    spacedaily = make_site("spacedaily", "SpaceDaily.com", "Space news", "#0b3d91", 1)
    military = Section.objects.create(site=spacewar, key="military", name="Military")
    launch = Section.objects.create(site=spacedaily, key="launch", name="Launch")
    afp = Agency.objects.create(key="AFP", name="Agence France-Presse", preference=2)
    upi = Agency.objects.create(key="UPI", name="United Press International", preference=1)
    source = Source.objects.create(name="test-wire", location="/tmp/test-wire", agency=afp)
    bump_network_generation()
    return {
        "spacewar": spacewar,
        "spacedaily": spacedaily,
        "military": military,
        "launch": launch,
        "afp": afp,
        "upi": upi,
        "source": source,
    }


_counter = iter(range(1, 1_000_000))


def make_story(
    net,
    headline="Invented test story",
    state=StoryState.HELD,
    sites=("spacewar",),
    placement_state=PlacementState.SUGGESTED,
    agency="afp",
    minutes_ago=5,
    body="<p>First invented paragraph.</p><p>Second invented paragraph.</p>",
    **fields,
) -> Story:
    """A story with one revision and a placement on each of ``sites`` (the first primary)."""
    now = timezone.now()
    dated = now - timedelta(minutes=minutes_ago)
    published = state == StoryState.PUBLISHED
    values = {
        "state": state,
        "dated_at": dated,
        "created_at": dated,
        "published_at": dated if published else None,
        "primary_site": net[sites[0]] if sites else None,
        "revision_count": 1,
        **fields,
    }
    story = Story.objects.create(
        source=net["source"],
        external_id=f"test-{next(_counter)}",
        agency=net[agency] if agency else None,
        headline=headline,
        slug=slugify_headline(headline),
        **values,
    )
    Revision.objects.create(
        story=story,
        number=1,
        content_hash=f"hash-{story.pk}",
        headline=headline,
        body_html=body,
        dateline_place="Washington",
        dateline_date="Oct 24",
        created_by="ingest",
    )
    for i, key in enumerate(sites):
        Placement.objects.create(
            story=story,
            site=net[key],
            is_primary=i == 0,
            state=PlacementState.PUBLISHED if published else placement_state,
            confidence=0.7,
            decided_by="rule:Test rule",
            reasons=["keyword: invented"],
        )
    return story


def make_cluster(net) -> tuple[Story, Story]:
    """A published AFP story (the version in use) and its UPI duplicate."""
    canonical = make_story(net, "Rocket lifts off with test cargo", state=StoryState.PUBLISHED)
    duplicate = make_story(
        net,
        "Rocket carries test cargo to orbit",
        state=StoryState.DUPLICATE,
        sites=(),
        agency="upi",
    )
    cluster = Cluster.objects.create(canonical=canonical)
    Story.objects.filter(pk__in=[canonical.pk, duplicate.pk]).update(cluster=cluster)
    canonical.refresh_from_db()
    duplicate.refresh_from_db()
    return canonical, duplicate


def make_user(role: str | None, username: str | None = None):
    """A user in ``role``'s group; ``"none"`` for a user with no role, ``"superuser"``."""
    from wiredesk.desk.roles import grant

    model = get_user_model()
    user = model.objects.create_user(username or f"user-{role}", password=PASSWORD)
    if role == "superuser":
        user.is_superuser = user.is_staff = True
        user.save()
    elif role and role != "none":
        grant(user, role)
    return model.objects.get(pk=user.pk)  # fresh: no cached permissions


def future(hours=2):
    return timezone.now() + timedelta(hours=hours)


def as_input(when: datetime) -> str:
    """A ``datetime-local`` form value (UTC) for ``when``."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
