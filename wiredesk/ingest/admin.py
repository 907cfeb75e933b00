from django.contrib import admin

from .models import FetchLog, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "agency",
        "location",
        "enabled",
        "last_success_at",
        "error_streak",
        "last_error",
    ]
    list_filter = ["enabled", "agency"]
    search_fields = ["name", "location"]
    readonly_fields = [
        "etag",
        "last_modified",
        "next_poll_at",
        "last_success_at",
        "last_error",
        "error_streak",
    ]


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
    ]
    list_filter = ["ok", "source", "format"]
    search_fields = ["origin", "reason"]
    date_hierarchy = "started_at"
