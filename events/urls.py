from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.EventList.as_view(), name="event_list"),
    path("new/", views.EventCreate.as_view(), name="event_create"),
    path("<int:pk>/", views.EventDetail.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventUpdate.as_view(), name="event_update"),
    path("<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("weeks/", views.WeekList.as_view(), name="week_list"),
    path("weeks/<int:pk>/", views.WeekDetail.as_view(), name="week_detail"),
    path("weeks/<int:pk>/edit/", views.WeekUpdate.as_view(), name="week_update"),
    path("weeks/<int:week_pk>/dates/new/", views.OverrideCreate.as_view(), name="weekoverride_create"),
    path("weeks/dates/<int:pk>/edit/", views.OverrideUpdate.as_view(), name="weekoverride_update"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/subscriptions/", views.tokens, name="token_list"),
    path("calendar/subscriptions/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
