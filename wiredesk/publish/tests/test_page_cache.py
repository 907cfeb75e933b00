"""Pages, feeds and the API are cached per (host, path, generations): publishing a story bumps
its sites' generations, so exactly the pages that may show it change, at O(1) cost.

"Served from the cache" is shown by changing the database behind Django's back
(``QuerySet.update`` sends no signal): a cached page keeps showing the old text.
"""

import pytest
from django.core.cache import cache
from django.db import transaction

from wiredesk.core import generations
from wiredesk.network.models import HeadlineBox
from wiredesk.publish.caching import page_stamp
from wiredesk.publish.permalinks import story_url
from wiredesk.stories.models import Revision, Story, StoryState
from wiredesk.stories.signals import story_changed

from .conftest import get_on as api_get

pytestmark = pytest.mark.usefixtures("page_cache")

WAR, DAILY, ENERGY = "spacewar.localhost", "spacedaily.localhost", "energydaily.localhost"


def body(client, path, host=WAR):
    response = api_get(client, path, host=host)
    assert response.status_code == 200, path
    return response.content.decode()


def rename_silently(story, headline):
    Story.objects.filter(pk=story.pk).update(headline=headline)


@pytest.mark.django_db
def test_publishing_a_story_changes_the_cached_front_page(client, network, make_story):
    old = make_story(network["spacewar"], "First story", 10)
    assert "First story" in body(client, "/")
    rename_silently(old, "Renamed without a signal")
    assert "First story" in body(client, "/"), "the second request should come from the cache"
    make_story(network["spacewar"], "Second story", 0)  # its placement bumps spacewar
    page = body(client, "/")
    assert "Second story" in page and "Renamed without a signal" in page


@pytest.mark.django_db
def test_story_changed_signal_invalidates_its_sites(client, network, make_story):
    story = make_story(network["spacewar"], "Soon killed", 10)
    assert "Soon killed" in body(client, "/")
    Story.objects.filter(pk=story.pk).update(state=StoryState.KILLED)
    assert "Soon killed" in body(client, "/")
    story_changed.send(sender=Story, story=story, action="killed")
    assert "Soon killed" not in body(client, "/")


@pytest.mark.django_db
def test_unrelated_sites_pages_stay_cached(client, network, make_story):
    energy = make_story(network["energy"], "Energy story", 10)
    assert "Energy story" in body(client, "/", ENERGY)
    rename_silently(energy, "Renamed energy story")
    before = generations.current(page_stamp(str(network["energy"].pk)))
    make_story(network["spacewar"], "War story", 0)
    assert generations.current(page_stamp(str(network["energy"].pk))) == before
    assert "Energy story" in body(client, "/", ENERGY), "Energy-Daily's page was invalidated"


@pytest.mark.django_db
def test_a_box_source_sites_news_changes_the_pages_that_show_its_box(client, network, make_story):
    war, daily = network["spacewar"], network["spacedaily"]
    HeadlineBox.objects.create(site=war, source_site=daily, title="Space News", page_type="front")
    make_story(daily, "Older daily story", 10)
    make_story(war, "War story", 10)
    assert "Older daily story" in body(client, "/")
    make_story(daily, "Fresh daily story", 0)
    assert "Fresh daily story" in body(client, "/"), "SpaceWar's box missed SpaceDaily's news"


@pytest.mark.django_db
def test_article_page_changes_with_a_new_revision(client, network, make_story):
    story = make_story(network["spacewar"], "Original headline", 10)
    path = story_url(story, network["spacewar"])
    assert "Original headline" in body(client, path)
    Revision.objects.create(  # as a desk edit does: a new revision
        story=story, number=2, content_hash="edited", headline="Corrected headline", body_html=""
    )
    assert "Corrected headline" in body(client, path)


@pytest.mark.django_db
def test_network_change_invalidates_every_page(client, network, make_story):
    make_story(network["spacewar"], "War story", 10)
    assert "SpaceWar.com" in body(client, "/")
    site = network["spacewar"].site
    site.name = "WarSpace.com"
    site.save()
    assert "WarSpace.com" in body(client, "/")


@pytest.mark.django_db
def test_api_lists_are_invalidated_by_any_site(client, network, make_story):
    assert api_get(client, "/api/stories/").json()["count"] == 0
    make_story(network["energy"], "Energy story", 0)
    assert api_get(client, "/api/stories/").json()["count"] == 1


@pytest.mark.django_db
def test_uncacheable_paths_and_responses_are_not_stored(client, network, make_story):
    make_story(network["spacewar"], "War story", 0)
    cache.clear()
    api_get(client, "/admin/login/")
    api_get(client, "/api/stories/")
    stored = [key for key in cache._cache if ":wiredesk:page:" in key]
    assert len(stored) == 1, "only the API response should have been stored"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_once_when_it_commits(network, make_story):
    war, energy = (page_stamp(str(network[key].pk)) for key in ("spacewar", "energy"))
    before = generations.current_many([war, energy])
    with transaction.atomic():
        story = make_story(network["spacewar"], "War story", 0)
        for _ in range(3):
            story_changed.send(sender=Story, story=story, action="published")
        assert generations.current_many([war, energy]) == before, "nothing before the commit"
    assert generations.current(war) == before[war] + 1, "one bump on commit"
    assert generations.current(energy) == before[energy], "an unrelated site is untouched"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_bumps_nothing(network, make_story):
    war = page_stamp(str(network["spacewar"].pk))
    before = generations.current(war)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_story(network["spacewar"], "Never stored", 0)
        raise RuntimeError
    assert generations.current(war) == before
    make_story(network["spacewar"], "Stored", 0)  # autocommit: at once
    assert generations.current(war) > before


@pytest.mark.django_db
def test_current_many_starts_missing_counters_from_the_clock():
    values = generations.current_many(["a", "b"])
    assert set(values) == {"a", "b"} and min(values.values()) > 10**18
    generations.bump("a")
    assert generations.current_many(["a", "b"]) == {"a": values["a"] + 1, "b": values["b"]}


@pytest.mark.django_db
def test_static_export_renders_bypass_the_cache(rf, network, make_story):
    """The export asks for pages in another form (SSI includes) on the same URLs: such a
    request must not be answered from the cache, nor leave its page there."""
    from django.core.handlers.base import BaseHandler

    make_story(network["spacewar"], "War story", 0)
    handler = BaseHandler()
    handler.load_middleware()
    exported = rf.get("/", HTTP_HOST=WAR)
    exported.wiredesk_ssi = object()
    handler.get_response(exported)
    assert not [key for key in cache._cache if ":wiredesk:page:" in key]
    live = rf.get("/", HTTP_HOST=WAR)
    handler.get_response(live)
    assert [key for key in cache._cache if ":wiredesk:page:" in key]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_keeps_what_came_before_it(network, make_story):
    """An ingest chunk is one transaction; an item that fails rolls back its own savepoint.
    What the chunk changed before that must still be bumped on commit."""
    war = page_stamp(str(network["spacewar"].pk))
    before = generations.current(war)
    with transaction.atomic():
        make_story(network["spacewar"], "Stored first", 0)
        with pytest.raises(RuntimeError), transaction.atomic():
            make_story(network["energy"], "Rolled back", 0)
            raise RuntimeError
        make_story(network["spacedaily"], "Stored after", 0)
    assert generations.current(war) == before + 1
