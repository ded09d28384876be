import calendar as pycalendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.models import CalendarToken, Role, User
from csu import cache
from csu.dates import sunday_on_or_before
from csu.form_helpers import apply_errors, staff_queryset
from csu.history import history_entries
from csu.lists import FilteredListView
from csu.submission import ServiceFormMixin

from . import services
from .feeds import feed_items, render_ics
from .filters import EventFilter
from .forms import CancelForm, EventForm, OverrideForm, WeekForm
from .models import AwarenessWeek, AwarenessWeekOverride, Event
from .selectors import calendar_collect, calendar_collect_summary, calendar_days, calendar_kinds, calendar_topics

# --- Events ---------------------------------------------------------------------------------------------


class EventList(FilteredListView):
    model = Event
    filterset_class = EventFilter
    permission_required = "events.view_event"
    template_name = "events/event_list.html"
    sort_fields = {"starts_at": "starts_at", "title": "title", "type": "type", "status": "status"}
    default_sort = "-starts_at"
    csv_filename = "events.csv"
    csv_columns = [
        (_("Title"), lambda e: e.title),
        (_("Type"), lambda e: e.get_type_display()),
        (_("Awareness week"), lambda e: e.awareness_week.name_en if e.awareness_week_id else ""),
        (_("Starts at"), lambda e: e.starts_at),
        (_("Ends at"), lambda e: e.ends_at),
        (_("Location"), lambda e: e.location),
        (_("Lead"), lambda e: e.lead or ""),
        (_("Other staff"), lambda e: e.staff_count),
        (_("Partners"), lambda e: e.partner_count),
        (_("Expected attendance"), lambda e: e.expected_attendance),
        (_("Actual attendance"), lambda e: e.actual_attendance),
        (_("Status"), lambda e: e.get_status_display()),
        (_("Reason for cancelling"), lambda e: e.cancel_reason),
    ]

    def get_base_queryset(self):
        return Event.objects.select_related("awareness_week", "lead").annotate(
            staff_count=Count("staff", distinct=True), partner_count=Count("partners", distinct=True)
        )


class EventDetail(PermissionRequiredMixin, DetailView):
    model = Event
    permission_required = "events.view_event"
    raise_exception = True

    def get_queryset(self):
        return Event.objects.select_related("awareness_week", "lead")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "staff": self.object.staff.all(),
                "partners": self.object.partners.all(),
                "cancel_form": CancelForm(initial={"version": self.object.version}),
                "history_entries": history_entries(self.object),
            }
        )
        return context


class EventCreate(ServiceFormMixin, CreateView):
    model = Event
    form_class = EventForm
    permission_required = "events.add_event"

    def get_initial(self):
        initial = super().get_initial()
        week_id = self.request.GET.get("awareness_week", "")
        if week_id.isdigit():
            initial["awareness_week"] = int(week_id)
            initial["type"] = Event.Type.AWARENESS_WEEK
        return initial

    def save(self, form):
        return services.event_save(
            event=form.instance,
            partners=list(form.cleaned_data["partners"]),
            staff=list(form.cleaned_data["staff"]),
        )


class EventUpdate(ServiceFormMixin, UpdateView):
    model = Event
    form_class = EventForm
    permission_required = "events.change_event"

    def save(self, form):
        return services.event_save(
            event=form.instance,
            partners=list(form.cleaned_data["partners"]),
            staff=list(form.cleaned_data["staff"]),
            expected_version=form.expected_version,
        )


@require_POST
@permission_required("events.change_event", raise_exception=True)
def event_cancel(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.event_cancel(
                event=event, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event cancelled."))
            return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event, "form": form}, status=400)


# --- Awareness weeks ------------------------------------------------------------------------------------


class WeekList(PermissionRequiredMixin, ListView):
    model = AwarenessWeek
    permission_required = "events.view_awarenessweek"
    raise_exception = True
    template_name = "events/week_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        first, last = dt.date(year, 1, 1), dt.date(year + 1, 12, 31)
        occurrences = services.weeks_overlapping(first, last)
        context["year"] = year
        context["rows"] = [
            {
                "week": week,
                "this_year": next(((a, b) for w, a, b in occurrences if w.pk == week.pk and a.year == year), None),
                "next_year": next(((a, b) for w, a, b in occurrences if w.pk == week.pk and a.year == year + 1), None),
            }
            for week in context["object_list"]
        ]
        return context


class WeekDetail(PermissionRequiredMixin, DetailView):
    model = AwarenessWeek
    permission_required = "events.view_awarenessweek"
    raise_exception = True
    template_name = "events/week_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        overrides = {o.year: o for o in self.object.overrides.all()}
        context["years"] = [
            {"year": y, "dates": services.week_dates(self.object, y), "override": overrides.get(y)}
            for y in range(year - 1, year + 3)
        ]
        context["overrides"] = self.object.overrides.order_by("-year")
        context["events"] = self.object.events.select_related("lead").order_by("-starts_at")[:50]
        context["history_entries"] = history_entries(self.object)
        return context


class WeekUpdate(ServiceFormMixin, UpdateView):
    model = AwarenessWeek
    form_class = WeekForm
    permission_required = "events.change_awarenessweek"
    template_name = "events/week_form.html"

    def save(self, form):
        form.instance.full_clean()
        form.instance.save()
        return form.instance


class OverrideCreate(ServiceFormMixin, CreateView):
    model = AwarenessWeekOverride
    form_class = OverrideForm
    permission_required = "events.add_awarenessweekoverride"
    template_name = "events/override_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.week = get_object_or_404(AwarenessWeek, pk=kwargs["week_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = AwarenessWeekOverride(week=self.week)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(week=self.week, **kwargs)

    def save(self, form):
        return services.week_override_save(override=form.instance)

    def get_success_url(self):
        return self.week.get_absolute_url()


class OverrideUpdate(ServiceFormMixin, UpdateView):
    model = AwarenessWeekOverride
    form_class = OverrideForm
    permission_required = "events.change_awarenessweekoverride"
    template_name = "events/override_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(week=self.object.week, **kwargs)

    def save(self, form):
        return services.week_override_save(override=form.instance)

    def get_success_url(self):
        return self.object.week.get_absolute_url()


# --- Calendar -------------------------------------------------------------------------------------------

VIEWS = ("month", "week", "day", "agenda")
AGENDA_DAYS = 28
# A month cell lists this many items; the others are counted, with a link to that day (a month of a large
# service holds about 3,000 sessions: listing them all made a 1.3 MB page that took half a second to build).
MONTH_PER_DAY = 4


def _parse_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


@require_GET
def calendar_view(request):
    """Month, week or agenda of every provider's items (visible to every signed-in staff member)."""
    view = request.GET.get("view", "month")
    if view not in VIEWS:
        view = "month"
    anchor = _parse_day(request.GET.get("date", ""))
    if anchor.year < 1900 or anchor.year > 2999:
        anchor = timezone.localdate()
    all_kinds = calendar_kinds()
    kinds = [k for k in request.GET.getlist("kind") if k in all_kinds]
    staff = None
    staff_choices = list(staff_queryset())
    # Opens on the signed-in person's own items; "Everyone" is an explicit choice (staff=).
    staff_id = request.GET.get("staff", str(request.user.pk))
    if staff_id.isdigit():
        staff = next((u for u in staff_choices if u.pk == int(staff_id)), None)

    if view == "month":
        month_first = anchor.replace(day=1)
        month_last = anchor.replace(day=pycalendar.monthrange(anchor.year, anchor.month)[1])
        first = sunday_on_or_before(month_first)
        last = sunday_on_or_before(month_last) + dt.timedelta(days=6)
        previous = (month_first - dt.timedelta(days=1)).replace(day=1)
        following = month_last + dt.timedelta(days=1)
        month = anchor.month
    elif view == "day":
        first = last = anchor
        previous, following = anchor - dt.timedelta(days=1), anchor + dt.timedelta(days=1)
        month = None
    elif view == "week":
        first = sunday_on_or_before(anchor)
        last = first + dt.timedelta(days=6)
        previous, following = first - dt.timedelta(days=7), first + dt.timedelta(days=7)
        month = None
    else:
        first = anchor
        last = anchor + dt.timedelta(days=AGENDA_DAYS - 1)
        previous, following = first - dt.timedelta(days=AGENDA_DAYS), first + dt.timedelta(days=AGENDA_DAYS)
        month = None
    window = {"start": first, "end": last + dt.timedelta(days=1), "user": request.user, "staff": staff}

    def grid() -> dict:
        if view == "month":
            items, left_out = calendar_collect_summary(**window, kinds=kinds or None, per_day=MONTH_PER_DAY)
        else:
            items, left_out = calendar_collect(**window, kinds=kinds or None), None
        days = calendar_days(
            first=first,
            last=last,
            items=items,
            month=month,
            labels=all_kinds,
            per_day=MONTH_PER_DAY if view == "month" else None,
            left_out=left_out,
        )
        return {
            "days": days,
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "agenda_days": [d for d in days if d.items or d.weeks] if view not in ("week", "day") else days,
            "month_days": [d for d in days if d.in_month and (d.items or d.weeks)],
            "item_count": len(items) + sum((left_out or {}).values()),
        }

    query = request.GET.copy()
    query.pop("date", None)
    query.pop("view", None)
    context = {
        "view": view,
        "anchor": anchor,
        "first": first,
        "last": last,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "all_kinds": list(all_kinds.items()),
        "kinds": kinds,
        "staff_choices": staff_choices,
        "staff": staff,
        "filter_query": query.urlencode(),
    }

    # The grid's markup is kept until one of the providers' rows changes (csu.cache.versions; None: this request's
    # transaction changed some), per address and viewer; its items are read only to draw it.
    version = cache.versions(calendar_topics())
    grid_html = cache.kept_markup(
        request, "events/_calendar_body.html", lambda: {**context, "grid": grid()}, version, request.get_full_path()
    )
    return render(request, "events/calendar.html", {**context, "grid_html": grid_html})


# --- iCalendar feeds ------------------------------------------------------------------------------------


@login_not_required
@never_cache
@require_GET
def feed(request, token: str):
    """The token owner's items as iCalendar; the token is the credential, so a revoked one is a 404."""
    found = services.calendar_token_use(raw=token)
    if found is None:
        raise Http404
    kind = request.GET.get("kind") or None
    scope_all = request.GET.get("scope") == "all"
    # A calendar client sends no useful Accept-Language: the feed speaks the owner's saved language.
    with translation.override(found.user.language or translation.get_language()):
        items = feed_items(user=found.user, kind=kind, scope_all=scope_all)
        body = render_ics(items, request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="csu.ics"'
    return response


def tokens(request):
    """Create, see and revoke one's own calendar subscription links.

    Only a hash of each secret is stored, so a new link is shown once, in the answer to the POST that made it
    (not carried through a redirect: the secret is kept nowhere, not even in the session).
    """
    new_link, status = None, 200
    if request.method == "POST":
        _token, raw = services.calendar_token_create(user=request.user)
        new_link = request.build_absolute_uri(reverse("events:feed", args=[raw]))
        messages.success(request, _("A new subscription link was created."))
        status = 201  # created, and shown on this page rather than after a redirect
    return render(
        request,
        "events/token_list.html",
        {
            "tokens": list(CalendarToken.objects.filter(user=request.user).order_by("-created_at")),
            "new_link": new_link,
            "is_supervisor": request.user.role == Role.SUPERVISOR,
        },
        status=status,
    )


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(CalendarToken, pk=pk, user=request.user)
    if token.revoked_at is None:
        services.calendar_token_revoke(token=token)
        messages.success(request, _("The subscription link was revoked; calendars using it stop updating."))
    return redirect("events:token_list")


__all__ = ["User"]
