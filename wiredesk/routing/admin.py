from django.contrib import admin

from .models import Placement, Rule


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
