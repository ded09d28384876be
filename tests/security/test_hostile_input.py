"""Hostile input, systematically: every form of the project and every URL, fed with property-based garbage.

Generic on purpose: forms are discovered in each project app's `forms` module and from the `form_class` of every
view the URL resolver knows, so forms merged later are covered without editing this file. Expectations: never a
500, never our `<script>` echoed unescaped, and nothing saved when the form is rejected.
"""

import copy
import datetime as dt
import inspect
from importlib import import_module

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.models import Role, User
from tests.conftest import make_user

from .conftest import PROJECT_APPS, sample_row, url_for, url_patterns, verified_client

HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "\x07\x1b[31m\x7f",
    "\r\n\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "😀👮🏽‍♀️" * 40,
    "Ω≈ç√∫˜µ≤≥÷",
    "' OR 1=1 --",
    "'; DROP TABLE accounts_user; --",
    '"><script>alert(1)</script>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999999",
    "-9223372036854775809",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01T25:61",
    "1970-01-01 00:00:00",
    "true",
    "on",
    "[]",
    "{}",
]
MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
HYPO = hsettings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def project_forms() -> list[type[forms.BaseForm]]:
    found: dict[str, type] = {}
    for config in apps.get_app_configs():
        if config.name not in PROJECT_APPS:
            continue
        try:
            module = import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                if issubclass(obj, forms.BaseModelForm) and obj._meta.model is None:
                    continue  # an abstract base (no Meta.model): cannot be instantiated; its subclasses are tested
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    for _name, _kwargs, view in url_patterns():
        form_class = getattr(getattr(view, "view_class", None), "form_class", None)
        if form_class is not None and form_class.__module__.split(".")[0] in PROJECT_APPS:
            found[f"{form_class.__module__}.{form_class.__qualname__}"] = form_class
    return [found[k] for k in sorted(found)]


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    return request


def _presentation_request(user):
    """A new presentation request, made by the programs service (the record DeliverForm offers sessions for)."""
    from programs.services import presentation_request_create

    data = {
        "organisation": "Hostile Youth Centre",
        "contact_name": "Sample contact",
        "contact_email": "contact@csu.test",
        "topic": "Internet safety",
        "received_on": timezone.localdate(),
    }
    return presentation_request_create(data=data, by=user)


# Extra arguments project forms take: parameter name -> callable(user) building the value.
FORM_KWARGS = {
    "user": lambda user: user,
    "request": _request,
    "request_obj": _presentation_request,  # programs.forms.DeliverForm
    "kind": lambda user: _model("drills.DrillKind").objects.get(code="lockdown"),  # drills.forms.DrillRequirementForm
    "situation": lambda user: _one("situations.Situation", user),  # situations' step forms
    "table": lambda user: _one("situations.SituationTable", user),  # situations.forms.MeetingForm
    # accounts.forms.HandoverForm: the person leaving (here the test's user, who holds nothing) and what they hold.
    "from_user": lambda user: user,
    "holdings": lambda user: [],
}


def _model(label: str):
    return apps.get_model(label)


def _sample(label: str, user):
    """A valid saved row of a project model, built like the security suite's sample rows."""
    return sample_row(apps.get_model(label), {"officer": user, "coordinator": user, "supervisor": user})


def _one(label: str, user):
    """The row already built for this form (a form taking both a record and its parent gets the same one)."""
    return apps.get_model(label)._default_manager.first() or _sample(label, user)


def _drill_year_rule(user):
    from drills.models import DrillYearRule
    from schools.models import SchoolYear

    return DrillYearRule.for_year(SchoolYear.current())


# ModelForms that leave out a required field because their view supplies it through `instance` (the parent record
# from the URL, the signed-in user...): form -> callable(user) -> the instance as that view passes it. Without it, the
# "accepted input is storable" check below would save a row the application never saves.
FORM_INSTANCES = {
    "accounts.forms.LanguageForm": lambda user: user,
    "committees.forms.RepresentationForm": lambda user: _model("committees.Representation")(
        committee=_sample("committees.Committee", user)
    ),
    "drills.forms.DrillYearRuleForm": _drill_year_rule,
    "drills.forms.FollowUpActionForm": lambda user: _model("drills.FollowUpAction")(
        drill=_sample("drills.Drill", user), created_by=user
    ),
    "events.forms.OverrideForm": lambda user: _model("events.AwarenessWeekOverride")(
        week=_sample("events.AwarenessWeek", user)
    ),
    "programs.forms.ProgramRevisionForm": lambda user: _model("programs.ProgramRevision")(
        program=_sample("programs.Program", user), created_by=user
    ),
    "reports.forms.ReportRequestForm": lambda user: _model("reports.AnnualReport")(requested_by=user),
    "situations.forms.BringForm": lambda user: _model("situations.Situation")(number=999),
    "situations.forms.MeetingForm": lambda user: _model("situations.TableMeeting")(
        table=_one("situations.SituationTable", user)
    ),
    "situations.forms.ReviewForm": lambda user: _model("situations.Review")(
        situation=_one("situations.Situation", user)
    ),
}


def _form_kwargs(form_class, user) -> dict:
    """The extra arguments this form's __init__ accepts (and the instance its view gives it), built once per test."""
    params = inspect.signature(form_class.__init__).parameters
    kwargs = {name: make(user) for name, make in FORM_KWARGS.items() if name in params}
    instance = FORM_INSTANCES.get(f"{form_class.__module__}.{form_class.__qualname__}")
    if instance is not None:
        kwargs["instance"] = instance(user)
    return kwargs


def _build(form_class, data, kwargs):
    if "instance" in kwargs:  # a fresh copy each time: a save (rolled back) must not leak into the next example
        kwargs = {**kwargs, "instance": copy.copy(kwargs["instance"])}
    return form_class(data=data, **kwargs)


def _row_counts() -> dict[str, int]:
    """The row count of every project table (audit events aside), in one query: this runs around 2,000 posts."""
    from django.db import connection

    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS and model._meta.label not in {"csu.AuditEvent"}
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608 - table names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def test_form_discovery_finds_the_project_forms():
    names = {f.__name__ for f in project_forms()}
    assert {"LanguageForm", "OTPCodeForm", "UnlockForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", project_forms(), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_form_survives_hostile_values(form_class):
    user = make_user("hostile_form", Role.SUPERVISOR)
    kwargs = _form_kwargs(form_class, user)
    field_names = list(_build(form_class, None, kwargs).fields)

    tried = []

    @HYPO
    @given(values=st.fixed_dictionaries(dict.fromkeys(field_names, hostile_text)))
    def run(values):
        tried.append(1)
        form = _build(form_class, values, kwargs)
        valid = form.is_valid()  # must not raise
        if valid and isinstance(form, forms.ModelForm):
            # A form that accepts the input must also be storable: no DataError/IntegrityError at save time.
            sid = transaction.savepoint()
            try:
                form.save()
            finally:
                transaction.savepoint_rollback(sid)
        str(form)  # rendering the bound form must not raise either

    run()
    print(f"hostile values: {form_class.__name__} tried with {len(tried)} sets, none raised")


def _assert_safe(response, where):
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        body = response.content.decode(errors="replace")
        for marker in MARKERS:
            assert marker not in body, f"{where} echoed {marker!r} unescaped"


@pytest.mark.django_db
def test_every_url_survives_hostile_posts_and_saves_nothing_when_rejected(records, otp_enforced):
    users = {
        "officer": make_user("hostile_officer", Role.OFFICER),
        "supervisor": make_user("hostile_super", Role.SUPERVISOR),
    }
    clients = {role: verified_client(user) for role, user in users.items()}
    skip = {"accounts:logout"}
    targets = []
    for name, kwarg_names, _view in url_patterns():
        if name in skip:
            continue
        path = url_for(name, kwarg_names, records)
        for role, client in clients.items():
            page = client.get(path)
            form = page.context.get("form") if page.context and page.status_code == 200 else None
            keys = list(form.fields) if form is not None else ["name", "username", "code", "language", "q"]
            targets.append((name, path, role, keys))

    # Three posts per URL and role, each giving the form's fields consecutive values of the list from another start
    # (0, 12, 24). Each form's fields get every value and random ones too, without HTTP, in
    # test_every_form_survives_hostile_values; this test is about the views around the forms.
    # The rows are counted around every post, except to a target whose first post was refused whatever the data
    # (405: the view takes no POST; 403: not for this role) and that refuses again: its rows were counted then.
    refused: set[tuple[str, str]] = set()
    tried = []
    for start in range(0, len(HOSTILE), 12):
        for name, path, role, keys in targets:
            tried.append(name)
            data = {key: HOSTILE[(start + i) % len(HOSTILE)] for i, key in enumerate(keys)}
            known = (name, role) in refused
            before = None if known else _row_counts()
            response = clients[role].post(path, data)
            _assert_safe(response, f"{role} POST {path} ({name})")
            if known:
                assert response.status_code in (403, 405), f"{role} POST {path}: refused, then {response.status_code}"
            elif response.status_code not in (201, 302):  # 201: made and shown on the page (a calendar link)
                assert _row_counts() == before, f"{role} POST {path} was rejected but saved rows"
                if response.status_code in (403, 405):
                    refused.add((name, role))

    print(f"hostile POSTs: {len(tried)} to {len(targets)} URL x role targets, no 500, nothing saved when rejected")


@pytest.mark.django_db
def test_every_url_survives_hostile_query_strings(records, otp_enforced):
    client = verified_client(make_user("hostile_get", Role.SUPERVISOR))
    paths = [url_for(name, kw, records) for name, kw, _view in url_patterns() if name != "accounts:logout"]

    @HYPO
    @given(values=st.lists(hostile_text, min_size=6, max_size=6))
    def run(values):
        params = dict(zip(["page", "sort", "format", "q", "who", "date_from"], values, strict=True))
        for path in paths:
            tried.append(path)
            _assert_safe(client.get(path, params), f"GET {path}?{params!r:.80}")

    tried = []
    run()
    print(f"hostile query strings: {len(tried)} GETs over {len(paths)} URLs, no 500, nothing echoed unescaped")


@pytest.mark.django_db
def test_a_user_name_longer_than_any_is_refused_next_to_the_field_not_a_500():
    """Found by the test below: Django's sign-in form only writes its length as HTML; 300 characters reached
    django-axes' record of the failure (255 at most) and answered 500."""
    response = Client().post("/accounts/login/", {"username": "x" * 300, "password": "wrong password"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()


@pytest.mark.django_db
def test_login_survives_hostile_credentials():
    make_user("real_user", Role.OFFICER)

    @HYPO
    @given(username=hostile_text, password=hostile_text)
    def run(username, password):
        response = Client().post("/accounts/login/", {"username": username, "password": password})
        _assert_safe(response, f"login {username!r:.40}")
        assert response.status_code in (200, 429)

    run()
    assert User.objects.filter(username="real_user").exists()
