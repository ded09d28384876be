from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.models import Role

from .models import Heartbeat, Reminder
from .registry import app_modules, keep_markup


def home(request):
    """Send each user to their role's dashboard."""
    user = request.user
    for role in (Role.SUPERVISOR, Role.COORDINATOR, Role.OFFICER):
        if user.has_perm(f"accounts.view_{role}_dashboard") and (user.role == role or not user.role):
            return redirect("dashboard_role", role=role.value)
    raise PermissionDenied


def dashboard(request, role: str):
    if role not in Role.values:
        return render(request, "404.html", status=404)
    if not request.user.has_perm(f"accounts.view_{role}_dashboard"):
        raise PermissionDenied
    panels = []
    for module in app_modules("dashboard"):
        panels.extend(module.panels(request, role))
    panels.sort(key=lambda p: p.order)
    return render(
        request,
        "dashboard.html",
        {"role": role, "role_label": Role(role).label, "panels": keep_markup(request, panels)},
    )


@login_not_required
@never_cache
def health(request):
    """Liveness of the database, the broker (when one is configured) and Celery beat. No secrets."""
    checks: dict[str, dict] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except Exception:
        healthy = False
        checks["database"] = {"ok": False, "error": "unreachable"}

    eager = settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL == "memory://"
    if eager:
        checks["broker"] = {"ok": True, "mode": "eager (no broker configured)"}
    else:
        checks["broker"] = _broker_check()
        healthy = healthy and checks["broker"]["ok"]

    if checks["database"]["ok"]:
        beat = Heartbeat.objects.filter(name="beat").first()
        if beat is None:
            checks["beat"] = {"ok": None, "last_run": None}
        else:
            age = (timezone.now() - beat.last_seen).total_seconds()
            checks["beat"] = {
                "ok": age <= settings.BEAT_STALE_AFTER,
                "last_run": beat.last_seen.isoformat(),
                "age_seconds": int(age),
            }
            # With a broker, beat must be running: a stale heartbeat means reminders stopped going out. (Eager
            # mode has no beat; a beat never seen yet is a fresh install, reported as null, not failed.)
            if not eager:
                healthy = healthy and checks["beat"]["ok"]
        # A reminder given up is not an outage (everything else still works): "degraded" with a 200, so that a
        # load balancer keeps the instance while monitoring that reads the body raises it.
        failed = Reminder.objects.filter(failed_at__isnull=False).count()
        checks["reminders"] = {"ok": failed == 0, "failed": failed}
        degraded = failed > 0
    else:
        degraded = False
    status = 200 if healthy else 503
    label = "unhealthy" if not healthy else ("degraded" if degraded else "ok")
    return JsonResponse({"status": label, "degraded": healthy and degraded, "checks": checks}, status=status)


def _broker_check() -> dict:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2, transport_options={"socket_timeout": 2}) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel.client.ping() if hasattr(conn.default_channel, "client") else None
        return {"ok": True}
    except Exception:
        return {"ok": False, "error": "unreachable"}


@login_not_required
def bench_ceiling(request):
    """A constant answer through the full middleware stack: the requests/s ceiling `make bench` compares to.

    Routed only when BENCH_CEILING_VIEW is on (never in production).
    """
    return HttpResponse("ok", content_type="text/plain")


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No request context: whatever broke (the database, a context processor) must not break this page too.
    return HttpResponseServerError(loader.render_to_string("500.html"))
