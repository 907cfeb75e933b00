"""A news sitemap changes with the clock alone when one of its stories leaves the 48-hour
window: an incremental run renders the news sitemaps of the sites that lost a story that way,
and no other news sitemap while no story changed."""

from datetime import timedelta

from django.utils import timezone

from .helpers import add_story, server_get

NEWS = "/news-sitemap.xml"


def test_news_sitemaps_follow_stories_leaving_the_window(
    exported, export_into, rendered, monkeypatch
):
    story = add_story("spacewar", "Invented news that will grow old", "military-space")
    export_into(incremental=True)
    news = exported.file("www.spacewar.com", NEWS)
    assert story.slug in news.read_text()
    rendered.clear()
    export_into(incremental=True)
    assert [u for _, u in rendered if u == NEWS] == [], "nothing left the window"
    later = timezone.now() + timedelta(hours=49)
    monkeypatch.setattr(timezone, "now", lambda: later)
    rendered.clear()
    export_into(incremental=True)
    assert ("www.spacewar.com", NEWS) in rendered
    assert story.slug not in news.read_text()
    assert news.read_bytes() == server_get("www.spacewar.com", NEWS).content
