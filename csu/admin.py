from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Operational records are never hard-deleted, not even from the admin (they are voided or closed)."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never added to, changed or deleted by hand."""

    list_display = ["created_at", "username", "action", "target", "ip_address"]
    list_filter = ["action"]
    search_fields = ["username", "target", "detail"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
