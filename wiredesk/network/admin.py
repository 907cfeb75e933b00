"""Admin screens for the network: sites with their sections, headline boxes and ad zones; agencies.

The network file (``wiredesk network load``) is the usual way to change these; a later load
overwrites what was edited here for everything the file names.
"""

from django.contrib import admin
from django.db.models import Count

from .models import AdZone, Agency, HeadlineBox, Section, SiteProfile


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["position", "key", "name", "description", "keywords", "subjects"]
    extra = 0


class HeadlineBoxInline(admin.TabularInline):
    model = HeadlineBox
    fk_name = "site"
    fields = ["position", "title", "source_site", "source_section", "count", "page_type"]
    extra = 0
    verbose_name = "headline box"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source_site__site", "source_section")


class AdZoneInline(admin.StackedInline):
    model = AdZone
    fields = [("key", "label"), "html"]
    extra = 0


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "site_name",
        "domain",
        "is_default",
        "time_zone",
        "language",
        "thresholds",
        "section_count",
        "box_count",
        "position",
    ]
    list_display_links = ["key", "site_name"]
    list_filter = ["is_default", "language", "time_zone"]
    search_fields = ["key", "site__name", "site__domain", "tagline"]
    list_select_related = ["site"]
    ordering = ["position", "key"]
    fieldsets = [
        (None, {"fields": ["site", "key", "tagline", "description", "is_default", "position"]}),
        (
            "Routing",
            {
                "fields": [
                    "keywords",
                    "subjects",
                    ("auto_publish_threshold", "review_threshold"),
                ],
                "description": "What the classifier learns the site from (before any editor "
                "decision), and the confidence that publishes a story here or sends it to "
                "the desk. See docs/routing.md.",
            },
        ),
        ("Locale and URLs", {"fields": ["time_zone", "language", "permalink"]}),
        ("Look", {"fields": ["theme"], "classes": ["collapse"]}),
    ]
    inlines = [SectionInline, HeadlineBoxInline, AdZoneInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _sections=Count("sections", distinct=True), _boxes=Count("boxes", distinct=True)
            )
        )

    @admin.display(description="name", ordering="site__name")
    def site_name(self, obj):
        return obj.site.name

    @admin.display(description="domain", ordering="site__domain")
    def domain(self, obj):
        return obj.site.domain

    @admin.display(description="auto-publish / review")
    def thresholds(self, obj):
        return f"{obj.auto_publish_threshold:g} / {obj.review_threshold:g}"

    @admin.display(description="sections", ordering="_sections")
    def section_count(self, obj):
        return obj._sections

    @admin.display(description="boxes", ordering="_boxes")
    def box_count(self, obj):
        return obj._boxes


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["key", "name", "byline", "preference", "licence_days"]
    list_display_links = ["key", "name"]
    search_fields = ["key", "name", "byline"]
    ordering = ["key"]
    fields = ["key", "name", "byline", "aliases", "preference", "licence_days", "rights_notice"]
