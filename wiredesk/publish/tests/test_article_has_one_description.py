"""An article page has one meta description: the story's summary, else the site's."""

import re

import pytest

from wiredesk.publish.permalinks import story_url
from wiredesk.stories.models import Revision

from .conftest import get_on

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


@pytest.fixture
def article(client, network, make_story):
    """``article(summary)``: the descriptions on a SpaceWar article with that summary."""
    site = network["spacewar"]
    site.description = "War news from everywhere"
    site.save()

    def descriptions(summary: str) -> list[str]:
        story = make_story(site, "Drills at sea", 5)
        Revision.objects.filter(story=story).update(summary=summary)
        return DESCRIPTION.findall(get_on(client, story_url(story, site)).content.decode())

    return descriptions


@pytest.mark.django_db
def test_the_summary_is_the_only_description(article):
    assert article("Navies drill in the strait.") == ["Navies drill in the strait."]


@pytest.mark.django_db
def test_without_a_summary_the_site_s_description_stands(article, client):
    assert article("") == ["War news from everywhere"]
    assert DESCRIPTION.findall(get_on(client, "/").content.decode()) == ["War news from everywhere"]
