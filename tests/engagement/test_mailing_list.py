"""The mailing list end to end through a real SMTP server (aiosmtpd on loopback) started by the test."""

import datetime as dt
import email
import email.header
import re

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.test import Client, override_settings
from django.utils import timezone

from csu.models import Reminder
from csu.services import reminders_send_due
from engagement import services
from engagement.models import Bulletin, Subscriber, Topic
from tests.conftest import _free_port
from tests.engagement.conftest import Inbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    return Topic.objects.create(name_en="Events", name_fr="Événements"), Topic.objects.create(
        name_en="Youth", name_fr="Jeunesse"
    )


def _send():
    """The outbox sweep, a little later (sign-ups were made with the clock moved 20 s ahead)."""
    return reminders_send_due(now=timezone.now() + dt.timedelta(minutes=5))


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _sign_up(client, address, topic, *, lang="en"):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        page = client.get(f"/public/list/?lang={lang}")
    stamp = page.context["form"].initial["stamp"]
    with time_machine.travel(start + dt.timedelta(seconds=20), tick=False):
        return client.post(
            "/public/list/",
            {"email": address, "language": lang, "topics": [topic.pk], "consent": "on", "stamp": stamp,
             "website": "", "lang": lang},
        )  # fmt: skip


def test_double_opt_in_then_bulletin_to_confirmed_only_once_each_and_unsubscribe_stops_the_next(
    smtp, topics, coordinator, django_capture_on_commit_callbacks
):
    events, youth = topics
    public = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(public, "Ana@Example.test", events)
    assert response.status_code == 302 and "Check your e-mail" in public.get(response["Location"]).content.decode()
    pending = Subscriber.objects.get(email="ana@example.test")
    assert pending.status == "pending" and "I agree to receive" in pending.consent_wording
    _send()
    (confirmation,) = smtp.to("ana@example.test")
    link = re.search(r"http://testserver(/public/list/confirm/\S+/)", _body(confirmation)).group(1)
    assert public.get(link).status_code == 200
    pending.refresh_from_db()
    assert pending.status == "pending"  # a mail scanner opening the link confirms nothing
    public.post(link)
    pending.refresh_from_db()
    assert pending.status == "confirmed"

    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(Client(), "never@example.test", events)  # never confirms
    services.subscriber_add_from_sheet(
        email="sheet@example.test", language="fr", topics=[events], source="Coffee with a Cop",
        wording="signed sheet", consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    gone = services.subscriber_add_from_sheet(
        email="gone@example.test", language="en", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    services.subscriber_unsubscribe(subscriber=gone)
    services.subscriber_add_from_sheet(
        email="youth@example.test", language="en", topics=[youth], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    _send()
    smtp.messages.clear()

    bulletin = Bulletin.objects.create(
        subject_en="Police Week", subject_fr="Semaine de la police", body_en="Come and meet us.",
        body_fr="Venez nous rencontrer.", created_by=coordinator,
    )  # fmt: skip
    bulletin.topics.set([events])
    assert services.bulletin_send(bulletin=bulletin, by=coordinator) == 2
    assert services.bulletin_send(bulletin=bulletin, by=coordinator) == 0  # sent twice: queued once
    _send()
    _send()
    recipients = sorted(r for rcpts, _m in smtp.messages for r in rcpts)
    assert recipients == ["ana@example.test", "sheet@example.test"]
    (french,) = smtp.to("sheet@example.test")
    assert french["Subject"] == "Semaine de la police" and "Venez nous rencontrer." in _body(french)
    (english,) = smtp.to("ana@example.test")
    unsubscribe = "".join(english["List-Unsubscribe"].split()).strip("<>")  # the header may be folded
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in _body(english)

    # One-click unsubscribe, as a mail program does it: a POST without a form or a session.
    path = unsubscribe.replace("http://testserver", "")
    assert Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    smtp.messages.clear()
    second = Bulletin.objects.create(
        subject_en="Crime Prevention Week", subject_fr="Semaine de la prévention du crime", body_en="x", body_fr="x",
        created_by=coordinator,
    )  # fmt: skip
    second.topics.set([events])
    services.bulletin_send(bulletin=second, by=coordinator)
    _send()
    assert [r for rcpts, _m in smtp.messages for r in rcpts] == ["sheet@example.test"]


def test_queued_bulletin_to_someone_who_left_before_sending_is_cancelled(topics, coordinator):
    events, _youth = topics
    subscriber = services.subscriber_add_from_sheet(
        email="a@example.test", language="en", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    bulletin = Bulletin.objects.create(subject_en="s", subject_fr="s", body_en="b", body_fr="b", created_by=coordinator)
    bulletin.topics.set([events])
    services.bulletin_send(bulletin=bulletin, by=coordinator)
    services.subscriber_unsubscribe(subscriber=subscriber)
    assert _send() == 0
    assert Reminder.objects.get(kind="bulletin").cancelled_at is not None


@pytest.mark.parametrize(
    "change, message",
    [
        ({"website": "http://spam.example"}, "could not be accepted"),
        ({"stamp": "forged"}, "could not be accepted"),
        ({"consent": ""}, "Tick the box"),
        ({"email": "not-an-address"}, "valid email"),
    ],
)
def test_rejected_public_submissions_save_nothing(topics, change, message):
    events, _ = topics
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stamp = client.get("/public/list/").context["form"].initial["stamp"]
    data = {"email": "x@example.test", "language": "en", "topics": [events.pk], "consent": "on", "stamp": stamp}
    data.update(change)
    with time_machine.travel(start + dt.timedelta(seconds=20), tick=False):
        response = client.post("/public/list/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscriber.objects.exists() and not Reminder.objects.exists()


def test_a_form_sent_back_at_once_is_refused(topics):
    events, _ = topics
    client = Client()
    stamp = client.get("/public/list/").context["form"].initial["stamp"]
    response = client.post(
        "/public/list/", {"email": "x@example.test", "language": "en", "topics": [events.pk], "consent": "on",
                          "stamp": stamp},
    )  # fmt: skip
    assert "too soon after it was shown" in response.content.decode()
    assert not Subscriber.objects.exists()


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_each_address_is_limited(topics):
    events, _ = topics
    client = Client()
    statuses = [client.post("/public/list/", {"email": f"x{i}@example.test"}).status_code for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_public_pages_show_nothing_of_the_records_and_need_no_sign_in(topics):
    page = Client().get("/public/list/?lang=fr").content.decode()
    assert "Liste d’envoi communautaire" in page
    assert "/schools/" not in page and "/drills/" not in page and "Sign out" not in page
    assert Client().get("/public/list/confirm/forged/").status_code == 404
    assert Client().get("/public/list/unsubscribe/forged/").status_code == 404


def test_staff_pages_are_the_coordinators(officer_client, coordinator_client, topics):
    assert coordinator_client.get("/engagement/bulletins/").status_code == 200
    assert coordinator_client.get("/engagement/subscribers/?format=csv").status_code == 200
    for url in ("/engagement/bulletins/", "/engagement/subscribers/", "/engagement/bulletins/new/"):
        assert officer_client.get(url).status_code == 403


class RefusingInbox(Inbox):
    """A mail server that refuses one address for good (550 on RCPT TO), as a server does for a mailbox that is gone."""

    gone = "left@example.test"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.gone:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_an_address_the_server_refuses_is_not_sent_to_again(coordinator, topics, caplog):
    events, _youth = topics
    inbox = RefusingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port, EMAIL_USE_TLS=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
            PUBLIC_BASE_URL="http://testserver",
        ):  # fmt: skip
            for address in (RefusingInbox.gone, "stays@example.test"):
                services.subscriber_add_from_sheet(
                    email=address, language="en", topics=[events], source="Fair", wording="w",
                    consent_at=timezone.now(), by=coordinator,
                )  # fmt: skip
            first = Bulletin.objects.create(
                subject_en="One", subject_fr="Un", body_en="b", body_fr="b", created_by=coordinator
            )
            first.topics.set([events])
            assert services.bulletin_send(bulletin=first, by=coordinator) == 2
            _send()
            refused = Reminder.objects.get(email=RefusingInbox.gone)
            assert refused.failed_at is not None and refused.attempts == 1  # given up at once, not retried
            assert "550" in refused.last_error
            gone = Subscriber.objects.get(email=RefusingInbox.gone)
            assert gone.status == Subscriber.Status.BOUNCED and "No such user" in gone.bounce_error

            second = Bulletin.objects.create(
                subject_en="Two", subject_fr="Deux", body_en="b", body_fr="b", created_by=coordinator
            )
            second.topics.set([events])
            assert services.bulletin_send(bulletin=second, by=coordinator) == 1  # the refused address is left out
            _send()
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.to("stays@example.test")] == ["One", "Two"]
    assert inbox.to(RefusingInbox.gone) == []


def _subject(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@override_settings(SERVICE_NAME="O'Hara & District Police", SERVICE_NAME_FR="")
def test_mail_is_plain_text_not_html_escaped_and_french_subscribers_get_french(
    smtp, topics, coordinator, django_capture_on_commit_callbacks
):
    events, _youth = topics
    public = Client()
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(public, "marie@example.test", events, lang="fr")
    _send()
    (confirmation,) = smtp.to("marie@example.test")
    body = _body(confirmation)
    assert _subject(confirmation) == (
        "Confirmez votre abonnement à la liste d’envoi communautaire de O'Hara & District Police"
    )
    assert "Pour confirmer, ouvrez ce lien d’ici 7 jours" in body and "O'Hara & District Police" in body
    assert "&amp;" not in body and "&#x27;" not in body
    public.post(re.search(r"http://testserver(/public/list/confirm/\S+/)", body).group(1))
    services.subscriber_add_from_sheet(
        email="sam@example.test", language="en", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    smtp.messages.clear()
    bulletin = Bulletin.objects.create(
        subject_en="Don't leave doors & windows open", subject_fr="Portes & fenêtres : l'été",
        body_en="Don't leave doors & windows open <when> you go out.",
        body_fr="N'oubliez pas : portes & fenêtres <fermées>.", created_by=coordinator,
    )  # fmt: skip
    bulletin.topics.set([events])
    assert services.bulletin_send(bulletin=bulletin, by=coordinator) == 2
    _send()
    (english,) = smtp.to("sam@example.test")
    assert _subject(english) == "Don't leave doors & windows open"
    assert "Don't leave doors & windows open <when> you go out." in _body(english)
    assert "You receive this bulletin because you subscribed" in _body(english)
    (french,) = smtp.to("marie@example.test")
    assert _subject(french) == "Portes & fenêtres : l'été"
    assert "N'oubliez pas : portes & fenêtres <fermées>." in _body(french)
    assert "Vous recevez ce bulletin parce que vous y êtes abonné" in _body(french)
