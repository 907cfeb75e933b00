"""An article URL with an old or wrong slug redirects permanently to the current one."""

import pytest

from wiredesk.publish.permalinks import story_url

from .pages import get


@pytest.mark.django_db
def test_wrong_slug_redirects_to_current_url(client, network, make_story):
    story = make_story(network["spacewar"], "Headline as corrected")
    response = get(client, f"/reports/Headline_as_first_sent_{story.pk}.html")
    assert response.status_code == 301
    assert response["Location"] == story_url(story, network["spacewar"])
    assert response["Location"] == f"/reports/Headline_as_corrected_{story.pk}.html"


@pytest.mark.django_db
def test_story_on_a_secondary_site_is_served_with_canonical_on_primary(client, network, make_story):
    from wiredesk.routing.models import Placement

    story = make_story(network["spacedaily"], "Shared story")
    Placement.objects.create(story=story, site=network["spacewar"], decided_by="test")
    response = get(client, story_url(story, network["spacewar"]))
    assert response.status_code == 200
    expected = f'<link rel="canonical" href="http://spacedaily.localhost/reports/Shared_story_{story.pk}.html">'
    assert expected in response.content.decode()
