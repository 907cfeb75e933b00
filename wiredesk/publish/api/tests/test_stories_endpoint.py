"""``/api/stories/``: live stories newest first, filtered, a cursor page at a time."""

from datetime import timedelta

import pytest

from wiredesk.network.models import Agency
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Story

from .conftest import api_get


@pytest.fixture
def five(network, make_story):
    """Five SpaceWar stories a minute apart (the newest first in the returned list)."""
    return [make_story(network["spacewar"], f"Story number {i}", minutes_ago=i) for i in range(5)]


@pytest.mark.django_db
def test_lists_live_stories_newest_first(client, five):
    data = api_get(client, "/api/stories/").json()
    assert [s["id"] for s in data["stories"]] == [s.pk for s in five]
    assert data["count"] == 5 and data["next"] is None
    first = data["stories"][0]
    assert first["headline"] == "Story number 0"
    assert first["url"].startswith("http://spacewar.localhost/reports/Story_number_0_")
    assert first["sites"] == ["spacewar"] and first["agency"] == "AFP"
    assert first["published_at"].endswith("Z")


@pytest.mark.django_db
def test_cursor_pages_cover_every_story_once_in_order(client, five, network, make_story):
    seen, url = [], "/api/stories/?limit=2"
    while url:
        data = api_get(client, url).json()
        assert data["count"] <= 2
        seen += [s["id"] for s in data["stories"]]
        if len(seen) == 2:  # a story published between pages must not shift the next page
            make_story(network["spacewar"], "Newer than the cursor", minutes_ago=-5)
        url = data["next"]
    assert seen == [s.pk for s in five]


@pytest.mark.django_db
def test_cursor_pages_stories_with_the_same_time_by_id(client, network, make_story):
    same = [make_story(network["spacewar"], f"Same minute {i}", minutes_ago=3) for i in range(5)]
    seen, url = [], "/api/stories/?limit=2"
    while url:
        data = api_get(client, url).json()
        seen += [s["id"] for s in data["stories"]]
        url = data["next"]
    assert seen == sorted((s.pk for s in same), reverse=True)


@pytest.mark.django_db
def test_filters_by_site_section_agency_and_since(client, network, make_story, afp, source):
    war, daily = network["spacewar"], network["spacedaily"]
    military = make_story(war, "In the military section", 1, section=network["military"])
    plain = make_story(war, "No section", 2)
    other = make_story(daily, "On SpaceDaily", 3)
    upi = Agency.objects.create(key="UPI", name="United Press International")
    by_upi = make_story(daily, "By UPI", 30)
    Story.objects.filter(pk=by_upi.pk).update(agency=upi)
    Placement.objects.create(story=other, site=war, decided_by="test")  # also on SpaceWar

    def ids(query):
        response = api_get(client, f"/api/stories/?{query}")
        assert response.status_code == 200, response.content
        return [s["id"] for s in response.json()["stories"]]

    assert ids("") == [military.pk, plain.pk, other.pk, by_upi.pk]
    assert ids("site=spacewar") == [military.pk, plain.pk, other.pk]
    assert ids("site=spacedaily") == [other.pk, by_upi.pk]
    assert ids("site=spacewar&section=military") == [military.pk]
    assert ids("agency=upi") == [by_upi.pk]
    assert ids("agency=AFP&site=spacedaily") == [other.pk]
    since = (plain.published_at - timedelta(seconds=1)).isoformat()
    assert ids(f"since={since.replace('+', '%2B')}") == [military.pk, plain.pk]
    assert ids(f"since={since}") == [military.pk, plain.pk]  # '+' decoded as a space
    assert ids("since=2000-01-01") == [military.pk, plain.pk, other.pk, by_upi.pk]
