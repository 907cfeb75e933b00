"""Triggers that log every insert, update and delete of a story or a placement in
``export_storychange`` (see ``wiredesk/export/models.py``), on SQLite and PostgreSQL."""

from django.db import migrations

# (trigger suffix, table, the column naming the story)
WATCHED = (("story", "stories_story", "id"), ("placement", "routing_placement", "story_id"))
LOG = "export_storychange"

SQLITE_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
POSTGRES_NOW = "extract(epoch from now())"


def sqlite_statements():
    for name, table, column in WATCHED:
        for event, rows in (
            ("INSERT", (f"NEW.{column}",)),
            ("UPDATE", (f"NEW.{column}", f"OLD.{column}")),
            ("DELETE", (f"OLD.{column}",)),
        ):
            selects = " UNION ".join(f"SELECT {row}, {SQLITE_NOW}" for row in rows)
            yield (
                f"CREATE TRIGGER IF NOT EXISTS {LOG}_{name}_{event.lower()} "
                f"AFTER {event} ON {table} FOR EACH ROW BEGIN "
                f"INSERT INTO {LOG} (story_id, at) {selects}; END"
            )


def postgres_statements():
    for name, table, column in WATCHED:
        function = f"{LOG}_{name}"
        yield f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO {LOG} (story_id, at) VALUES (NEW.{column}, {POSTGRES_NOW});
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.{column} IS DISTINCT FROM NEW.{column}) THEN
        INSERT INTO {LOG} (story_id, at) VALUES (OLD.{column}, {POSTGRES_NOW});
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql"""
        yield f"DROP TRIGGER IF EXISTS {function} ON {table}"
        yield (
            f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )


def sqlite_drop():
    for name, _, _ in WATCHED:
        for event in ("insert", "update", "delete"):
            yield f"DROP TRIGGER IF EXISTS {LOG}_{name}_{event}"


def postgres_drop():
    for name, table, _ in WATCHED:
        yield f"DROP TRIGGER IF EXISTS {LOG}_{name} ON {table}"
        yield f"DROP FUNCTION IF EXISTS {LOG}_{name}()"


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"no story change triggers for {vendor}")
        for sql in statements[vendor]():
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("export", "0001_initial"),
        ("stories", "0003_fingerprints_from_word_hashes"),
        ("routing", "0002_classifier_model"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": sqlite_statements, "postgresql": postgres_statements}),
            run({"sqlite": sqlite_drop, "postgresql": postgres_drop}),
        )
    ]
