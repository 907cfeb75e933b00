"""Shared fixtures: a small network (SpaceWar, SpaceDaily, Energy-Daily), an agency, a source,
and ``make_story`` to put stories on sites. All text here is invented for the tests."""

from datetime import timedelta

import pytest

from wiredesk.ingest.models import Source
from wiredesk.network.models import AdZone, Agency, Section
from wiredesk.network.resolver import bump_network_generation
from wiredesk.publish.slugs import slugify_headline
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story, StoryState

from .factories import BASE_TIME, make_site


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """A fresh in-memory cache per test, so the host table never leaks between tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    bump_network_generation()
    yield
    bump_network_generation()


@pytest.fixture
def network(db):
    """Three sites; SpaceWar has two sections and an in-article ad zone."""
    spacewar = make_site(
        "spacewar", "SpaceWar.com", "Your World At War", time_zone="America/New_York"
    )
    spacedaily = make_site("spacedaily", "SpaceDaily.com", "Space news", "#0b3d91", 1)
    energy = make_site("energydaily", "Energy-Daily.com", "Energy news", "#2a7d2e", 2)
    military = Section.objects.create(site=spacewar, key="military", name="Military", position=0)
    nuclear = Section.objects.create(site=spacewar, key="nuclear", name="Nuclear", position=1)
    AdZone.objects.create(site=spacewar, key="in-article", html='<div class="test-ad">ad</div>')
    bump_network_generation()
    return {
        "spacewar": spacewar,
        "spacedaily": spacedaily,
        "energy": energy,
        "military": military,
        "nuclear": nuclear,
    }


@pytest.fixture
def afp(db):
    return Agency.objects.create(
        key="AFP",
        name="Agence France-Presse",
        byline="AFP Staff Writers",
        rights_notice="Test rights notice for Agence France-Presse copy.",
    )


@pytest.fixture
def source(afp):
    return Source.objects.create(name="afp-test", location="/tmp/afp", agency=afp)


@pytest.fixture
def make_story(source, afp):
    """``make_story(site, headline, minutes_ago=0, section=None, revision=None, **fields)``: a
    published story with one revision (``revision`` overrides its fields) and a published
    placement on ``site``, its primary site."""
    counter = iter(range(1, 10_000))

    def make(site, headline, minutes_ago=0, section=None, revision=None, **fields):
        published = BASE_TIME - timedelta(minutes=minutes_ago)
        values = {
            "state": StoryState.PUBLISHED,
            "primary_site": site,
            "dated_at": published,
            "published_at": published,
            "modified_at": published,
            "revision_count": 1,
            **fields,
        }
        story = Story.objects.create(
            source=source,
            external_id=f"item-{next(counter)}",
            agency=afp,
            headline=headline,
            slug=slugify_headline(headline),
            **values,
        )
        text = {
            "headline": headline,
            "body_html": "<p>First invented paragraph.</p><p>Second invented paragraph.</p>",
            "summary": "An invented summary.",
            "dateline_place": "Washington",
            "dateline_date": "Oct 24",
            **(revision or {}),
        }
        Revision.objects.create(story=story, number=1, content_hash=f"hash-{story.pk}", **text)
        Placement.objects.create(
            story=story, site=site, section=section, is_primary=True, decided_by="test"
        )
        return story

    return make


CACHE_MIDDLEWARE = "wiredesk.publish.caching.PageCacheMiddleware"


@pytest.fixture
def page_cache(settings):
    """The page cache middleware in its place (right after WhiteNoise), whether or not the
    settings already list it; its receivers are connected by importing the module."""
    import wiredesk.publish.caching  # noqa: F401

    middleware = [m for m in settings.MIDDLEWARE if m != CACHE_MIDDLEWARE]
    at = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    settings.MIDDLEWARE = [*middleware[:at], CACHE_MIDDLEWARE, *middleware[at:]]


def get_on(client, path, host="spacewar.localhost", **extra):
    """GET ``path`` on one of the test network's sites (SpaceWar unless ``host`` says)."""
    return client.get(path, HTTP_HOST=host, **extra)
