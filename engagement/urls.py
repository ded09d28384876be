from django.urls import path

from . import blockwatch_views, views

app_name = "engagement"
urlpatterns = [
    path("subscribers/", views.SubscriberListView.as_view(), name="subscriber_list"),
    path("subscribers/new/", views.subscriber_add, name="subscriber_add"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/edit/", views.bulletin_update, name="bulletin_update"),
    path("bulletins/<int:pk>/send/", views.bulletin_send, name="bulletin_send"),
    path("bulletins/<int:pk>/test/", views.bulletin_test, name="bulletin_test"),
    path("block-watch/", blockwatch_views.GroupListView.as_view(), name="group_list"),
    path("block-watch/new/", blockwatch_views.group_create, name="group_create"),
    path("block-watch/<int:pk>/", blockwatch_views.group_detail, name="group_detail"),
    path("block-watch/<int:pk>/edit/", blockwatch_views.group_update, name="group_update"),
]
