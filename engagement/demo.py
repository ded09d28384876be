"""Demo engagement data: mailing-list subscribers (consent recorded as CASL asks), a draft and a sent
bulletin, feedback on past events, and two Block Watch groups with their captains and activities. Idempotent:
nothing is created when there are subscribers already. Addresses are on example.org; no one real is named."""

import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from events.models import Event

from .models import Activity, Bulletin, Captain, Feedback, Group, Subscriber, Topic

SHEET_WORDING = (
    "I agree to receive the Community Services Unit's e-mail bulletins. I can unsubscribe at any time. / "
    "J'accepte de recevoir les bulletins par courriel de la Section des services communautaires. Je peux me "
    "désabonner en tout temps."
)


def seed(*, stdout) -> None:
    if Subscriber.objects.exists():
        stdout.write("engagement: demo data already there")
        return
    rnd = random.Random(22)  # noqa: S311 - demo data only
    coordinator = User.objects.filter(username="coordinator").first()
    officer = User.objects.filter(username="officer1").first()
    if coordinator is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    topics = list(Topic.objects.filter(active=True).order_by("pk"))

    for n in range(18):
        status = (
            Subscriber.Status.CONFIRMED
            if n < 14
            else (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED)[n % 2]
        )
        consent_at = now - dt.timedelta(days=rnd.randint(20, 300))
        subscriber = Subscriber.objects.create(
            email=f"resident{n + 1:02d}@example.org",
            language="fr" if n % 4 == 0 else "en",
            status=status,
            consent_method=Subscriber.Method.SIGNUP_SHEET if n % 3 == 0 else Subscriber.Method.PUBLIC_FORM,
            consent_source="Community safety fair sign-up sheet" if n % 3 == 0 else "",
            consent_wording=SHEET_WORDING,
            consent_at=consent_at,
            confirmed_at=consent_at + dt.timedelta(hours=2) if status != Subscriber.Status.PENDING else None,
            unsubscribed_at=now - dt.timedelta(days=5) if status == Subscriber.Status.UNSUBSCRIBED else None,
            recorded_by=coordinator if n % 3 == 0 else None,
        )
        subscriber.topics.set(rnd.sample(topics, rnd.randint(1, 3)))

    sent = Bulletin.objects.create(
        subject_en="Back-to-school road safety",
        subject_fr="Sécurité routière à la rentrée",
        body_en="School zones are busy again: slow down, and watch for crossing guards and school buses.",
        body_fr="Les zones scolaires sont de nouveau achalandées : ralentissez et surveillez les brigadiers et "
        "les autobus scolaires.",
        status=Bulletin.Status.SENT,
        queued_count=12,
        sent_at=now - dt.timedelta(days=60),
        created_by=coordinator,
    )
    sent.topics.set(topics[:1])
    draft = Bulletin.objects.create(
        subject_en="Winter holiday safety tips",
        subject_fr="Conseils de sécurité pour les Fêtes",
        body_en="Lock your car and keep parcels out of sight when shopping.",
        body_fr="Verrouillez votre voiture et gardez vos colis hors de vue pendant vos achats.",
        created_by=coordinator,
    )
    draft.topics.set(topics[:2])

    past = list(Event.objects.filter(ends_at__lt=now).order_by("-starts_at")[:3])
    for event in past:
        for _ in range(rnd.randint(4, 9)):
            Feedback.objects.create(
                event=event,
                useful=rnd.choice([3, 4, 4, 5, 5]),
                clear=rnd.choice([3, 4, 5, 5]),
                recommend=rnd.random() < 0.85,
                comment=rnd.choice(["", "", "Very helpful, thank you.", "More time for questions, please."]),
            )

    for name, area, households, started, captain in [
        ("Elm Street Block Watch", "Elm St. from 1st to 5th Ave.", 46, 400, "R. Okafor"),
        ("Maple Grove Neighbours", "Maple Grove Cres. and Birch Ct.", 28, 120, "L. Bouchard"),
    ]:
        group = Group.objects.create(
            name=name,
            area=area,
            households=households,
            status=Group.Status.ACTIVE,
            officer=officer,
            started_on=today - dt.timedelta(days=started),
        )
        Captain.objects.create(
            group=group, role=Captain.Role.CAPTAIN, name=captain, consent_at=group.started_on, phone="613-555-0100"
        )
        for kind, days_ago, attendance in [
            (Activity.Kind.TRAINING, started - 10, 22),
            (Activity.Kind.AREA_ASSESSMENT, started // 2, None),
            (Activity.Kind.ALERT, 15, None),
        ]:
            Activity.objects.create(
                group=group,
                kind=kind,
                on=today - dt.timedelta(days=days_ago),
                officer=officer,
                attendance=attendance,
                recorded_by=officer or coordinator,
            )
    stdout.write(f"engagement: {len(topics)} topics, 18 subscribers, 2 bulletins, {len(past)} events with feedback")
