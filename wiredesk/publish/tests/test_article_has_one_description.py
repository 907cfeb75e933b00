"""An article page has one meta description: the story's summary, else the site's."""

import re

import pytest

from wiredesk.publish.permalinks import story_url
from wiredesk.stories.models import Revision

from .conftest import get_on

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


@pytest.mark.django_db
def test_the_summary_is_the_only_description(client, network, make_story):
    site = network["spacewar"]
    site.description = "War news from everywhere"
    site.save()
    story = make_story(site, "Drills at sea", 5)
    Revision.objects.filter(story=story).update(summary="Navies drill in the strait.")
    page = get_on(client, story_url(story, site)).content.decode()
    assert DESCRIPTION.findall(page) == ["Navies drill in the strait."]


@pytest.mark.django_db
def test_without_a_summary_the_site_s_description_stands(client, network, make_story):
    site = network["spacewar"]
    site.description = "War news from everywhere"
    site.save()
    story = make_story(site, "Drills at sea", 5)
    Revision.objects.filter(story=story).update(summary="")
    page = get_on(client, story_url(story, site)).content.decode()
    assert DESCRIPTION.findall(page) == ["War news from everywhere"]
    front = get_on(client, "/").content.decode()
    assert DESCRIPTION.findall(front) == ["War news from everywhere"]
