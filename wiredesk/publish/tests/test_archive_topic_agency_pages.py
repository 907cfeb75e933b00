"""The archive by day (in the site's time zone), topic pages from keywords and subject codes,
and agency pages: each lists only what a reader may see on that site."""

import pytest

from wiredesk.stories.models import StoryState

from .pages import by_class, get, parse, text

pytestmark = pytest.mark.django_db

# BASE_TIME is 2023-10-24 18:00 UTC: 14:00 in New York, SpaceWar's zone


def _headlines(response):
    return [text(a) for a in parse(response).xpath("//ul[contains(@class,'story-list')]//a")]


def test_a_day_lists_its_stories_oldest_first_in_the_site_zone(client, network, make_story):
    site = network["spacewar"]
    make_story(site, "Late evening story", minutes_ago=60 * 21)  # 21:00 UTC on the 23rd = 17:00 NY
    make_story(site, "Early story", minutes_ago=60 * 17)  # 01:00 UTC on the 24th = 21:00 NY 23rd
    make_story(site, "Afternoon story", minutes_ago=0)  # 14:00 NY on the 24th
    make_story(network["spacedaily"], "Another site's story", minutes_ago=5)

    day = get(client, "/yesterday/spacewar-2023-10-23.html")
    assert day.status_code == 200
    assert _headlines(day) == ["Late evening story", "Early story"]
    nav = text(by_class(parse(day), "pagination")[0])
    assert "Oct 24, 2023" in nav  # the next day with stories

    next_day = get(client, "/yesterday/spacewar-2023-10-24.html")
    assert _headlines(next_day) == ["Afternoon story"]


def test_the_archive_index_lists_days_with_counts(client, network, make_story):
    site = network["spacewar"]
    make_story(site, "One", minutes_ago=0)
    make_story(site, "Two", minutes_ago=10)
    make_story(site, "Three", minutes_ago=60 * 30)
    page = parse(get(client, "/yesterday/"))
    days = [text(li) for li in page.xpath("//ul[@class='archive-days']/li")]
    assert days == ["Tuesday, Oct 24, 2023 2 stories", "Monday, Oct 23, 2023 1 story"]


@pytest.mark.parametrize(
    "path",
    [
        "/yesterday/spacewar-2023-10-25.html",  # no stories that day
        "/yesterday/spacedaily-2023-10-24.html",  # another site's key on this host
        "/yesterday/spacewar-2023-02-30.html",  # no such date
    ],
)
def test_empty_or_wrong_days_are_not_found(client, network, make_story, path):
    make_story(network["spacewar"], "One", minutes_ago=0)
    assert get(client, path).status_code == 404


def test_unpublished_and_embargoed_stories_stay_out_of_the_archive(client, network, make_story):
    site = network["spacewar"]
    make_story(site, "Visible", minutes_ago=0)
    make_story(site, "Killed", minutes_ago=5, state=StoryState.KILLED)
    make_story(site, "Held", minutes_ago=6, state=StoryState.HELD)
    assert _headlines(get(client, "/yesterday/spacewar-2023-10-24.html")) == ["Visible"]


def test_a_topic_page_gathers_stories_by_keyword_or_subject(client, network, make_story):
    site = network["spacewar"]
    make_story(site, "Patrol", minutes_ago=1, revision={"keywords": ["South China Sea"]})
    make_story(site, "Reef", minutes_ago=2, revision={"keywords": ["south china sea", "reef"]})
    make_story(site, "Elsewhere", minutes_ago=3, revision={"keywords": ["China"]})
    make_story(site, "Coded", minutes_ago=4, revision={"subjects": ["medtop:20000763"]})

    page = get(client, "/topic/south-china-sea/")
    assert page.status_code == 200
    assert text(parse(page).xpath("//h1")[0]) == "South China Sea"
    assert _headlines(page) == ["Patrol", "Reef"]
    assert _headlines(get(client, "/topic/medtop-20000763/")) == ["Coded"]
    assert get(client, "/topic/nothing-here/").status_code == 404


def test_an_agency_page_lists_its_stories_and_rights(client, network, make_story, afp):
    make_story(network["spacewar"], "From AFP", minutes_ago=0)
    page = get(client, "/agency/afp/")
    assert page.status_code == 200
    assert _headlines(page) == ["From AFP"]
    assert afp.rights_notice in text(by_class(parse(page), "rights")[0])
    assert get(client, "/agency/nobody/").status_code == 404


def test_an_article_links_to_its_topics_its_agency_and_the_archive(client, network, make_story):
    story = make_story(
        network["spacewar"], "Patrol", revision={"keywords": ["South China Sea", "Navy"]}
    )
    page = parse(get(client, f"/reports/{story.slug}_{story.pk}.html"))
    links = {text(a): a.get("href") for a in page.xpath("//nav[@class='story-topics']//a")}
    assert links == {
        "South China Sea": "/topic/south-china-sea/",
        "Navy": "/topic/navy/",
        "More from AFP": "/agency/afp/",
    }
    assert page.xpath("//a[@class='archive-link']/@href") == ["/yesterday/"]
    for href in links.values():
        assert get(client, href).status_code == 200
