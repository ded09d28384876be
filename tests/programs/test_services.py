import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from programs import services
from programs.models import ClassSeries, Placement, PresentationRequest, Program, Session

from .conftest import aware, make_placement, make_program, make_request, make_series, make_session

pytestmark = pytest.mark.django_db


def session_data(program, school=None, **extra):
    data = {
        "program": program,
        "school": school,
        "organisation": "",
        "venue": "",
        "starts_at": aware(2025, 10, 6, 9, 30),
        "length_minutes": 60,
        "grades": "6",
        "class_label": "Room 12",
        "audience_count": 25,
        "series": None,
        "session_number": None,
        "language": "en",
        "notes": "",
    }
    data.update(extra)
    return data


# --- Catalogue (data migration) -------------------------------------------------------------------------


def test_catalogue_migration_provides_the_domain_programs():
    programs = {p.code: p for p in Program.objects.all()}
    assert {"VIP", "KIDS", "ELMER", "CBC", "CAA-PATROL", "SCHOOL-PRES", "COMMUNITY-PRES"} <= programs.keys()
    assert (programs["VIP"].sessions_min, programs["VIP"].sessions_max) == (6, 7)
    assert (programs["KIDS"].sessions_min, programs["KIDS"].sessions_max) == (6, 10)
    assert programs["ELMER"].target_grades == "K-1"
    assert "1947" in programs["ELMER"].description
    assert programs["CAA-PATROL"].kind == Program.Kind.SAFETY_PATROL


def test_current_revision_is_the_latest(vip, coordinator):
    services.program_revision_add(program=vip, revised_on=dt.date(2023, 8, 1), summary="Older", by=coordinator)
    services.program_revision_add(program=vip, revised_on=dt.date(2025, 8, 1), summary="Newest", by=coordinator)
    services.program_revision_add(program=vip, revised_on=dt.date(2024, 8, 1), summary="Middle", by=coordinator)
    program = Program.objects.with_current_revision().get(pk=vip.pk)
    assert program.current_revised_on == dt.date(2025, 8, 1)
    assert program.current_revision_summary == "Newest"


# --- Class series progress ------------------------------------------------------------------------------


def test_series_progress_counts_active_sessions_only(vip, school, officer):
    series = make_series(program=vip, school=school, officer=officer)
    for number in (1, 2, 3, 4):
        make_session(program=vip, officer=officer, series=series, number=number, starts_at=aware(2025, 10, number))
    voided = make_session(program=vip, officer=officer, series=series, number=5, starts_at=aware(2025, 10, 8))
    services.session_void(session=voided, reason="Logged twice", version=voided.version, by=officer)

    row = ClassSeries.objects.with_progress().get(pk=series.pk)
    assert row.delivered == 4
    assert row.progress_label == "4 of 7"
    assert not row.is_complete
    assert list(ClassSeries.objects.incomplete().values_list("pk", flat=True)) == [series.pk]


def test_series_complete_at_program_minimum(kids, school, officer):
    series = make_series(program=kids, school=school, officer=officer)
    empty = make_series(program=kids, school=school, officer=officer, label="Room 4")
    for number in range(1, 7):
        make_session(program=kids, officer=officer, series=series, number=number, starts_at=aware(2025, 11, number))
    rows = {s.pk: s for s in ClassSeries.objects.with_progress()}
    assert rows[series.pk].delivered == 6
    assert rows[series.pk].progress_label == "6 of 10"
    assert rows[series.pk].is_complete
    assert rows[empty.pk].delivered == 0
    assert list(ClassSeries.objects.incomplete().values_list("pk", flat=True)) == [empty.pk]


def test_logging_for_a_series_picks_the_next_number(vip, school, officer):
    series = make_series(program=vip, school=school, officer=officer)
    make_session(program=vip, officer=officer, series=series, number=1, starts_at=aware(2025, 10, 1))
    make_session(program=vip, officer=officer, series=series, number=2, starts_at=aware(2025, 10, 8))
    assert services.class_series_next_number(series) == 3
    session = services.session_create(
        data=session_data(vip, school, series=series, starts_at=aware(2025, 10, 15)), officers=[], by=officer
    )
    assert session.session_number == 3
    assert list(session.officers.all()) == [officer]


def test_series_number_cannot_be_logged_twice(vip, school, officer):
    series = make_series(program=vip, school=school, officer=officer)
    make_session(program=vip, officer=officer, series=series, number=1, starts_at=aware(2025, 10, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(
            data=session_data(vip, school, series=series, session_number=1), officers=[], by=officer
        )
    assert "session_number" in excinfo.value.error_dict
    assert Session.objects.filter(series=series).count() == 1


def test_session_must_match_its_series(vip, kids, school, officer):
    series = make_series(program=vip, school=school, officer=officer)
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(data=session_data(kids, school, series=series), officers=[], by=officer)
    assert "series" in excinfo.value.error_dict


# --- Bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("audience_count", -1, "between 0 and 2000"),
        ("audience_count", 2001, "between 0 and 2000"),
        ("length_minutes", 0, "more than 0 minutes"),
    ],
)
def test_session_bad_numbers_are_refused(vip, school, officer, field, value, message):
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(data=session_data(vip, school, **{field: value}), officers=[], by=officer)
    assert message in " ".join(excinfo.value.message_dict[field])
    assert Session.objects.count() == 0


def test_session_before_its_program_existed_is_refused(kids, school, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(data=session_data(kids, school, starts_at=aware(2015, 8, 31)), officers=[], by=officer)
    assert "only available from 2015-09-01" in excinfo.value.message_dict["starts_at"][0]
    ok = services.session_create(data=session_data(kids, school, starts_at=aware(2015, 9, 1)), officers=[], by=officer)
    assert ok.pk


def test_session_without_school_needs_organisation_and_venue(vip, officer):
    with pytest.raises(ValidationError) as excinfo:
        services.session_create(data=session_data(vip, None), officers=[], by=officer)
    assert set(excinfo.value.error_dict) == {"organisation", "venue"}


def test_database_refuses_impossible_sessions(vip, school, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            program=vip, school=school, starts_at=aware(2025, 10, 1), length_minutes=0, audience_count=1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            program=vip, school=school, starts_at=aware(2025, 10, 1), length_minutes=60, audience_count=2001
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(program=vip, starts_at=aware(2025, 10, 1), length_minutes=60, audience_count=1)


def test_stale_version_is_refused(vip, school, officer):
    session = make_session(program=vip, officer=officer, school=school)
    services.session_update(
        session=session, data={"audience_count": 30}, officers=[], version=session.version, by=officer
    )
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.session_update(session=session, data={"audience_count": 99}, officers=[], version=1, by=officer)
    session.refresh_from_db()
    assert session.audience_count == 30
    assert session.version == 2


def test_placement_ending_before_start_is_refused(coordinator):
    data = {
        "student_name": "Jonah Whitecloud",
        "institution": "Carleton University",
        "level": Placement.Level.POST_SECONDARY,
        "program_of_study": "Criminology",
        "starts_on": dt.date(2025, 9, 8),
        "ends_on": dt.date(2025, 9, 5),
        "hours": 100,
        "supervisor": coordinator,
        "project_summary": "",
        "notes": "",
        "consent_confirmed": True,
        "retain_until": None,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.placement_create(data=data, by=coordinator)
    assert "cannot end before it starts" in excinfo.value.message_dict["ends_on"][0]
    data["ends_on"] = dt.date(2025, 12, 19)
    placement = services.placement_create(data=data, by=coordinator)
    assert placement.retain_until == dt.date(2026, 12, 19)  # end + 1 year (MFIPPA)


def test_request_without_email_and_phone_is_refused(coordinator):
    data = {
        "school": None,
        "organisation": "Carlington Seniors' Club",
        "contact_name": "Gérard Pilon",
        "contact_email": "",
        "contact_phone": "",
        "program": None,
        "topic": "Fraud prevention",
        "received_on": dt.date(2025, 10, 1),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.presentation_request_create(data=data, by=coordinator)
    assert "email address or a phone number" in excinfo.value.message_dict["contact_email"][0]
    data["contact_phone"] = "613-555-0142"
    assert services.presentation_request_create(data=data, by=coordinator).pk


def test_patrol_exam_passes_cannot_exceed_patrollers(school, coordinator):
    data = {"school": school, "school_year": 2025, "patrollers": 10, "captains": 2, "exam_passes": 11}
    with pytest.raises(ValidationError) as excinfo:
        services.patrol_year_create(data=data, by=coordinator)
    assert "exam_passes" in excinfo.value.error_dict
    data["exam_passes"] = 10
    services.patrol_year_create(data=data, by=coordinator)
    with pytest.raises(ValidationError):  # one row per school and year
        services.patrol_year_create(data=data, by=coordinator)


# --- Presentation request transitions -------------------------------------------------------------------


def test_request_goes_new_scheduled_delivered(officer):
    req = make_request(received_on=dt.date(2025, 10, 1))
    program = make_program("COMMUNITY-PRES")
    req = services.presentation_request_schedule(
        request=req, officer=officer, scheduled_for=dt.date(2025, 10, 20), version=req.version, late_entry=True
    )
    assert req.status == "scheduled"
    session = make_session(program=program, officer=officer, starts_at=aware(2025, 10, 20, 19))
    req = services.presentation_request_deliver(request=req, session=session, version=req.version)
    req.refresh_from_db()
    assert req.status == "delivered"
    assert req.session == session
    assert req.days_to_delivery == 19


@pytest.mark.parametrize("start", ["delivered", "declined"])
def test_closed_requests_refuse_every_move(officer, start):
    program = make_program("COMMUNITY-PRES")
    req = make_request()
    req = services.presentation_request_schedule(
        request=req, officer=officer, scheduled_for=dt.date(2025, 10, 20), version=req.version, late_entry=True
    )
    session = make_session(program=program, officer=officer, starts_at=aware(2025, 10, 20, 19))
    if start == "delivered":
        req = services.presentation_request_deliver(request=req, session=session, version=req.version)
    else:
        req = services.presentation_request_decline(request=req, reason="No officer free", version=req.version)
    other = make_session(program=program, officer=officer, starts_at=aware(2025, 10, 21, 19))
    for call in (
        lambda: services.presentation_request_schedule(
            request=req, officer=officer, scheduled_for=dt.date(2025, 11, 1), version=req.version
        ),
        lambda: services.presentation_request_deliver(request=req, session=other, version=req.version),
        lambda: services.presentation_request_decline(request=req, reason="x", version=req.version),
    ):
        with pytest.raises(ValidationError, match=f"A request that is {start} cannot be marked"):
            call()
    req.refresh_from_db()
    assert req.status == start


def test_new_request_cannot_be_delivered_directly(officer):
    program = make_program("COMMUNITY-PRES")
    req = make_request()
    session = make_session(program=program, officer=officer, starts_at=aware(2025, 10, 20, 19))
    with pytest.raises(ValidationError, match="A request that is new cannot be marked delivered"):
        services.presentation_request_deliver(request=req, session=session, version=req.version)
    req.refresh_from_db()
    assert req.status == "new"
    assert req.session is None


def test_decline_needs_a_reason():
    req = make_request()
    with pytest.raises(ValidationError):
        services.presentation_request_decline(request=req, reason="  ", version=req.version)
    assert PresentationRequest.objects.get(pk=req.pk).status == "new"


# --- Purge ----------------------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
def test_purge_dry_run_changes_nothing(coordinator):
    old = make_placement(supervisor=coordinator)
    services.placement_update(placement=old, data={"hours": 190}, version=old.version)
    before = list(Placement.history.filter(id=old.pk).values_list("student_name", "project_summary"))
    out = StringIO()
    call_command("purge_placements", stdout=out)
    old.refresh_from_db()
    assert old.student_name == "Maya Desrochers"
    assert old.purged_at is None
    assert list(Placement.history.filter(id=old.pk).values_list("student_name", "project_summary")) == before
    assert "1 placement(s) due. Dry run" in out.getvalue()
    assert "Maya" not in out.getvalue()


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
def test_purge_apply_blanks_names_in_record_and_history(coordinator):
    old = make_placement(supervisor=coordinator, notes="Maya's emergency contact: her mother")
    services.placement_update(placement=old, data={"hours": 190}, version=old.version)
    recent = make_placement(
        supervisor=coordinator,
        student_name="Élodie Caron",
        starts_on=dt.date(2025, 2, 1),
        ends_on=dt.date(2025, 5, 30),
        retain_until=dt.date(2026, 5, 30),
    )
    call_command("purge_placements", "--apply", stdout=StringIO())
    old.refresh_from_db()
    assert (old.student_name, old.project_summary, old.notes) == ("", "", "")
    assert old.purged_at is not None
    assert old.hours == 190  # figures stay for reports
    assert old.institution == "Algonquin College"
    history = list(Placement.history.filter(id=old.pk).values_list("student_name", "project_summary", "notes"))
    assert len(history) == 3  # created, changed, purged
    assert all(row == ("", "", "") for row in history)
    recent.refresh_from_db()
    assert recent.student_name == "Élodie Caron"
    assert Placement.history.filter(id=recent.pk, student_name="Élodie Caron").exists()
    # A second run has nothing left to do.
    out = StringIO()
    call_command("purge_placements", "--apply", stdout=out)
    assert "0 placement(s) purged" in out.getvalue()
