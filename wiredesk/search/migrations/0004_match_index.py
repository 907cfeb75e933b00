"""PostgreSQL: one GIN index over the document and the filter tags with each entry's id bucket
(``n97`` for story ids 97,000 to 97,999). It replaces migration 0002's two GIN indexes (the
document, the tags): in one index scan GIN intersects a word with the site's tag, skipping
through a common word's long list, instead of building a bitmap of each and ANDing them; and
the id buckets let a search look for a very common word's newest matches among the newest
stories first, reading only their rows (``backends/postgres.py``). No pending list
(``fastupdate = off``): entries are written a story at a time, and a search never has to read
one. SQLite is unchanged."""

from django.db import migrations

# must match tags_array() and BUCKET_IDS in backends/postgres.py
TAGS = "(string_to_array(btrim(tags), ' ') || ('n' || (story_id / 1000)::text))"

POSTGRES_FORWARD = [
    f"""CREATE INDEX search_searchentry_match ON search_searchentry
        USING gin (document, {TAGS}) WITH (fastupdate = off)""",
    "DROP INDEX IF EXISTS search_searchentry_tags",
    "DROP INDEX IF EXISTS search_searchentry_document",
]
POSTGRES_BACKWARD = [
    "CREATE INDEX search_searchentry_document ON search_searchentry USING gin (document)",
    """CREATE INDEX search_searchentry_tags ON search_searchentry
        USING gin ((string_to_array(btrim(tags), ' ')))""",
    "DROP INDEX IF EXISTS search_searchentry_match",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_entry_filters_index")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
