from django.contrib import admin, messages
from django.db.models.functions import Length

from .models import ClassifierModel, Placement, Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "enabled", "stop"]
    list_display_links = ["name"]
    list_editable = ["position", "enabled"]
    search_fields = ["name"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["story", "site", "section", "is_primary", "state", "decided_by", "confidence"]
    list_filter = ["site", "state", "is_primary"]
    search_fields = ["story__headline", "decided_by"]


@admin.register(ClassifierModel)
class ClassifierModelAdmin(admin.ModelAdmin):
    """Every trained version; which one routes stories, and a switch. Training itself is
    ``wiredesk routing train`` or the background retrain (docs/routing.md)."""

    list_display = [
        "version",
        "in_use",
        "created_at",
        "examples",
        "label_count",
        "holdout",
        "trigger",
        "size",
    ]
    list_display_links = ["version"]
    list_filter = ["in_use", "trigger"]
    ordering = ["-version"]
    actions = ["use_version"]
    fields = ["version", "in_use", "created_at", "trigger", "trained_on", "metrics", "size"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data").annotate(_size=Length("data"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.in_use:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset.filter(in_use=False))

    @admin.display(description="examples")
    def examples(self, obj):
        made = obj.trained_on or {}
        return (
            f"{made.get('examples', 0)} (editor {made.get('editor', 0)}, "
            f"rules {made.get('rules', 0)}, cold start {made.get('cold_start', 0)})"
        )

    @admin.display(description="labels")
    def label_count(self, obj):
        return len((obj.trained_on or {}).get("labels", {}))

    @admin.display(description="holdout")
    def holdout(self, obj):
        metrics = obj.metrics or {}
        if "top_site_accuracy" in metrics:
            return (
                f"top site {metrics['top_site_accuracy']:.3f}, "
                f"micro-F1 {metrics['site_micro_f1']:.3f} ({metrics['holdout_stories']} stories)"
            )
        return metrics.get("holdout", "-")

    @admin.display(description="size", ordering="_size")
    def size(self, obj):
        return f"{(obj._size or 0) / 1024:.0f} KiB"

    def has_switch_permission(self, request):
        return request.user.has_perm("routing.change_classifiermodel")

    @admin.action(description="Use the selected version for routing", permissions=["switch"])
    def use_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to use.", messages.ERROR)
            return
        chosen = queryset.get()
        chosen.activate()
        self.message_user(request, f"Classifier v{chosen.version} is now in use.")
