"""Fixtures of the security suite: OTP-verified clients, one real row per model, URL parameters from them."""

from __future__ import annotations

import datetime as dt
import decimal
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from csu.registry import PROJECT_APPS
from tests.conftest import make_user

ROLES = ("anonymous", "officer", "coordinator", "supervisor")


def verified_client(user, **client_kwargs) -> Client:
    """A client signed in with password AND a confirmed authenticator device, as after a real two-step sign-in."""
    client = Client(**client_kwargs)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test phone", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["csu_has_otp_device"] = True
    session.save()
    return client


@pytest.fixture(autouse=True)
def session_limits(settings):
    """The production session limits (the project's test settings turn them off for other apps' tests)."""
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
    return settings


@pytest.fixture
def otp_enforced(settings):
    settings.OTP_REQUIRED_FOR = ["supervisor", "superuser"]
    return settings


@pytest.fixture
def matrix_users(db):
    return {
        "officer": make_user("m_officer", Role.OFFICER),
        "coordinator": make_user("m_coord", Role.COORDINATOR),
        "supervisor": make_user("m_super", Role.SUPERVISOR),
    }


@pytest.fixture
def matrix_clients(matrix_users, otp_enforced):
    """Every role with production settings (OTP enforced); the supervisor has passed the second factor."""
    clients = {"anonymous": Client()}
    for role, user in matrix_users.items():
        clients[role] = verified_client(user)
    return clients


# --- One real row per model -----------------------------------------------------------------------------


# Models whose generic construction needs help: label -> callable(records, users) -> instance. The lead adds an
# entry here when a merged app has a model whose constraints the generic filler below cannot satisfy.
def _meeting_attachment(records, users):
    """Through the upload service (extension and content checks), with a minimal real PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from committees.services import attachment_add
    from tests.files import real_pdf

    pdf = real_pdf()
    meeting = _instance(apps.get_model("committees", "Meeting"), records, users)
    return attachment_add(
        meeting=meeting, uploaded=SimpleUploadedFile("agenda.pdf", pdf), kind="agenda", by=users["coordinator"]
    )


def _calendar_token(records, users):
    """Through the service (only a hash is stored); the secret rides on the instance for the feed URL."""
    from events.services import calendar_token_create

    token, secret = calendar_token_create(user=users["officer"])
    token.secret = secret
    return token


def _drill_year_rule(records, users):
    """The current school year's default rules (dates in order), saved by the supervisor's service."""
    from drills.models import DrillYearRule
    from drills.services import drillyearrule_save
    from schools.models import SchoolYear

    return drillyearrule_save(user=users["supervisor"], rule=DrillYearRule.for_year(SchoolYear.current()))


def _session(records, users):
    """A session at the sample school delivered by the matrix officer (so it is one of *their* sessions)."""
    from programs.services import session_create

    officer = users["officer"]
    data = {
        "program": _instance(apps.get_model("programs", "Program"), records, users),
        "school": _instance(apps.get_model("schools", "School"), records, users),
        "starts_at": timezone.now(),
        "length_minutes": 60,
        "audience_count": 25,
        "grades": "6",
        "class_label": "Room 12",
    }
    return session_create(data=data, officers=[officer], by=officer)


def _presentation_request(records, users):
    """A new request from the sample school, entered by the coordinator."""
    from programs.services import presentation_request_create

    data = {
        "school": _instance(apps.get_model("schools", "School"), records, users),
        "contact_name": "Sample contact",
        "contact_email": "contact@csu.test",
        "topic": "Internet safety",
        "received_on": timezone.localdate(),
    }
    return presentation_request_create(data=data, by=users["coordinator"])


def _annual_report(records, users):
    """A finished report with its CSV file, so that the download page has something to serve."""
    from django.core.files.base import ContentFile

    from reports.models import AnnualReport

    report = AnnualReport.objects.create(
        period_kind=AnnualReport.PeriodKind.CALENDAR_YEAR,
        year=timezone.localdate().year - 1,
        requested_by=users["supervisor"],
        status=AnnualReport.Status.READY,
        progress=100,
    )
    report.csv_file.save("sample.csv", ContentFile(b"section,figure\n"), save=True)
    return report


def _retention_rule(records, users):
    from retention.models import RetentionRule

    return RetentionRule.objects.first()  # the schedule is seeded by a migration, one row per kind


def _threat_assessment(records, users):
    """An assessment the matrix officer took part in (so that it is one of *their* assessments)."""
    from threats.models import BehaviourKind, OutcomeCategory
    from threats.services import assessment_create

    officer = users["officer"]
    return assessment_create(
        by=officer,
        officers=[officer],
        school=_instance(apps.get_model("schools", "School"), records, users),
        assessed_on=timezone.localdate(),
        behaviour=BehaviourKind.objects.first(),
        outcome=OutcomeCategory.objects.first(),
    )


FACTORIES: dict = {
    "retention.RetentionRule": _retention_rule,
    "threats.ThreatAssessment": _threat_assessment,
    "reports.AnnualReport": _annual_report,
    "committees.MeetingAttachment": _meeting_attachment,
    "accounts.CalendarToken": _calendar_token,
    "drills.DrillYearRule": _drill_year_rule,
    "programs.Session": _session,
    "programs.PresentationRequest": _presentation_request,
}
# Models that are not records a page shows (machinery rows).
SKIP_MODELS = {"csu.Heartbeat", "csu.Reminder", "csu.AuditEvent", "accounts.User"}


def project_models() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        label = model._meta.label
        if model._meta.app_label not in PROJECT_APPS or label in SKIP_MODELS:
            continue
        if model.__name__.startswith("Historical") or model._meta.auto_created or model._meta.proxy:
            continue
        found.append(model)
    return found


def _value_for(field, records, users):
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        related = field.related_model
        if related is User:
            return users["officer"]
        return _instance(related, records, users)
    if isinstance(field, models.EmailField):
        return "someone@csu.test"
    if isinstance(field, models.URLField):
        return "https://example.org/"
    if isinstance(field, models.SlugField):
        return f"sample-{len(records)}"
    if isinstance(field, (models.CharField, models.TextField)):
        text = f"Sample {field.name} {len(records)}"
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1")
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.DurationField):
        return dt.timedelta(minutes=30)
    if isinstance(field, models.JSONField):
        return {}
    raise NotImplementedError(f"no sample value for {field!r}: add a FACTORIES entry")


def _instance(model, records, users):
    label = model._meta.label
    if label in records:
        return records[label]
    if label in FACTORIES:
        obj = FACTORIES[label](records, users)
    else:
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.has_default() or getattr(field, "auto_now", False):
                continue
            if getattr(field, "auto_now_add", False) or field.null:
                continue
            if field.blank and not isinstance(field, models.ForeignKey):
                continue
            values[field.name] = _value_for(field, records, users)
        with transaction.atomic():
            obj = model._default_manager.create(**values)
    records[label] = obj
    return obj


def sample_row(model, users: dict):
    """One valid saved row of `model` (and of the rows it needs); `users` as in `matrix_users`."""
    return _instance(model, {}, users)


@pytest.fixture
def records(matrix_users):
    """{"app.Model": instance} for every project model: the matrix fetches detail pages of rows that exist."""
    users = dict(matrix_users)
    found: dict = {}
    failures = []
    for model in project_models():
        try:
            _instance(model, found, users)
        except (IntegrityError, ValidationError, NotImplementedError, ValueError, TypeError) as exc:
            failures.append(f"{model._meta.label}: {exc}")
    assert not failures, "Could not build a sample row; add a FACTORIES entry in tests/security/conftest.py:\n" + (
        "\n".join(failures)
    )
    return found


# --- URLs with real parameters --------------------------------------------------------------------------


# Explicit parameters for URLs whose kwargs are not a model's pk: url name -> {kwarg: value or callable(records)}.
def _pk_of(label: str):
    return lambda records: records[label].pk


URL_KWARGS: dict[str, dict] = {
    "dashboard_role": {"role": "officer"},
    # The matrix officer's own page (they are the officer of every sample row that names one).
    "schools:officer_schools": {"pk": lambda records: records["schools.Assignment"].officer_id},
    # <pk> of the school whose assignment is transferred (the name says "assignment").
    "schools:assignment_transfer": {"pk": _pk_of("schools.School")},
    "schools:call_detail": {"pk": _pk_of("schools.CallForService")},
    "schools:call_update": {"pk": _pk_of("schools.CallForService")},
    "schools:call_void": {"pk": _pk_of("schools.CallForService")},
    # <pk> of the parent record, not of the row the page creates.
    "drills:followupaction_create": {"pk": _pk_of("drills.Drill")},
    "drills:drillyearrule_update": {"year": lambda records: records["drills.DrillYearRule"].school_year},
    "programs:programrevision_create": {"pk": _pk_of("programs.Program")},
    "committees:meetingattachment_create": {"pk": _pk_of("committees.Meeting")},
    "events:week_detail": {"pk": _pk_of("events.AwarenessWeek")},
    "events:week_update": {"pk": _pk_of("events.AwarenessWeek")},
    "events:weekoverride_create": {"week_pk": _pk_of("events.AwarenessWeek")},
    "events:weekoverride_update": {"pk": _pk_of("events.AwarenessWeekOverride")},
    # The matrix officer's calendar link: the token is the credential of the feed.
    "events:token_revoke": {"pk": _pk_of("accounts.CalendarToken")},
    "events:feed": {"token": lambda records: records["accounts.CalendarToken"].secret},
    "reports:annualreport_download": {"kind": "csv"},
    # The matrix officer's account (a staff member whose work a supervisor may hand over).
    "accounts:user_handover": {"pk": lambda records: records["schools.Assignment"].officer_id},
    "accounts:user_deactivate": {"pk": lambda records: records["schools.Assignment"].officer_id},
    "public:list_confirm": {"token": "forged"},
    "public:list_unsubscribe": {"token": "forged"},
    "public:feedback": {"token": "forged"},
    "retention:review_detail": {"pk": _pk_of("retention.Review")},
    "retention:review_decide": {"pk": _pk_of("retention.Review")},
    "retention:hold_release": {"pk": _pk_of("retention.Hold")},
    # The matrix officer, whose two-factor an administrator may reset.
    "accounts:twofactor_reset": {"pk": lambda records: records["schools.Assignment"].officer_id},
    "drills:drill_principal_copy": {"pk": _pk_of("drills.Drill")},
    "drills:drill_principal_copy_send": {"pk": _pk_of("drills.Drill")},
    "threats:threatassessment_follow_up_done": {"pk": _pk_of("threats.ThreatAssessment")},
    "threats:calloutcome_update": {"pk": _pk_of("schools.CallOutcome")},
}


def url_patterns() -> list[tuple[str, list[str], object]]:
    """(url name, kwarg names, view callback) for every named project URL (admin and i18n excluded)."""
    found = []

    def walk(patterns, namespace: str, kwargs: list[str]):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin" or str(entry.pattern).startswith("i18n"):
                    continue
                ns = ":".join(p for p in (namespace, entry.namespace) if p)
                walk(entry.url_patterns, ns, kwargs + list(getattr(entry.pattern, "converters", {})))
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append((name, kwargs + list(getattr(entry.pattern, "converters", {})), entry.callback))

    walk(get_resolver().url_patterns, "", [])
    return found


def _model_for_url(name: str):
    """`drills:drill_update` -> the drills.Drill model (the project's URL naming rule)."""
    app, _, rest = name.rpartition(":")
    model_name = rest.rsplit("_", 1)[0]
    try:
        return apps.get_model(app.split(":")[-1], model_name)
    except (LookupError, ValueError):
        return None


def url_for(name: str, kwarg_names: list[str], records: dict) -> str:
    kwargs = {}
    explicit = URL_KWARGS.get(name, {})
    for kwarg in kwarg_names:
        if kwarg in explicit:
            value = explicit[kwarg]
            kwargs[kwarg] = value(records) if callable(value) else value
            continue
        target = None
        if kwarg in ("pk", "id"):
            model = _model_for_url(name)
            target = records.get(model._meta.label) if model else None
        else:  # `school_pk`, `drill_id`: a parent record in the same app or any app
            model_name = re.sub(r"_(pk|id)$", "", kwarg)
            for label, obj in records.items():
                if label.lower().endswith("." + model_name):
                    target = obj
        if target is None:
            raise AssertionError(
                f"No value for <{kwarg}> of {name}: add it to URL_KWARGS in tests/security/conftest.py"
            )
        kwargs[kwarg] = target.pk
    return reverse(name, kwargs=kwargs)
