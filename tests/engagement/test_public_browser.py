"""The mailing list as a resident meets it: signed out, on a phone, in French, with the links taken from the
e-mails a real SMTP server (aiosmtpd on loopback, tests/engagement/conftest.py) received."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from csu.services import reminders_send_due
from engagement import services
from engagement.models import Bulletin, Subscriber, Topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send():
    return reminders_send_due(now=timezone.now() + dt.timedelta(minutes=5))


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _bulletin(by, topic, subject_en, subject_fr, body_en="x", body_fr="x") -> Bulletin:
    bulletin = Bulletin.objects.create(
        subject_en=subject_en, subject_fr=subject_fr, body_en=body_en, body_fr=body_fr, created_by=by
    )
    bulletin.topics.set([topic])
    return bulletin


def test_a_resident_signs_up_confirms_from_the_email_and_unsubscribes_from_a_bulletin(
    live_server, phone_page, smtp, coordinator
):
    events, _ = Topic.objects.get_or_create(name_en="Events", defaults={"name_fr": "Événements"})
    page = phone_page
    with override_settings(PUBLIC_BASE_URL=live_server.url):
        page.goto(f"{live_server.url}/public/list/?lang=fr")
        page.get_by_label("Adresse courriel").fill("Resident@Example.test")
        page.get_by_label(events.name_fr, exact=True).check()
        page.get_by_role("checkbox", name=re.compile("J’accepte|J'accepte")).check()
        page.wait_for_timeout(1100)  # a person takes longer than a second (engagement.guard.MIN_SECONDS)
        page.get_by_role("button", name="S’abonner").click()
        page.get_by_role("heading", name="Consultez vos courriels").wait_for()

        subscriber = Subscriber.objects.get(email="resident@example.test")
        assert subscriber.status == Subscriber.Status.PENDING and subscriber.language == "fr"
        _send()
        (confirmation,) = smtp.to("resident@example.test")
        link = re.search(r"(http://\S+/public/list/confirm/\S+/)", _body(confirmation)).group(1)
        page.goto(link)  # the link carries no language: the page speaks the subscriber’s
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.PENDING  # opening the link confirms nothing
        page.get_by_role("button", name="Confirmer").click()
        page.get_by_role("heading", name="Abonnement confirmé").wait_for()
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.CONFIRMED

        bulletin = _bulletin(
            coordinator, events, "Police Week", "Semaine de la police", "Come and meet us.", "Venez nous rencontrer."
        )
        smtp.messages.clear()
        assert services.bulletin_send(bulletin=bulletin, by=coordinator) == 1
        _send()  # in case the sender queued after the commit has not run yet
        (received,) = smtp.to("resident@example.test")
        assert received["Subject"] == "Semaine de la police"
        unsubscribe = re.search(r"(http://\S+/public/list/unsubscribe/\S+/)", _body(received)).group(1)
        page.goto(unsubscribe)
        page.get_by_role("button", name="Se désabonner").click()
        page.get_by_text("resident@example.test ne recevra plus de bulletins.").wait_for()
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

        second = _bulletin(coordinator, events, "Crime Prevention Week", "Semaine de la prévention du crime")
        with pytest.raises(ValidationError):  # nobody left to send it to: it stays a draft
            services.bulletin_send(bulletin=second, by=coordinator)
