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


class ClassifierModelQuerySet(models.QuerySet):
    def in_use(self) -> "ClassifierModel | None":
        return self.filter(in_use=True).first()

    def next_version(self) -> int:
        latest = self.aggregate(models.Max("version"))["version__max"]
        return (latest or 0) + 1


class ClassifierModel(models.Model):
    """One trained version of the routing classifier, stored with what it learnt from.

    ``data`` is a ``RoutingClassifier`` serialised by ``to_bytes`` (joblib): it is only ever
    loaded from these rows, which only wiredesk writes. At most one row is ``in_use`` (a
    database constraint); ``activate`` switches atomically and tells every process.
    """

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    trained_on = models.JSONField(
        default=dict,
        blank=True,
        help_text="examples: count; editor, rules, cold_start: examples from each; "
        "labels: positive examples per label",
    )
    metrics = models.JSONField(default=dict, blank=True, help_text="holdout scores, timings")
    data = models.BinaryField(help_text="the fitted classifier (joblib)")
    in_use = models.BooleanField(default=False, help_text="the version that routes stories")
    trigger = models.CharField(max_length=100, blank=True, help_text="command, task or admin")

    objects = ClassifierModelQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = "classifier version"
        constraints = [
            models.UniqueConstraint(
                fields=["in_use"],
                condition=models.Q(in_use=True),
                name="one_classifier_in_use",
            )
        ]

    def __str__(self):
        return f"classifier v{self.version}" + (" (in use)" if self.in_use else "")

    @property
    def decided_by(self) -> str:
        """What placements made by this version record as ``decided_by``."""
        return f"classifier:v{self.version}"

    def activate(self) -> None:
        """Make this the version in use, in one transaction, and tell every process."""
        from django.db import transaction

        from wiredesk.core import generations

        with transaction.atomic():
            ClassifierModel.objects.filter(in_use=True).exclude(pk=self.pk).update(in_use=False)
            ClassifierModel.objects.filter(pk=self.pk).update(in_use=True)
            self.in_use = True
            # now for this process, and again at commit for the others (who may have
            # re-read the old version in between)
            generations.bump("classifier")
            transaction.on_commit(lambda: generations.bump("classifier"))
