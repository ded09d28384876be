"""A small situation table whose figures are counted by hand (see `hand_counted`)."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from accounts.roles import TABLE_REPRESENTATIVE
from committees.models import Partner
from situations import services
from situations.models import Factor, Situation, SituationTable, TableMeeting
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def standard_factors(db):
    """The migration's rows, back after a transactional test flushed them."""
    from situations.standard_factors import load

    load(Factor)


def aware(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def representative(db):
    user = make_user("rep_officer", Role.OFFICER)
    user.groups.add(Group.objects.get(name=TABLE_REPRESENTATIVE))
    return user


@pytest.fixture
def representative_client(representative):
    client = Client()
    client.force_login(representative)
    return client


@pytest.fixture
def agencies(db):
    names = ["Agency A", "Agency B", "Agency C", "Agency D"]
    return {n[-1]: Partner.objects.create(name=n, type=Partner.Type.SOCIAL_SERVICES) for n in names}


@pytest.fixture
def table(agencies):
    return services.table_save(
        table=SituationTable(
            name="Test HUB",
            host=agencies["A"],
            cadence=SituationTable.Cadence.TWICE_WEEKLY,
            meeting_days=["tue", "thu"],
            active_from=dt.date(2024, 1, 1),
        ),
        agencies=list(agencies.values()),
    )


def meeting(table, day, agencies=()):
    return services.meeting_save(
        meeting=TableMeeting(table=table, starts_at=aware(day)), agencies_present=list(agencies)
    )


def bring(table, agency, day, **kw):
    kw.setdefault("kind", Situation.Kind.PERSON)
    kw.setdefault("age_group", Situation.AgeGroup.AGE_16_17)
    kw.setdefault("gender", Situation.Gender.FEMALE)
    return services.situation_bring(situation=Situation(table=table, originating_agency=agency, brought_on=day, **kw))


def factor(code):
    return Factor.objects.get(code=code)


@pytest.fixture
def hand_counted(table, agencies):
    """March 2026, by hand:
    S1 A 03-02 → M1 met [housing_homeless, mental_diagnosed], lead B + C, response +20 h, review M2, concluded
       03-12 risk lowered (connected);
    S2 A 03-02 → M1 not met (not acute);
    S3 C 03-04 → M2 met [housing_homeless], lead B, response +50 h (over 48), concluded 03-20 still at risk (refused);
    S4 D 03-09 → M3 met [housing_homeless, drugs_chronic], lead C, no response yet;
    S5 D 03-09 voided;  S6 A 03-11 not presented yet.
    Brought 5 (S5 voided), presented 4, met 3 (75 %), hours 20 and 50 (median 35), 1 of 2 within 48 h,
    housing 3 / mental health 1 / drugs 1, B led 2 and C 1, concluded 2 (1 risk lowered)."""
    A, B, C, D = (agencies[k] for k in "ABCD")
    m1 = meeting(table, dt.date(2026, 3, 3), [A, B, C])
    m2 = meeting(table, dt.date(2026, 3, 5), [A, B])
    m3 = meeting(table, dt.date(2026, 3, 10), [A, B, C, D])
    s1 = bring(table, A, dt.date(2026, 3, 2))
    services.situation_present(
        situation=s1,
        meeting=m1,
        threshold_met=True,
        risk_factors=[factor("housing_homeless"), factor("mental_diagnosed")],
        protective_factors=[factor("p_family_support")],
    )
    services.situation_assign(situation=s1, lead_agency=B, assisting_agencies=[C])
    services.situation_respond(
        situation=s1,
        first_response_at=m1.starts_at + dt.timedelta(hours=20),
        services_mobilized=["housing", "mental_health"],
    )
    services.situation_review(situation=s1, meeting=m2, outcome="continue")
    services.situation_conclude(situation=s1, concluded_on=dt.date(2026, 3, 12), conclusion="lowered_connected")
    s2 = bring(table, A, dt.date(2026, 3, 2), kind=Situation.Kind.FAMILY, age_group="multiple", gender="multiple")
    services.situation_present(situation=s2, meeting=m1, threshold_met=False, not_met_reason="not_acute")
    s3 = bring(table, C, dt.date(2026, 3, 4), gender=Situation.Gender.MALE)
    services.situation_present(situation=s3, meeting=m2, threshold_met=True, risk_factors=[factor("housing_homeless")])
    services.situation_assign(situation=s3, lead_agency=B, assisting_agencies=[])
    services.situation_respond(
        situation=s3, first_response_at=m2.starts_at + dt.timedelta(hours=50), services_mobilized=[]
    )
    services.situation_conclude(situation=s3, concluded_on=dt.date(2026, 3, 20), conclusion="still_refused")
    s4 = bring(table, D, dt.date(2026, 3, 9), age_group=Situation.AgeGroup.AGE_25_29)
    services.situation_present(
        situation=s4, meeting=m3, threshold_met=True, risk_factors=[factor("housing_homeless"), factor("drugs_chronic")]
    )
    services.situation_assign(situation=s4, lead_agency=C, assisting_agencies=[B, D])
    s5 = bring(table, D, dt.date(2026, 3, 9))
    services.situation_void(situation=s5, reason="Recorded twice")
    s6 = bring(table, A, dt.date(2026, 3, 11))
    return {"S1": s1, "S2": s2, "S3": s3, "S4": s4, "S5": s5, "S6": s6, "M1": m1, "M2": m2, "M3": m3}
