"""Bulletins as the coordinator works on them: edit the draft, send a test to oneself, confirm, then send."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from csu.models import Reminder
from csu.services import reminders_send_due
from engagement import services
from engagement.models import Bulletin, Subscriber, Topic
from tests.conftest import _client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    return Topic.objects.create(name_en="Events", name_fr="Événements")


@pytest.fixture
def draft(coordinator, events):
    bulletin = Bulletin.objects.create(
        subject_en="Police Week", subject_fr="Semaine de la police", body_en="Come and meet us.",
        body_fr="Venez nous rencontrer.", created_by=coordinator,
    )  # fmt: skip
    bulletin.topics.set([events])
    return bulletin


@pytest.fixture
def subscribers(coordinator, events):
    return [
        services.subscriber_add_from_sheet(
            email=address,
            language=language,
            topics=[events],
            source="Fair",
            wording="signed sheet",
            consent_at=timezone.now(),
            by=coordinator,
        )  # fmt: skip
        for address, language in (("ana@example.test", "en"), ("marie@example.test", "fr"))
    ]


def _url(bulletin, action=""):
    return f"/engagement/bulletins/{bulletin.pk}/" + (f"{action}/" if action else "")


def _edit_data(page, **changes):
    """The edit form as the page shows it (hidden version included), with the person's changes."""
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["topics"] = [str(pk) for pk in data["topics"]]
    return {**data, **changes}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- Editing a draft ----------------------------------------------------------------------------------


def test_the_coordinator_edits_a_draft_and_the_history_names_them(coordinator_client, coordinator, draft):
    page = coordinator_client.get(_url(draft, "edit"))
    assert page.status_code == 200 and "Police Week" in page.content.decode()

    response = coordinator_client.post(_url(draft, "edit"), _edit_data(page, subject_en="Police Week 2026"))

    assert response.status_code == 302 and response["Location"] == _url(draft)
    assert "Bulletin saved." in _messages(response)
    draft.refresh_from_db()
    assert (draft.subject_en, draft.status, draft.version) == ("Police Week 2026", "draft", 2)
    assert draft.history.first().history_user == coordinator
    assert "Police Week 2026" in coordinator_client.get(_url(draft)).content.decode()


def test_an_edit_over_someone_elses_is_refused_and_changes_nothing(coordinator_client, coordinator, draft):
    page = coordinator_client.get(_url(draft, "edit"))
    other = _client_for(make_user("coord2", "coordinator"))
    other.post(_url(draft, "edit"), _edit_data(other.get(_url(draft, "edit")), body_en="Their text."))

    response = coordinator_client.post(_url(draft, "edit"), _edit_data(page, body_en="My text."))

    assert response.status_code == 400
    assert "changed by someone else while you were editing it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.body_en == "Their text."


def test_a_topic_made_inactive_since_stays_on_the_draft(coordinator_client, draft, events):
    events.active = False
    events.save()
    page = coordinator_client.get(_url(draft, "edit"))
    coordinator_client.post(_url(draft, "edit"), _edit_data(page, subject_en="New subject"))
    draft.refresh_from_db()
    assert draft.subject_en == "New subject" and list(draft.topics.all()) == [events]


def test_a_sent_bulletin_can_no_longer_be_edited(coordinator_client, coordinator, draft, subscribers):
    page = coordinator_client.get(_url(draft, "edit"))
    services.bulletin_send(bulletin=draft, by=coordinator)

    for response in (
        coordinator_client.get(_url(draft, "edit")),
        coordinator_client.post(_url(draft, "edit"), _edit_data(page, subject_en="Too late")),
    ):
        assert response.status_code == 302 and response["Location"] == _url(draft)
        assert "This bulletin was sent: it can no longer be changed." in _messages(response)
    draft.refresh_from_db()
    assert draft.subject_en == "Police Week"
    detail = coordinator_client.get(_url(draft)).content.decode()
    assert _url(draft, "edit") not in detail and _url(draft, "send") not in detail
    # What it went to, not who would receive it today: a later subscriber does not change it.
    services.subscriber_add_from_sheet(
        email="late@example.test", language="en", topics=list(draft.topics.all()), source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    detail = coordinator_client.get(_url(draft)).content.decode()
    assert "to 2 addresses." in detail and "Sent on" in detail and "would receive it now" not in detail


# --- Sending: a confirmation page first ----------------------------------------------------------------


def test_send_leads_to_a_confirmation_that_says_what_will_happen(coordinator_client, draft, subscribers):
    detail = coordinator_client.get(_url(draft)).content.decode()
    assert f'href="{_url(draft, "send")}"' in detail  # a link to the confirmation, not a form that sends

    page = coordinator_client.get(_url(draft, "send"))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Police Week" in text and "Semaine de la police" in text
    assert "It will go to 2 confirmed subscribers of these topics" in text
    assert "Sending cannot be undone." in text
    assert not Reminder.objects.exists()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_only_the_confirmations_post_sends_and_only_once(coordinator_client, coordinator, events, draft, subscribers):
    version = coordinator_client.get(_url(draft, "send")).context["form"]["version"].value()

    response = coordinator_client.post(_url(draft, "send"), {"version": version})

    assert response.status_code == 302 and "The bulletin is on its way to 2 addresses." in _messages(response)
    draft.refresh_from_db()
    assert (draft.status, draft.queued_count) == ("sent", 2) and draft.sent_at is not None
    assert draft.history.first().history_user == coordinator

    services.subscriber_add_from_sheet(
        email="late@example.test", language="en", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    again = coordinator_client.post(_url(draft, "send"), {"version": draft.version})  # a second tab, a double click
    assert again.status_code == 302 and "This bulletin was sent: it can no longer be changed." in _messages(again)
    assert coordinator_client.get(_url(draft, "send")).status_code == 302
    assert services.bulletin_send(bulletin=draft, by=coordinator) == 0
    assert sorted(Reminder.objects.values_list("email", flat=True)) == ["ana@example.test", "marie@example.test"]


def test_a_draft_changed_after_the_confirmation_was_shown_is_not_sent(coordinator_client, draft, subscribers):
    shown = coordinator_client.get(_url(draft, "send")).context["form"]["version"].value()
    edit = coordinator_client.get(_url(draft, "edit"))
    coordinator_client.post(_url(draft, "edit"), _edit_data(edit, subject_en="Police Week: new times"))

    response = coordinator_client.post(_url(draft, "send"), {"version": shown})

    assert response.status_code == 400
    text = response.content.decode()
    assert "was changed after this page was shown, so it was not sent" in text
    assert "Police Week: new times" in text  # the text as it is now, to read before sending
    draft.refresh_from_db()
    assert draft.status == "draft" and not Reminder.objects.exists()
    # Confirming the page as it is now sends it.
    assert coordinator_client.post(_url(draft, "send"), {"version": draft.version}).status_code == 302
    assert Reminder.objects.filter(kind="bulletin").count() == 2


def test_a_draft_that_would_reach_nobody_is_not_sent_and_stays_a_draft(coordinator_client, coordinator, events, draft):
    services.subscriber_add_from_sheet(
        email="left@example.test", language="en", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    services.subscriber_unsubscribe(subscriber=Subscriber.objects.get())
    page = coordinator_client.get(_url(draft, "send"))
    text = page.content.decode()
    assert "there is no one to send it to" in text and "Send now" not in text

    response = coordinator_client.post(_url(draft, "send"), {"version": draft.version})  # a page opened earlier

    assert response.status_code == 400
    assert "No confirmed subscriber follows these topics, so nothing was sent." in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.queued_count) == ("draft", 0) and not Reminder.objects.exists()
    # Once someone subscribes, the same draft goes to them.
    services.subscriber_add_from_sheet(
        email="new@example.test", language="fr", topics=[events], source="Fair", wording="w",
        consent_at=timezone.now(), by=coordinator,
    )  # fmt: skip
    assert coordinator_client.post(_url(draft, "send"), {"version": draft.version}).status_code == 302
    assert list(Reminder.objects.values_list("email", flat=True)) == ["new@example.test"]


def test_a_post_without_the_confirmation_sends_nothing(coordinator_client, draft, subscribers):
    assert coordinator_client.post(_url(draft, "send")).status_code == 400
    draft.refresh_from_db()
    assert draft.status == "draft" and not Reminder.objects.exists()


# --- A test copy to oneself ----------------------------------------------------------------------------


def test_a_test_copy_goes_to_the_coordinator_only_and_the_bulletin_stays_a_draft(
    coordinator_client, coordinator, draft, subscribers, mailoutbox
):
    response = coordinator_client.post(_url(draft, "test"))

    assert response.status_code == 302 and response["Location"] == _url(draft)
    assert "A test copy is on its way to coord@csu.test." in " ".join(_messages(response))
    draft.refresh_from_db()
    assert (draft.status, draft.queued_count, draft.sent_at) == ("draft", 0, None)
    reminders_send_due()
    (message,) = mailoutbox
    assert message.to == ["coord@csu.test"] and message.subject == "[Test] Police Week"
    assert "Come and meet us." in message.body and "Venez nous rencontrer." in message.body
    assert "Vous recevez ce bulletin parce que vous y êtes abonné" in message.body  # the French copy's footer
    assert "List-Unsubscribe" not in message.extra_headers
    assert not Reminder.objects.filter(kind="bulletin").exists()


def test_a_french_speaking_coordinator_gets_the_french_subject(draft, mailoutbox):
    french = make_user("coordfr", "coordinator", language="fr-ca")
    _client_for(french).post(_url(draft, "test"))
    reminders_send_due()
    (message,) = mailoutbox
    assert message.to == ["coordfr@csu.test"] and "Semaine de la police" in message.subject
    assert "Police Week" not in message.subject


def test_a_coordinator_without_an_e_mail_address_is_told_so(coordinator_client, coordinator, draft):
    coordinator.email = ""
    coordinator.save()
    response = coordinator_client.post(_url(draft, "test"))
    assert response.status_code == 302
    assert "Your account has no e-mail address, so no test copy could be sent." in " ".join(_messages(response))
    assert not Reminder.objects.exists()


def test_the_test_copy_is_post_only(coordinator_client, draft):
    assert coordinator_client.get(_url(draft, "test")).status_code == 405
    assert not Reminder.objects.exists()


# --- Who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_other_roles_may_not_edit_test_or_send(role_clients, draft, subscribers, role):
    client = role_clients[role]
    assert client.get(_url(draft, "edit")).status_code == 403
    assert client.post(_url(draft, "edit"), {"subject_en": "Hacked", "version": 1}).status_code == 403
    assert client.get(_url(draft, "send")).status_code == 403
    assert client.post(_url(draft, "send"), {"version": 1}).status_code == 403
    assert client.post(_url(draft, "test")).status_code == 403
    draft.refresh_from_db()
    assert (draft.subject_en, draft.status) == ("Police Week", "draft") and not Reminder.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, draft):
    for action in ("edit", "send"):
        response = client.get(_url(draft, action))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(_url(draft, "test")).status_code == 302
    assert not Reminder.objects.exists()
