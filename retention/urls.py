from django.urls import path

from . import views

app_name = "retention"
urlpatterns = [
    path("", views.retention_home, name="home"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("destructions/", views.DestructionListView.as_view(), name="destruction_list"),
]
