"""A bare IP or localhost shows the network index: every site with its link and story count."""

import pytest

from wiredesk.stories.models import StoryState

from .pages import by_class, get, parse, text


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000"])
@pytest.mark.django_db
def test_network_index_lists_every_site(client, network, make_story, host):
    make_story(network["spacewar"], "War one")
    make_story(network["spacewar"], "War two")
    make_story(network["spacewar"], "War killed", state=StoryState.KILLED)
    make_story(network["spacedaily"], "Daily one")
    response = get(client, "/", host=host)
    assert response.status_code == 200
    doc = parse(response)
    cards = by_class(doc, "site-card")
    names = [text(card.find("h2")) for card in cards]
    assert names == ["SpaceWar.com", "SpaceDaily.com", "Energy-Daily.com"]
    counts = [text(by_class(card, "story-count")[0]) for card in cards]
    assert counts == ["2", "1", "0"]
    port = f":{host.partition(':')[2]}" if ":" in host else ""
    assert cards[0].find("h2/a").get("href") == f"http://spacewar.localhost{port}/"
    assert "Your World At War" in text(cards[0])


@pytest.mark.django_db
def test_network_index_without_sites(client, db):
    response = get(client, "/", host="127.0.0.1")
    assert response.status_code == 200
    assert "No sites yet" in response.content.decode()
