"""``/api/stories/<id>/``: what the article page shows, as data."""

import pytest

from wiredesk.routing.models import Placement

from .conftest import api_get


@pytest.mark.django_db
def test_story_detail_has_the_article_fields(client, network, make_story, afp):
    war, daily = network["spacewar"], network["spacedaily"]
    story = make_story(
        war,
        "Envoy urges allies to guard bases",
        section=network["military"],
        revision={"byline": "Jane Doe", "dateline_date": "Oct 24", "summary": "In short."},
        revision_count=2,
    )
    Placement.objects.create(story=story, site=daily, decided_by="test")
    data = api_get(client, f"/api/stories/{story.pk}/").json()
    assert data["id"] == story.pk
    assert data["headline"] == "Envoy urges allies to guard bases"
    assert data["url"] == f"http://spacewar.localhost/reports/{story.slug}_{story.pk}.html"
    assert data["dateline"] == "Washington, Oct 24 (AFP) Oct 24, 2023"
    assert data["byline"] == "by Jane Doe"
    assert data["body_html"].startswith("<p>First invented paragraph.</p>")
    assert data["summary"] == "In short."
    assert data["published_at"] == "2023-10-24T18:00:00Z"
    assert data["revisions"] == 2 and data["is_updated"] is True
    assert data["agency"] == {
        "key": "AFP",
        "name": "Agence France-Presse",
        "rights_notice": afp.rights_notice,
    }
    assert data["rights_notice"] == afp.rights_notice
    assert data["placements"] == [
        {
            "site": "spacewar",
            "section": "military",
            "is_primary": True,
            "url": f"http://spacewar.localhost/reports/{story.slug}_{story.pk}.html",
        },
        {
            "site": "spacedaily",
            "section": None,
            "is_primary": False,
            "url": f"http://spacedaily.localhost/reports/{story.slug}_{story.pk}.html",
        },
    ]
    assert data["links"]["self"] == f"http://spacewar.localhost/api/stories/{story.pk}/"


@pytest.mark.django_db
def test_urls_use_the_real_domain_off_the_development_hosts(client, network, make_story):
    story = make_story(network["spacewar"], "On the real domain")
    data = api_get(client, f"/api/stories/{story.pk}/", host="www.spacedaily.com").json()
    assert data["url"] == f"http://www.spacewar.com/reports/{story.slug}_{story.pk}.html"
