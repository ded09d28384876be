"""Demo partners, 13 community committees, representation, a year of meetings and action items. Idempotent."""

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Role, User
from csu.choices import CswbArea, Pillar

from .models import ActionItem, Committee, Meeting, Partner, Representation

P = Partner.Type
PARTNERS = [
    ("Kawartha Pine Ridge District School Board", P.SCHOOL_BOARD, "Superintendent of Safe Schools"),
    ("Peterborough Victoria Northumberland and Clarington Catholic DSB", P.SCHOOL_BOARD, "Safe Schools Lead"),
    ("Peterborough Public Health", P.HEALTH, "Manager, Harm Reduction"),
    ("Four County Crisis", P.HEALTH, "Program Director"),
    ("Canadian Mental Health Association HKPR", P.HEALTH, "Director of Services"),
    ("Children's Aid Society", P.SOCIAL_SERVICES, "Intake Supervisor"),
    ("YWCA Peterborough Haliburton", P.COMMUNITY_GROUP, "Violence Prevention Coordinator"),
    ("Kawartha Sexual Assault Centre", P.COMMUNITY_GROUP, "Executive Director"),
    ("City of Peterborough — Social Services", P.MUNICIPAL, "Housing Manager"),
    ("City of Peterborough — Community Services", P.MUNICIPAL, "Recreation Supervisor"),
    ("New Canadians Centre", P.COMMUNITY_GROUP, "Settlement Services Manager"),
    ("Ontario Provincial Police — Peterborough County", P.OTHER_POLICE, "Community Safety Officer"),
    ("Fourcast Addiction Services", P.HEALTH, "Youth Outreach Lead"),
    ("Peterborough Downtown Business Improvement Area", P.PRIVATE, "Executive Director"),
    ("Victim Services of Peterborough & Northumberland", P.SOCIAL_SERVICES, "Coordinator"),
    ("Curve Lake First Nation", P.COMMUNITY_GROUP, "Community Wellness Lead"),
]

# name, purpose, pillar, area, cadence, partner indexes, years active before today
COMMITTEES = [
    (
        "Peterborough Drug Strategy",
        "Coordinated response to substance use: prevention, harm reduction, treatment, enforcement.",
        Pillar.OPPORTUNITY,
        CswbArea.PREVENTION,
        Committee.Cadence.MONTHLY,
        [2, 12, 4],
        8,
    ),
    (
        "Youth Services Planning Committee",
        "Planning services for youth aged 12–24 across the city and county.",
        Pillar.EDUCATION,
        CswbArea.SOCIAL_DEVELOPMENT,
        Committee.Cadence.MONTHLY,
        [0, 1, 9, 5],
        6,
    ),
    (
        "Housing and Homelessness Advisory Committee",
        "Advice to the City on the 10-year housing and homelessness plan.",
        Pillar.FUNCTIONING_FAMILIES,
        CswbArea.SOCIAL_DEVELOPMENT,
        Committee.Cadence.BIMONTHLY,
        [8, 4],
        5,
    ),
    (
        "Domestic Violence Coordinating Committee",
        "Coordination of the community response to intimate-partner violence.",
        Pillar.FUNCTIONING_FAMILIES,
        CswbArea.RISK_INTERVENTION,
        Committee.Cadence.MONTHLY,
        [6, 7, 14, 5],
        10,
    ),
    (
        "Situation Table (Community Safety and Well-Being)",
        "Acutely elevated risk: agencies plan rapid interventions.",
        Pillar.INCLUSION,
        CswbArea.RISK_INTERVENTION,
        Committee.Cadence.WEEKLY,
        [3, 4, 5, 8, 12],
        4,
    ),
    (
        "Community Safety and Well-Being Plan Steering Committee",
        "Oversees the municipal CSWB plan (Police Services Act).",
        Pillar.INCLUSION,
        CswbArea.PREVENTION,
        Committee.Cadence.QUARTERLY,
        [8, 9, 2, 11],
        3,
    ),
    (
        "Safe Schools Protocol Committee",
        "Police/school board protocol, lockdown practice and threat assessment.",
        Pillar.EDUCATION,
        CswbArea.INCIDENT_RESPONSE,
        Committee.Cadence.QUARTERLY,
        [0, 1, 11],
        7,
    ),
    (
        "Mental Health and Addictions Collaborative",
        "Crisis response, mobile crisis team and diversion.",
        Pillar.OPPORTUNITY,
        CswbArea.RISK_INTERVENTION,
        Committee.Cadence.MONTHLY,
        [3, 4, 12],
        5,
    ),
    (
        "Newcomer Welcome Network",
        "Outreach to newcomers and refugee families; know-your-police sessions.",
        Pillar.INCLUSION,
        CswbArea.SOCIAL_DEVELOPMENT,
        Committee.Cadence.BIMONTHLY,
        [10, 9],
        4,
    ),
    (
        "Sexual Assault Response Coordination Committee",
        "Survivor-centred response and case review.",
        Pillar.FUNCTIONING_FAMILIES,
        CswbArea.INCIDENT_RESPONSE,
        Committee.Cadence.QUARTERLY,
        [7, 14, 2],
        6,
    ),
    (
        "Downtown Safety Working Group",
        "Safety and vitality of the downtown core with businesses and outreach.",
        Pillar.OPPORTUNITY,
        CswbArea.PREVENTION,
        Committee.Cadence.MONTHLY,
        [13, 8, 12],
        3,
    ),
    (
        "Child and Youth Wellbeing Roundtable",
        "Cross-sector planning for children's mental health and family support.",
        Pillar.FUNCTIONING_FAMILIES,
        CswbArea.SOCIAL_DEVELOPMENT,
        Committee.Cadence.BIMONTHLY,
        [5, 0, 1, 4],
        5,
    ),
    (
        "Indigenous Community Safety Circle",
        "Relationship-building and safety planning with First Nations partners.",
        Pillar.INCLUSION,
        CswbArea.PREVENTION,
        Committee.Cadence.QUARTERLY,
        [15, 11, 6],
        2,
    ),
]

CADENCE_DAYS = {"weekly": 28, "biweekly": 28, "monthly": 30, "bimonthly": 60, "quarterly": 91, "as_needed": 90}
LOCATIONS = ["City Hall, Room 201", "Police HQ, 2nd floor boardroom", "Public Health, Jackson Room", "Online (Teams)"]
ACTIONS = [
    "Share the updated naloxone training schedule with school officers",
    "Circulate draft terms of reference for comment",
    "Bring youth engagement survey results to next meeting",
    "Confirm police speaker for the community forum",
    "Update the referral pathway chart",
    "Send the protocol changes to both school boards",
    "Book the venue for the awareness-week event",
    "Report call-for-service figures for the quarter",
]


def seed(*, stdout) -> None:
    rng = random.Random(6)  # noqa: S311 - demo data only
    today = timezone.localdate()
    partners = []
    for name, kind, contact in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "type": kind,
                "contact_name": contact,
                "email": f"info@{''.join(c for c in name.lower() if c.isalnum())[:20]}.example",
                "phone": f"705-555-{rng.randint(1000, 9999)}",
            },
        )
        partners.append(partner)
    staff = list(User.objects.filter(role__in=[Role.OFFICER, Role.COORDINATOR]).order_by("username"))
    coordinator = next((u for u in staff if u.role == Role.COORDINATOR), None)
    officers = [u for u in staff if u.role == Role.OFFICER]
    created_meetings = 0
    for index, (name, purpose, pillar, area, cadence, partner_ix, years) in enumerate(COMMITTEES):
        committee, created = Committee.objects.get_or_create(
            name=name,
            defaults={
                "purpose": purpose,
                "pillar": pillar,
                "cswb_area": area,
                "meeting_cadence": cadence,
                "active_from": today.replace(day=1) - dt.timedelta(days=365 * years),
            },
        )
        if created:
            committee.partners.set([partners[i] for i in partner_ix])
        if not staff or committee.representations.exists():
            continue
        rep_staff = []
        if coordinator and index % 2 == 0:
            rep_staff.append((coordinator, Representation.Role.MEMBER))
        if officers:
            rep_staff.append((officers[index % len(officers)], Representation.Role.LIAISON))
        if index == 3 and officers:
            # The domestic-violence committee changed representative last year: history of representation.
            Representation.objects.create(
                committee=committee,
                staff=officers[(index + 1) % len(officers)],
                role=Representation.Role.MEMBER,
                start=committee.active_from,
                end=today - dt.timedelta(days=400),
            )
        for user, role in rep_staff:
            Representation.objects.create(
                committee=committee,
                staff=user,
                role=Representation.Role.CHAIR if index == 5 and user == coordinator else role,
                start=max(committee.active_from, today - dt.timedelta(days=365 * 2)),
            )
        if committee.meetings.exists():
            continue
        step = dt.timedelta(days=CADENCE_DAYS[cadence])
        day = today - dt.timedelta(days=365) + dt.timedelta(days=rng.randint(0, 20))
        attendees = [u for u, _ in rep_staff]
        present = list(committee.partners.all())
        while day <= today + dt.timedelta(days=60):
            if day.weekday() >= 5:
                day += dt.timedelta(days=7 - day.weekday())
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + rng.randint(0, 5), 0)))
            past = day < today
            cancelled = past and rng.random() < 0.07
            meeting = Meeting.objects.create(
                committee=committee,
                starts_at=starts,
                location=rng.choice(LOCATIONS),
                status=Meeting.Status.CANCELLED
                if cancelled
                else (Meeting.Status.HELD if past else Meeting.Status.SCHEDULED),
                cancel_reason="Quorum not reached" if cancelled else "",
                notes="Minutes circulated by the chair." if past and not cancelled else "",
            )
            meeting.attendees.set(attendees)
            if past and not cancelled and present:
                meeting.partners_present.set(rng.sample(present, k=rng.randint(1, len(present))))
            created_meetings += 1
            if past and not cancelled and rng.random() < 0.35:
                due = day + dt.timedelta(days=rng.randint(14, 45))
                owner = rng.choice(attendees) if attendees and rng.random() < 0.8 else None
                ActionItem.objects.create(
                    committee=committee,
                    meeting=meeting,
                    description=rng.choice(ACTIONS),
                    owner=owner,
                    owner_text="" if owner else rng.choice(partners).name,
                    opened_on=day,
                    due_on=due,
                    closed_on=min(due, today) if due < today and rng.random() < 0.7 else None,
                )
            day += step
    stdout.write(f"committees: {Committee.objects.count()} committees, {created_meetings} meetings created")
