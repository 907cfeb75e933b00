"""The network: sites (on django.contrib.sites), sections, headline boxes, ad zones, agencies."""

from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .loader import DEFAULT_AUTO_PUBLISH, DEFAULT_REVIEW

DEFAULT_PERMALINK = "/reports/{slug}_{id}.html"


def all_outputs() -> list[str]:
    """Every output an agency's stories may appear in (the default licence)."""
    return ["web", "feeds", "api", "export"]


class SiteProfile(models.Model):
    """wiredesk's per-site settings, one-to-one with a ``contrib.sites`` Site (as in Wagtail)."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="profile")
    key = models.SlugField(
        unique=True, help_text="Short name; the dev URL is http://KEY.localhost:PORT/"
    )
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="Words that describe the site's topic (routing)."
    )
    subjects = models.JSONField(
        default=list, blank=True, help_text="Subject codes of the site, e.g. medtop:16000000."
    )
    auto_publish_threshold = models.FloatField(
        default=DEFAULT_AUTO_PUBLISH,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="Classifier confidence at or above which a story is published here.",
    )
    review_threshold = models.FloatField(
        default=DEFAULT_REVIEW,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="From this confidence up to auto-publish, the story waits on the desk.",
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=16, default="en")
    permalink = models.CharField(
        max_length=200,
        default=DEFAULT_PERMALINK,
        help_text="Article URL pattern with {slug} and {id}, e.g. /reports/{slug}_{id}.html",
    )
    theme = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(default=False, help_text="Served for hosts no site claims.")

    class Meta:
        ordering = ["position", "key"]

    def __str__(self):
        return f"{self.site.name} ({self.key})"

    def clean(self):
        super().clean()
        if (
            self.review_threshold is not None
            and self.auto_publish_threshold is not None
            and self.review_threshold > self.auto_publish_threshold
        ):
            raise ValidationError(
                {"review_threshold": "must not be above the auto-publish threshold"}
            )

    @property
    def name(self) -> str:
        return self.site.name

    @property
    def domain(self) -> str:
        return self.site.domain


class Section(models.Model):
    site = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(
        default=list, blank=True, help_text="Subject codes of the section, e.g. medtop:16000000."
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["site", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="unique_section_key_per_site")
        ]

    def __str__(self):
        return f"{self.site.key}/{self.key}"


class HeadlineBox(models.Model):
    """A box of the newest headlines from a sister site (or one of its sections)."""

    site = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="boxes")
    title = models.CharField(max_length=200)
    source_site = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="+")
    source_section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(default=3)
    page_type = models.CharField(max_length=20, default="article")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["site", "position"]
        verbose_name_plural = "headline boxes"

    def __str__(self):
        return f"{self.site.key}: {self.title}"


class AdZone(models.Model):
    """A named ad slot. Its HTML is trusted input: only admins can edit it."""

    site = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="ad_zones")
    key = models.SlugField()
    label = models.CharField(max_length=100, default="ADVERTISEMENT")
    html = models.TextField(blank=True)

    class Meta:
        ordering = ["site", "key"]
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="unique_ad_zone_key")]

    def __str__(self):
        return f"{self.site.key}/{self.key}"


class Agency(models.Model):
    """A news agency (or the network's own staff) with its rights terms."""

    key = models.CharField(max_length=32, unique=True, help_text="Code shown in datelines: AFP")
    name = models.CharField(max_length=200)
    byline = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    rights_notice = models.TextField(blank=True)
    preference = models.IntegerField(
        default=0, help_text="Higher wins as a cluster's canonical story."
    )
    licence_days = models.PositiveIntegerField(default=0, help_text="0 means stories never expire.")
    outputs = models.JSONField(
        default=all_outputs,
        blank=True,
        help_text="Where its stories may appear: web, feeds, api, export.",
    )

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.key
