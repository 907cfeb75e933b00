"""Sources of wire copy and the log of every fetch, with feed health."""

from django.db import models


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
    # HTTP validators for conditional GET
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # health
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    error_streak = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))


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
