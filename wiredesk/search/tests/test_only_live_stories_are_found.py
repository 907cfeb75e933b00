"""Only live stories placed on the site are found: never embargoed (until the embargo ends),
killed, unpublished, expired, duplicate, held, or removed from the site."""

from datetime import timedelta

import pytest

from wiredesk.routing.models import Placement, PlacementState
from wiredesk.search.models import SearchEntry
from wiredesk.search.tests.conftest import NOW
from wiredesk.stories.models import Story, StoryState
from wiredesk.stories.signals import story_changed


def found(backend, network, now=NOW):
    results = backend.search("beacon", site=network["spacewar"], now=now)
    return {hit.story.pk for hit in results.hits}, results.total


def test_a_live_story_is_found(make_story, backend, network):
    story = make_story("Beacon found")
    assert found(backend, network) == ({story.pk}, 1)


def test_embargoed_story_appears_when_its_embargo_ends(make_story, backend, network):
    story = make_story("Beacon embargoed", embargo_until=NOW + timedelta(hours=2))
    assert found(backend, network) == (set(), 0)
    # nothing re-indexes it: the query itself sees the embargo end
    assert found(backend, network, now=NOW + timedelta(hours=2)) == ({story.pk}, 1)


def test_expired_story_vanishes_at_its_time(make_story, backend, network):
    story = make_story("Beacon licensed", expires_at=NOW + timedelta(hours=1))
    assert found(backend, network) == ({story.pk}, 1)
    assert found(backend, network, now=NOW + timedelta(hours=1)) == (set(), 0)


@pytest.mark.parametrize(
    "state",
    [
        StoryState.KILLED,
        StoryState.UNPUBLISHED,
        StoryState.DUPLICATE,
        StoryState.HELD,
        StoryState.REJECTED,
    ],
)
def test_a_story_that_stops_being_live_is_removed(make_story, backend, network, state):
    story = make_story("Beacon changing")
    assert SearchEntry.objects.filter(story=story).exists()
    story.state = state
    story.save(update_fields=["state"])
    story_changed.send(sender=Story, story=story, action=state)
    assert not SearchEntry.objects.filter(story=story).exists()
    assert found(backend, network) == (set(), 0)


@pytest.mark.parametrize("state", [StoryState.KILLED, StoryState.UNPUBLISHED])
def test_even_a_stale_index_never_shows_a_dead_story(make_story, backend, network, state):
    story = make_story("Beacon stale")
    Story.objects.filter(pk=story.pk).update(state=state)  # no signal: the index is stale
    assert SearchEntry.objects.filter(story=story).exists()
    assert found(backend, network) == (set(), 0)


@pytest.mark.parametrize("placement_state", [PlacementState.REMOVED, PlacementState.SUGGESTED])
def test_a_story_not_placed_on_the_site_is_not_found_there(
    make_story, backend, network, placement_state
):
    story = make_story("Beacon moved", sites=[network["spacedaily"]])
    Placement.objects.filter(story=story, site=network["spacewar"]).update(state=placement_state)
    assert found(backend, network) == (set(), 0)
    elsewhere = backend.search("beacon", site=network["spacedaily"], now=NOW)
    assert [hit.story.pk for hit in elsewhere.hits] == [story.pk]
