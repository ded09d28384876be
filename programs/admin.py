from django.contrib import admin

from csu.admin import NoDeleteAdmin

from .models import ClassSeries, PatrolYear, Placement, PresentationRequest, Program, ProgramRevision, Session


@admin.register(Program)
class ProgramAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "kind", "sessions_min", "sessions_max", "active"]


@admin.register(ProgramRevision)
class ProgramRevisionAdmin(NoDeleteAdmin):
    list_display = ["program", "revised_on"]


@admin.register(ClassSeries)
class ClassSeriesAdmin(NoDeleteAdmin):
    list_display = ["program", "school", "school_year", "class_label", "officer"]
    list_select_related = ["program", "school", "officer"]
    raw_id_fields = ["school"]


@admin.register(Session)
class SessionAdmin(NoDeleteAdmin):
    list_display = ["starts_at", "program", "school", "organisation", "audience_count", "status"]
    list_select_related = ["program", "school"]
    raw_id_fields = ["school", "series"]


@admin.register(PresentationRequest)
class PresentationRequestAdmin(NoDeleteAdmin):
    list_display = ["received_on", "school", "organisation", "status"]
    raw_id_fields = ["school", "session"]


@admin.register(PatrolYear)
class PatrolYearAdmin(NoDeleteAdmin):
    list_display = ["school", "school_year", "patrollers", "exam_passes"]
    raw_id_fields = ["school"]


@admin.register(Placement)
class PlacementAdmin(NoDeleteAdmin):
    list_display = ["pk", "institution", "level", "starts_on", "ends_on", "hours", "purged_at"]
