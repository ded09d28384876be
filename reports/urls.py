from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.AnnualReportListView.as_view(), name="annualreport_list"),
    path("new/", views.annualreport_create, name="annualreport_create"),
    path("<int:pk>/", views.annualreport_detail, name="annualreport_detail"),
    path("<int:pk>/status/", views.annualreport_status, name="annualreport_status"),
    path("<int:pk>/download/<slug:kind>/", views.annualreport_download, name="annualreport_download"),
    path("<int:pk>/rebuild/", views.annualreport_rebuild, name="annualreport_rebuild"),
    path("<int:pk>/retry/", views.annualreport_retry, name="annualreport_retry"),
    path("icpi.csv", views.icpi_export, name="icpi_export"),
]
