"""Everything under /public/: the only pages a proxy may expose outside the intranet (docs/operations.md)."""

from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("list/", public_views.list_subscribe, name="list_subscribe"),
    path("list/confirm/<str:token>/", public_views.list_confirm, name="list_confirm"),
    path("list/unsubscribe/<str:token>/", public_views.list_unsubscribe, name="list_unsubscribe"),
    path("request/", public_views.request_presentation, name="request_presentation"),
    path("feedback/<str:token>/", public_views.feedback, name="feedback"),
]
