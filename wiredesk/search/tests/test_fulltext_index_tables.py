"""The database's own full-text index exists and follows the entries table."""

import pytest
from django.db import connection

from wiredesk.search.models import SearchEntry


def fts_rows(word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [word])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
def test_fts5_table_follows_inserts_updates_and_deletes(make_story):
    story = make_story("Gyroscope fault", announce=False)
    entry = SearchEntry.objects.create(story=story, headline="Gyroscope fault", body="spin")
    assert fts_rows("gyroscope") == [story.pk]
    entry.headline = "Reaction wheel fault"
    entry.save()
    assert fts_rows("gyroscope") == [] and fts_rows("wheel") == [story.pk]
    entry.delete()
    assert fts_rows("wheel") == []
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_tsvector_column_is_generated_and_indexed(make_story):
    story = make_story("Gyroscopes failing", announce=False)
    SearchEntry.objects.create(story=story, headline="Gyroscopes failing", body="spin")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document::text FROM search_searchentry WHERE story_id = %s", [story.pk]
        )
        assert "'gyroscop':1A" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'search_searchentry' "
            "AND indexname = 'search_searchentry_match'"
        )
        assert "gin (document, " in cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 only")
def test_ranking_checks_matches_in_the_filter_index(make_story, network, monkeypatch):
    """The ranked window's embargo, expiry and dates are read from the small
    search_entry_filters index (migration 0003), not from the entries' long rows."""
    from wiredesk.search.backends import get_search_backend
    from wiredesk.search.tests.conftest import NOW

    make_story("Radar upgrade", "<p>The radar was upgraded.</p>")
    backend = get_search_backend()
    statements = []
    original = backend.fetch

    def fetch(sql, params):
        statements.append((sql, params))
        return original(sql, params)

    monkeypatch.setattr(backend, "fetch", fetch)
    assert backend.search("radar", site=network["spacewar"], now=NOW).total == 1
    ranking = [(sql, params) for sql, params in statements if "bm25(" in sql]
    assert len(ranking) == 1
    sql, params = ranking[0]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX search_entry_filters" in plan, plan
