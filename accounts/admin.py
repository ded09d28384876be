from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarToken, User
from .services import user_set_role


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "rank", "display_name", "badge_number", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("CSU", {"fields": ("rank", "display_name", "badge_number", "role", "language")}),
    )

    def save_model(self, request, obj, form, change):
        # The role is applied by the service after the form's many-to-many save (which would otherwise put the
        # groups back as they were on the form), and the service must see the previous role to audit the change.
        self._role_to_apply = obj.role if ("role" in form.changed_data or not change) else None
        if change and self._role_to_apply is not None:
            obj.role = User.objects.filter(pk=obj.pk).values_list("role", flat=True).first() or ""
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self._role_to_apply is not None:
            user_set_role(user=form.instance, role=self._role_to_apply, by=request.user, request=request)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["token"]
