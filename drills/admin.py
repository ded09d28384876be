from django.contrib import admin

from csu.admin import NoDeleteAdmin

from .models import Drill, DrillKind, DrillRequirement, DrillYearRule, FollowUpAction


@admin.register(DrillKind)
class DrillKindAdmin(NoDeleteAdmin):
    list_display = ["code", "name_en", "required_per_year", "required_by_fall", "active"]


class DrillRequirementInline(admin.TabularInline):
    model = DrillRequirement
    extra = 0
    can_delete = False


@admin.register(DrillYearRule)
class DrillYearRuleAdmin(NoDeleteAdmin):
    list_display = ["school_year", "starts_on", "ends_on", "fall_deadline", "spring_deadline"]
    inlines = [DrillRequirementInline]


class FollowUpInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    can_delete = False


@admin.register(Drill)
class DrillAdmin(NoDeleteAdmin):
    list_display = ["occurs_on", "school", "kind", "status", "lead_officer", "covering"]
    list_filter = ["status", "kind"]
    list_select_related = ["school", "kind", "lead_officer"]
    raw_id_fields = ["school", "lead_officer", "created_by"]
    inlines = [FollowUpInline]
