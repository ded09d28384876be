"""Who may do what on every reports URL, the list page's query count, the status endpoint, ICPI and dashboard."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from drills.models import Drill
from reports import services
from reports.models import AnnualReport
from tests.urls import project_urls


@pytest.fixture
def report(supervisor):
    return AnnualReport.objects.create(period_kind="calendar", year=2024, requested_by=supervisor, status="ready")


def reports_urls(pk):
    return [
        ("get", reverse("reports:annualreport_list")),
        ("get", reverse("reports:annualreport_list") + "?format=csv"),
        ("get", reverse("reports:annualreport_create")),
        ("post", reverse("reports:annualreport_create")),
        ("get", reverse("reports:annualreport_detail", args=[pk])),
        ("get", reverse("reports:annualreport_status", args=[pk])),
        ("get", reverse("reports:annualreport_download", args=[pk, "pdf"])),
        ("post", reverse("reports:annualreport_rebuild", args=[pk])),
        ("post", reverse("reports:annualreport_retry", args=[pk])),
        ("get", reverse("reports:icpi_export")),
    ]


def test_every_reports_url_is_in_the_matrix():
    names = {name for name, _path in project_urls() if name.startswith("reports:")}
    assert names == {
        "reports:annualreport_list",
        "reports:annualreport_create",
        "reports:annualreport_detail",
        "reports:annualreport_status",
        "reports:annualreport_download",
        "reports:annualreport_rebuild",
        "reports:annualreport_retry",
        "reports:icpi_export",
    }


def test_officer_gets_403_on_every_reports_url(officer_client, report):
    for method, url in reports_urls(report.pk):
        response = getattr(officer_client, method)(url, {"period_kind": "calendar", "year": 2024, "language": "en"})
        assert response.status_code == 403, f"{method} {url} answered {response.status_code}"
    assert AnnualReport.objects.count() == 1


def test_coordinator_can_view_but_not_build(coordinator_client, report):
    assert coordinator_client.get(reverse("reports:annualreport_list")).status_code == 200
    assert coordinator_client.get(reverse("reports:annualreport_detail", args=[report.pk])).status_code == 200
    assert coordinator_client.get(reverse("reports:annualreport_status", args=[report.pk])).status_code == 200
    assert coordinator_client.get(reverse("reports:icpi_export")).status_code == 200
    for method, url in [
        ("get", reverse("reports:annualreport_create")),
        ("post", reverse("reports:annualreport_create")),
        ("post", reverse("reports:annualreport_rebuild", args=[report.pk])),
        ("post", reverse("reports:annualreport_retry", args=[report.pk])),
    ]:
        assert getattr(coordinator_client, method)(url, {"year": 2023}).status_code == 403
    assert AnnualReport.objects.count() == 1
    page = coordinator_client.get(reverse("reports:annualreport_detail", args=[report.pk])).content.decode()
    assert "Rebuild" not in page and "Build a report" not in page


def test_state_changes_are_post_only(supervisor_client, report):
    assert supervisor_client.get(reverse("reports:annualreport_rebuild", args=[report.pk])).status_code == 405
    assert supervisor_client.get(reverse("reports:annualreport_retry", args=[report.pk])).status_code == 405
    assert AnnualReport.objects.count() == 1


def test_missing_file_or_unready_report_is_404(supervisor_client, report, supervisor):
    # Ready but its file is gone: 404, not a 500.
    assert supervisor_client.get(reverse("reports:annualreport_download", args=[report.pk, "pdf"])).status_code == 404
    queued = AnnualReport.objects.create(period_kind="calendar", year=2023, requested_by=supervisor)
    assert supervisor_client.get(reverse("reports:annualreport_download", args=[queued.pk, "pdf"])).status_code == 404
    assert supervisor_client.get(reverse("reports:annualreport_detail", args=[9999])).status_code == 404


def test_supervisor_requests_a_report(supervisor_client, supervisor, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 3, 15, 16, tzinfo=dt.UTC), tick=False):
        form = supervisor_client.get(reverse("reports:annualreport_create")).content.decode()
        assert 'for="id_introduction"' in form and 'value="2025"' in form
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = supervisor_client.post(
                reverse("reports:annualreport_create"),
                {"period_kind": "calendar", "year": "2025", "language": "fr", "introduction": "Bonjour."},
            )
    report = AnnualReport.objects.get()
    assert response["Location"] == reverse("reports:annualreport_detail", args=[report.pk])
    assert (report.status, report.language, report.introduction, report.requested_by) == (
        "queued",
        "fr",
        "Bonjour.",
        supervisor,
    )
    assert len(callbacks) == 1  # the build is queued once the request's transaction commits
    page = supervisor_client.get(response["Location"]).content.decode()
    assert f'data-status-url="/reports/{report.pk}/status/"' in page
    assert "js/reports.js" in page and "<noscript>" in page
    assert "<script>" not in page  # no inline script: only <script src=...>


@pytest.mark.parametrize("year", ["", "abc", "1999", "99999"])
def test_bad_year_is_a_form_error_not_a_500(supervisor_client, year):
    response = supervisor_client.post(
        reverse("reports:annualreport_create"), {"period_kind": "calendar", "year": year, "language": "en"}
    )
    assert response.status_code == 200
    assert 'id="form-errors"' in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_status_endpoint(coordinator_client, supervisor):
    report = AnnualReport.objects.create(
        period_kind="school", year=2024, requested_by=supervisor, status="building", progress=42
    )
    data = coordinator_client.get(reverse("reports:annualreport_status", args=[report.pk])).json()
    assert data == {
        "status": "building",
        "status_label": "Building",
        "progress": 42,
        "failure_reason": "",
        "finished": False,
        "detail_url": f"/reports/{report.pk}/",
    }


def test_list_runs_a_fixed_number_of_queries(supervisor_client, supervisor, django_assert_num_queries):
    def make(n):
        for year in range(2000, 2000 + n):
            AnnualReport.objects.create(period_kind="calendar", year=year, requested_by=supervisor, status="ready")

    make(3)
    url = reverse("reports:annualreport_list")
    supervisor_client.get(url)  # warm caches (permissions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        assert supervisor_client.get(url).status_code == 200
    AnnualReport.objects.all().delete()
    make(20)
    with CaptureQueriesContext(connection) as twenty:
        page = supervisor_client.get(url).content.decode()
    assert len(twenty) == len(three)
    assert page.count("Calendar year 20") == 20
    csv_page = supervisor_client.get(url + "?format=csv&status=ready")
    assert b"".join(csv_page.streaming_content).decode().count("Calendar year") == 20


def test_icpi_export_has_the_public_safety_canada_fields(coordinator_client, dataset, frozen):
    response = coordinator_client.get(reverse("reports:icpi_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:4] == [
        "Name of province/territory",
        "City/Region",
        "Name of Initiative",
        "Description of Initiative",
    ]
    assert header[-2:] == ["Economics of Policing Pillars", "Record Entry Date"]
    from programs.models import Program

    # The school liaison record, one record per active program of the (seeded) catalogue, then the other apps'
    # initiatives (AppConfig.ready adds their providers): the engagement app's events and mailing list is a standing
    # record; the dataset has no situation table and no Block Watch group, so none of theirs.
    programs = list(Program.objects.filter(active=True).order_by("name_en", "pk"))
    assert len(header) == 19 and len(rows) == 1 + 1 + len(programs) + 1
    assert [row[2] for row in rows[1:]] == [
        "School liaison: a Community Services Officer for every school",
        *[program.name for program in programs],
        "Community events and mailing list",
    ]
    assert first["Name of province/territory"] == "Ontario"
    assert first["Groups/Agencies/Key Partners Involved"] == "Test District School Board"
    assert first["Key Outcomes"] == "3 of 3 active schools have an assigned officer."
    # Calls in the 12 months before 2026-03-15: 2025-06-10, 2025-12-31 and 2026-01-01.
    assert first["Summary of the Outcomes"] == "3 calls for service at schools in the last 12 months."
    assert first["Amount of Time Initiative has been in Place"] == "1 years (since 2024-09-01)"
    assert first["Level of Involvement"] == "Cooperative"
    assert first["Record Entry Date"] == "2026-03-15"


# The supervisor's dashboard on a cold cache, whatever the number of records: the page (session, user, permissions,
# the transaction's savepoint and its release: 5), failed reminders (1), schools (2), committees (1), the drills
# compliance panel (the year's rule, requirements per kind, schools, assignments, drill counts, officers: 6),
# programs (sessions per program apart from the programs: 2), this panel (coverage 2, calls 1, drills, sessions,
# meetings and events 4, the latest report 1: 8) and threat assessments (five aggregates, outcome labels, overdue
# follow-ups: 7).
SUPERVISOR_DASHBOARD_QUERIES = 32


def test_supervisor_dashboard_panel(supervisor_client, dataset, django_assert_max_num_queries):
    with (
        time_machine.travel(dt.datetime(2025, 6, 30, 16, tzinfo=dt.UTC), tick=False),
        django_assert_max_num_queries(SUPERVISOR_DASHBOARD_QUERIES),
    ):
        page = supervisor_client.get(reverse("dashboard_role", args=["supervisor"])).content.decode()
    assert "2025 so far" in page
    # To 2025-06-30: S1 covered; S2 unassigned in April (30); S3 unassigned Jan 1..Jun 30 (181) -> 211.
    assert (
        '<dt class="col-8 fw-normal">Unassigned school-days</dt><dd class="col-4 text-end fw-semibold">211</dd>' in page
    )
    assert (
        '<dt class="col-8 fw-normal">Calls for service at schools</dt><dd class="col-4 text-end fw-semibold">3</dd>'
        in page
    )
    assert 'role="img"' in page and "calls for service at schools each month of 2025 so far; 3 in all." in page


def test_icpi_export_has_one_record_per_active_program(coordinator_client, activity, frozen):
    response = coordinator_client.get(reverse("reports:icpi_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    records = {row["Name of Initiative"]: row for row in (dict(zip(rows[0], r, strict=True)) for r in rows[1:])}
    # The seeded catalogue was made inactive: the school liaison record, the three test programs and the engagement
    # app's standing record of events and mailing list (no situation table, no Block Watch group in the data).
    assert set(records) == {
        "School liaison: a Community Services Officer for every school",
        "Elmer Safety",
        "Grade 6 Values",
        "Presentations on request",
        "Community events and mailing list",
    }
    assert len(rows) == 1 + len(records)  # one record per initiative, none repeated
    values = records["Grade 6 Values"]
    # Last 12 months before 2026-03-15: series Y's two sessions of 2025-10-07 and 2025-11-04 (20 each) at S2.
    assert values["Key Outcomes"] == "2 sessions reaching 40 people at 1 schools in the last 12 months."
    assert values["Groups/Agencies/Key Partners Involved"] == "Test District School Board"
    assert values["Description of Initiative"] == "Grade 6 Values: a test program."
    assert values["Amount of Time Initiative has been in Place"] == "15 years (since 2010-09-01)"
    assert values["Reason for Undertaking the Initiative"] == "Unit pillar: Education; CSWB area: Prevention."
    # PR1 (2025-04-10, 50 people, a community organisation); PR2 of 2025-01-20 is older than 12 months.
    talks = records["Presentations on request"]
    assert talks["Key Outcomes"] == "1 sessions reaching 50 people at 0 schools in the last 12 months."
    assert talks["Groups/Agencies/Key Partners Involved"] == ""
    assert records["Elmer Safety"]["Summary of the Outcomes"] == "1 sessions, 40 people reached in the last 12 months."


def test_supervisor_dashboard_shows_drills_sessions_and_charts(
    supervisor_client, activity, django_assert_max_num_queries
):
    with (
        time_machine.travel(dt.datetime(2025, 6, 30, 16, tzinfo=dt.UTC), tick=False),
        django_assert_max_num_queries(SUPERVISOR_DASHBOARD_QUERIES),  # the same number as without the records
    ):
        page = supervisor_client.get(reverse("dashboard_role", args=["supervisor"])).content.decode()

    def figure(label):
        return f'<dt class="col-8 fw-normal">{label}</dt><dd class="col-4 text-end fw-semibold">'

    # To 2025-06-30: drills D3, D2, D6, D4 (lockdowns D3, D2); sessions X2, X3, PR2, PR1, Elmer (25+25+30+50+40);
    # meetings M1, M2, M3; events Open house and Coffee with a Cop.
    for label, value in (
        ("Drills conducted (all kinds)", 4),
        ("Lockdown drills conducted", 2),
        ("Program sessions delivered", 5),
        ("Audience reached", 170),
        ("Committee meetings held", 3),
        ("Events", 2),
    ):
        assert f"{figure(label)}{value}</dd>" in page, label
    assert page.count('role="img"') >= 3
    assert "drills conducted each month of 2025 so far; 4 in all." in page
    assert "program sessions delivered each month of 2025 so far; 5 in all." in page


def test_other_dashboards_have_no_reports_panel(coordinator_client, officer_client):
    assert "so far" not in coordinator_client.get(reverse("dashboard_role", args=["coordinator"])).content.decode()
    assert "so far" not in officer_client.get(reverse("dashboard_role", args=["officer"])).content.decode()


def test_sweep_requeues_reports_stuck_in_queued_and_fails_lost_builds(supervisor, monkeypatch):
    from reports import tasks

    sent = []
    monkeypatch.setattr(tasks.build_annual_report, "delay", lambda pk: sent.append(pk))
    old = AnnualReport.objects.create(period_kind="calendar", year=2020, requested_by=supervisor)
    fresh = AnnualReport.objects.create(period_kind="calendar", year=2021, requested_by=supervisor)
    lost = AnnualReport.objects.create(period_kind="calendar", year=2022, requested_by=supervisor, status="building")
    now = dt.datetime(2026, 3, 15, 16, tzinfo=dt.UTC)
    AnnualReport.objects.filter(pk=old.pk).update(requested_at=now - dt.timedelta(minutes=5))
    AnnualReport.objects.filter(pk=fresh.pk).update(requested_at=now - dt.timedelta(seconds=30))
    AnnualReport.objects.filter(pk=lost.pk).update(started_at=now - dt.timedelta(minutes=30))
    assert services.reports_sweep_stuck(now=now) == {"requeued": 1, "failed": 1}
    assert sent == [old.pk]
    lost.refresh_from_db()
    assert lost.status == "failed" and "worker was restarted" in lost.failure_reason


def test_beat_schedules_the_sweep(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-stuck"]
    assert entry["task"] == "reports.tasks.sweep_stuck_reports"


def test_broker_down_keeps_the_request_and_the_sweep_queues_it_later(
    supervisor_client, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import tasks

    def down(*args):
        raise ConnectionError("Error 111 connecting to redis")

    monkeypatch.setattr(tasks.build_annual_report, "delay", down)
    with time_machine.travel(dt.datetime(2026, 3, 15, 16, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = supervisor_client.post(
                reverse("reports:annualreport_create"), {"period_kind": "calendar", "year": "2025", "language": "en"}
            )
        assert response.status_code == 302  # the supervisor's request is not lost to a broker outage
        report = AnnualReport.objects.get()
        assert report.status == "queued"
    later = dt.datetime(2026, 3, 15, 16, 5, tzinfo=dt.UTC)
    assert services.reports_sweep_stuck(now=later) == {"requeued": 0, "failed": 0}  # broker still down
    sent = []
    monkeypatch.setattr(tasks.build_annual_report, "delay", lambda pk: sent.append(pk))
    assert services.reports_sweep_stuck(now=later) == {"requeued": 1, "failed": 0}
    assert sent == [report.pk]


def test_dashboard_lockdown_figure_counts_the_kinds_required_this_year(
    supervisor_client, activity, django_assert_max_num_queries
):
    from tests.drills.factories import saved_rule

    # 2024-2025 (the school year of 2025-06-30) also requires a Hold and Secure: D4 (2025-05-20) counts too.
    saved_rule(2024, {"lockdown": (2, 1), "hold-and-secure": (1, 0)})
    with (
        time_machine.travel(dt.datetime(2025, 6, 30, 16, tzinfo=dt.UTC), tick=False),
        django_assert_max_num_queries(SUPERVISOR_DASHBOARD_QUERIES),
    ):
        page = supervisor_client.get(reverse("dashboard_role", args=["supervisor"])).content.decode()
    label = "Lockdown drills conducted"
    assert f'<dt class="col-8 fw-normal">{label}</dt><dd class="col-4 text-end fw-semibold">3</dd>' in page


def test_supervisor_dashboard_figures_are_recounted_after_five_minutes(supervisor_client, activity):
    url = reverse("dashboard_role", args=["supervisor"])

    def lockdowns(page):
        return page.split("Lockdown drills conducted</dt>", 1)[1].split("</dd>", 1)[0].rsplit(">", 1)[1]

    start = dt.datetime(2025, 6, 30, 16, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        with CaptureQueriesContext(connection) as first:
            page = supervisor_client.get(url).content.decode()
        assert lockdowns(page) == "2"
        assert "Last recounted at 12:00 p.m.;" in page  # 16:00 UTC is 12:00 in Toronto
        drill = Drill.objects.filter(
            status=Drill.Status.COMPLETED,
            kind__code="lockdown",
            occurs_on__range=(dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ).first()
        Drill.objects.create(
            school=drill.school,
            kind=drill.kind,
            status=Drill.Status.COMPLETED,
            scheduled_for=drill.scheduled_for,
            conducted_start=drill.conducted_start,
            conducted_end=drill.conducted_end,
            occurs_on=drill.occurs_on,
            lead_officer=drill.lead_officer,
        )
        with CaptureQueriesContext(connection) as second:
            page = supervisor_client.get(url).content.decode()
        assert lockdowns(page) == "2"  # still the cached count
        assert len(second) < len(first) - 5
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        page = supervisor_client.get(url).content.decode()
    assert lockdowns(page) == "3"
    assert "Last recounted at 12:06 p.m.;" in page
