from django.urls import path

from . import placement_views, request_views, views

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
    path("requests/", request_views.PresentationRequestListView.as_view(), name="presentationrequest_list"),
    path("requests/new/", request_views.PresentationRequestCreateView.as_view(), name="presentationrequest_create"),
    path(
        "requests/<int:pk>/", request_views.PresentationRequestDetailView.as_view(), name="presentationrequest_detail"
    ),
    path(
        "requests/<int:pk>/edit/",
        request_views.PresentationRequestUpdateView.as_view(),
        name="presentationrequest_update",
    ),
    path(
        "requests/<int:pk>/schedule/", request_views.presentation_request_schedule, name="presentationrequest_schedule"
    ),
    path("requests/<int:pk>/deliver/", request_views.presentation_request_deliver, name="presentationrequest_deliver"),
    path("requests/<int:pk>/decline/", request_views.presentation_request_decline, name="presentationrequest_decline"),
    path("patrol/", placement_views.PatrolYearListView.as_view(), name="patrolyear_list"),
    path("patrol/new/", placement_views.PatrolYearCreateView.as_view(), name="patrolyear_create"),
    path("patrol/<int:pk>/", placement_views.PatrolYearDetailView.as_view(), name="patrolyear_detail"),
    path("patrol/<int:pk>/edit/", placement_views.PatrolYearUpdateView.as_view(), name="patrolyear_update"),
    path("placements/", placement_views.PlacementListView.as_view(), name="placement_list"),
    path("placements/new/", placement_views.PlacementCreateView.as_view(), name="placement_create"),
    path("placements/<int:pk>/", placement_views.PlacementDetailView.as_view(), name="placement_detail"),
    path("placements/<int:pk>/edit/", placement_views.PlacementUpdateView.as_view(), name="placement_update"),
]
