from django.urls import path

from . import views

app_name = "threats"
urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="threatassessment_list"),
    path("new/", views.threatassessment_create, name="threatassessment_create"),
    path("<int:pk>/", views.threatassessment_detail, name="threatassessment_detail"),
    path("<int:pk>/edit/", views.threatassessment_update, name="threatassessment_update"),
    path("<int:pk>/void/", views.threatassessment_void, name="threatassessment_void"),
    path("<int:pk>/follow-up-done/", views.threatassessment_follow_up_done, name="threatassessment_follow_up_done"),
    path("lists/", views.listentry_list, name="listentry_list"),
    path("lists/<slug:kind>/add/", views.listentry_create, name="listentry_create"),
    path("lists/<slug:kind>/<int:pk>/edit/", views.listentry_update, name="listentry_update"),
]
