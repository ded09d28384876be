"""The public pages: no sign-in, nothing of the records, a limit per address, spam kept out by engagement.guard."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from . import services
from .forms import FeedbackForm, PublicRequestForm, SubscribeForm, consent_wording
from .guard import over_limit


def _language(request) -> str:
    wanted = request.GET.get("lang") or request.POST.get("lang") or ""
    return "fr-ca" if wanted.startswith("fr") else ("en-ca" if wanted.startswith("en") else translation.get_language())


def _render(request, template, context, status=200):
    language = _language(request)
    with translation.override(language):
        context = {**context, "lang": language[:2], "service_name": settings.SERVICE_NAME}
        return render(request, template, context, status=status)


@login_not_required
def list_subscribe(request):
    with translation.override(_language(request)):
        if request.method == "POST":
            if over_limit(request, "subscribe"):
                return _render(request, "engagement/public/too_many.html", {}, status=429)
            form = SubscribeForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                services.subscriber_sign_up(
                    email=data["email"],
                    language=data["language"],
                    topics=list(data["topics"]),
                    wording=consent_wording(),
                )
                return _render(request, "engagement/public/check_email.html", {})
        else:
            form = SubscribeForm(initial={"language": _language(request)[:2]})
        return _render(request, "engagement/public/subscribe.html", {"form": form})


@login_not_required
def list_confirm(request, token):
    subscriber = services.subscriber_from_token(token, confirm=True)
    if subscriber is None:
        return _render(request, "engagement/public/bad_link.html", {}, status=404)
    done = False
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        done = True
    return _render(request, "engagement/public/confirm.html", {"done": done, "subscriber": subscriber})


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
    return _render(request, "engagement/public/unsubscribe.html", {"done": done, "subscriber": subscriber})


@login_not_required
def request_presentation(request):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from csu.notices import collection_notice
    from programs.services import presentation_request_create

    with translation.override(_language(request)):
        form = PublicRequestForm(request.POST or None)
        if request.method == "POST":
            if over_limit(request, "request"):
                return _render(request, "engagement/public/too_many.html", {}, status=429)
            if form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if k not in ("website", "stamp")}
                data["audience_size"] = data.get("audience_size")
                data["received_on"] = timezone.localdate()
                data["notes"] = "Received through the public request form."
                try:
                    presentation_request_create(data=data, by=None)
                except ValidationError as error:
                    for field, messages in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
                else:
                    return _render(request, "engagement/public/request_thanks.html", {})
        notice = collection_notice("presentation_request")
        return _render(request, "engagement/public/request.html", {"form": form, "notice": notice})


@login_not_required
def feedback(request, token):
    from .feedback import event_from_token
    from .models import Feedback

    event = event_from_token(token)
    if event is None:
        return _render(request, "engagement/public/bad_link.html", {}, status=404)
    with translation.override(_language(request)):
        form = FeedbackForm(request.POST or None)
        if request.method == "POST":
            if over_limit(request, "feedback"):
                return _render(request, "engagement/public/too_many.html", {}, status=429)
            if form.is_valid():
                data = form.cleaned_data
                Feedback.objects.create(
                    event=event, useful=data["useful"], clear=data["clear"], recommend=data["recommend"],
                    comment=data["comment"],
                )  # fmt: skip
                return _render(request, "engagement/public/feedback_thanks.html", {"event": event})
        return _render(request, "engagement/public/feedback.html", {"form": form, "event": event})
