"""A site's story sitemap is paged by fixed ranges of story ids, oldest first: a new story
changes only the last page, a story that goes away only its own page; no page holds more
than its range."""

import pytest

from wiredesk.publish import sitemaps
from wiredesk.stories.models import StoryState

from .pages import get

SIZE = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "page_ids", SIZE)


def story_pages(client) -> dict[str, bytes]:
    """``{URL of each page the index lists: its bytes}`` for the story sitemap."""
    index = get(client, "/sitemap.xml").content.decode()
    found = {}
    for loc in index.split("<loc>")[1:]:
        url = loc.split("</loc>")[0].removeprefix("http://spacewar.localhost")
        if url.startswith("/sitemap-stories.xml"):
            response = get(client, url.replace("&amp;", "&"))
            assert response.status_code == 200
            found[url] = response.content
    return found


@pytest.mark.django_db
def test_a_new_story_changes_only_the_last_page(client, network, make_story, small_pages):
    made = [make_story(network["spacewar"], f"Invented story {n}", 100 - n) for n in range(8)]
    before = story_pages(client)
    assert len(before) >= len(made) // SIZE
    newest = make_story(network["spacewar"], "Invented newest story", 0)
    after = story_pages(client)
    changed = {url for url in after if before.get(url) != after[url]}
    page = sitemaps.StorySitemap.page_of(newest.pk)
    expected = "/sitemap-stories.xml" if page == 1 else f"/sitemap-stories.xml?p={page}"
    assert changed == {expected}
    assert newest.slug.encode() in after[expected]


@pytest.mark.django_db
def test_a_killed_story_changes_only_its_own_page(client, network, make_story, small_pages):
    made = [make_story(network["spacewar"], f"Invented story {n}", 100 - n) for n in range(9)]
    before = story_pages(client)
    victim = made[4]
    victim.state = StoryState.KILLED
    victim.save()  # (through the model, so the page cache learns of it)
    after = story_pages(client)
    changed = {url for url in before if before[url] != after.get(url)}
    page = sitemaps.StorySitemap.page_of(victim.pk)
    assert changed == {"/sitemap-stories.xml" if page == 1 else f"/sitemap-stories.xml?p={page}"}


@pytest.mark.django_db
def test_pages_list_their_range_in_id_order(client, network, make_story, small_pages):
    made = [make_story(network["spacewar"], f"Invented story {n}", n) for n in range(7)]
    slugs = {s.pk: s.slug for s in made}
    for url, content in story_pages(client).items():
        page = int(url.partition("?p=")[2] or 1)
        listed = [pk for pk in sorted(slugs) if slugs[pk].encode() in content]
        assert all(sitemaps.StorySitemap.page_of(pk) == page for pk in listed)
        positions = [content.index(slugs[pk].encode()) for pk in listed]
        assert positions == sorted(positions)
        assert len(listed) <= SIZE
