"""ONE role matrix over every URL the resolver knows, plus generic CSRF and mass-assignment checks.

A new URL name makes `test_every_url_is_in_the_table` fail until its expected answers are added to EXPECTED:
pages cannot slip in untested. Statuses are for GET, signed in with production settings (two-factor enforced,
the supervisor has passed it). 302 for anonymous is the login redirect; see `_check`.
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import make_user

from .conftest import ROLES, url_for, url_patterns, verified_client

# url name -> expected GET status for (anonymous, officer, coordinator, supervisor).
EXPECTED: dict[str, tuple[int, int, int, int]] = {
    # --- core ---
    "home": (302, 302, 302, 302),  # each role is sent to its own dashboard
    "dashboard_role": (302, 200, 403, 403),  # URL_KWARGS: role=officer
    "health": (200, 200, 200, 200),  # public by design, no secrets
    # --- accounts ---
    "accounts:login": (200, 302, 302, 302),  # signed-in users are sent on
    "accounts:logout": (302, 405, 405, 405),  # POST only (Django 5); anonymous goes to login first
    "accounts:password_change": (302, 200, 200, 200),
    "accounts:profile": (302, 200, 200, 200),
    "accounts:language_set": (302, 405, 405, 405),  # POST only
    "accounts:otp_setup": (302, 200, 200, 200),
    "accounts:otp_verify": (302, 302, 302, 302),  # already verified / no device yet: sent on
    "accounts:lockedaccount_list": (302, 403, 403, 200),
    "accounts:twofactor_list": (302, 403, 403, 200),
    "accounts:twofactor_reset": (302, 405, 405, 405),  # POST only
    "accounts:lockedaccount_unlock": (302, 405, 405, 405),  # POST only
    "accounts:auditevent_list": (302, 403, 403, 200),
    "accounts:user_list": (302, 403, 403, 200),
    "accounts:keepalive": (302, 405, 405, 405),  # POST only ("Stay signed in")
    "schools:scope": (302, 403, 403, 200),
    "accounts:user_handover": (302, 403, 403, 200),
    "accounts:user_deactivate": (302, 405, 405, 405),  # POST only
    # --- engagement (the coordinator's) and the public pages (no sign-in by design) ---
    "engagement:subscriber_list": (302, 403, 200, 403),
    "engagement:subscriber_add": (302, 403, 200, 403),
    "engagement:bulletin_list": (302, 403, 200, 403),
    "engagement:bulletin_create": (302, 403, 200, 403),
    "engagement:bulletin_detail": (302, 403, 200, 403),
    "engagement:bulletin_update": (302, 403, 200, 403),
    "engagement:bulletin_send": (302, 403, 200, 403),  # GET: the confirmation page; its POST sends
    "engagement:bulletin_test": (302, 405, 405, 405),  # POST only
    "engagement:group_list": (302, 200, 200, 200),
    "engagement:group_create": (302, 403, 200, 403),
    "engagement:group_detail": (302, 404, 200, 200),  # an officer sees the groups they support (not this one)
    "engagement:group_update": (302, 403, 200, 403),
    "public:list_subscribe": (200, 200, 200, 200),
    "public:list_confirm": (404, 404, 404, 404),  # URL_KWARGS: a forged token
    "public:list_unsubscribe": (404, 404, 404, 404),
    "public:request_presentation": (200, 200, 200, 200),
    "public:feedback": (404, 404, 404, 404),  # URL_KWARGS: a forged token
    # --- retention ---
    "retention:home": (302, 403, 403, 200),
    "retention:review_detail": (302, 403, 403, 200),
    "retention:review_decide": (302, 405, 405, 405),  # POST only
    "retention:hold_create": (302, 403, 403, 200),
    "retention:hold_release": (302, 405, 405, 405),  # POST only
    "retention:destruction_list": (302, 403, 403, 200),
    "set_language": (405, 405, 405, 405),  # the sign-in page's language switch: public, POST only
    # --- schools: everyone reads; coordinator and supervisor manage schools and boards; only the supervisor
    # changes assignments; officers record calls and edit the calls they answered (supervisors edit any) ---
    "schools:school_list": (302, 200, 200, 200),
    "schools:school_create": (302, 403, 200, 200),
    "schools:school_detail": (302, 200, 200, 200),
    "schools:school_update": (302, 403, 200, 200),
    "schools:school_close": (302, 403, 200, 200),
    "schools:assignment_transfer": (302, 403, 403, 200),
    "schools:assignment_coverage": (302, 403, 403, 200),
    "schools:officer_schools_mine": (302, 200, 200, 200),
    "schools:officer_schools": (302, 200, 200, 200),  # the matrix officer's own page; coordinator and supervisor too
    "schools:school_import": (302, 403, 200, 200),
    "schools:school_import_template": (302, 403, 200, 200),
    "schools:call_list": (302, 200, 200, 200),
    "schools:call_create": (302, 200, 403, 403),
    "schools:call_detail": (302, 200, 200, 200),
    "schools:call_update": (302, 200, 403, 200),  # the officer answered the sample call
    "schools:call_void": (302, 200, 403, 200),
    "schools:board_list": (302, 200, 200, 200),
    "schools:board_create": (302, 403, 200, 200),
    "schools:board_update": (302, 403, 200, 200),
    # --- drills: officers schedule and log their schools' drills (the sample drill is theirs), the supervisor
    # any drill; compliance for coordinator and supervisor; kinds and year rules edited by the supervisor ---
    "drills:drill_list": (302, 200, 200, 200),
    "drills:drill_schedule": (302, 200, 403, 200),
    "drills:drill_log": (302, 200, 403, 200),
    "drills:drill_plan_term": (302, 200, 403, 200),
    "drills:drill_compliance": (302, 403, 200, 200),
    "drills:drill_detail": (302, 200, 200, 200),
    "drills:drill_complete": (302, 200, 403, 200),
    "drills:drill_update": (302, 200, 403, 200),
    "drills:drill_cancel": (302, 200, 403, 200),
    "drills:drill_principal_copy": (302, 404, 404, 404),  # the sample drill is scheduled: no copy yet
    "drills:drill_principal_copy_send": (302, 405, 405, 405),  # POST only
    "drills:followupaction_create": (302, 200, 403, 200),
    "drills:followupaction_resolve": (302, 200, 403, 200),
    "drills:drillkind_list": (302, 200, 200, 200),
    "drills:drillkind_create": (302, 403, 403, 200),
    "drills:drillkind_update": (302, 403, 403, 200),
    "drills:drillyearrule_list": (302, 200, 200, 200),
    "drills:drillyearrule_update": (302, 403, 403, 200),
    # --- programs: officers log (and edit their own) sessions and class series; the coordinator keeps the
    # catalogue, requests, patrol figures and placements; the supervisor reads (placements included) ---
    "programs:session_list": (302, 200, 200, 200),
    "programs:session_create": (302, 200, 403, 403),
    "programs:session_detail": (302, 200, 200, 200),
    "programs:session_update": (302, 200, 403, 403),  # the officer delivered the sample session
    "programs:session_void": (302, 405, 405, 405),  # POST only
    "programs:program_list": (302, 200, 200, 200),
    "programs:program_create": (302, 403, 200, 403),
    "programs:program_detail": (302, 200, 200, 200),
    "programs:program_update": (302, 403, 200, 403),
    "programs:programrevision_create": (302, 405, 405, 405),  # POST only
    "programs:classseries_list": (302, 200, 200, 200),
    "programs:classseries_create": (302, 200, 403, 403),
    "programs:classseries_detail": (302, 200, 200, 200),
    "programs:classseries_update": (302, 200, 403, 403),
    "programs:presentationrequest_list": (302, 200, 200, 200),
    "programs:presentationrequest_create": (302, 403, 200, 403),
    "programs:presentationrequest_detail": (302, 200, 200, 200),
    "programs:presentationrequest_update": (302, 403, 200, 403),
    "programs:presentationrequest_schedule": (302, 405, 405, 405),  # POST only
    "programs:presentationrequest_deliver": (302, 405, 405, 405),  # POST only
    "programs:presentationrequest_decline": (302, 405, 405, 405),  # POST only
    "programs:patrolyear_list": (302, 200, 200, 200),
    "programs:patrolyear_create": (302, 403, 200, 403),
    "programs:patrolyear_detail": (302, 200, 200, 200),
    "programs:patrolyear_update": (302, 403, 200, 403),
    "programs:placement_list": (302, 403, 200, 200),
    "programs:placement_create": (302, 403, 200, 403),
    "programs:placement_detail": (302, 403, 200, 200),
    "programs:placement_update": (302, 403, 200, 403),
    # --- committees: everyone reads (attachments included); the coordinator manages ---
    "committees:committee_list": (302, 200, 200, 200),
    "committees:committee_create": (302, 403, 200, 403),
    "committees:committee_detail": (302, 200, 200, 200),
    "committees:committee_update": (302, 403, 200, 403),
    "committees:representation_create": (302, 403, 200, 403),
    "committees:representation_update": (302, 403, 200, 403),
    "committees:partner_list": (302, 200, 200, 200),
    "committees:partner_create": (302, 403, 200, 403),
    "committees:partner_detail": (302, 200, 200, 200),
    "committees:partner_update": (302, 403, 200, 403),
    "committees:meeting_list": (302, 200, 200, 200),
    "committees:meeting_create": (302, 403, 200, 403),
    "committees:meeting_detail": (302, 200, 200, 200),
    "committees:meeting_update": (302, 403, 200, 403),
    "committees:meeting_cancel": (302, 405, 405, 405),  # POST only
    "committees:meetingattachment_create": (302, 405, 405, 405),  # POST only (the form is on the meeting page)
    "committees:meetingattachment_download": (302, 200, 200, 200),
    "committees:actionitem_list": (302, 200, 200, 200),
    "committees:actionitem_create": (302, 403, 200, 403),
    "committees:actionitem_update": (302, 403, 200, 403),
    "committees:actionitem_close": (302, 405, 405, 405),  # POST only
    # --- events: everyone reads; the coordinator manages events and week dates; calendar links are personal ---
    "events:event_list": (302, 200, 200, 200),
    "events:event_create": (302, 403, 200, 403),
    "events:event_detail": (302, 200, 200, 200),
    "events:event_update": (302, 403, 200, 403),
    "events:event_cancel": (302, 405, 405, 405),  # POST only
    "events:week_list": (302, 200, 200, 200),
    "events:week_detail": (302, 200, 200, 200),
    "events:week_update": (302, 403, 200, 403),
    "events:weekoverride_create": (302, 403, 200, 403),
    "events:weekoverride_update": (302, 403, 200, 403),
    "events:calendar": (302, 200, 200, 200),
    "events:token_list": (302, 200, 200, 200),
    "events:token_revoke": (302, 405, 405, 405),  # POST only
    "events:feed": (200, 200, 200, 200),  # no sign-in: the (officer's) token in the URL is the credential
    # --- reports: coordinator and supervisor read and download; only the supervisor builds ---
    "reports:annualreport_list": (302, 403, 200, 200),
    "reports:annualreport_create": (302, 403, 403, 200),
    "reports:annualreport_detail": (302, 403, 200, 200),
    "reports:annualreport_status": (302, 403, 200, 200),
    "reports:annualreport_download": (302, 403, 200, 200),  # URL_KWARGS: kind=csv of a ready report
    "reports:annualreport_rebuild": (302, 405, 405, 405),  # POST only
    "reports:annualreport_retry": (302, 405, 405, 405),  # POST only
    "reports:icpi_export": (302, 403, 200, 200),
    # --- situations: the situation table's records exist only for those who need them: officers who do not sit
    # at the table get 404 (the matrix officer is not a table representative); the supervisor reads ---
    "situations:situation_list": (302, 404, 200, 200),
    "situations:situation_create": (302, 404, 200, 403),
    "situations:situation_detail": (302, 404, 200, 200),
    "situations:situation_update": (302, 404, 200, 403),
    "situations:situation_present": (302, 404, 200, 403),
    "situations:situation_assign": (302, 404, 200, 403),
    "situations:situation_respond": (302, 404, 200, 403),
    "situations:situation_review": (302, 404, 200, 403),
    "situations:situation_conclude": (302, 404, 200, 403),
    "situations:situation_void": (302, 405, 405, 405),  # POST only
    "situations:situationtable_list": (302, 404, 200, 200),
    "situations:situationtable_create": (302, 404, 200, 403),
    "situations:situationtable_detail": (302, 404, 200, 200),
    "situations:situationtable_update": (302, 404, 200, 403),
    "situations:tablemeeting_create": (302, 404, 200, 403),
    "situations:tablemeeting_detail": (302, 404, 200, 200),
    "situations:tablemeeting_update": (302, 404, 200, 403),
    "situations:tablemeeting_void": (302, 405, 405, 405),  # POST only
    "situations:statistics": (302, 404, 200, 200),
    "situations:rtd_export": (302, 404, 200, 200),
    # --- threats: officers and supervisors only; the coordinator gets 404 (THREATS_VISIBLE_TO_COORDINATOR off);
    # officers change the assessments they took part in (the sample one), the supervisor any and the lists ---
    "threats:threatassessment_list": (302, 200, 404, 200),
    "threats:threatassessment_create": (302, 200, 404, 200),
    "threats:threatassessment_detail": (302, 200, 404, 200),
    "threats:threatassessment_update": (302, 200, 404, 200),
    "threats:threatassessment_void": (302, 200, 404, 200),
    "threats:threatassessment_follow_up_done": (302, 405, 405, 405),  # POST only
    "threats:listentry_list": (302, 200, 404, 200),
    "threats:behaviourkind_create": (302, 403, 404, 200),
    "threats:behaviourkind_update": (302, 403, 404, 200),
    "threats:outcomecategory_create": (302, 403, 404, 200),
    "threats:outcomecategory_update": (302, 403, 404, 200),
    "threats:calloutcome_create": (302, 403, 404, 200),
    "threats:calloutcome_update": (302, 403, 404, 200),
}

# URLs that answer a POST without a CSRF token only because they need none (none so far; the login form has its
# own CSRF test in test_signin.py).
# public:list_unsubscribe: RFC 8058 one-click unsubscribe is a POST from the mail program, without a form;
# its signed token is the credential.
CSRF_EXEMPT = {"accounts:login", "public:list_unsubscribe"}


def test_every_url_is_in_the_table():
    names = {name for name, _kwargs, _view in url_patterns()}
    missing = sorted(names - EXPECTED.keys())
    assert not missing, (
        "These URL names have no expected statuses in tests/security/test_access_matrix.py EXPECTED; "
        f"add a row (anonymous, officer, coordinator, supervisor) for each: {missing}"
    )
    stale = sorted(EXPECTED.keys() - names)
    assert not stale, f"EXPECTED lists URL names that no longer exist: {stale}"


@pytest.mark.django_db
def test_role_matrix(matrix_clients, records):
    unexpected = []
    tried = 0
    for name, kwarg_names, _view in url_patterns():
        if name not in EXPECTED:
            continue  # reported by test_every_url_is_in_the_table
        path = url_for(name, kwarg_names, records)
        for role, expected in zip(ROLES, EXPECTED[name], strict=True):
            response = matrix_clients[role].get(path)
            tried += 1
            if response.status_code != expected:
                unexpected.append(f"{role:<12} GET {path} ({name}): expected {expected}, got {response.status_code}")
            elif (
                role == "anonymous"
                and expected == 302
                and not response["Location"].startswith(reverse("accounts:login"))
            ):
                unexpected.append(f"anonymous GET {path}: redirected to {response['Location']}, not to login")
    assert not unexpected, f"{len(unexpected)} of {tried} answers differ:\n" + "\n".join(unexpected)


def _post_urls(records):
    for name, kwarg_names, _view in url_patterns():
        if name in CSRF_EXEMPT:
            continue
        yield name, url_for(name, kwarg_names, records)


@pytest.mark.django_db
def test_every_post_without_csrf_token_is_refused(matrix_users, records, otp_enforced):
    superuser = User.objects.create_superuser("csrf_it", "it@csu.test", "x-long-password-1")
    refused = []
    for user in (matrix_users["supervisor"], superuser):
        client = verified_client(user, enforce_csrf_checks=True)
        for name, path in _post_urls(records):
            response = client.post(path, {"username": "m_officer", "language": "fr-ca"})
            body = response.content.decode(errors="replace")
            if response.status_code == 405:
                continue  # the view takes no POST at all
            if response.status_code != 403 or "CSRF" not in body:
                refused.append(f"{user.username} POST {path} ({name}) without a token answered {response.status_code}")
    assert not refused, "\n".join(refused)


@pytest.mark.django_db
def test_login_form_checks_csrf(db):
    make_user("csrf_login")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "csrf_login", "password": "whatever"})
    assert response.status_code == 403


# Fields no form may let a user set: whoever posts them, the stored value must not change.
PROTECTED = {
    "created_by": None,  # filled below with another user's pk
    "created_by_id": None,
    "version": 999,
    "role": "supervisor",
    "is_superuser": "on",
    "is_staff": "on",
    "status": "voided",
    "recipient": None,
    "responding_officer": None,
}


def _snapshot(records, users) -> dict:
    rows = {}
    for label, obj in {**records, **{f"user:{u.username}": u for u in users}}.items():
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        rows[label] = {
            f: getattr(fresh, f)
            for f in ("created_by_id", "version", "role", "is_superuser", "is_staff", "status")
            if hasattr(fresh, f)
        }
    return rows


@pytest.mark.django_db
def test_posting_extra_fields_changes_no_protected_attribute(matrix_users, records, otp_enforced):
    """Posts every form-handling URL with a plausible body plus privileged extras, as each signed-in role."""
    other = make_user("mass_other")
    extras = {**PROTECTED, "created_by": other.pk, "created_by_id": other.pk, "recipient": other.pk}
    extras["responding_officer"] = other.pk
    users = [*matrix_users.values(), other]
    before = _snapshot(records, users)
    accepted = []
    for role, user in matrix_users.items():
        client = verified_client(user)
        for name, kwarg_names, _view in url_patterns():
            if name in {"accounts:logout", "accounts:login"}:
                continue
            path = url_for(name, kwarg_names, records)
            data = {**_plausible_body(client, path), **{k: v for k, v in extras.items() if v is not None}}
            response = client.post(path, data)
            assert response.status_code < 500, f"{role} POST {path} answered {response.status_code}"
            if response.status_code in (200, 302):
                accepted.append(f"{role} {name}")
    after = _snapshot(records, users)
    # An action URL may change a record as it is meant to (sending a bulletin makes it "sent", every save adds
    # to the version): what must never happen is a field taking the value the post smuggled in.
    smuggled = {
        "created_by_id": other.pk,
        "version": PROTECTED["version"],
        "role": PROTECTED["role"],
        "is_superuser": True,
        "is_staff": True,
        "status": PROTECTED["status"],
    }
    taken: dict = {}
    for label, fields in after.items():
        for f, value in fields.items():
            if value != before[label][f] and value == smuggled[f]:
                taken.setdefault(label, {})[f] = (before[label][f], value)
    assert not taken, f"Privileged fields took the posted value: {taken}"
    # The check must have bitten somewhere: the language form at least takes the post.
    assert any("accounts:language_set" in a for a in accepted), accepted


def _plausible_body(client, path) -> dict:
    """The form's current values as the page renders them (GET), so that the post is valid where it can be."""
    response = client.get(path)
    form = response.context.get("form") if response.context and response.status_code == 200 else None
    if form is None:
        return {}
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return data


# Record pages an officer may use only on their own records (the sample rows are the matrix officer's). Any
# URL with a record parameter that the matrix officer may open and whose name says it changes the record.
_CHANGING = ("_update", "_void", "_cancel", "_complete", "_resolve", "_deliver", "_edit", "_close", "_reopen")


@pytest.mark.django_db
def test_another_officer_cannot_change_the_officers_records(matrix_clients, records, otp_enforced):
    """A second officer, assigned to no school and owning no record, gets 403 or 404 on every record-changing
    page of the matrix officer's records, for GET and POST, and the row is unchanged."""
    from django.forms.models import model_to_dict

    from accounts.models import Role
    from schools.models import CallForService

    from .conftest import _model_for_url

    CALL_URLS = {"schools:call_update": CallForService, "schools:call_void": CallForService}  # noqa: N806

    intruder = verified_client(make_user("m_other_officer", Role.OFFICER))
    tried, wrong = [], []
    for name, kwarg_names, _view in url_patterns():
        officer_get = EXPECTED.get(name, (0, 0))[1]
        if not kwarg_names or not name.endswith(_CHANGING) or officer_get not in (200, 405):
            continue  # 405: a POST-only action (void); its POST must still be refused
        model = _model_for_url(name) or CALL_URLS.get(name)
        row = records.get(model._meta.label) if model else None
        if row is None:
            continue
        path = url_for(name, kwarg_names, records)
        before = model_to_dict(model.objects.get(pk=row.pk))
        get = intruder.get(path).status_code
        post = intruder.post(path, {"reason": "Hijack", "version": getattr(row, "version", 1)}).status_code
        after = model_to_dict(model.objects.get(pk=row.pk))
        tried.append(name)
        get_ok = get in (403, 404) or (officer_get == 405 and get == 405)
        if not get_ok or post not in (403, 404) or before != after:
            wrong.append(f"{name}: GET {get}, POST {post}, row changed: {before != after}")
    print(f"another officer tried {len(tried)} record-changing URLs: {sorted(tried)}")
    assert len(tried) >= 5, tried  # drills, sessions and calls at least
    assert not wrong, "\n".join(wrong)
