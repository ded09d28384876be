from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarToken, User
from .services import user_set_role


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "display_name", "badge_number", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("CSU", {"fields": ("display_name", "badge_number", "role", "language")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "role" in form.changed_data or not change:
            user_set_role(user=obj, role=obj.role, by=request.user, request=request)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["token"]
