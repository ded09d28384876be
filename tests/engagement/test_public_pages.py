"""What a person meets on the public pages: a limit counted per person behind the proxy, a thank-you page that a
reload does not send again, honest answers from old confirmation links, a quick answer on a phone accepted, error
summaries that count what they list, and choices large enough to tap."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from engagement import services
from engagement.feedback import feedback_token
from engagement.models import Feedback, Subscriber, Topic
from events.models import Event
from programs.models import PresentationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(name_en="Events", name_fr="Événements")


@pytest.fixture
def event():
    start = timezone.now() - dt.timedelta(days=1)
    return Event.objects.create(title="Police Week open house", starts_at=start, ends_at=start + dt.timedelta(hours=2))


def _text(response) -> str:
    """The page's words as a person reads them (tags dropped, spaces joined)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&nbsp;", "\u00a0")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()  # not str.split(): it would take no-break spaces too


def _fill_in(client, path, data, *, wait: float = 20, lang="en"):
    """Open the form, then send it `wait` seconds later."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stamp = client.get(f"{path}?lang={lang}").context["form"].initial["stamp"]
    with time_machine.travel(start + dt.timedelta(seconds=wait), tick=False):
        return client.post(path, {**data, "stamp": stamp, "lang": lang})


# --- 3. The limit counts each person behind the proxy, and says when to try again --------------------------------


@override_settings(PUBLIC_RATE_LIMIT=2, PUBLIC_RATE_WINDOW=600, TRUSTED_PROXY_COUNT=1)
def test_the_limit_counts_each_person_behind_the_proxy_and_says_when_to_try_again(topic):
    proxy = Client(REMOTE_ADDR="10.0.0.2")  # every request arrives from the reverse proxy

    def post(address, lang="en"):
        return proxy.post("/public/list/", {"lang": lang}, HTTP_X_FORWARDED_FOR=address)

    assert [post("203.0.113.5").status_code for _ in range(2)] == [200, 200]
    refused = post("203.0.113.5")
    assert refused.status_code == 429
    assert "Please try again in 10 minutes." in _text(refused)
    assert post("198.51.100.7").status_code == 200  # someone else behind the same proxy is not refused
    french = post("203.0.113.5", lang="fr")
    assert french.status_code == 429 and "Trop de tentatives" in _text(french) and "10" in _text(french)


# --- 4. POST-redirect-GET: a reload of the thank-you page sends nothing ------------------------------------------


def test_a_sign_up_answers_a_redirect_and_reloading_the_page_sends_no_second_email(topic):
    client = Client()
    response = _fill_in(
        client, "/public/list/", {"email": "ana@example.test", "language": "fr", "topics": [topic.pk], "consent": "on"},
        lang="fr",
    )  # fmt: skip
    assert response.status_code == 302
    assert "ana" not in response["Location"] and "example" not in response["Location"]
    for _ in range(2):  # the page and a reload of it
        page = client.get(response["Location"])
        assert page.status_code == 200 and "Consultez vos courriels" in _text(page)
    from csu.models import Reminder

    assert Reminder.objects.filter(kind="list_confirm").count() == 1


def test_feedback_answers_a_redirect_and_reloading_the_thank_you_page_records_nothing_more(event):
    client = Client()
    path = f"/public/feedback/{feedback_token(event)}/"
    response = _fill_in(client, path, {"useful": "5", "clear": "4", "recommend": "yes"})
    assert response.status_code == 302
    for _ in range(2):
        page = client.get(response["Location"])
        assert page.status_code == 200 and "Your answers were recorded." in _text(page)
    assert Feedback.objects.count() == 1


def test_a_presentation_request_answers_a_redirect_to_its_thank_you_page():
    client = Client()
    data = {
        "organisation": "Overbrook Community Centre", "contact_name": "Pat Lee", "contact_email": "pat@example.test",
        "topic": "Internet safety", "audience_description": "Parents", "language": "en",
    }  # fmt: skip
    response = _fill_in(client, "/public/request/", data, lang="fr")
    assert response.status_code == 302 and "Pat" not in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Demande reçue" in _text(page)
    client.get(response["Location"])
    assert PresentationRequest.objects.count() == 1


# --- 8. Old confirmation links say what is true ------------------------------------------------------------------


def test_a_confirm_link_used_after_unsubscribing_says_the_address_left_and_changes_nothing(topic):
    subscriber = services.subscriber_sign_up(email="ana@example.test", language="en", topics=[topic], wording="w")
    link = f"/public/list/confirm/{services.confirm_token(subscriber)}/"
    services.subscriber_unsubscribe(subscriber=subscriber)
    client = Client()
    for response in (client.get(link), client.post(link, follow=True)):
        text = _text(response)
        assert "is no longer on the list" in text and "sign up again" in text
        assert "you are subscribed" not in text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_confirm_link_opened_again_says_it_is_already_confirmed(topic):
    subscriber = services.subscriber_sign_up(email="ana@example.test", language="en", topics=[topic], wording="w")
    link = f"/public/list/confirm/{services.confirm_token(subscriber)}/"
    client = Client()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert "you are subscribed" in _text(client.get(confirmed["Location"]))
    again = _text(client.get(link))
    assert "ana@example.test is already confirmed" in again and "Confirm that" not in again


# --- 10. A quick genuine answer on a phone passes; robots' instant posts do not ---------------------------------


def test_a_feedback_answer_sent_a_second_and_a_half_after_the_page_is_accepted(event):
    path = f"/public/feedback/{feedback_token(event)}/"
    response = _fill_in(Client(), path, {"useful": "5", "clear": "5", "recommend": "yes"}, wait=1.5)
    assert response.status_code == 302 and Feedback.objects.count() == 1


def test_a_form_sent_back_at_once_says_what_to_do_and_keeps_the_answers(event):
    client = Client()
    path = f"/public/feedback/{feedback_token(event)}/"
    response = _fill_in(client, path, {"useful": "4", "clear": "3", "recommend": "no"}, wait=0.2)
    assert "press the button again" in _text(response) and not Feedback.objects.exists()
    form = response.context["form"]
    assert form["useful"].value() == "4"  # the answers are still ticked: pressing Send again is enough
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3), tick=False):
        resent = client.post(path, form.data.dict())
    assert resent.status_code == 302 and Feedback.objects.count() == 1


# --- 11. The error summary: a translatable colon, and the count of what it lists ------------------------------


def test_the_french_error_summary_puts_a_space_before_the_colon_and_counts_the_lines_it_lists(topic):
    response = _fill_in(Client(), "/public/list/", {"email": "", "topics": [], "consent": ""}, lang="fr")
    text = _text(response)
    assert "Sujets\u00a0: Ce champ est obligatoire." in text
    lines = re.findall(r"<li>", response.content.decode().split('id="form-errors"')[1].split("</ul>")[0])
    assert f"Veuillez corriger les {len(lines)} erreurs ci-dessous." in text


def test_a_field_with_two_errors_counts_two_in_the_summary():
    from django import forms
    from django.template.loader import render_to_string

    class TwoErrors(forms.Form):
        name = forms.CharField()

        def clean_name(self):
            raise forms.ValidationError(["Too short.", "Not a name."])

    form = TwoErrors({"name": "x"})
    form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert "Please correct the 2 errors below." in " ".join(html.split())


# --- 9. On a phone each rating is a target a thumb can hit (WCAG 2.5.8: at least 24 by 24 px) --------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_feedback_choice_and_the_language_link_are_large_enough_to_tap_on_a_phone(live_server, phone_page):
    start = timezone.now() - dt.timedelta(days=1)
    event = Event.objects.create(title="Open house", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    page = phone_page
    page.goto(f"{live_server.url}/public/feedback/{feedback_token(event)}/?lang=fr")
    choices = page.get_by_role("radio")
    assert choices.count() == 12  # 5 + 5 + yes/no
    for i in range(choices.count()):
        radio = choices.nth(i)
        box = radio.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        label = page.locator(f"label[for='{radio.get_attribute('id')}']").bounding_box()
        assert label["width"] >= 24 and label["height"] >= 24, label
    page.get_by_text("3", exact=True).first.click()  # tapping the label ticks its choice
    assert choices.nth(2).is_checked()
    link = page.get_by_role("link", name="English").bounding_box()
    assert link["width"] >= 24 and link["height"] >= 24, link


@override_settings(SERVICE_NAME="Ottawa Police Service", SERVICE_NAME_FR="Service de police d’Ottawa")
def test_the_public_pages_name_the_service_in_the_page_language_and_a_bad_feedback_link_says_what_to_do(client):
    english = client.get("/public/list/?lang=en").content.decode()
    french = client.get("/public/list/?lang=fr").content.decode()
    assert "Ottawa Police Service" in english and "Service de police d’Ottawa" not in english
    assert "Service de police d’Ottawa" in french and "Ottawa Police Service" not in french
    bad = client.get("/public/feedback/not-a-token/?lang=en")
    assert bad.status_code == 404 and "scan the code shown at the event again" in bad.content.decode()
    assert "mailing-list" not in bad.content.decode()


@pytest.mark.django_db
def test_the_consent_error_is_named_shortly_in_the_summary(client):
    response = client.post("/public/list/?lang=en", {"email": "a@example.test", "language": "en"})
    summary = response.content.decode().split('id="form-errors"')[1].split("</div>")[0]
    assert "Consent: Tick the box to give your consent." in summary and "I agree to receive" not in summary
