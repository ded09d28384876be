import datetime as dt
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from drills.calendar import calendar_items
from drills.models import Drill, DrillKind, DrillYearRule, FollowUpAction
from drills.school_panels import panels as school_panels
from tests.drills.factories import at, drill, kind, school

NOW = at(2026, 10, 15, 12)
pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alpha(officer):
    return school("Alpha", officer=officer)


@pytest.fixture
def mine(alpha, officer):
    return drill(alpha, officer, when=at(2026, 11, 3, 13), status="scheduled", created_by=officer)


def body(response) -> str:
    return response.content.decode()


# --- list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "coordinator", "supervisor"])
def test_list_for_every_role(role_clients, role, mine):
    response = role_clients[role].get(reverse("drills:drill_list"))
    assert response.status_code == 200
    assert "Alpha" in body(response)
    assert "Scheduled" in body(response)


def test_list_filters_and_csv(officer_client, alpha, officer):
    drill(alpha, officer, when=at(2026, 9, 20))
    drill(alpha, officer, when=at(2026, 8, 20))  # previous school year
    drill(alpha, officer, when=at(2026, 10, 1), status="cancelled")
    response = officer_client.get(reverse("drills:drill_list"), {"school_year": 2026, "status": "completed"})
    assert response.context["paginator"].count == 1
    csv = officer_client.get(reverse("drills:drill_list"), {"format": "csv", "school_year": 2025})
    text = b"".join(csv.streaming_content).decode()
    lines = text.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Date,School,Kind,Status")
    assert len(lines) == 2 and lines[1].startswith("2026-08-20,Alpha,Lockdown,Completed")


def test_list_bad_filters_do_not_500(officer_client):
    response = officer_client.get(
        reverse("drills:drill_list"), {"school_year": "abc", "date_from": "nope", "sort": "drop", "page": "x"}
    )
    assert response.status_code in (200, 404)


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(supervisor_client, officer, django_assert_max_num_queries):
    schools = [school(officer=officer) for _ in range(3)]
    for s in schools:
        drill(s, officer, when=at(2026, 9, 20))
    url = reverse("drills:drill_list") + "?school_year=2026"
    few = _count_queries(supervisor_client, url, django_assert_max_num_queries)
    for i in range(27):
        s = school(officer=officer)
        drill(s, officer, when=at(2026, 9, 21), status="scheduled" if i % 2 else "completed", covering=bool(i % 3))
    many = _count_queries(supervisor_client, url, django_assert_max_num_queries)
    assert few == many


# --- schedule and log (officer flow) --------------------------------------------------------------------


def test_schedule_form_preselects_school_and_lockdown(officer_client, alpha):
    response = officer_client.get(reverse("drills:drill_schedule"), {"school": alpha.pk})
    form = response.context["form"]
    assert form["school"].value() == alpha.pk
    assert form["kind"].value() == kind("lockdown").pk
    assert "lead_officer" not in form.fields  # an officer leads their own drills


def test_schedule_post(officer_client, officer, alpha):
    response = officer_client.post(
        reverse("drills:drill_schedule"),
        {"school": alpha.pk, "kind": kind().pk, "scheduled_for": "2026-11-05T13:30", "announced": "on"},
    )
    drill_ = Drill.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("drills:drill_detail", args=[drill_.pk])
    assert (drill_.lead_officer, drill_.scheduled_for, drill_.covering) == (officer, at(2026, 11, 5, 13, 30), False)


def test_schedule_for_someone_elses_school_shows_covering_message(officer_client, other_officer):
    beta = school("Beta", officer=other_officer)
    response = officer_client.post(
        reverse("drills:drill_schedule"), {"school": beta.pk, "kind": kind().pk, "scheduled_for": "2026-11-05T13:30"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["covering"][0].startswith("Officer_A is not assigned to this school")
    assert not Drill.objects.exists()
    officer_client.post(
        reverse("drills:drill_schedule"),
        {"school": beta.pk, "kind": kind().pk, "scheduled_for": "2026-11-05T13:30", "covering": "on"},
    )
    assert Drill.objects.get().covering is True
    listing = officer_client.get(reverse("drills:drill_list"))
    assert "Covering" in body(listing)


def test_coordinator_cannot_schedule(coordinator_client, alpha):
    response = coordinator_client.post(
        reverse("drills:drill_schedule"), {"school": alpha.pk, "kind": kind().pk, "scheduled_for": "2026-11-05T13:30"}
    )
    assert response.status_code == 403
    assert not Drill.objects.exists()


def _log_data(alpha, **extra):
    data = {
        "school": alpha.pk,
        "kind": kind().pk,
        "date": "2026-10-14",
        "start_time": "10:00",
        "end_time": "10:18",
        "announced": "on",
        "time_to_secure": "95",
        "students_count": "310",
        "staff_count": "22",
        "outcome": "satisfactory",
    }
    data.update(extra)
    return data


def test_log_without_problems_goes_to_the_drill(officer_client, alpha):
    response = officer_client.post(reverse("drills:drill_log"), _log_data(alpha))
    drill_ = Drill.objects.get()
    assert response["Location"] == reverse("drills:drill_detail", args=[drill_.pk])
    assert (drill_.status, drill_.conducted_start, drill_.conducted_end) == (
        "completed",
        at(2026, 10, 14, 10),
        at(2026, 10, 14, 10, 18),
    )


def test_log_with_problems_prompts_followups(officer_client, alpha):
    response = officer_client.post(
        reverse("drills:drill_log"),
        _log_data(alpha, problems_found="Gym doors would not lock", outcome="follow_up"),
    )
    drill_ = Drill.objects.get()
    assert response["Location"] == reverse("drills:followupaction_create", args=[drill_.pk])
    response = officer_client.post(
        response["Location"],
        {"description": "Fix gym door", "owner": "Head custodian", "due_on": "2026-10-30", "add_another": "1"},
    )
    assert response["Location"] == reverse("drills:followupaction_create", args=[drill_.pk])
    assert FollowUpAction.objects.get().owner == "Head custodian"


def test_log_validation_messages_next_to_fields(officer_client, alpha):
    response = officer_client.post(
        reverse("drills:drill_log"), _log_data(alpha, date="2026-10-16", end_time="09:00", outcome="follow_up")
    )
    errors = response.context["form"].errors
    assert errors["end_time"] == ["The drill must end after it started."]
    assert errors["start_time"] == ["A completed drill cannot be dated in the future."]
    assert errors["problems_found"] == ["Describe the problems that need a follow-up."]
    assert not Drill.objects.exists()
    assert 'href="#id_end_time"' in body(response)


def test_complete_a_scheduled_drill_via_the_form(officer_client, mine):
    mine.scheduled_for = at(2026, 10, 14, 13)
    mine.occurs_on = dt.date(2026, 10, 14)
    mine.save()
    url = reverse("drills:drill_complete", args=[mine.pk])
    assert officer_client.get(url).context["form"]["date"].value() == dt.date(2026, 10, 14)
    data = _log_data(mine.school, version=1, start_time="13:00", end_time="13:15")
    response = officer_client.post(url, data)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.version) == ("completed", 2)


# --- role matrix on changes -----------------------------------------------------------------------------


def test_other_officer_cannot_edit_cancel_or_log(other_officer_client, mine):
    for name in ("drill_update", "drill_cancel", "drill_complete", "followupaction_create"):
        url = reverse(f"drills:{name}", args=[mine.pk])
        assert other_officer_client.get(url).status_code == 404
        assert other_officer_client.post(url, {"reason": "x", "version": 1}).status_code == 404
    mine.refresh_from_db()
    assert (mine.status, mine.version, mine.cancel_reason) == ("scheduled", 1, "")


def test_coordinator_is_read_only(coordinator_client, mine):
    assert coordinator_client.get(reverse("drills:drill_detail", args=[mine.pk])).status_code == 200
    for name in ("drill_update", "drill_cancel", "drill_complete", "followupaction_create"):
        assert coordinator_client.post(reverse(f"drills:{name}", args=[mine.pk]), {}).status_code == 403
    mine.refresh_from_db()
    assert mine.version == 1


def test_supervisor_may_edit_any_drill(supervisor_client, mine):
    response = supervisor_client.post(
        reverse("drills:drill_update", args=[mine.pk]),
        {"kind": kind().pk, "scheduled_for": "2026-11-04T09:00", "announced": "", "version": 1},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.scheduled_for, mine.announced, mine.version) == (at(2026, 11, 4, 9), False, 2)


def test_stale_form_shows_a_clear_error(officer_client, mine):
    url = reverse("drills:drill_update", args=[mine.pk])
    data = {"kind": kind().pk, "scheduled_for": "2026-11-04T09:00", "version": 1}
    assert officer_client.post(url, data).status_code == 302
    response = officer_client.post(url, {**data, "scheduled_for": "2026-11-09T09:00"})
    assert response.status_code == 200
    assert "changed by someone else" in body(response)
    mine.refresh_from_db()
    assert mine.scheduled_for == at(2026, 11, 4, 9)


def test_cancel_flow(officer_client, mine):
    url = reverse("drills:drill_cancel", args=[mine.pk])
    response = officer_client.post(url, {"reason": "", "version": 1})
    assert response.status_code == 200 and "This field is required" in body(response)
    officer_client.post(url, {"reason": "Board PD day", "version": 1})
    mine.refresh_from_db()
    assert (mine.status, mine.cancel_reason) == ("cancelled", "Board PD day")
    detail = officer_client.get(reverse("drills:drill_detail", args=[mine.pk]))
    assert "Board PD day" in body(detail) and "History" in body(detail)


def test_followup_resolve_roles(officer_client, other_officer_client, coordinator_client, alpha, officer):
    done = drill(alpha, officer, when=at(2026, 10, 1), created_by=officer)
    action = FollowUpAction.objects.create(
        drill=done, description="Fix", owner="Custodian", due_on=dt.date(2026, 10, 9)
    )
    url = reverse("drills:followupaction_resolve", args=[action.pk])
    data = {"resolved_on": "2026-10-10", "resolution": "Done", "version": 1}
    assert coordinator_client.post(url, data).status_code == 403
    assert other_officer_client.post(url, data).status_code == 404
    action.refresh_from_db()
    assert action.resolved_on is None
    assert officer_client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.resolved_on == dt.date(2026, 10, 10)


# --- kinds and rules ------------------------------------------------------------------------------------


def test_kinds_seeded_by_the_migrations():
    from drills.demo import ensure_kinds

    # seed_demo ensures the kinds again (idempotent): a transactional test may have flushed the seeded rows.
    ensure_kinds()
    ensure_kinds()
    required = {k.code: (k.required_per_year, k.required_by_fall) for k in DrillKind.objects.all()}
    assert required == {
        "lockdown": (2, 1),
        "hold-and-secure": (0, 0),
        "shelter-in-place": (0, 0),
        "clear-the-halls": (0, 0),
        "bomb-threat": (0, 0),
    }
    assert set(DrillKind.objects.values_list("name_en", flat=True)) == {
        "Lockdown",
        "Hold and Secure",
        "Shelter in Place",
        "Clear the Halls",
        "Bomb threat",
    }


def test_kinds_admin_page(supervisor_client, officer_client, coordinator_client):
    assert officer_client.get(reverse("drills:drillkind_list")).status_code == 200
    data = {"code": "evacuation", "name_en": "Evacuation", "name_fr": "Évacuation", "active": "on"}
    data.update(required_per_year="0", required_by_fall="0")
    assert officer_client.post(reverse("drills:drillkind_create"), data).status_code == 403
    assert coordinator_client.post(reverse("drills:drillkind_create"), data).status_code == 403
    assert not DrillKind.objects.filter(code="evacuation").exists()
    bad = supervisor_client.post(
        reverse("drills:drillkind_create"), {**data, "required_per_year": "1", "required_by_fall": "2"}
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors == {"required_by_fall": ["Cannot be more than the drills required in the year."]}
    assert 'aria-invalid="true"' in body(bad) and "Cannot be more than the drills required in the year." in body(bad)
    assert not DrillKind.objects.filter(code="evacuation").exists()
    assert supervisor_client.post(reverse("drills:drillkind_create"), data).status_code == 302
    evac = DrillKind.objects.get(code="evacuation")
    assert (evac.required_per_year, evac.required_by_fall) == (0, 0)
    assert officer_client.post(reverse("drills:drillkind_update", args=[evac.pk]), data).status_code == 403
    changed = {**data, "required_per_year": "1", "required_by_fall": "1"}
    assert supervisor_client.post(reverse("drills:drillkind_update", args=[evac.pk]), changed).status_code == 302
    evac.refresh_from_db()
    assert (evac.required_per_year, evac.required_by_fall) == (1, 1)
    assert evac.history.first().history_user.username == "super"
    assert "1 (1 by the fall deadline)" in body(supervisor_client.get(reverse("drills:drillkind_list")))


RULE_2026 = {
    "starts_on": "2026-09-01",
    "ends_on": "2027-08-31",
    "fall_deadline": "2027-01-31",
    "spring_deadline": "2027-06-15",
    "reminder_lead_days": "14,3",
    "overdue_repeat_days": "5",
    "unscheduled_warning_days": "21",
}


def _rule_post(formset, **rows) -> dict:
    """The POST of the year-rule form: RULE_2026 and one formset row per kind ({code: (required, by_fall)};
    the kinds not named keep what the form shows)."""
    data = dict(RULE_2026)
    data.update({f"requirements-{k}": v for k, v in formset.management_form.initial.items()})
    for i, form in enumerate(formset.forms):
        required, by_fall = rows.get(form.kind.code, (form.initial["required"], form.initial["required_by_fall"]))
        data.update(
            {
                f"requirements-{i}-kind": form.kind.pk,
                f"requirements-{i}-required": required,
                f"requirements-{i}-required_by_fall": by_fall,
            }
        )
    return data


def test_year_rules_edit(supervisor_client, officer_client, coordinator_client):
    url = reverse("drills:drillyearrule_update", args=[2026])
    assert coordinator_client.get(reverse("drills:drillyearrule_list")).status_code == 200
    assert coordinator_client.get(url).status_code == 403
    assert officer_client.get(url).status_code == 403
    response = supervisor_client.get(url)
    form, formset = response.context["form"], response.context["formset"]
    assert form["fall_deadline"].value() == dt.date(2026, 12, 20)
    # One row per active kind, prefilled with the kinds' defaults for a year without saved rules.
    rows = {f.kind.code: (f.initial["required"], f.initial["required_by_fall"]) for f in formset.forms}
    assert rows == {
        "lockdown": (2, 1),
        "hold-and-secure": (0, 0),
        "shelter-in-place": (0, 0),
        "clear-the-halls": (0, 0),
        "bomb-threat": (0, 0),
    }
    assert "Lockdown: drills required in the year" in body(response)
    assert "Hold And Secure: of which by the fall deadline" in body(response) or (
        "Hold and Secure: of which by the fall deadline" in body(response)
    )
    data = _rule_post(formset)
    bad = supervisor_client.post(url, {**data, "spring_deadline": "2027-01-01"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["spring_deadline"] == ["The spring deadline must come after the fall deadline."]
    assert not DrillYearRule.objects.exists()
    assert supervisor_client.post(url, data).status_code == 302
    rule = DrillYearRule.objects.get(school_year=2026)
    assert (rule.fall_deadline, rule.lead_days, rule.overdue_repeat_days) == (dt.date(2027, 1, 31), [14, 3], 5)
    # Every row is saved, zeros included, so a later change of a kind's defaults leaves this year alone.
    saved = {r.kind.code: (r.required, r.required_by_fall) for r in rule.requirements.all()}
    assert saved == rows
    assert supervisor_client.get(reverse("drills:drillyearrule_update", args=[1900])).status_code == 404


def test_supervisor_changes_the_requirements_per_kind(supervisor_client, supervisor, officer, alpha):
    from drills.selectors import Status, compliance_rows

    url = reverse("drills:drillyearrule_update", args=[2026])
    formset = supervisor_client.get(url).context["formset"]
    data = _rule_post(formset, **{"lockdown": (2, 1), "hold-and-secure": (1, 0)})
    assert supervisor_client.post(url, data).status_code == 302
    rule = DrillYearRule.objects.get(school_year=2026)
    assert {(r.kind.code, r.required, r.required_by_fall) for r in rule.requirements.filter(required__gt=0)} == {
        ("lockdown", 2, 1),
        ("hold-and-secure", 1, 0),
    }
    # Two lockdowns are no longer enough.
    drill(alpha, officer, when=at(2026, 9, 20))
    drill(alpha, officer, when=at(2026, 10, 1))
    [row] = compliance_rows(year=2026)
    assert (row.status, row.completed, row.required) == (Status.NOT_SCHEDULED, 2, 3)
    board = body(supervisor_client.get(reverse("drills:drill_compliance")))
    assert "Hold and Secure: 1 (0 by the fall deadline)" in board
    assert "Hold and Secure: 0 of 1" in board
    listing = body(supervisor_client.get(reverse("drills:drillyearrule_list")))
    assert "Hold and Secure: 1 (0 by the fall deadline)" in listing
    # The saved rows are shown when editing again; a history row names the supervisor for each.
    again = supervisor_client.get(url).context["formset"]
    assert {f.kind.code: f.initial["required"] for f in again.forms}["hold-and-secure"] == 1
    hold_rows = rule.requirements.get(kind__code="hold-and-secure").history.all()
    assert [(h.history_type, h.history_user_id, h.required) for h in hold_rows] == [("+", supervisor.pk, 1)]
    # Changing one row writes one history row for it only.
    data = _rule_post(again, **{"hold-and-secure": (2, 1)})
    assert supervisor_client.post(url, data).status_code == 302
    assert rule.requirements.get(kind__code="hold-and-secure").history.count() == 2
    assert rule.requirements.get(kind__code="lockdown").history.count() == 1


def test_a_bad_requirement_row_saves_nothing(supervisor_client):
    from drills.models import DrillRequirement

    url = reverse("drills:drillyearrule_update", args=[2026])
    formset = supervisor_client.get(url).context["formset"]
    index = next(i for i, f in enumerate(formset.forms) if f.kind.code == "hold-and-secure")
    data = _rule_post(formset, **{"lockdown": (3, 2), "hold-and-secure": (1, 2)})
    response = supervisor_client.post(url, data)
    assert response.status_code == 200
    row = response.context["formset"].forms[index]
    assert row.errors == {"required_by_fall": ["Cannot be more than the drills required in the year."]}
    html = body(response)
    # The message is next to the field (its error text, pointed at by aria-describedby) and in the summary.
    field_id = f"id_requirements-{index}-required_by_fall"
    assert f'id="{field_id}"' in html and f'href="#{field_id}"' in html
    assert html.count("Cannot be more than the drills required in the year.") == 2
    assert not DrillYearRule.objects.exists() and not DrillRequirement.objects.exists()
    # A saved rule is not half-changed either.
    assert supervisor_client.post(url, _rule_post(formset)).status_code == 302
    formset = supervisor_client.get(url).context["formset"]
    bad = _rule_post(formset, **{"lockdown": (3, 2), "hold-and-secure": (1, 2)})
    bad["fall_deadline"] = "2026-12-01"
    assert supervisor_client.post(url, bad).status_code == 200
    rule = DrillYearRule.objects.get(school_year=2026)
    assert rule.fall_deadline == dt.date(2027, 1, 31)
    assert rule.requirements.get(kind__code="lockdown").required == 2
    # Negative numbers, text and a missing management form are refused with messages, not a 500.
    for junk in (
        {**bad, "requirements-0-required": "-1", "requirements-1-required": "x"},
        {k: v for k, v in bad.items() if not k.startswith("requirements-")},
        {**bad, "requirements-TOTAL_FORMS": "2"},
        {**bad, "requirements-0-kind": "999999"},
    ):
        response = supervisor_client.post(url, junk)
        assert response.status_code == 200
        assert "Please correct" in body(response)
    assert DrillRequirement.objects.filter(required=3).count() == 0


def test_officers_and_coordinators_cannot_change_requirements(officer_client, coordinator_client, supervisor_client):
    from drills.models import DrillRequirement

    url = reverse("drills:drillyearrule_update", args=[2026])
    data = _rule_post(supervisor_client.get(url).context["formset"], **{"lockdown": (5, 0)})
    assert officer_client.post(url, data).status_code == 403
    assert coordinator_client.post(url, data).status_code == 403
    lockdown = kind("lockdown")
    assert officer_client.post(reverse("drills:drillkind_update", args=[lockdown.pk]), {}).status_code == 403
    assert not DrillYearRule.objects.exists() and not DrillRequirement.objects.exists()


def test_drill_detail_says_whether_the_drill_counts(officer_client, alpha, officer):
    done = drill(alpha, officer, when=at(2026, 10, 1))
    other = drill(alpha, officer, when=at(2026, 10, 2), kind_code="hold-and-secure")
    assert "counts toward the 2026–2027 requirement" in body(
        officer_client.get(reverse("drills:drill_detail", args=[done.pk]))
    )
    assert "counts toward" not in body(officer_client.get(reverse("drills:drill_detail", args=[other.pk])))


# --- compliance board, dashboards, school panel, calendar -----------------------------------------------


def test_compliance_board_roles_and_counts(supervisor_client, coordinator_client, officer_client, officer, alpha):
    beta = school("Beta", officer=officer)
    drill(alpha, officer, when=at(2026, 9, 20))
    drill(alpha, officer, when=at(2026, 10, 1))
    drill(beta, officer, when=at(2026, 11, 20), status="scheduled")
    school("Gamma")  # no officer, nothing
    assert officer_client.get(reverse("drills:drill_compliance")).status_code == 403
    assert coordinator_client.get(reverse("drills:drill_compliance")).status_code == 200
    response = supervisor_client.get(reverse("drills:drill_compliance"))
    counts = {c["status"]: c["count"] for c in response.context["status_counts"]}
    assert counts == {"compliant": 1, "on_track": 1, "not_scheduled": 1, "due_soon": 0, "overdue": 0}
    per_officer = {o["officer_name"]: o["total"] for o in response.context["officer_counts"]}
    assert per_officer == {"Officer_A": 2, "": 1}
    filtered = supervisor_client.get(reverse("drills:drill_compliance"), {"status": "on_track", "year": 2026})
    assert [r.school_name for r in filtered.context["rows"]] == ["Beta"]
    csv = supervisor_client.get(reverse("drills:drill_compliance"), {"format": "csv"})
    lines = b"".join(csv.streaming_content).decode().strip().splitlines()
    assert lines[1].startswith("Alpha,OCDSB,Officer_A,2,2,Compliant")
    assert len(lines) == 4


def test_compliance_board_query_count_does_not_grow(supervisor_client, officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert supervisor_client.get(reverse("drills:drill_compliance")).status_code == 200
        return len(ctx.captured_queries)

    school(officer=officer)
    few = count()
    for _ in range(30):
        s = school(officer=officer)
        drill(s, officer, when=at(2026, 9, 21))
    assert count() == few


def test_officer_dashboard_panel(officer_client, officer, alpha, mine):
    response = officer_client.get(reverse("dashboard_role", args=["officer"]))
    text = body(response)
    assert "My schools&#x27; lockdown drills" in text or "My schools' lockdown drills" in text
    assert "Log a drill" in text and "Alpha" in text and "On track" in text


def test_supervisor_dashboard_panel(supervisor_client, alpha):
    text = body(supervisor_client.get(reverse("dashboard_role", args=["supervisor"])))
    assert "Drill compliance 2026–2027" in text
    assert "Not scheduled: 1" in text


def test_school_panel_function(officer, coordinator, alpha, mine):
    request = RequestFactory().get("/")
    request.user = officer
    [panel] = school_panels(request, alpha)
    assert panel.template == "drills/panels/school.html"
    assert panel.data["row"].status == "on_track"
    assert [d.pk for d in panel.data["drills"]] == [mine.pk]
    assert panel.data["can_add"] is True
    request.user = coordinator
    assert school_panels(request, alpha)[0].data["can_add"] is False
    from django.template.loader import render_to_string

    html = render_to_string(panel.template, {"panel": panel.data, "perms": {}})
    assert f"/drills/log/?school={alpha.pk}" in html


def test_calendar_items(officer, other_officer, alpha):
    done = drill(alpha, officer, when=at(2026, 10, 1, 10))
    planned = drill(alpha, officer, when=at(2026, 10, 20, 13), status="scheduled", covering=True)
    drill(alpha, officer, when=at(2026, 10, 21, 13), status="cancelled")
    drill(alpha, officer, when=at(2026, 12, 1, 13), status="scheduled")  # outside the range
    items = list(calendar_items(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31), user=officer))
    assert [i.uid for i in items] == [f"drill-{done.pk}@csu", f"drill-{planned.pk}@csu"]
    assert items[0].start == at(2026, 10, 1, 10) and items[0].end == at(2026, 10, 1, 10, 20)
    assert items[1].end == at(2026, 10, 20, 13, 30)
    assert items[1].title == "Lockdown drill — Alpha (covering)"
    assert items[1].staff_ids == (officer.pk,) and items[1].url == f"/drills/{planned.pk}/"
    assert (
        list(calendar_items(start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31), user=officer, staff=other_officer))
        == []
    )


def test_edit_a_completed_drill(officer_client, alpha, officer):
    done = drill(alpha, officer, when=at(2026, 10, 1, 10), created_by=officer, outcome="satisfactory")
    url = reverse("drills:drill_update", args=[done.pk])
    form = officer_client.get(url).context["form"]
    assert form["start_time"].value().strftime("%H:%M") == "10:00"
    data = {
        "kind": kind().pk,
        "date": "2026-10-01",
        "start_time": "10:00",
        "end_time": "10:25",
        "announced": "on",
        "time_to_secure": "120",
        "outcome": "satisfactory",
        "version": 1,
    }
    assert officer_client.post(url, data).status_code == 302
    done.refresh_from_db()
    assert (done.conducted_end, done.time_to_secure, done.version) == (at(2026, 10, 1, 10, 25), 120, 2)
    assert done.history.count() == 2


def test_officer_dashboard_query_count_does_not_grow(officer_client, officer):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()  # the queries of the figures, not of what the cache kept
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get(reverse("dashboard_role", args=["officer"])).status_code == 200
        return len(ctx.captured_queries)

    s = school(officer=officer)
    drill(s, officer, when=at(2026, 11, 2, 13), status="scheduled")
    few = count()
    for _ in range(20):
        s = school(officer=officer)
        done = drill(s, officer, when=at(2026, 10, 2))
        done.followups.create(description="x", owner="y", due_on=dt.date(2026, 10, 20))
        drill(s, officer, when=at(2026, 11, 2, 13), status="scheduled")
    assert count() == few


def test_detail_shows_followup_history(officer_client, alpha, officer):
    from drills import services

    done = drill(alpha, officer, when=at(2026, 10, 1, 10), created_by=officer)
    action = services.followup_create(
        user=officer, drill=done, description="Fix door 7", owner="Custodian", due_on=dt.date(2026, 10, 9)
    )
    services.followup_resolve(
        user=officer, followup=action, version=1, resolved_on=dt.date(2026, 10, 8), resolution="New closer"
    )
    text = body(officer_client.get(reverse("drills:drill_detail", args=[done.pk])))
    assert "History of the follow-up actions" in text
    assert "Resolved: New closer" in text and "Officer_A" in text


@pytest.mark.parametrize(
    "name,args,data",
    [
        ("drill_log", [], {"school": "x", "kind": "-1", "date": "31/31/2026", "start_time": "25:99", "outcome": "?"}),
        ("drill_log", [], {"time_to_secure": "-5", "students_count": "1e9", "staff_count": "abc"}),
        ("drill_schedule", [], {"school": "999999", "kind": "", "scheduled_for": "tomorrow"}),
        ("drillyearrule_update", [2026], {"starts_on": "x", "reminder_lead_days": "a,b", "overdue_repeat_days": "0"}),
        ("drillkind_create", [], {"code": "has space", "name_en": ""}),
    ],
)
def test_garbage_input_gets_messages_not_500(supervisor_client, name, args, data):
    response = supervisor_client.post(reverse(f"drills:{name}", args=args), data)
    assert response.status_code == 200
    assert "Please correct" in body(response)


def test_garbage_on_a_drill_gets_messages_not_500(supervisor_client, mine):
    for name, data in [
        ("drill_update", {"kind": "zzz", "scheduled_for": "?", "version": "-1"}),
        ("drill_cancel", {"reason": "x" * 400, "version": "abc"}),
        ("drill_complete", {"date": "2026-10-14", "start_time": "10:00", "end_time": "10:10", "version": "x"}),
    ]:
        response = supervisor_client.post(reverse(f"drills:{name}", args=[mine.pk]), data)
        assert response.status_code == 200, name
    mine.refresh_from_db()
    assert (mine.status, mine.version) == ("scheduled", 1)


def test_the_officer_chart_draws_in_french_too():
    """SVG coordinates take a decimal point whatever the language (a French '12,5' draws nothing)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    bars = [{"name": "A", "summary": "s", "bars": [{"index": 0, "x": 0.0, "width": 12.5}, {"index": 1, "x": 12.5,
             "width": 87.5}]}]  # fmt: skip
    with translation.override("fr-ca"):
        html = render_to_string("drills/includes/officer_chart.html", {"officer_bars": bars, "status_labels": ["a"]})
    assert re.findall(r'<rect x="([^"]+)" width="([^"]+)"', html) == [("0.0", "12.5"), ("12.5", "87.5")]
