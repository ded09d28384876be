from django.contrib import admin

from csu.admin import NoDeleteAdmin

from .models import BehaviourKind, OutcomeCategory, ThreatAssessment


@admin.register(BehaviourKind, OutcomeCategory)
class ListEntryAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "name_fr", "position", "active"]


@admin.register(ThreatAssessment)
class ThreatAssessmentAdmin(NoDeleteAdmin):
    list_display = [
        "assessed_on",
        "school",
        "stage",
        "behaviour",
        "outcome",
        "follow_up_on",
        "follow_up_done",
        "status",
    ]
    list_filter = ["stage", "status", "behaviour", "outcome"]
    list_select_related = ["school", "behaviour", "outcome"]
    raw_id_fields = ["school", "call", "created_by"]
