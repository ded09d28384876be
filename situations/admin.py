from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Factor


@admin.register(Factor)
class FactorAdmin(SimpleHistoryAdmin):
    """The standard list of risk and protective factors is data: renamed, added or deactivated here."""

    list_display = ["label_en", "category_en", "kind", "active", "position"]
    list_filter = ["kind", "active", "category_en"]
    search_fields = ["label_en", "label_fr", "category_en", "category_fr"]
    readonly_fields = ["code", "kind"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []
