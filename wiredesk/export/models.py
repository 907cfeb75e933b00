"""The story change log: a row the database itself adds whenever a story or one of its
placements is inserted, updated or deleted (triggers, created by migration 0002 on SQLite and
PostgreSQL). An incremental export reads the ids logged since its last run instead of a
signature of every story (``signatures.py``); no application code has to remember anything.
Export runs prune rows older than a week, and so does the scheduler every hour, for networks
that never export."""

from django.db import models


class StoryChange(models.Model):
    story_id = models.BigIntegerField()
    # when, in seconds since the epoch by the database's clock (PostgreSQL: the start of the
    # writing transaction; SQLite: the statement's time)
    at = models.FloatField(db_index=True)

    class Meta:
        verbose_name = "story change"

    def __str__(self):
        return f"story {self.story_id} at {self.at}"
