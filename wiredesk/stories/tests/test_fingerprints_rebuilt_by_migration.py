"""Migration 0003 rebuilds every stored fingerprint from the story's current revision."""

import importlib

from django.apps import apps

from wiredesk.ingest.normalize.sanitize import html_to_text
from wiredesk.stories import dedupe
from wiredesk.stories.models import Story

migration = importlib.import_module(
    "wiredesk.stories.migrations.0003_fingerprints_from_word_hashes"
)


def test_each_fingerprint_is_the_signature_of_the_current_revision(demo_wire):
    stories = list(Story.objects.exclude(fingerprint=b""))
    assert len(stories) >= 5
    Story.objects.update(fingerprint=b"\x01" * 1024)  # as if made by the old hashing
    Story.objects.filter(pk=stories[0].pk).update(fingerprint=b"")  # none stays none

    migration.rebuild(apps, None)

    for story in Story.objects.exclude(pk=stories[0].pk):
        current = story.revisions.order_by("-number").first()
        text = f"{current.headline}\n{html_to_text(current.body_html)}"
        assert bytes(story.fingerprint) == dedupe.to_bytes(dedupe.signature(text))
    assert bytes(Story.objects.get(pk=stories[0].pk).fingerprint) == b""


def test_a_fresh_ingest_stores_what_the_migration_would(demo_wire):
    stored = {s.pk: bytes(s.fingerprint) for s in Story.objects.all()}
    migration.rebuild(apps, None)
    assert {s.pk: bytes(s.fingerprint) for s in Story.objects.all()} == stored
