from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("language/", views.language_set, name="language_set"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/", views.twofactor_list, name="twofactor_list"),
    path("two-factor/<int:pk>/reset/", views.twofactor_reset, name="twofactor_reset"),
    path("locked/", views.lockedaccount_list, name="lockedaccount_list"),
    path("locked/unlock/", views.lockedaccount_unlock, name="lockedaccount_unlock"),
    path("audit/", views.AuditEventListView.as_view(), name="auditevent_list"),
    path("people/", views.StaffListView.as_view(), name="user_list"),
    path("people/<int:pk>/handover/", views.user_handover, name="user_handover"),
    path("people/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
]
