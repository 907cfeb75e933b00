"""Recompute stored MinHash fingerprints: shingles are now hashed from word hashes.

Fingerprints made before this change hashed each shingle with SHA-1; they cannot be compared
with new ones, so every story's is rebuilt from its current revision, as ingest builds it.
"""

from django.db import migrations

BATCH = 500


def rebuild(apps, schema_editor):
    from wiredesk.ingest.normalize.sanitize import html_to_text
    from wiredesk.stories import dedupe

    Story = apps.get_model("stories", "Story")
    Revision = apps.get_model("stories", "Revision")
    stories = Story.objects.exclude(fingerprint=b"").order_by("pk")
    last_pk = 0
    while True:
        batch = list(stories.filter(pk__gt=last_pk).only("pk", "fingerprint")[:BATCH])
        if not batch:
            return
        last_pk = batch[-1].pk
        current = {}
        for revision in Revision.objects.filter(story__in=batch).only(
            "story_id", "number", "headline", "body_html"
        ):
            if (
                revision.story_id not in current
                or revision.number > current[revision.story_id].number
            ):
                current[revision.story_id] = revision
        for story in batch:
            revision = current.get(story.pk)
            if revision is not None:
                text = f"{revision.headline}\n{html_to_text(revision.body_html)}"
                story.fingerprint = dedupe.to_bytes(dedupe.signature(text))
        Story.objects.bulk_update(batch, ["fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_desk_decisions")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True)]
