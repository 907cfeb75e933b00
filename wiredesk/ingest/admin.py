from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from .models import FetchLog, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "agency",
        "kind",
        "interval",
        "enabled",
        "last_success_at",
        "error_streak",
        "short_error",
        "items_per_day_display",
        "fetch_log",
    ]
    list_filter = ["enabled", "hot_folder", "agency", "category"]
    search_fields = ["name", "location", "category"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "agency", "location", "format", "hot_folder", "enabled"]}),
        (
            "Polling",
            {"fields": ["interval", "next_poll_at", "etag", "last_modified", "last_digest"]},
        ),
        ("About", {"fields": ["category", "homepage"]}),
        (
            "Health",
            {
                "fields": [
                    "last_success_at",
                    "error_streak",
                    "last_error",
                    "items_per_day_display",
                    "fetch_log",
                ]
            },
        ),
    ]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_digest",
        "next_poll_at",
        "last_success_at",
        "last_error",
        "error_streak",
        "items_per_day_display",
        "fetch_log",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_health().select_related("agency")

    @admin.display(description="last error")
    def short_error(self, source):
        text = " ".join(source.last_error.split())
        return text if len(text) <= 60 else text[:59] + "…"

    @admin.display(description="items/day (7 days)", ordering="items_7d")
    def items_per_day_display(self, source):
        return f"{source.items_per_day:.1f}"

    @admin.display(description="fetch log")
    def fetch_log(self, source):
        if source.pk is None:
            return "-"
        url = reverse("admin:ingest_fetchlog_changelist") + f"?source__id__exact={source.pk}"
        return format_html('<a href="{}">fetches</a>', url)


@admin.register(FetchLog)
class FetchLogAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "source",
        "format",
        "ok",
        "new",
        "updated",
        "duplicate",
        "rejected",
        "failed",
        "short_reason",
    ]
    list_filter = ["ok", "source", "format"]
    search_fields = ["origin", "reason"]
    date_hierarchy = "started_at"
    list_select_related = ["source"]

    @admin.display(description="reason")
    def short_reason(self, log):
        text = " ".join(log.reason.split())
        return text if len(text) <= 80 else text[:79] + "…"
