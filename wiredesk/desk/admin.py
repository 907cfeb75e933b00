from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "story"]
    list_filter = ["action"]
    search_fields = ["actor_label", "note", "story__headline"]
    readonly_fields = ["at", "actor", "actor_label", "action", "story", "before", "after", "note"]

    def has_add_permission(self, request):
        return False
