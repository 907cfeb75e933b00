"""Routing rules and placements: which story goes on which site and section, and why."""

from django.db import models
from django.utils import timezone


class Rule(models.Model):
    """An ordered routing rule: conditions (``match``) and what to do (``action``).

    ``match`` keys: keywords, regex, agency, source, subject, language, place.
    ``action`` keys: site, section, primary, hold, reject, priority.
    """

    name = models.CharField(max_length=200, unique=True)
    position = models.PositiveIntegerField(default=0)
    enabled = models.BooleanField(default=True)
    match = models.JSONField(default=dict)
    action = models.JSONField(default=dict)
    stop = models.BooleanField(default=False, help_text="Stop evaluating later rules on a match")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class PlacementState(models.TextChoices):
    PUBLISHED = "published", "Published"
    SUGGESTED = "suggested", "Suggested, waiting for the desk"
    REMOVED = "removed", "Removed"


class Placement(models.Model):
    """A story on a site (and section), with who or what decided it and why."""

    story = models.ForeignKey("stories.Story", on_delete=models.CASCADE, related_name="placements")
    site = models.ForeignKey("network.SiteProfile", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(
        "network.Section", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_primary = models.BooleanField(default=False)
    state = models.CharField(
        max_length=16, choices=PlacementState.choices, default=PlacementState.PUBLISHED
    )
    confidence = models.FloatField(default=1.0)
    decided_by = models.CharField(max_length=200, help_text="rule:NAME, classifier:vN, editor:USER")
    reasons = models.JSONField(default=list, blank=True)
    priority = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["story", "-is_primary", "site"]
        constraints = [
            models.UniqueConstraint(fields=["story", "site"], name="unique_story_site_placement")
        ]
        indexes = [models.Index(fields=["site", "state", "section"])]

    def __str__(self):
        return f"{self.story_id} on {self.site_id}/{self.section_id or '-'}"
