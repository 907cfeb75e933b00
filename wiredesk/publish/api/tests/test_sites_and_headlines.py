"""``/api/sites/...``: the network's sites, their sections, and headlines for boxes."""

import pytest

from wiredesk.network.models import HeadlineBox

from .conftest import api_get


@pytest.mark.django_db
def test_sites_in_network_order_with_their_links(client, network):
    data = api_get(client, "/api/sites/").json()
    assert [s["key"] for s in data["sites"]] == ["spacewar", "spacedaily", "energydaily"]
    war = data["sites"][0]
    assert war["name"] == "SpaceWar.com" and war["domain"] == "www.spacewar.com"
    assert war["url"] == "http://spacewar.localhost/"
    assert war["feeds"]["rss"] == "http://spacewar.localhost/spacewar.xml"
    assert war["links"]["stories"] == "http://spacewar.localhost/api/stories/?site=spacewar"
    detail = api_get(client, "/api/sites/spacewar/").json()
    assert [s["key"] for s in detail["sections"]] == ["military", "nuclear"]
    sections = api_get(client, "/api/sites/spacewar/sections/").json()["sections"]
    assert sections == detail["sections"]
    assert sections[0]["url"] == "http://spacewar.localhost/section/military/"


@pytest.mark.django_db
def test_headlines_newest_first_with_count_and_section(client, network, make_story):
    war = network["spacewar"]
    stories = [make_story(war, f"Headline {i}", i, section=network["military"]) for i in range(4)]
    make_story(war, "Outside the section", 10)
    data = api_get(client, "/api/sites/spacewar/headlines/?count=3").json()
    assert [h["id"] for h in data["headlines"]] == [s.pk for s in stories[:3]]
    assert data["site"]["name"] == "SpaceWar.com" and data["section"] is None
    assert data["title"] == "News from SpaceWar.com"
    assert data["accent"].startswith("#")
    section = api_get(client, "/api/sites/spacewar/headlines/?section=military&count=50").json()
    assert [h["id"] for h in section["headlines"]] == [s.pk for s in stories]
    assert section["title"] == "Military from SpaceWar.com"


@pytest.mark.django_db
def test_headlines_title_is_the_networks_own_box_title(client, network):
    HeadlineBox.objects.create(
        site=network["spacewar"], source_site=network["spacedaily"], title="Space News from X"
    )
    data = api_get(client, "/api/sites/spacedaily/headlines/").json()
    assert data["title"] == "Space News from X"
