"""Article pages carry a schema.org ``NewsArticle`` in JSON-LD, OpenGraph and Twitter tags; no
headline can break out of the JSON-LD script element."""

import json
from datetime import datetime, timedelta

import pytest

from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement

from .factories import BASE_TIME
from .pages import get, parse

PICTURE = {"url": "https://images.example.org/launch.jpg", "type": "image/jpeg"}


def article_page(client, story, site=None):
    response = get(client, story_url(story, site or story.primary_site))
    assert response.status_code == 200
    return parse(response)


def json_ld(doc):
    scripts = doc.xpath("//head/script[@type='application/ld+json']")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def meta(doc, key):
    """The content of ``<meta property=key>`` (OpenGraph) or ``<meta name=key>`` (Twitter)."""
    found = doc.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")
    assert len(found) <= 1, key
    return found[0] if found else None


@pytest.fixture
def story(network, make_story):
    return make_story(
        network["spacewar"],
        "Envoy urges allies to guard bases",
        0,
        network["military"],
        revision={"language": "en", "media": [PICTURE]},
        modified_at=BASE_TIME + timedelta(hours=2),
        revision_count=2,
    )


@pytest.mark.django_db
def test_news_article_fields(client, network, story):
    data = json_ld(article_page(client, story))
    canonical = "http://spacewar.localhost" + story_url(story, network["spacewar"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Envoy urges allies to guard bases"
    assert data["description"] == "An invented summary."
    assert datetime.fromisoformat(data["datePublished"]) == BASE_TIME
    assert datetime.fromisoformat(data["dateModified"]) == BASE_TIME + timedelta(hours=2)
    assert data["author"] == [{"@type": "Organization", "name": "AFP Staff Writers"}]
    assert data["publisher"] == {
        "@type": "Organization",
        "name": "SpaceWar.com",
        "url": "http://spacewar.localhost/",
    }
    assert data["copyrightHolder"] == {"@type": "Organization", "name": "Agence France-Presse"}
    assert data["copyrightNotice"] == "Test rights notice for Agence France-Presse copy."
    assert data["isAccessibleForFree"] is True
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["url"] == canonical
    assert data["articleSection"] == "Military"
    assert data["inLanguage"] == "en"
    assert data["image"] == [PICTURE["url"]]


@pytest.mark.django_db
def test_dates_are_in_the_site_time_zone(client, story):
    data = json_ld(article_page(client, story))
    assert data["datePublished"] == "2023-10-24T14:00-04:00"  # SpaceWar is in New York


@pytest.mark.django_db
@pytest.mark.parametrize(
    "byline, expected",
    [
        ("by Jane Example", {"@type": "Person", "name": "Jane Example"}),
        ("Jane Example", {"@type": "Person", "name": "Jane Example"}),
        ("UPI Staff Writers", {"@type": "Organization", "name": "UPI Staff Writers"}),
        ("", {"@type": "Organization", "name": "AFP Staff Writers"}),
    ],
)
def test_byline_becomes_a_person_or_an_organization(client, network, make_story, byline, expected):
    story = make_story(network["spacewar"], "A story", 0, revision={"byline": byline})
    assert json_ld(article_page(client, story))["author"] == [expected]


@pytest.mark.django_db
def test_secondary_site_points_to_the_primary_site(client, network, make_story):
    story = make_story(network["spacedaily"], "Shared story", 0)
    Placement.objects.create(story=story, site=network["spacewar"], decided_by="test")
    doc = article_page(client, story, network["spacewar"])
    canonical = "http://spacedaily.localhost" + story_url(story, network["spacedaily"])
    data = json_ld(doc)
    assert data["mainEntityOfPage"]["@id"] == canonical
    assert data["publisher"]["name"] == "SpaceWar.com"
    assert meta(doc, "og:url") == canonical
    assert doc.xpath("//link[@rel='canonical']/@href") == [canonical]


@pytest.mark.django_db
def test_headline_cannot_break_out_of_the_script(client, network, make_story):
    hostile = "Bad </script><script>alert(1)</script> <!-- & 'quotes' \"too\""
    story = make_story(network["spacewar"], hostile, 0, revision={"summary": "</SCRIPT> x"})
    response = get(client, story_url(story, network["spacewar"]))
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">')
    body = html[start : html.index("</script>", start)]
    assert "<" not in body.removeprefix('<script type="application/ld+json">')
    assert "alert(1)</script>" not in html
    doc = parse(response)
    assert len(doc.xpath("//head/script")) == 1
    assert json_ld(doc)["headline"] == hostile
    assert meta(doc, "og:title") == hostile


@pytest.mark.django_db
def test_opengraph_and_twitter_tags(client, network, story):
    doc = article_page(client, story)
    canonical = "http://spacewar.localhost" + story_url(story, network["spacewar"])
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:title") == "Envoy urges allies to guard bases"
    assert meta(doc, "og:description") == "An invented summary."
    assert meta(doc, "og:url") == canonical
    assert meta(doc, "og:site_name") == "SpaceWar.com"
    assert meta(doc, "og:image") == PICTURE["url"]
    assert meta(doc, "article:section") == "Military"
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "twitter:title") == "Envoy urges allies to guard bases"
    assert meta(doc, "twitter:image") == PICTURE["url"]


@pytest.mark.django_db
def test_story_without_picture_gets_a_summary_card(client, network, make_story):
    story = make_story(
        network["spacewar"], "A story", 0, revision={"media": [{"url": "javascript:x"}]}
    )
    doc = article_page(client, story)
    assert meta(doc, "twitter:card") == "summary"
    assert meta(doc, "og:image") is None
    assert "image" not in json_ld(doc)


@pytest.mark.django_db
def test_other_pages_have_website_tags_and_no_article(client, network, story):
    for path in ["/", "/section/military/"]:
        doc = parse(get(client, path))
        assert meta(doc, "og:type") == "website"
        assert meta(doc, "og:site_name") == "SpaceWar.com"
        assert not doc.xpath("//script[@type='application/ld+json']")


@pytest.mark.django_db
def test_every_demo_article_has_valid_json_ld(client, demo_wire):
    from wiredesk.network.models import SiteProfile
    from wiredesk.publish.queries import visible_stories

    checked = 0
    for profile in SiteProfile.objects.all():
        for item in visible_stories(profile)[:5]:
            response = get(client, story_url(item, profile), host=f"{profile.key}.localhost")
            data = json_ld(parse(response))
            assert data["@type"] == "NewsArticle"
            assert data["headline"] and data["author"] and data["publisher"]["name"]
            assert data["copyrightHolder"]["name"]
            datetime.fromisoformat(data["datePublished"])
            datetime.fromisoformat(data["dateModified"])
            checked += 1
    assert checked > 10
