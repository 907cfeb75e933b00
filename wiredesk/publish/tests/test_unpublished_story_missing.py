"""Stories a reader may not see yet (embargoed, held, unpublished) answer 404, as do stories
of other sites and URLs outside the site's permalink pattern."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import StoryState

from .pages import by_class, get, parse


@pytest.mark.django_db
def test_embargoed_story_is_not_found_until_its_time(client, network, make_story):
    story = make_story(
        network["spacewar"], "Embargoed story", embargo_until=timezone.now() + timedelta(hours=1)
    )
    path = story_url(story, network["spacewar"])
    response = get(client, path)
    assert response.status_code == 404
    assert "Embargoed story" not in response.content.decode()
    assert by_class(parse(response), "site-name"), "the 404 page keeps the site's chrome"

    story.embargo_until = timezone.now() - timedelta(seconds=1)
    story.save()
    assert get(client, path).status_code == 200


@pytest.mark.parametrize("state", [StoryState.HELD, StoryState.INCOMING, StoryState.UNPUBLISHED])
@pytest.mark.django_db
def test_story_not_published_is_not_found(client, network, make_story, state):
    story = make_story(network["spacewar"], "Not yet", state=state)
    assert get(client, story_url(story, network["spacewar"])).status_code == 404


@pytest.mark.django_db
def test_story_of_another_site_is_not_found(client, network, make_story):
    story = make_story(network["spacedaily"], "Only on SpaceDaily")
    assert get(client, story_url(story, network["spacewar"])).status_code == 404


@pytest.mark.parametrize("state", [PlacementState.SUGGESTED, PlacementState.REMOVED])
@pytest.mark.django_db
def test_placement_not_published_is_not_found(client, network, make_story, state):
    story = make_story(network["spacewar"], "Waiting for the desk")
    Placement.objects.filter(story=story).update(state=state)
    assert get(client, story_url(story, network["spacewar"])).status_code == 404


@pytest.mark.django_db
def test_other_prefix_and_unknown_id_are_not_found(client, network, make_story):
    story = make_story(network["spacewar"], "Right story")
    assert get(client, f"/news/{story.slug}_{story.pk}.html").status_code == 404
    assert get(client, f"/{story.slug}_{story.pk}.html").status_code == 404
    assert get(client, f"/reports/Missing_{story.pk + 100}.html").status_code == 404


@pytest.mark.django_db
def test_root_permalink_pattern_is_served(client, network, make_story):
    network["spacewar"].permalink = "/{slug}_{id}.html"
    network["spacewar"].save()
    story = make_story(network["spacewar"], "At the root")
    assert story_url(story, network["spacewar"]) == f"/At_the_root_{story.pk}.html"
    assert get(client, f"/At_the_root_{story.pk}.html").status_code == 200
    assert get(client, f"/reports/At_the_root_{story.pk}.html").status_code == 404
