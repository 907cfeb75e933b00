"""An agency's licence says where its stories may appear (``outputs``: web, feeds, api,
export): a story is absent from every output its agency may not use, and present in the
others."""

import json

import feedparser
import pytest

from wiredesk.network.loader import NetworkFileError, parse_network

from .pages import get

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(network, make_story, afp):
    return make_story(network["spacewar"], "Licensed story", minutes_ago=0)


def _restrict(agency, *outputs):
    agency.outputs = list(outputs)
    agency.save()  # bumps the network generation: every process rereads the licences


def _in_feed(client):
    return [e.title for e in feedparser.parse(get(client, "/spacewar.xml").content).entries]


def _in_api(client):
    data = json.loads(get(client, "/api/stories/?site=spacewar").content)
    return [s["headline"] for s in data["stories"]]


def _on_front(client):
    return "Licensed story" in get(client, "/").content.decode()


def test_everything_is_allowed_by_default(client, story):
    assert _in_feed(client) == ["Licensed story"]
    assert _in_api(client) == ["Licensed story"]
    assert _on_front(client)


def test_no_feeds(client, story, afp):
    _restrict(afp, "web", "api", "export")
    assert _in_feed(client) == []
    assert _in_api(client) == ["Licensed story"]
    assert _on_front(client)


def test_no_api(client, story, afp):
    _restrict(afp, "web", "feeds", "export")
    assert _in_api(client) == []
    assert get(client, f"/api/stories/{story.pk}/").status_code == 404
    headlines = json.loads(get(client, "/api/sites/spacewar/headlines/").content)["headlines"]
    assert headlines == []
    assert _in_feed(client) == ["Licensed story"]


def test_no_web_means_nowhere(client, story, afp):
    _restrict(afp, "feeds", "api", "export")
    assert not _on_front(client)
    assert get(client, f"/reports/{story.slug}_{story.pk}.html").status_code == 404
    assert _in_feed(client) == []
    assert _in_api(client) == []


def test_an_unknown_output_in_the_network_file_is_refused():
    text = """
[network]
name = "N"

[[agencies]]
key = "AFP"
name = "Agence France-Presse"
outputs = ["web", "print"]

[[sites]]
key = "spacewar"
domain = "www.spacewar.com"
name = "SpaceWar.com"
"""
    expected = r"n.toml:\d+: agencies\[0\]\.outputs: unknown output 'print'"
    with pytest.raises(NetworkFileError, match=expected):
        parse_network(text, filename="n.toml")
