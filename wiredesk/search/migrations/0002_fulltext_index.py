"""The database's full-text index over SearchEntry: FTS5 on SQLite, tsvectors + GIN on
PostgreSQL. Other databases get nothing (configure another SEARCH_BACKENDS backend there)."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline, body, extra, tags,
        content='search_searchentry', content_rowid='story_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_searchentry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, headline, body, extra, tags)
        VALUES (new.story_id, new.headline, new.body, new.extra, new.tags);
    END""",
    """CREATE TRIGGER search_searchentry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, body, extra, tags)
        VALUES ('delete', old.story_id, old.headline, old.body, old.extra, old.tags);
    END""",
    """CREATE TRIGGER search_searchentry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline, body, extra, tags)
        VALUES ('delete', old.story_id, old.headline, old.body, old.extra, old.tags);
        INSERT INTO search_fts(rowid, headline, body, extra, tags)
        VALUES (new.story_id, new.headline, new.body, new.extra, new.tags);
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_searchentry_au",
    "DROP TRIGGER IF EXISTS search_searchentry_ad",
    "DROP TRIGGER IF EXISTS search_searchentry_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, headline), 'A')
        || setweight(to_tsvector('english'::regconfig, body), 'B')
        || setweight(to_tsvector('english'::regconfig, extra), 'C')
    ) STORED""",
    # ranking reads only the headline and the lead (a short vector stored inline, so ranking a
    # thousand matches does not detoast a thousand whole documents)
    """ALTER TABLE search_searchentry ADD COLUMN rank_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, headline), 'A')
        || setweight(to_tsvector('english'::regconfig, left(body, 600)), 'B')
    ) STORED""",
    "CREATE INDEX search_searchentry_document ON search_searchentry USING gin (document)",
    # the filter tags as an array, so that a site's matches are found in the indexes
    # (BitmapAnd) before any document is read
    """CREATE INDEX search_searchentry_tags ON search_searchentry
        USING gin ((string_to_array(btrim(tags), ' ')))""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_searchentry_tags",
    "DROP INDEX IF EXISTS search_searchentry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS rank_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
