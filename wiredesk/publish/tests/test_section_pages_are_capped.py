"""A section lists its newest stories on at most ``SECTION_MAX_PAGES`` pages; the last page
points to the archive, and a page past the cap is not found."""

import pytest

from wiredesk.publish import views

from .pages import get, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "SECTION_PAGE_SIZE", 2)
    monkeypatch.setattr(views, "SECTION_MAX_PAGES", 2)


def _headlines(response):
    return [text(a) for a in parse(response).xpath("//ul[contains(@class,'story-list')]//a")]


def test_only_the_newest_pages_are_listed(client, network, make_story, small_pages):
    for n in range(5):
        make_story(network["spacewar"], f"Story {n}", minutes_ago=n, section=network["military"])
    assert _headlines(get(client, "/section/military/")) == ["Story 0", "Story 1"]
    last = get(client, "/section/military/?page=2")
    assert _headlines(last) == ["Story 2", "Story 3"]
    assert parse(last).xpath("//a[@class='older-archive']/@href") == ["/yesterday/"]
    assert get(client, "/section/military/?page=3").status_code == 404


def test_no_archive_link_when_everything_fits(client, network, make_story, small_pages):
    for n in range(3):
        make_story(network["spacewar"], f"Story {n}", minutes_ago=n, section=network["military"])
    last = get(client, "/section/military/?page=2")
    assert _headlines(last) == ["Story 2"]
    assert not parse(last).xpath("//a[@class='older-archive']")
