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
]
# One pair of URLs per editable list (no <kind> parameter: every page is reachable from real rows alone).
for _kind, (_model, _title) in views.LISTS.items():
    _name = _model._meta.model_name
    urlpatterns += [
        path(f"lists/{_kind}/add/", views.listentry_create, {"kind": _kind}, name=f"{_name}_create"),
        path(f"lists/{_kind}/<int:pk>/edit/", views.listentry_update, {"kind": _kind}, name=f"{_name}_update"),
    ]
