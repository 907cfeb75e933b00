"""Stories, their revisions, and clusters of near-duplicates from different agencies."""

from django.db import models
from django.utils import timezone


class Cluster(models.Model):
    """Stories about the same event. Only the canonical story is published."""

    canonical = models.ForeignKey(
        "Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"cluster {self.pk}"


class StoryState(models.TextChoices):
    INCOMING = "incoming", "Incoming"
    HELD = "held", "Held for the desk"
    PUBLISHED = "published", "Published"
    DUPLICATE = "duplicate", "Duplicate of another agency's story"
    REJECTED = "rejected", "Rejected"
    UNPUBLISHED = "unpublished", "Unpublished"
    KILLED = "killed", "Killed"


def live_conditions(now, prefix: str = "") -> models.Q:
    """What makes a story live at ``now`` (published, past any embargo, not expired), for a
    query that reaches stories through ``prefix`` (``"story__"`` from placements: a join,
    which the database runs faster than ``story__in=Story.objects.live()``)."""
    return (
        models.Q(**{f"{prefix}state": StoryState.PUBLISHED})
        & ~models.Q(**{f"{prefix}embargo_until__gt": now})
        & ~models.Q(**{f"{prefix}expires_at__lte": now})
    )


class StoryQuerySet(models.QuerySet):
    def live(self, now=None):
        """Stories a reader may see now: published, past any embargo, not expired."""
        return self.filter(live_conditions(now or timezone.now()))


class Story(models.Model):
    """One story at one URL. Its text lives in revisions; the newest revision is shown."""

    source = models.ForeignKey("ingest.Source", on_delete=models.PROTECT, related_name="stories")
    external_id = models.CharField(max_length=500)
    agency = models.ForeignKey(
        "network.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="stories"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="stories"
    )
    state = models.CharField(
        max_length=16, choices=StoryState.choices, default=StoryState.INCOMING, db_index=True
    )
    # denormalised from the current revision, for listing and URLs
    headline = models.CharField(max_length=500)
    slug = models.CharField(max_length=200)
    current_version = models.CharField(max_length=64, blank=True)
    revision_count = models.PositiveIntegerField(default=0)
    primary_site = models.ForeignKey(
        "network.SiteProfile", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # dates (UTC)
    dated_at = models.DateTimeField(help_text="The wire item's own first date", db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    modified_at = models.DateTimeField(null=True, blank=True)
    embargo_until = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.BinaryField(blank=True, default=b"", help_text="MinHash signature")
    # the desk's decisions (see wiredesk.stories.actions)
    correction = models.TextField(blank=True, help_text="Public correction note, shown on the page")
    corrected_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(
        null=True, blank=True, help_text="When a scheduled story goes live (also embargo_until)"
    )
    killed_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-dated_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="unique_source_item")
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"]),
            # when an embargo ends or a licence runs out, a page changes with no write: the
            # incremental export asks which stories crossed either time since its last run
            models.Index(fields=["embargo_until"], name="stories_embargo_until"),
            models.Index(fields=["expires_at"], name="stories_expires_at"),
        ]
        permissions = [
            ("edit_text", "Can edit a story's text on the desk (a new revision)"),
            ("publish", "Can publish, schedule, embargo, hold and unpublish stories"),
            ("correct", "Can publish a correction note"),
            ("kill", "Can kill a story (gone everywhere)"),
            ("route", "Can change a story's sites and sections"),
        ]

    def __str__(self):
        return self.headline

    @property
    def is_updated(self) -> bool:
        return self.revision_count > 1

    @property
    def current(self) -> "Revision":
        return self.revisions.order_by("-number").first()


class Revision(models.Model):
    """One version of a story's text, as received or as edited on the desk."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    version = models.CharField(max_length=64, blank=True, help_text="The wire's own version")
    content_hash = models.CharField(max_length=64)
    headline = models.CharField(max_length=500)
    body_html = models.TextField(help_text="Sanitised HTML")
    summary = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    dateline_place = models.CharField(max_length=200, blank=True)
    dateline_date = models.CharField(max_length=40, blank=True, help_text="As on the wire: Oct 24")
    language = models.CharField(max_length=16, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    urgency = models.PositiveSmallIntegerField(null=True, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    rights = models.TextField(blank=True)
    media = models.JSONField(default=list, blank=True)
    source_format = models.CharField(max_length=32, blank=True)
    item_date = models.DateTimeField(null=True, blank=True, help_text="versionCreated / updated")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(max_length=150, blank=True, help_text="ingest or an editor")

    class Meta:
        ordering = ["story", "number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "number"], name="unique_revision_number")
        ]
        # a story's latest revision time (sitemap lastmod) without reading the wide rows
        indexes = [models.Index(fields=["story", "created_at"], name="revisions_story_created")]

    def __str__(self):
        return f"{self.story_id} r{self.number}"
