"""Killed and licence-expired stories answer 410 Gone at their old URLs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import StoryState

from .pages import by_class, get, parse


@pytest.mark.django_db
def test_killed_story_is_gone(client, network, make_story):
    story = make_story(network["spacewar"], "A story later killed", state=StoryState.KILLED)
    response = get(client, story_url(story, network["spacewar"]))
    assert response.status_code == 410
    doc = parse(response)
    assert by_class(doc, "site-name"), "the 410 page keeps the site's chrome"
    assert "A story later killed" not in response.content.decode()


@pytest.mark.django_db
def test_killed_story_is_gone_even_after_its_placement_was_removed(client, network, make_story):
    story = make_story(network["spacewar"], "Killed and removed", state=StoryState.KILLED)
    Placement.objects.filter(story=story).update(state=PlacementState.REMOVED)
    assert get(client, story_url(story, network["spacewar"])).status_code == 410


@pytest.mark.django_db
def test_expired_licence_is_gone(client, network, make_story):
    past = timezone.now() - timedelta(minutes=1)
    story = make_story(network["spacewar"], "Licence ran out", expires_at=past)
    assert get(client, story_url(story, network["spacewar"])).status_code == 410


@pytest.mark.django_db
def test_killed_story_of_another_site_is_not_found(client, network, make_story):
    story = make_story(network["spacedaily"], "Killed elsewhere", state=StoryState.KILLED)
    assert get(client, story_url(story, network["spacewar"])).status_code == 404
