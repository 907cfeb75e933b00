"""``reindex_all`` rebuilds the index from the stories: embargoed ones in, dead ones out."""

from datetime import timedelta

import pytest
from django.db import connection

from wiredesk.search.models import SearchEntry
from wiredesk.search.tests.conftest import NOW
from wiredesk.stories.models import Story, StoryState


def test_reindex_all_keeps_exactly_the_stories_that_may_be_found(make_story, backend, network):
    live = make_story("Beacon live", announce=False)
    embargoed = make_story(
        "Beacon embargoed", embargo_until=NOW + timedelta(days=1), announce=False
    )
    make_story("Beacon expired", expires_at=NOW - timedelta(days=1), announce=False)
    make_story("Beacon killed", state=StoryState.KILLED, announce=False)
    stale = make_story("Beacon stale")
    Story.objects.filter(pk=stale.pk).update(state=StoryState.UNPUBLISHED)
    assert SearchEntry.objects.count() == 1

    assert backend.reindex_all() == 2
    assert set(SearchEntry.objects.values_list("story_id", flat=True)) == {live.pk, embargoed.pk}
    results = backend.search("beacon", site=network["spacewar"], now=NOW)
    assert [hit.story.pk for hit in results.hits] == [live.pk]


def test_reindex_all_twice_changes_nothing(make_story, backend, network):
    for n in range(30):
        make_story(f"Beacon {n}", announce=False)
    assert backend.reindex_all() == 30
    assert backend.reindex_all() == 30
    assert backend.search("beacon", site=network["spacewar"], now=NOW).total == 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's match index only")
def test_a_rebuild_leaves_the_match_index_without_a_pending_list(make_story, backend, network):
    make_story("Beacon", "<p>A beacon.</p>")
    backend.reindex_all()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'search_searchentry_match'")
        assert "fastupdate=off" in cursor.fetchone()[0]
    assert backend.search("beacon", site=network["spacewar"], now=NOW).total == 1
