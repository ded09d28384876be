from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Destruction, Hold, RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    """IT sets the schedule to the service's retention by-law here."""

    list_display = ["kind", "keep_years", "action", "authority"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Hold)
class HoldAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "reason", "kind", "school", "placed_on", "released_on"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Destruction)
class DestructionAdmin(admin.ModelAdmin):
    list_display = ["done_at", "kind", "action", "count", "held_back", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
