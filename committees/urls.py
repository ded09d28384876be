from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("", views.CommitteeList.as_view(), name="committee_list"),
    path("new/", views.CommitteeCreate.as_view(), name="committee_create"),
    path("<int:pk>/", views.CommitteeDetail.as_view(), name="committee_detail"),
    path("<int:pk>/edit/", views.CommitteeUpdate.as_view(), name="committee_update"),
    path("<int:committee_pk>/representation/new/", views.RepresentationCreate.as_view(), name="representation_create"),
    path("representation/<int:pk>/edit/", views.RepresentationUpdate.as_view(), name="representation_update"),
    path("partners/", views.PartnerList.as_view(), name="partner_list"),
    path("partners/new/", views.PartnerCreate.as_view(), name="partner_create"),
    path("partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner_detail"),
    path("partners/<int:pk>/edit/", views.PartnerUpdate.as_view(), name="partner_update"),
    path("meetings/", views.MeetingList.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreate.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetail.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdate.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attachments/", views.attachment_upload, name="meetingattachment_create"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="meetingattachment_download"),
    path("action-items/", views.ActionItemList.as_view(), name="actionitem_list"),
    path("action-items/new/", views.ActionItemCreate.as_view(), name="actionitem_create"),
    path("action-items/<int:pk>/edit/", views.ActionItemUpdate.as_view(), name="actionitem_update"),
    path("action-items/<int:pk>/close/", views.actionitem_close, name="actionitem_close"),
]
