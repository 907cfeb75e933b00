"""Fixtures for search tests: tasks run at once, a small network and ``make_story``.

All story text here is invented for the tests."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sites.models import Site

from wiredesk.ingest.models import Source
from wiredesk.network.models import Agency, Section, SiteProfile
from wiredesk.network.resolver import bump_network_generation
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, Story, StoryState
from wiredesk.stories.signals import story_changed

# the real time (to the minute): the index task decides what is expired by the clock
NOW = datetime.now(UTC).replace(second=0, microsecond=0)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Index tasks run inside the test, as a worker would run them."""
    settings.TASKS = IMMEDIATE


def make_site(key, name, position=0, time_zone="UTC"):
    site = Site.objects.create(domain=f"www.{key}.com", name=name)
    return SiteProfile.objects.create(
        site=site, key=key, position=position, time_zone=time_zone, theme={"accent": "#8b1a1a"}
    )


@pytest.fixture
def network(db):
    """Two sites; SpaceWar (New York time) has two sections; two agencies."""
    spacewar = make_site("spacewar", "SpaceWar.com", time_zone="America/New_York")
    spacedaily = make_site("spacedaily", "SpaceDaily.com", 1)
    bump_network_generation()
    return {
        "spacewar": spacewar,
        "spacedaily": spacedaily,
        "military": Section.objects.create(site=spacewar, key="military", name="Military"),
        "nuclear": Section.objects.create(site=spacewar, key="nuclear", name="Nuclear"),
        "afp": Agency.objects.create(key="AFP", name="Agence France-Presse"),
        "upi": Agency.objects.create(key="UPI", name="United Press International"),
    }


@pytest.fixture
def make_story(network):
    """``make_story(headline, body, site=spacewar, section=None, agency=afp, hours_ago=1,
    sites=(), **fields)``: a published story placed on ``site`` (and ``sites``), announced
    with ``story_changed`` as routing does, so the index task runs."""
    source = Source.objects.create(name="test-wire", location="/tmp/test-wire")
    counter = iter(range(1, 100_000))

    def make(
        headline,
        body="",
        site=None,
        section=None,
        agency=None,
        hours_ago=1,
        sites=(),
        announce=True,
        revision=None,
        **fields,
    ):
        site = site or network["spacewar"]
        published = NOW - timedelta(hours=hours_ago)
        values = {"state": StoryState.PUBLISHED, "published_at": published, **fields}
        story = Story.objects.create(
            source=source,
            external_id=f"item-{next(counter)}",
            agency=agency if agency is not None else network["afp"],
            headline=headline,
            slug="story",
            dated_at=published,
            primary_site=site,
            revision_count=1,
            **values,
        )
        Revision.objects.create(
            story=story,
            number=1,
            content_hash=f"hash-{story.pk}",
            headline=headline,
            body_html=body or "<p>An invented body.</p>",
            **(revision or {}),
        )
        for number, where in enumerate([site, *sites]):
            Placement.objects.create(
                story=story,
                site=where,
                section=section if number == 0 else None,
                is_primary=number == 0,
                state=PlacementState.PUBLISHED,
                decided_by="test",
            )
        if announce:
            story_changed.send(sender=Story, story=story, action=story.state)
        return story

    return make


@pytest.fixture
def backend(db):
    from wiredesk.search.backends import get_search_backend

    return get_search_backend()
