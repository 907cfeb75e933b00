"""A killed or expired story's pages are removed from the export and listed in the nginx
map of gone URLs (410); one that is only unpublished is removed and simply not found; a
changed headline moves the page (301 map)."""

from datetime import timedelta

from django.utils import timezone

from wiredesk.stories.models import Story, StoryState

from .helpers import add_story, article_url


def gone_map(out):
    return (out / "nginx" / "gone.map").read_text()


def test_killed_story_is_removed_and_gone(exported, export_into):
    story = add_story("spacedaily", "Invented story that will be killed", "astronomy")
    export_into(incremental=True)
    url = article_url(story, "spacedaily")
    page = exported.file("www.spacedaily.com", url)
    assert page.is_file()
    Story.objects.filter(pk=story.pk).update(state=StoryState.KILLED)
    report = export_into(incremental=True)
    assert not page.exists()
    assert report.gone == 1
    assert f'"www.spacedaily.com{url}" 1;' in gone_map(exported.out)
    feed = exported.file("www.spacedaily.com", "/spacedaily.xml").read_text()
    assert "Invented story that will be killed" not in feed


def test_expired_story_is_gone_without_any_edit(exported, export_into):
    story = add_story("energydaily", "Invented story with a short licence", "oil-gas")
    Story.objects.filter(pk=story.pk).update(expires_at=timezone.now() + timedelta(minutes=5))
    export_into(incremental=True)
    url = article_url(story, "energydaily")
    assert exported.file("www.energy-daily.com", url).is_file()
    Story.objects.filter(pk=story.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    export_into(incremental=True)
    assert not exported.file("www.energy-daily.com", url).exists()
    assert f'"www.energy-daily.com{url}" 1;' in gone_map(exported.out)


def test_unpublished_story_is_removed_but_not_gone(exported, export_into):
    story = add_story("terradaily", "Invented story taken down for now", "climate")
    export_into(incremental=True)
    Story.objects.filter(pk=story.pk).update(state=StoryState.UNPUBLISHED)
    export_into(incremental=True)
    url = article_url(story, "terradaily")
    assert not exported.file("www.terradaily.com", url).exists()
    assert url not in gone_map(exported.out)


def test_new_headline_moves_the_page(exported, export_into):
    story = add_story("marsdaily", "Invented rover finds an invented rock", "mars-science")
    export_into(incremental=True)
    old_url = article_url(story, "marsdaily")
    Story.objects.filter(pk=story.pk).update(slug="Invented_rover_finds_a_second_rock")
    story.refresh_from_db()
    export_into(incremental=True)
    new_url = article_url(story, "marsdaily")
    assert exported.file("www.marsdaily.com", new_url).is_file()
    assert not exported.file("www.marsdaily.com", old_url).exists()
    moved = (exported.out / "nginx" / "moved.map").read_text()
    assert f'"www.marsdaily.com{old_url}" {new_url};' in moved
