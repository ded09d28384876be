import csv
import datetime as dt
import io

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from csu.audit import audit_log
from csu.models import AuditEvent
from schools.models import Board, School
from tests.conftest import make_user

from .conftest import verified_client


@pytest.fixture
def audit_client(otp_enforced):
    return verified_client(make_user("auditor", Role.SUPERVISOR))


def _events(n, action=AuditEvent.Action.SIGN_IN, username="someone"):
    for i in range(n):
        audit_log(None, action, target=f"t{i}", username=username)


@pytest.mark.django_db
def test_audit_rows_cannot_be_changed_or_deleted():
    event = audit_log(None, AuditEvent.Action.SIGN_IN, username="x")
    event.detail = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.django_db
def test_admin_is_read_only_for_audit_events(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    # No add/change/delete permission exists to be granted by mistake.
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="csu", codename__endswith="auditevent").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditevent"}


@pytest.mark.django_db
def test_audit_page_filters_by_who_action_and_dates(audit_client):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)):
        audit_log(None, AuditEvent.Action.SIGN_IN_FAILED, username="alice", target="old")
    with time_machine.travel(dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)):
        audit_log(None, AuditEvent.Action.SIGN_IN_FAILED, username="alice", target="new")
        audit_log(None, AuditEvent.Action.SIGN_IN_FAILED, username="bob", target="bobs")
        audit_log(None, AuditEvent.Action.REPORT_DOWNLOADED, username="alice", target="report")
    url = reverse("accounts:auditevent_list")
    response = audit_client.get(
        url, {"who": "ali", "action": "sign_in_failed", "date_from": "2026-02-01", "date_to": "2026-02-28"}
    )
    assert response.status_code == 200
    assert [e.target for e in response.context["object_list"]] == ["new"]


@pytest.mark.django_db
def test_audit_csv_export(audit_client):
    audit_log(None, AuditEvent.Action.LOCKED_OUT, username="mallory", target="=cmd()")
    response = audit_client.get(reverse("accounts:auditevent_list"), {"who": "mallory", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[0] == ["When", "Who", "Action", "Target", "Detail", "IP address"]
    assert rows[1][1:4] == ["mallory", "Account locked", "'=cmd()"]


@pytest.mark.django_db
def test_audit_page_lists_history_changes_with_a_fixed_query_count(audit_client):
    board = Board.objects.create(code="OCDSB", name_en="Ottawa-Carleton DSB")
    School.objects.create(name_en="Glebe CI", board=board, category="secondary")
    url = reverse("accounts:auditevent_list")
    response = audit_client.get(url)
    body = response.content.decode()
    assert "Latest record changes" in body and "school #" in body and "board #" in body

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert audit_client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _events(3)
    small = count()
    _events(40)
    for i in range(30):
        School.objects.create(name_en=f"School {i}", board=board, category="elementary")
    assert count() == small


@pytest.mark.django_db
def test_audit_page_is_for_supervisors_only(officer_client, coordinator_client):
    url = reverse("accounts:auditevent_list")
    assert officer_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 403
