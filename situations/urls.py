from django.urls import path

from . import views

app_name = "situations"
urlpatterns = [
    path("", views.SituationList.as_view(), name="situation_list"),
    path("new/", views.situation_create, name="situation_create"),
    path("<int:pk>/", views.situation_detail, name="situation_detail"),
    path("<int:pk>/edit/", views.situation_update, name="situation_update"),
    path("<int:pk>/present/", views.situation_present, name="situation_present"),
    path("<int:pk>/agencies/", views.situation_assign, name="situation_assign"),
    path("<int:pk>/response/", views.situation_respond, name="situation_respond"),
    path("<int:pk>/review/", views.situation_review, name="situation_review"),
    path("<int:pk>/conclude/", views.situation_conclude, name="situation_conclude"),
    path("<int:pk>/void/", views.situation_void, name="situation_void"),
    path("tables/", views.table_list, name="situationtable_list"),
    path("tables/new/", views.table_create, name="situationtable_create"),
    path("tables/<int:pk>/", views.table_detail, name="situationtable_detail"),
    path("tables/<int:pk>/edit/", views.table_update, name="situationtable_update"),
    path("tables/<int:situationtable_pk>/meetings/new/", views.meeting_create, name="tablemeeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="tablemeeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_update, name="tablemeeting_update"),
    path("meetings/<int:pk>/void/", views.meeting_void, name="tablemeeting_void"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/rtd.csv", views.rtd_export, name="rtd_export"),
]
