from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/<slug:role>/", views.dashboard, name="dashboard_role"),
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("schools/", include("schools.urls")),
    path("drills/", include("drills.urls")),
    path("programs/", include("programs.urls")),
    path("committees/", include("committees.urls")),
    path("events/", include("events.urls")),
    path("situations/", include("situations.urls")),
    path("reports/", include("reports.urls")),
    path("engagement/", include("engagement.urls")),
    path("public/", include("engagement.public_urls")),
    path("retention/", include("retention.urls")),
    path("threats/", include("threats.urls")),
    # The language switch on the sign-in page works before signing in (signed-in users use accounts:language_set).
    # POST only, like accounts:language_set: a GET would only bounce the visitor to `next`.
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_CEILING_VIEW:
    urlpatterns.append(path("bench/ceiling/", views.bench_ceiling, name="bench_ceiling"))

handler403 = "csu.views.error_403"
handler404 = "csu.views.error_404"
handler500 = "csu.views.error_500"
