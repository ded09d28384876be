"""The public pages: no sign-in, nothing of the records, a limit per address, spam kept out by engagement.guard.

A form that is accepted answers with a redirect to its own page with ?sent=1, which shows the thank-you text
(POST-redirect-GET): reloading it sends nothing again, and the URL holds nothing about the person."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from csu.text import interface_language, service_name

from . import services
from .forms import FeedbackForm, PublicRequestForm, SubscribeForm, consent_wording
from .guard import over_limit, window_minutes
from .models import Subscriber


def _language(request, default: str | None = None) -> str:
    """The language asked for (?lang=, or the form's), else `default` (a subscriber's own), else the browser's."""
    wanted = request.GET.get("lang") or request.POST.get("lang") or ""
    return interface_language(wanted, default=default or translation.get_language())


def _render(request, template, context, status=200, *, default_language: str | None = None):
    language = _language(request, default_language)
    with translation.override(language):
        context = {**context, "lang": language[:2], "sent": _sent(request), "service_name": service_name()}
        return render(request, template, context, status=status)


def _too_many(request):
    return _render(request, "engagement/public/too_many.html", {"minutes": window_minutes()}, status=429)


def _thanks(request, *, default_language: str | None = None):
    """The redirect after an accepted form: the same page with ?sent=1, which shows the thank-you text, in the
    language the form was filled in (nothing about the person in the URL)."""
    return redirect(f"{request.path}?sent=1&lang={_language(request, default_language)[:2]}")


def _sent(request) -> bool:
    return request.method == "GET" and request.GET.get("sent") == "1"


@login_not_required
def list_subscribe(request):
    with translation.override(_language(request)):
        if request.method == "POST":
            if over_limit(request, "subscribe"):
                return _too_many(request)
            form = SubscribeForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                services.subscriber_sign_up(
                    email=data["email"],
                    language=data["language"],
                    topics=list(data["topics"]),
                    wording=consent_wording(),
                )
                return _thanks(request)
        elif _sent(request):
            return _render(request, "engagement/public/check_email.html", {})
        else:
            form = SubscribeForm(initial={"language": _language(request)[:2]})
        return _render(request, "engagement/public/subscribe.html", {"form": form})


@login_not_required
def list_confirm(request, token):
    """The link of the confirmation e-mail. Opening it changes nothing (mail scanners open links); the button
    does. A link of an address that has left the list since (or that the mail server refused) says so: only a
    new sign-up puts it back on the list."""
    subscriber = services.subscriber_from_token(token, confirm=True)
    if subscriber is None:
        return _render(request, "engagement/public/bad_link.html", {}, status=404)
    # The links of the e-mails carry no language: the pages they open speak the subscriber's.
    language = services.mail_language(subscriber)
    if request.method == "POST" and subscriber.status == Subscriber.Status.PENDING:
        services.subscriber_confirm(subscriber=subscriber)
        return _thanks(request, default_language=language)
    if _sent(request) and subscriber.status == Subscriber.Status.CONFIRMED:
        return _render(request, "engagement/public/confirmed.html", {}, default_language=language)
    return _render(request, "engagement/public/confirm.html", {"subscriber": subscriber}, default_language=language)


@csrf_exempt  # RFC 8058 one-click: the mail program POSTs with no form; the signed token is the credential
@login_not_required
def list_unsubscribe(request, token):
    subscriber = services.subscriber_from_token(token, confirm=False)
    if subscriber is None:
        return _render(request, "engagement/public/bad_link.html", {}, status=404)
    done = False
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        done = True
    context = {"done": done, "subscriber": subscriber}
    return _render(
        request, "engagement/public/unsubscribe.html", context, default_language=services.mail_language(subscriber)
    )


@login_not_required
def request_presentation(request):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from csu.notices import collection_notice
    from programs.services import presentation_request_create

    if _sent(request):
        return _render(request, "engagement/public/request_thanks.html", {})
    with translation.override(_language(request)):
        # The presentation's language starts as the page's: a French page proposes a French presentation.
        form = PublicRequestForm(request.POST or None, initial={"language": _language(request)[:2]})
        if request.method == "POST":
            if over_limit(request, "request"):
                return _too_many(request)
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k not in ("website", "stamp")}
                data["audience_size"] = data.get("audience_size")
                data["received_on"] = timezone.localdate()
                # No note: a request without an author (created_by None) is one from this form, which the
                # coordinator's pages can say in the reader's language.
                try:
                    presentation_request_create(data=data, by=None)
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
                else:
                    return _thanks(request)
        notice = collection_notice("presentation_request")
        return _render(request, "engagement/public/request.html", {"form": form, "notice": notice})


@login_not_required
def feedback(request, token):
    from .feedback import event_from_token, feedback_closes_at, feedback_open
    from .models import Feedback

    event = event_from_token(token)
    if event is None:
        return _render(request, "engagement/public/bad_link.html", {"feedback": True}, status=404)
    if _sent(request):
        return _render(request, "engagement/public/feedback_thanks.html", {"event": event})
    if not feedback_open(event):  # a GET or a late POST alike: nothing is saved
        return _render(
            request, "engagement/public/feedback_closed.html", {"event": event, "closed_at": feedback_closes_at(event)}
        )
    with translation.override(_language(request)):
        form = FeedbackForm(request.POST or None)
        if request.method == "POST":
            if over_limit(request, "feedback"):
                return _too_many(request)
            if form.is_valid():
                data = form.cleaned_data
                Feedback.objects.create(
                    event=event, useful=data["useful"], clear=data["clear"], recommend=data["recommend"],
                    comment=data["comment"],
                )  # fmt: skip
                return _thanks(request)
        return _render(request, "engagement/public/feedback.html", {"form": form, "event": event})
