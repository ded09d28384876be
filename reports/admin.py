from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "period_kind", "year", "language", "status", "progress", "requested_by", "requested_at"]
    list_filter = ["status", "period_kind", "language"]
    readonly_fields = ["figures", "pdf_file", "xlsx_file", "csv_file", "started_at", "finished_at", "attempts"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
