"""Sitemap index, per-site sitemaps (paged by fixed ranges of story ids) and the Google News
sitemap: well-formed, namespaced, canonical, and holding only what the site shows."""

from datetime import datetime, timedelta

import lxml.etree
import pytest
from django.utils import timezone

from wiredesk.publish import sitemaps
from wiredesk.publish.permalinks import story_url
from wiredesk.routing.models import Placement
from wiredesk.stories.models import Revision, Story, StoryState

from .factories import BASE_TIME
from .pages import get

NS = {"s": sitemaps.SITEMAP_NS, "news": sitemaps.NEWS_NS}
BASE = "http://spacewar.localhost"


def xml(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    assert "noindex" in response["X-Robots-Tag"]
    return lxml.etree.fromstring(response.content)  # raises on malformed XML


def locations(root):
    return root.xpath("//s:loc/text()", namespaces=NS)


def lastmods(root):
    return {
        url.findtext("s:loc", namespaces=NS): datetime.fromisoformat(
            url.findtext("s:lastmod", namespaces=NS)
        )
        for url in root.xpath("//s:url", namespaces=NS)
    }


def published_hours_ago(story, hours):
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(hours=hours))


@pytest.fixture
def stories(network, make_story):
    spacewar, military = network["spacewar"], network["military"]
    return {
        "military": make_story(spacewar, "Envoy urges allies to guard bases", 0, military),
        "plain": make_story(spacewar, "Nuclear talks resume", 30),
        "sister": make_story(network["spacedaily"], "A sister site story", 5),
        "held": make_story(spacewar, "Held story", 1, state=StoryState.HELD),
        "embargoed": make_story(
            spacewar, "Embargoed story", 2, embargo_until=timezone.now() + timedelta(hours=1)
        ),
        "killed": make_story(spacewar, "Killed story", 3, state=StoryState.KILLED),
        "duplicate": make_story(spacewar, "Duplicate story", 4, state=StoryState.DUPLICATE),
    }


@pytest.fixture
def one_story_page(monkeypatch):
    """Every story id on page 1, whatever ids the database hands out (PostgreSQL's sequences
    go on across tests): for tests of what the story sitemap holds, not of its paging."""
    monkeypatch.setattr(sitemaps.StorySitemap, "page_ids", 10**15)


@pytest.mark.django_db
@pytest.mark.usefixtures("one_story_page")
def test_index_lists_the_site_sitemaps(client, stories):
    root = xml(get(client, "/sitemap.xml"))
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}sitemapindex"
    assert locations(root) == [f"{BASE}/sitemap-stories.xml", f"{BASE}/sitemap-pages.xml"]
    for lastmod in root.xpath("//s:lastmod/text()", namespaces=NS):
        assert datetime.fromisoformat(lastmod).tzinfo is not None


@pytest.mark.django_db
def test_index_lists_one_story_page_per_range_of_ids_that_holds_a_story(
    client, stories, monkeypatch
):
    monkeypatch.setattr(sitemaps.StorySitemap, "page_ids", 1)  # page n: the story with id n - 1
    military, plain = stories["military"], stories["plain"]
    root = xml(get(client, "/sitemap.xml"))
    story_maps = [loc for loc in locations(root) if "sitemap-stories" in loc]
    assert story_maps == [
        f"{BASE}/sitemap-stories.xml",  # page 1 always exists (no story has id 0)
        *(f"{BASE}/sitemap-stories.xml?p={s.pk + 1}" for s in sorted((military, plain), key=id_of)),
    ]
    assert locations(xml(get(client, "/sitemap-stories.xml"))) == []
    for story in (military, plain):
        page = xml(get(client, f"/sitemap-stories.xml?p={story.pk + 1}"))
        assert locations(page) == [BASE + story_url(story, story.primary_site)]
    held = stories["held"]
    assert get(client, f"/sitemap-stories.xml?p={held.pk + 1}").status_code == 404
    for page in ("0", "x", "-1"):
        assert get(client, f"/sitemap-stories.xml?p={page}").status_code == 404


def id_of(story):
    return story.pk


def test_story_pages_hold_at_most_50000_urls():
    assert 0 < sitemaps.StorySitemap.page_ids <= 50_000


@pytest.mark.django_db
@pytest.mark.usefixtures("one_story_page")
def test_story_sitemap_holds_only_visible_stories_at_canonical_urls(client, network, stories):
    root = xml(get(client, "/sitemap-stories.xml"))
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}urlset"
    spacewar = network["spacewar"]
    assert locations(root) == [
        BASE + story_url(stories["military"], spacewar),
        BASE + story_url(stories["plain"], spacewar),
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("one_story_page")
def test_story_placed_on_a_sister_site_is_listed_by_its_primary_site_only(
    client, network, make_story
):
    story = make_story(network["spacedaily"], "Shared story", 0)
    Placement.objects.create(story=story, site=network["spacewar"], decided_by="test")
    assert locations(xml(get(client, "/sitemap-stories.xml"))) == []
    daily = xml(get(client, "/sitemap-stories.xml", host="spacedaily.localhost"))
    assert locations(daily) == [
        "http://spacedaily.localhost" + story_url(story, network["spacedaily"])
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("one_story_page")
def test_story_lastmod_comes_from_the_latest_revision(client, network, make_story):
    story = make_story(network["spacewar"], "First headline", 0)
    Revision.objects.filter(story=story).update(created_at=BASE_TIME)
    revised = BASE_TIME + timedelta(hours=5)
    Revision.objects.create(
        story=story,
        number=2,
        content_hash="second",
        headline="Second headline",
        body_html="<p>Newer.</p>",
        created_at=revised,
    )
    url = BASE + story_url(story, network["spacewar"])
    assert lastmods(xml(get(client, "/sitemap-stories.xml"))) == {url: revised}
    index = xml(get(client, "/sitemap.xml"))
    stories_entry = index.xpath("//s:sitemap[contains(s:loc, 'stories')]", namespaces=NS)[0]
    assert datetime.fromisoformat(stories_entry.findtext("s:lastmod", namespaces=NS)) == revised


@pytest.mark.django_db
def test_page_sitemap_lists_front_and_sections(client, stories):
    root = xml(get(client, "/sitemap-pages.xml"))
    assert locations(root) == [
        f"{BASE}/",
        f"{BASE}/section/military/",
        f"{BASE}/section/nuclear/",
    ]
    mods = lastmods_or_none(root)
    assert mods[f"{BASE}/"] == BASE_TIME
    assert mods[f"{BASE}/section/military/"] == BASE_TIME
    assert mods[f"{BASE}/section/nuclear/"] is None  # nothing visible there yet


def lastmods_or_none(root):
    result = {}
    for url in root.xpath("//s:url", namespaces=NS):
        text = url.findtext("s:lastmod", namespaces=NS)
        result[url.findtext("s:loc", namespaces=NS)] = (
            datetime.fromisoformat(text) if text else None
        )
    return result


@pytest.mark.django_db
def test_news_sitemap_holds_the_last_48_hours(client, network, stories, make_story):
    recent = make_story(network["spacewar"], "Fresh & new <story>", 0)
    published_hours_ago(recent, 47)
    published_hours_ago(stories["plain"], 49)
    published_hours_ago(stories["sister"], 1)
    published_hours_ago(stories["embargoed"], 1)
    published_hours_ago(stories["held"], 1)
    root = xml(get(client, "/news-sitemap.xml"))
    assert root.nsmap == {None: sitemaps.SITEMAP_NS, "news": sitemaps.NEWS_NS}
    assert locations(root) == [BASE + story_url(recent, network["spacewar"])]
    news = root.find("s:url/news:news", namespaces=NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "SpaceWar.com"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new <story>"
    published = datetime.fromisoformat(news.findtext("news:publication_date", namespaces=NS))
    recent.refresh_from_db()
    assert published == recent.published_at.replace(microsecond=0)


@pytest.mark.django_db
def test_news_sitemap_is_empty_when_nothing_is_recent(client, stories):
    root = xml(get(client, "/news-sitemap.xml"))
    assert locations(root) == []


@pytest.mark.parametrize(
    "code, expected", [("en", "en"), ("en-US", "en"), ("fr_CA", "fr"), ("zh-TW", "zh-tw")]
)
def test_news_language_codes(code, expected):
    assert sitemaps.news_language(code) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/sitemap.xml", "/sitemap-stories.xml", "/sitemap-pages.xml", "/news-sitemap.xml"]
)
def test_network_index_host_has_no_sitemaps(client, network, path):
    assert get(client, path, host="localhost").status_code == 404


@pytest.mark.django_db
def test_unknown_sitemap_is_404(client, network):
    assert get(client, "/sitemap-nope.xml").status_code == 404


@pytest.mark.django_db
def test_every_demo_sitemap_is_well_formed_and_canonical(client, demo_wire):
    from wiredesk.network.models import SiteProfile

    for profile in SiteProfile.objects.all():
        host = f"{profile.key}.localhost"
        base = f"http://{host}/"
        index = xml(get(client, "/sitemap.xml", host=host))
        for loc in locations(index):
            assert loc.startswith(base)
            page = xml(get(client, loc.removeprefix(f"http://{host}"), host=host))
            assert all(url.startswith(base) for url in locations(page))
        xml(get(client, "/news-sitemap.xml", host=host))
