"""The API serves only what a reader can see now: embargoed, held, unpublished, killed and
expired stories are absent from every list; their detail answers 410 once killed or expired
and 404 when they were never visible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import StoryState

from .conftest import api_get

LISTS = [
    "/api/stories/",
    "/api/stories/?site=spacewar",
    "/api/sites/spacewar/headlines/?count=50",
]


def listed(client):
    """Every story id any list shows."""
    ids = set()
    for path in LISTS:
        data = api_get(client, path).json()
        ids |= {item["id"] for item in data.get("stories", data.get("headlines", []))}
    return ids


def hidden(kind, network, make_story):
    war = network["spacewar"]
    now = timezone.now()
    if kind == "embargoed":
        return make_story(war, "Embargoed", embargo_until=now + timedelta(hours=1))
    if kind == "expired":
        return make_story(war, "Expired", expires_at=now - timedelta(minutes=1))
    if kind in ("held", "killed", "unpublished", "duplicate"):
        return make_story(war, kind.title(), state=StoryState(kind))
    story = make_story(war, "Placement not published")
    Placement.objects.filter(story=story).update(state=PlacementState(kind))
    return story


CASES = [
    ("embargoed", 404),
    ("held", 404),
    ("unpublished", 404),
    ("duplicate", 404),
    ("suggested", 404),
    ("removed", 404),
    ("killed", 410),
    ("expired", 410),
]


@pytest.mark.parametrize(("kind", "status"), CASES)
@pytest.mark.django_db
def test_story_that_is_not_live_is_absent(client, network, make_story, kind, status):
    live = make_story(network["spacewar"], "Live story", 5)
    story = hidden(kind, network, make_story)
    assert listed(client) == {live.pk}
    response = api_get(client, f"/api/stories/{story.pk}/")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == ("gone" if status == 410 else "not_found")
    assert kind.title() not in response.content.decode()


@pytest.mark.django_db
def test_embargoed_story_appears_when_its_time_comes(client, network, make_story):
    story = make_story(network["spacewar"], "Embargo ends soon")
    story.embargo_until = timezone.now() + timedelta(hours=1)
    story.save()
    assert story.pk not in listed(client)
    story.embargo_until = timezone.now() - timedelta(seconds=1)
    story.save()
    assert story.pk in listed(client)
    assert api_get(client, f"/api/stories/{story.pk}/").status_code == 200


@pytest.mark.django_db
def test_killed_story_that_was_never_placed_is_not_found(client, network, make_story):
    story = make_story(network["spacewar"], "Killed before placing", state=StoryState.KILLED)
    Placement.objects.filter(story=story).delete()
    assert api_get(client, f"/api/stories/{story.pk}/").status_code == 404


@pytest.mark.django_db
def test_unknown_story_is_not_found(client, network):
    for path in ("/api/stories/999999/", f"/api/stories/{10**30}/"):
        response = api_get(client, path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
