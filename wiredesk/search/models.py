"""The search index's own copy of each searchable story: its text and what searches filter on.

One row per story that may be found (published and not expired; embargoed ones included). The
full-text index over it belongs to the database: on SQLite an FTS5 table kept in step by
triggers, on PostgreSQL generated ``tsvector`` columns and GIN indexes (both created by
migration 0002). ``tags`` (see ``tags.py``) lets the index narrow a search to a site, section,
agency or months. The filter columns come first so that SQLite reads them without walking a
long body's overflow pages. Queries check the embargo and expiry against the time of the
query, so an embargo that ends needs no re-indexing; the stories of a page of results are
checked once more with ``Story.objects.live()`` and their placements before they are shown.
"""

from django.db import models
from django.utils import timezone


class StoryKey(models.OneToOneField):
    """The story as the entry's primary key. On SQLite its column is an ``INTEGER PRIMARY
    KEY``, the table's rowid, so FTS5 and joins find an entry by story id in one lookup."""

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SearchEntry(models.Model):
    story = StoryKey(
        "stories.Story", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    tags = models.TextField(
        blank=True, help_text="Sites, sections, agency and month as words: ' placed s3 c12 a2 '"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    embargo_until = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)
    headline = models.TextField()
    body = models.TextField(blank=True, help_text="The current revision's text, without HTML")
    extra = models.TextField(
        blank=True, help_text="Byline, dateline place, agency, subjects and keywords"
    )

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            # covers what a search checks on each ranked match (SQLite reads it instead of the
            # entry's row, which is as long as the story)
            models.Index(
                fields=["story", "published_at", "embargo_until", "expires_at"],
                name="search_entry_filters",
            )
        ]

    def __str__(self):
        return f"search entry for story {self.story_id}"
