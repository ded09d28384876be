from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.SessionListView.as_view(), name="session_list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_update"),
    path("sessions/<int:pk>/void/", views.session_void, name="session_void"),
    path("catalogue/", views.ProgramListView.as_view(), name="program_list"),
    path("catalogue/new/", views.ProgramCreateView.as_view(), name="program_create"),
    path("catalogue/<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("catalogue/<int:pk>/edit/", views.ProgramUpdateView.as_view(), name="program_update"),
    path("catalogue/<int:pk>/revisions/", views.program_revision_create, name="programrevision_create"),
    path("series/", views.ClassSeriesListView.as_view(), name="classseries_list"),
    path("series/new/", views.ClassSeriesCreateView.as_view(), name="classseries_create"),
    path("series/<int:pk>/", views.ClassSeriesDetailView.as_view(), name="classseries_detail"),
    path("series/<int:pk>/edit/", views.ClassSeriesUpdateView.as_view(), name="classseries_update"),
    path("requests/", views.PresentationRequestListView.as_view(), name="presentationrequest_list"),
    path("requests/new/", views.PresentationRequestCreateView.as_view(), name="presentationrequest_create"),
    path("requests/<int:pk>/", views.PresentationRequestDetailView.as_view(), name="presentationrequest_detail"),
    path("requests/<int:pk>/edit/", views.PresentationRequestUpdateView.as_view(), name="presentationrequest_update"),
    path("requests/<int:pk>/schedule/", views.presentation_request_schedule, name="presentationrequest_schedule"),
    path("requests/<int:pk>/deliver/", views.presentation_request_deliver, name="presentationrequest_deliver"),
    path("requests/<int:pk>/decline/", views.presentation_request_decline, name="presentationrequest_decline"),
    path("patrol/", views.PatrolYearListView.as_view(), name="patrolyear_list"),
    path("patrol/new/", views.PatrolYearCreateView.as_view(), name="patrolyear_create"),
    path("patrol/<int:pk>/", views.PatrolYearDetailView.as_view(), name="patrolyear_detail"),
    path("patrol/<int:pk>/edit/", views.PatrolYearUpdateView.as_view(), name="patrolyear_update"),
    path("placements/", views.PlacementListView.as_view(), name="placement_list"),
    path("placements/new/", views.PlacementCreateView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<int:pk>/edit/", views.PlacementUpdateView.as_view(), name="placement_update"),
]
