from django.contrib import admin

from .models import Cluster, Revision, Story


class RevisionInline(admin.StackedInline):
    model = Revision
    extra = 0
    fields = [
        "number",
        "version",
        "headline",
        "byline",
        "dateline_place",
        "dateline_date",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["headline", "agency", "state", "primary_site", "dated_at", "revision_count"]
    list_filter = ["state", "agency", "source"]
    search_fields = ["headline", "external_id"]
    date_hierarchy = "dated_at"
    readonly_fields = [
        "source",
        "external_id",
        "cluster",
        "fingerprint",
        "revision_count",
        "current_version",
    ]
    inlines = [RevisionInline]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["pk", "canonical", "created_at"]
