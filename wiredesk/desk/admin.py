from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log, read-only: nobody adds, changes or deletes an entry."""

    list_display = ["at", "actor_label", "action", "story", "note"]
    list_filter = ["action", "actor_label"]
    search_fields = ["actor_label", "note", "story__headline"]
    date_hierarchy = "at"
    readonly_fields = ["at", "actor", "actor_label", "action", "story", "before", "after", "note"]
    list_select_related = ["story"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
