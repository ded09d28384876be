from django.urls import path

from . import call_views, scope, views

app_name = "schools"
urlpatterns = [
    path("", views.SchoolListView.as_view(), name="school_list"),
    path("new/", views.SchoolCreateView.as_view(), name="school_create"),
    path("<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("<int:pk>/edit/", views.SchoolUpdateView.as_view(), name="school_update"),
    path("<int:pk>/close/", views.SchoolCloseView.as_view(), name="school_close"),
    path("<int:pk>/transfer/", views.AssignmentTransferView.as_view(), name="assignment_transfer"),
    path("coverage/", views.CoverageView.as_view(), name="assignment_coverage"),
    path("mine/", views.OfficerSchoolsView.as_view(), name="officer_schools_mine"),
    path("officers/<int:pk>/", views.OfficerSchoolsView.as_view(), name="officer_schools"),
    path("import/", views.SchoolImportView.as_view(), name="school_import"),
    path("import/template.csv", views.school_import_template, name="school_import_template"),
    path("calls/", call_views.CallListView.as_view(), name="call_list"),
    path("calls/new/", call_views.CallCreateView.as_view(), name="call_create"),
    path("calls/<int:pk>/", call_views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", call_views.CallUpdateView.as_view(), name="call_update"),
    path("calls/<int:pk>/void/", call_views.CallVoidView.as_view(), name="call_void"),
    path("scope/", scope.ScopeView.as_view(), name="scope"),
    path("boards/", views.BoardListView.as_view(), name="board_list"),
    path("boards/new/", views.BoardCreateView.as_view(), name="board_create"),
    path("boards/<int:pk>/edit/", views.BoardUpdateView.as_view(), name="board_update"),
]
