from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from csu.dates import local_midnight
from csu.form_helpers import apply_errors
from csu.lists import FilteredListView
from csu.locking import StaleVersion

from . import services
from .filters import SubscriberFilter
from .forms import BulletinForm, BulletinSendForm, SheetSubscriberForm, consent_wording
from .models import Bulletin, Subscriber


class SubscriberListView(FilteredListView):
    model = Subscriber
    filterset_class = SubscriberFilter
    permission_required = "engagement.view_subscriber"
    raise_exception = True
    template_name = "engagement/subscriber_list.html"
    sort_fields = {"email": "email", "status": "status", "consent": "consent_at"}
    default_sort = "email"
    csv_filename = "subscribers.csv"
    csv_columns = [
        (gettext_lazy("E-mail"), lambda s: s.email),
        (gettext_lazy("Language"), lambda s: s.language),
        (gettext_lazy("Status"), lambda s: s.get_status_display()),
        (gettext_lazy("Topics"), lambda s: "; ".join(str(t) for t in s.topics.all())),
        (gettext_lazy("Consent given by"), lambda s: s.get_consent_method_display()),
        (gettext_lazy("Where"), lambda s: s.consent_source),
        (gettext_lazy("Consent given at"), lambda s: s.consent_at),
        (gettext_lazy("Wording shown"), lambda s: s.consent_wording),
        (gettext_lazy("Confirmed at"), lambda s: s.confirmed_at),
        (gettext_lazy("Unsubscribed at"), lambda s: s.unsubscribed_at),
        (gettext_lazy("Refused by the mail server at"), lambda s: s.bounced_at),
        (gettext_lazy("Mail server's answer"), lambda s: s.bounce_error),
    ]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("topics")


@permission_required("engagement.add_subscriber", raise_exception=True)
def subscriber_add(request):
    form = SheetSubscriberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.subscriber_add_from_sheet(
            email=data["email"], language=data["language"], topics=list(data["topics"]), source=data["source"],
            wording=consent_wording(), consent_at=local_midnight(data["signed_on"]), by=request.user,
        )  # fmt: skip
        messages.success(request, _("%(email)s is subscribed.") % {"email": data["email"]})
        return redirect("engagement:subscriber_list")
    return render(
        request,
        "engagement/form.html",
        {
            "form": form,
            "title": _("Add an address from a sign-up sheet"),
            "cancel_url": reverse("engagement:subscriber_list"),
        },
    )


@permission_required("engagement.view_bulletin", raise_exception=True)
def bulletin_list(request):
    bulletins = Bulletin.objects.select_related("created_by").prefetch_related("topics")[:50]
    return render(request, "engagement/bulletin_list.html", {"bulletins": bulletins})


@permission_required("engagement.add_bulletin", raise_exception=True)
def bulletin_create(request):
    form = BulletinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bulletin = form.save(commit=False)
        bulletin.created_by = request.user
        bulletin.save()
        form.save_m2m()
        return redirect("engagement:bulletin_detail", pk=bulletin.pk)
    return render(
        request,
        "engagement/form.html",
        {"form": form, "title": _("New bulletin"), "cancel_url": reverse("engagement:bulletin_list")},
    )


@permission_required("engagement.view_bulletin", raise_exception=True)
def bulletin_detail(request, pk):
    bulletin = get_object_or_404(Bulletin.objects.prefetch_related("topics"), pk=pk)
    return render(
        request,
        "engagement/bulletin_detail.html",
        {"bulletin": bulletin, "recipient_count": services.recipients(bulletin).count(), "now": timezone.now()},
    )


def _already_sent(request, bulletin):
    """A sent bulletin is what its subscribers received: its edit and send pages lead back to it, saying so."""
    messages.info(request, _("This bulletin was sent: it can no longer be changed."))
    return redirect("engagement:bulletin_detail", pk=bulletin.pk)


@permission_required("engagement.change_bulletin", raise_exception=True)
def bulletin_update(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if bulletin.status != Bulletin.Status.DRAFT:
        return _already_sent(request, bulletin)
    form = BulletinForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        try:
            services.bulletin_update(
                bulletin=form.instance,
                topics=list(form.cleaned_data["topics"]),
                expected_version=form.expected_version,
                by=request.user,
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "sent":  # sent from another tab meanwhile
                return _already_sent(request, bulletin)
            apply_errors(form, exc)
        else:
            messages.success(request, _("Bulletin saved."))
            return redirect("engagement:bulletin_detail", pk=bulletin.pk)
    return render(
        request,
        "engagement/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": bulletin},
            "cancel_url": reverse("engagement:bulletin_detail", args=[bulletin.pk]),
        },
        status=400 if form.errors else 200,
    )


@permission_required("engagement.send_bulletin", raise_exception=True)
def bulletin_send(request, pk):
    """GET: what sending does (the subject, how many subscribers, that it cannot be undone); only the POST of
    that page sends, and only the version the person read there."""
    bulletin = get_object_or_404(Bulletin.objects.prefetch_related("topics"), pk=pk)
    if bulletin.status != Bulletin.Status.DRAFT:
        return _already_sent(request, bulletin)
    form = BulletinSendForm(request.POST or None, initial={"version": bulletin.version})
    changed = False
    if request.method == "POST" and form.is_valid():
        try:
            queued = services.bulletin_send(
                bulletin=bulletin, by=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleVersion:
            changed = True  # edited after this page was shown: show what it says now, send nothing
            bulletin = Bulletin.objects.prefetch_related("topics").get(pk=pk)
            if bulletin.status != Bulletin.Status.DRAFT:
                return _already_sent(request, bulletin)
            form = BulletinSendForm(initial={"version": bulletin.version})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The bulletin is on its way to %(count)s address.",
                    "The bulletin is on its way to %(count)s addresses.",
                    queued,
                )
                % {"count": queued},
            )
            return redirect("engagement:bulletin_detail", pk=bulletin.pk)
    return render(
        request,
        "engagement/bulletin_send_confirm.html",
        {
            "bulletin": bulletin,
            "form": form,
            "changed": changed,
            "recipient_count": services.recipients(bulletin).count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("engagement.send_bulletin", raise_exception=True)
def bulletin_test(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if services.bulletin_send_test(bulletin=bulletin, to=request.user):
        messages.success(
            request,
            _("A test copy is on its way to %(email)s. The subscribers get nothing until you send the bulletin.")
            % {"email": request.user.email},
        )
    else:
        messages.error(
            request, _("Your account has no e-mail address, so no test copy could be sent. Ask IT to add one.")
        )
    return redirect("engagement:bulletin_detail", pk=bulletin.pk)
