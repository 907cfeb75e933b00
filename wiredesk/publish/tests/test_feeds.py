"""Site and section feeds in RSS 2.0, Atom 1.0 and JSON Feed 1.1: valid, complete, and holding
only what the site shows."""

import json
from datetime import datetime, timedelta

import feedparser
import jsonschema
import pytest
from django.utils import timezone

from wiredesk.routing.models import Placement, PlacementState
from wiredesk.stories.models import Revision, StoryState

from .factories import BASE_TIME
from .pages import get

# The structure JSON Feed 1.1 requires (https://www.jsonfeed.org/version/1.1/), as a JSON
# Schema: required members, their types, and extensions only under keys starting with "_".
_AUTHOR = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "url": {"type": "string"},
        "avatar": {"type": "string"},
    },
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}
_URL = {"type": "string", "pattern": "^https?://"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d"}
JSON_FEED_1_1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": _URL,
        "feed_url": _URL,
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": _URL,
        "icon": {"type": "string"},
        "favicon": {"type": "string"},
        "authors": {"type": "array", "items": _AUTHOR},
        "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "hubs": {"type": "array"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": _URL,
                    "external_url": _URL,
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": _URL,
                    "banner_image": _URL,
                    "date_published": _DATE,
                    "date_modified": _DATE,
                    "authors": {"type": "array", "items": _AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "mime_type"],
                            "properties": {"url": _URL, "mime_type": {"type": "string"}},
                        },
                    },
                },
                "patternProperties": {"^_": {"type": "object"}},
                "additionalProperties": False,
            },
        },
    },
    "patternProperties": {"^_": {"type": "object"}},
    "additionalProperties": False,
}

SITE_FEEDS = ["/spacewar.xml", "/atom.xml", "/feed.json"]
SECTION_FEEDS = [
    "/section/military/rss.xml",
    "/section/military/atom.xml",
    "/section/military/feed.json",
]
XML_FEEDS = [p for p in SITE_FEEDS + SECTION_FEEDS if p.endswith(".xml")]
JSON_FEEDS = [p for p in SITE_FEEDS + SECTION_FEEDS if p.endswith(".json")]
PICTURE = {
    "url": "https://images.example.org/launch.jpg",
    "type": "image/jpeg",
    "caption": "A launch",
    "width": 1200,
    "height": 800,
}


def parse_feed(response):
    assert response.status_code == 200, response.status_code
    return feedparser.parse(response.content)


def json_feed(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    jsonschema.validate(document, JSON_FEED_1_1)
    for item in document["items"]:
        for key in ("date_published", "date_modified"):
            if key in item:
                datetime.fromisoformat(item[key])  # RFC 3339, or this raises
    return document


@pytest.fixture
def stories(network, make_story):
    spacewar, military = network["spacewar"], network["military"]
    lead = make_story(
        spacewar,
        "Envoy urges allies to guard bases",
        0,
        military,
        revision={
            "byline": "by Jane Example",
            "subjects": ["Defense News", "medtop:16000000"],
            "media": [PICTURE, {"url": "javascript:alert(1)", "type": "image/png"}],
        },
    )
    older = make_story(spacewar, "Nuclear talks resume", 30, network["nuclear"])
    sister = make_story(network["spacedaily"], "A sister site story", 5)
    return {"lead": lead, "older": older, "sister": sister}


@pytest.mark.django_db
@pytest.mark.parametrize("path", XML_FEEDS)
def test_xml_feeds_parse_back_without_bozo(client, stories, path):
    feed = parse_feed(get(client, path))
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version in {"rss20", "atom10"}
    assert feed.entries


@pytest.mark.django_db
@pytest.mark.parametrize("path", JSON_FEEDS)
def test_json_feeds_validate_against_json_feed_1_1(client, stories, path):
    document = json_feed(get(client, path))
    assert document["items"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/spacewar.xml", "/atom.xml"])
def test_xml_item_has_every_field(client, stories, path):
    feed = parse_feed(get(client, path))
    entry = feed.entries[0]
    assert entry.title == "Envoy urges allies to guard bases"
    assert entry.link == "http://spacewar.localhost" + _path(stories["lead"])
    assert entry.id == f"tag:www.spacewar.com,2023-10-24:story:{stories['lead'].pk}"
    assert entry.published_parsed[:5] == BASE_TIME.timetuple()[:5]
    assert entry.author == "Jane Example"
    assert entry.summary == "An invented summary."
    assert "Second invented paragraph." in entry.content[0].value
    assert [tag.term for tag in entry.tags] == ["Military", "Defense News"]
    assert entry.rights == "Test rights notice for Agence France-Presse copy."
    assert entry.media_content[0]["url"] == PICTURE["url"]
    assert entry.media_thumbnail[0]["url"] == PICTURE["url"]
    assert "javascript:" not in get(client, path).content.decode()
    assert feed.feed.title == "SpaceWar.com"
    assert feed.feed.language == "en"


@pytest.mark.django_db
def test_rss_guid_is_a_tag_uri_not_a_permalink(client, stories):
    body = get(client, "/spacewar.xml").content.decode()
    tag = f"tag:www.spacewar.com,2023-10-24:story:{stories['lead'].pk}"
    assert f'<guid isPermaLink="false">{tag}</guid>' in body


@pytest.mark.django_db
def test_json_item_has_every_field(client, stories):
    item = json_feed(get(client, "/feed.json"))["items"][0]
    assert item["title"] == "Envoy urges allies to guard bases"
    assert item["url"] == "http://spacewar.localhost" + _path(stories["lead"])
    assert item["id"].startswith("tag:www.spacewar.com,2023-10-24:story:")
    assert datetime.fromisoformat(item["date_published"]) == BASE_TIME
    assert item["authors"] == [{"name": "Jane Example"}]
    assert item["summary"] == "An invented summary."
    assert "Second invented paragraph." in item["content_html"]
    assert item["tags"] == ["Military", "Defense News"]
    assert item["image"] == PICTURE["url"]
    assert item["attachments"] == [{"url": PICTURE["url"], "mime_type": "image/jpeg"}]
    assert item["_wiredesk"] == {"rights": "Test rights notice for Agence France-Presse copy."}


@pytest.mark.django_db
def test_item_links_to_the_canonical_url_on_the_primary_site(client, network, make_story):
    story = make_story(network["spacedaily"], "Shared story", 0)
    Placement.objects.create(story=story, site=network["spacewar"], decided_by="test")
    entry = parse_feed(get(client, "/spacewar.xml")).entries[0]
    assert entry.link == "http://spacedaily.localhost" + _path(story)
    assert entry.id == f"tag:www.spacedaily.com,2023-10-24:story:{story.pk}"


@pytest.mark.django_db
def test_section_feed_holds_only_that_section(client, stories):
    feed = parse_feed(get(client, "/section/military/rss.xml"))
    assert [e.title for e in feed.entries] == ["Envoy urges allies to guard bases"]
    assert feed.feed.title == "Military - SpaceWar.com"
    assert feed.feed.link == "http://spacewar.localhost/section/military/"


@pytest.mark.django_db
def test_site_feed_holds_only_that_site_newest_first(client, stories):
    titles = [e.title for e in parse_feed(get(client, "/atom.xml")).entries]
    assert titles == ["Envoy urges allies to guard bases", "Nuclear talks resume"]


@pytest.mark.django_db
def test_feed_holds_the_30_newest_stories(client, network, make_story):
    for n in range(35):
        make_story(network["spacewar"], f"Story number {n}", n)
    titles = [e.title for e in parse_feed(get(client, "/spacewar.xml")).entries]
    assert titles == [f"Story number {n}" for n in range(30)]
    assert len(json_feed(get(client, "/feed.json"))["items"]) == 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"state": StoryState.HELD},
        {"state": StoryState.DUPLICATE},
        {"state": StoryState.KILLED},
        {"state": StoryState.UNPUBLISHED},
        {"embargo_until": "future"},
        {"expires_at": "past"},
    ],
    ids=["held", "duplicate", "killed", "unpublished", "embargoed", "expired"],
)
def test_hidden_stories_never_appear(client, network, make_story, fields):
    now = timezone.now()
    values = {
        key: now + timedelta(hours=2)
        if value == "future"
        else now - timedelta(hours=2)
        if value == "past"
        else value
        for key, value in fields.items()
    }
    make_story(network["spacewar"], "Visible story", 10, network["military"])
    make_story(network["spacewar"], "Hidden story", 0, network["military"], **values)
    for path in SITE_FEEDS + SECTION_FEEDS:
        body = get(client, path).content.decode()
        assert "Visible story" in body, path
        assert "Hidden story" not in body, path


@pytest.mark.django_db
def test_embargoed_story_appears_once_its_time_has_come(client, network, make_story):
    story = make_story(
        network["spacewar"], "Embargoed story", 0, embargo_until=timezone.now() + timedelta(hours=1)
    )
    assert "Embargoed story" not in get(client, "/feed.json").content.decode()
    story.embargo_until = timezone.now() - timedelta(minutes=1)
    story.save()
    assert "Embargoed story" in get(client, "/feed.json").content.decode()


@pytest.mark.django_db
def test_unplaced_and_removed_placements_never_appear(client, network, make_story):
    make_story(network["spacedaily"], "Only on the sister site", 0)
    removed = make_story(network["spacewar"], "Removed from the site", 0)
    Placement.objects.filter(story=removed).update(state=PlacementState.REMOVED)
    for path in SITE_FEEDS:
        body = get(client, path).content.decode()
        assert "Only on the sister site" not in body
        assert "Removed from the site" not in body


@pytest.mark.django_db
def test_updated_story_shows_its_modified_date_and_newest_text(client, network, make_story):
    modified = BASE_TIME + timedelta(hours=3)
    story = make_story(
        network["spacewar"], "First headline", 0, revision_count=2, modified_at=modified
    )
    Revision.objects.create(
        story=story,
        number=2,
        content_hash="second",
        headline="Second headline",
        body_html="<p>Newer text.</p>",
        summary="A newer summary.",
    )
    entry = parse_feed(get(client, "/atom.xml")).entries[0]
    assert entry.title == "Second headline"
    assert entry.updated_parsed[:5] == modified.timetuple()[:5]
    assert entry.published_parsed[:5] == BASE_TIME.timetuple()[:5]
    item = json_feed(get(client, "/feed.json"))["items"][0]
    assert datetime.fromisoformat(item["date_modified"]) == modified
    assert item["content_html"] == "<p>Newer text.</p>"
    response = get(client, "/spacewar.xml")
    assert response["Last-Modified"] == "Tue, 24 Oct 2023 21:00:00 GMT"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, host",
    [
        ("/spacedaily.xml", "spacewar.localhost"),  # another site's key
        ("/section/nope/rss.xml", "spacewar.localhost"),
        ("/section/nope/feed.json", "spacewar.localhost"),
        ("/atom.xml", "localhost"),  # the network index has no feed
    ],
)
def test_feeds_that_do_not_exist_are_404(client, network, path, host):
    assert get(client, path, host=host).status_code == 404


@pytest.mark.django_db
def test_pages_announce_their_feeds(client, stories):
    body = get(client, "/section/military/").content.decode()
    for href in SITE_FEEDS + SECTION_FEEDS:
        assert f'href="{href}"' in body
    assert 'type="application/feed+json"' in body


@pytest.mark.django_db
def test_every_demo_feed_is_valid(client, demo_wire):
    from wiredesk.network.models import SiteProfile

    for profile in SiteProfile.objects.all():
        host = f"{profile.key}.localhost"
        sections = [f"/section/{s.key}/" for s in profile.sections.all()]
        for base in ["/", *sections]:
            names = [f"{profile.key}.xml", "atom.xml"] if base == "/" else ["rss.xml", "atom.xml"]
            for name in names:
                feed = parse_feed(get(client, base + name, host=host))
                assert feed.bozo == 0, (host, base + name, feed.get("bozo_exception"))
            json_feed(get(client, base + "feed.json", host=host))


def _path(story):
    from wiredesk.publish.permalinks import story_url

    return story_url(story, story.primary_site)
