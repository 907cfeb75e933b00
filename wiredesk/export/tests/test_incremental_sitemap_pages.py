"""The story sitemap is exported page by page (fixed ranges of story ids); after one new story
an incremental run renders only the page that holds it (and the index), and every exported
sitemap page still equals the server's."""

import pytest

from wiredesk.publish import sitemaps

from .helpers import Exported, add_story, server_get

SIZE = 4


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps.StorySitemap, "page_ids", SIZE)


def story_sitemaps(out, host="www.spacedaily.com") -> dict[str, bytes]:
    exported = Exported(out, None)
    return {
        url: (out / host / relative).read_bytes()
        for h, relative, url in exported.pages()
        if h == host and url.startswith("/sitemap-stories.xml")
    }


def test_one_new_story_renders_one_sitemap_page(demo_wire, small_pages, export_into, rendered):
    report = export_into()
    before = story_sitemaps(report.out)
    assert len(before) > 2, "the demo's stories span several pages"
    story = add_story("spacedaily", "Invented telescope sees an invented star", "astronomy")
    rendered.clear()
    export_into(incremental=True)
    after = story_sitemaps(report.out)
    page = sitemaps.StorySitemap.page_of(story.pk)
    url = "/sitemap-stories.xml" if page == 1 else f"/sitemap-stories.xml?p={page}"
    pages = {u for h, u in rendered if u.startswith("/sitemap-stories.xml")}
    assert pages == {url}
    assert {u for u in after if before.get(u) != after[u]} == {url}
    assert story.slug.encode() in after[url]
    for u, content in after.items():
        assert content == server_get("www.spacedaily.com", u).content, u
    index = report.out / "www.spacedaily.com" / "sitemap.xml"
    assert index.read_bytes() == server_get("www.spacedaily.com", "/sitemap.xml").content
