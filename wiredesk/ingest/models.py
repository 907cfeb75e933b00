"""Sources of wire copy and the log of every fetch, with feed health."""

from datetime import timedelta
from pathlib import Path

from django.db import models
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

HEALTH_DAYS = 7


class SourceQuerySet(models.QuerySet):
    def with_health(self, now=None):
        """Annotate ``items_7d``: new items stored from each source over the last
        :data:`HEALTH_DAYS` days (from the fetch log); ``items_per_day`` divides it."""
        since = (now or timezone.now()) - timedelta(days=HEALTH_DAYS)
        recent = (
            FetchLog.objects.filter(source=OuterRef("pk"), started_at__gte=since)
            .order_by()
            .values("source")
            .annotate(total=Sum("new"))
            .values("total")
        )
        return self.annotate(
            items_7d=Coalesce(Subquery(recent), Value(0), output_field=models.IntegerField())
        )


class Source(models.Model):
    """A feed URL, a file, or a hot folder an agency drops files into."""

    name = models.SlugField(max_length=100, unique=True)
    agency = models.ForeignKey(
        "network.Agency", on_delete=models.PROTECT, related_name="sources", null=True, blank=True
    )
    location = models.CharField(max_length=1000, help_text="http(s) URL, file or folder path")
    format = models.CharField(max_length=32, blank=True, help_text="Empty: detect by content")
    interval = models.PositiveIntegerField(default=300, help_text="Seconds between polls")
    enabled = models.BooleanField(default=True)
    hot_folder = models.BooleanField(
        default=False,
        help_text="A folder an agency drops files into: each file is ingested once, then moved "
        "to done/ or failed/ beside it. Off: every file in the folder is read on each poll.",
    )
    category = models.CharField(max_length=200, blank=True, help_text="Free-form grouping")
    homepage = models.URLField(max_length=1000, blank=True, help_text="The feed's web site")
    # HTTP validators for conditional GET
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # the last fetched document's digest: the same bytes again are "not modified" even from a
    # server that ignores conditional requests
    last_digest = models.CharField(max_length=64, blank=True)
    # health
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    error_streak = models.PositiveIntegerField(default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    @property
    def kind(self) -> str:
        """``url``, ``hot folder``, ``folder`` or ``file``."""
        if self.is_remote:
            return "url"
        if self.hot_folder:
            return "hot folder"
        return "folder" if self.location and Path(self.location).is_dir() else "file"

    @property
    def items_per_day(self) -> float:
        """New items a day over the last week (use ``with_health()`` to avoid a query each)."""
        total = getattr(self, "items_7d", None)
        if total is None:
            total = (
                Source.objects.with_health()
                .filter(pk=self.pk)
                .values_list("items_7d", flat=True)
                .first()
                or 0
            )
        return total / HEALTH_DAYS


class FetchLog(models.Model):
    """One fetch or file read of a source and what came of it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetches")
    started_at = models.DateTimeField(auto_now_add=True)
    origin = models.CharField(max_length=1000, help_text="URL or file path read")
    format = models.CharField(max_length=32, blank=True)
    ok = models.BooleanField(default=False)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    duplicate = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True, help_text="Why it failed, or warnings")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"])]

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'failed'}"
