from django.contrib import admin

from csu.admin import NoDeleteAdmin

from .models import Assignment, Board, CallForService, CallOutcome, School


@admin.register(Board)
class BoardAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "language", "kind"]
    search_fields = ["code", "name_en", "name_fr"]


@admin.register(School)
class SchoolAdmin(NoDeleteAdmin):
    list_display = ["name_en", "board", "category", "city", "active"]
    list_filter = ["active", "category", "board"]
    list_select_related = ["board"]
    list_per_page = 25
    search_fields = ["name_en", "name_fr", "external_id", "street"]


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteAdmin):
    list_display = ["school", "officer", "start", "end"]
    list_select_related = ["school", "officer"]
    list_per_page = 25
    raw_id_fields = ["school", "officer", "created_by"]


@admin.register(CallForService)
class CallForServiceAdmin(NoDeleteAdmin):
    list_display = ["occurrence_number", "occurred_at", "school", "category", "responding_officer", "status"]
    list_filter = ["status", "category"]
    list_select_related = ["school", "responding_officer"]
    list_per_page = 25
    search_fields = ["occurrence_number", "school__name_en", "summary"]
    raw_id_fields = ["school", "responding_officer", "created_by"]


@admin.register(CallOutcome)
class CallOutcomeAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "name_fr", "counts_as_charge", "position", "active"]
