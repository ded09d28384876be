from django.urls import path

from . import rule_views, views

app_name = "drills"
urlpatterns = [
    path("", views.drill_list, name="drill_list"),
    path("schedule/", views.drill_schedule, name="drill_schedule"),
    path("log/", views.drill_log, name="drill_log"),
    path("plan-term/", views.drill_plan_term, name="drill_plan_term"),
    path("compliance/", views.compliance_board, name="drill_compliance"),
    path("<int:pk>/", views.drill_detail, name="drill_detail"),
    path("<int:pk>/log/", views.drill_complete, name="drill_complete"),
    path("<int:pk>/edit/", views.drill_update, name="drill_update"),
    path("<int:pk>/cancel/", views.drill_cancel, name="drill_cancel"),
    path("<int:pk>/principal-copy.pdf", views.drill_principal_copy, name="drill_principal_copy"),
    path("<int:pk>/principal-copy/send/", views.drill_principal_copy_send, name="drill_principal_copy_send"),
    path("<int:pk>/follow-ups/add/", views.followupaction_create, name="followupaction_create"),
    path("follow-ups/<int:pk>/resolve/", views.followupaction_resolve, name="followupaction_resolve"),
    path("kinds/", rule_views.drillkind_list, name="drillkind_list"),
    path("kinds/add/", rule_views.drillkind_create, name="drillkind_create"),
    path("kinds/<int:pk>/edit/", rule_views.drillkind_update, name="drillkind_update"),
    path("rules/", rule_views.drillyearrule_list, name="drillyearrule_list"),
    path("rules/<int:year>/edit/", rule_views.drillyearrule_update, name="drillyearrule_update"),
]
