from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from csu.audit import audit_log
from csu.history import history_entries
from csu.lists import FilteredListView
from csu.models import AuditEvent
from csu.notices import CollectionNoticeMixin
from csu.submission import ServiceFormMixin

from . import services
from .filters import ActionItemFilter, CommitteeFilter, MeetingFilter, PartnerFilter
from .forms import (
    ActionItemForm,
    AttachmentForm,
    CancelForm,
    CommitteeForm,
    MeetingForm,
    PartnerForm,
    RepresentationForm,
    apply_errors,
)
from .models import ActionItem, Committee, Meeting, MeetingAttachment, Partner, Representation

# --- Partners -------------------------------------------------------------------------------------------


class PartnerList(FilteredListView):
    model = Partner
    filterset_class = PartnerFilter
    permission_required = "committees.view_partner"
    template_name = "committees/partner_list.html"
    sort_fields = {"name": "name", "type": "type", "committees": "committee_count"}
    default_sort = "name"
    csv_filename = "partners.csv"
    csv_columns = [
        (_("Name"), lambda p: p.name),
        (_("Type"), lambda p: p.get_type_display()),
        (_("Contact"), lambda p: p.contact_name),
        (_("Email"), lambda p: p.email),
        (_("Phone"), lambda p: p.phone),
        (_("Website"), lambda p: p.website),
        (_("Active"), lambda p: _("yes") if p.active else _("no")),
        (_("Committees"), lambda p: p.committee_count),
    ]

    def get_base_queryset(self):
        return Partner.objects.annotate(committee_count=Count("committees", distinct=True))


class PartnerDetail(PermissionRequiredMixin, DetailView):
    model = Partner
    permission_required = "committees.view_partner"
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["committees"] = self.object.committees.order_by("name")
        context["history_entries"] = history_entries(self.object)
        return context


class PartnerCreate(CollectionNoticeMixin, ServiceFormMixin, CreateView):
    collection_purpose = "partner"
    model = Partner
    form_class = PartnerForm
    permission_required = "committees.add_partner"

    def save(self, form):
        return services.partner_save(partner=form.instance)


class PartnerUpdate(CollectionNoticeMixin, ServiceFormMixin, UpdateView):
    collection_purpose = "partner"
    model = Partner
    form_class = PartnerForm
    permission_required = "committees.change_partner"

    def save(self, form):
        return services.partner_save(partner=form.instance, expected_version=form.expected_version)


# --- Committees -----------------------------------------------------------------------------------------


class CommitteeList(FilteredListView):
    model = Committee
    filterset_class = CommitteeFilter
    permission_required = "committees.view_committee"
    template_name = "committees/committee_list.html"
    sort_fields = {"name": "name", "pillar": "pillar", "active_from": "active_from", "open": "open_items"}
    default_sort = "name"
    csv_filename = "committees.csv"
    csv_columns = [
        (_("Name"), lambda c: c.name),
        (_("Pillar"), lambda c: c.get_pillar_display()),
        (_("CSWB area"), lambda c: c.get_cswb_area_display()),
        (_("Meeting cadence"), lambda c: c.get_meeting_cadence_display()),
        (_("Active from"), lambda c: c.active_from),
        (_("Active to"), lambda c: c.active_to),
        (_("Partners"), lambda c: "; ".join(p.name for p in c.partners.all())),
        (_("Open action items"), lambda c: c.open_items),
    ]

    def get_base_queryset(self):
        return Committee.objects.annotate(
            open_items=Count("action_items", filter=Q(action_items__closed_on__isnull=True), distinct=True)
        ).prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        # "How many committees do we sit on?" for the chosen day: the page says it in a sentence.
        context["represented_on"] = form.cleaned_data.get("represented_on") if form.is_valid() else None
        return context

    def export_csv(self, queryset):
        # Prefetching needs a list (iterator() would drop it): committees are a few dozen rows.
        return super().export_csv(_ListQuerySet(list(queryset)))


class _ListQuerySet(list):
    def iterator(self, chunk_size=None):
        return iter(self)


class CommitteeDetail(PermissionRequiredMixin, DetailView):
    model = Committee
    permission_required = "committees.view_committee"
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        committee = self.object
        today = timezone.localdate()
        context.update(
            {
                "today": today,
                "active_today": committee.is_active_on(today),
                "partners": committee.partners.order_by("name"),
                "representations": committee.representations.select_related("staff").order_by("-start"),
                "meetings": committee.meetings.prefetch_related("attendees", "attachments").order_by("-starts_at"),
                "action_items": committee.action_items.select_related("owner", "meeting").order_by(
                    "closed_on", "due_on", "pk"
                ),
                "history_entries": history_entries(committee),
            }
        )
        return context


class CommitteeCreate(ServiceFormMixin, CreateView):
    model = Committee
    form_class = CommitteeForm
    permission_required = "committees.add_committee"

    def save(self, form):
        return services.committee_save(committee=form.instance, partners=list(form.cleaned_data["partners"]))


class CommitteeUpdate(ServiceFormMixin, UpdateView):
    model = Committee
    form_class = CommitteeForm
    permission_required = "committees.change_committee"

    def save(self, form):
        return services.committee_save(
            committee=form.instance,
            partners=list(form.cleaned_data["partners"]),
            expected_version=form.expected_version,
        )


# --- Representation -------------------------------------------------------------------------------------


class RepresentationCreate(ServiceFormMixin, CreateView):
    model = Representation
    form_class = RepresentationForm
    permission_required = "committees.add_representation"

    def dispatch(self, request, *args, **kwargs):
        self.committee = get_object_or_404(Committee, pk=kwargs["committee_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Representation(committee=self.committee)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(committee=self.committee, **kwargs)

    def save(self, form):
        return services.representation_save(representation=form.instance)

    def get_success_url(self):
        return self.committee.get_absolute_url()


class RepresentationUpdate(ServiceFormMixin, UpdateView):
    model = Representation
    form_class = RepresentationForm
    permission_required = "committees.change_representation"

    def get_context_data(self, **kwargs):
        return super().get_context_data(committee=self.object.committee, **kwargs)

    def save(self, form):
        return services.representation_save(representation=form.instance)

    def get_success_url(self):
        return self.object.committee.get_absolute_url()


# --- Meetings -------------------------------------------------------------------------------------------


class MeetingList(FilteredListView):
    model = Meeting
    filterset_class = MeetingFilter
    permission_required = "committees.view_meeting"
    template_name = "committees/meeting_list.html"
    sort_fields = {"starts_at": "starts_at", "committee": "committee__name", "status": "status"}
    default_sort = "-starts_at"
    csv_filename = "meetings.csv"
    csv_columns = [
        (_("Committee"), lambda m: m.committee.name),
        (_("Starts at"), lambda m: m.starts_at),
        (_("Location"), lambda m: m.location),
        (_("Status"), lambda m: m.get_status_display()),
        (_("Reason for cancelling"), lambda m: m.cancel_reason),
        (_("Attendees"), lambda m: m.attendee_count),
        (_("Attachments"), lambda m: m.attachment_count),
    ]

    def get_base_queryset(self):
        return Meeting.objects.select_related("committee").annotate(
            attendee_count=Count("attendees", distinct=True), attachment_count=Count("attachments", distinct=True)
        )


class MeetingDetail(PermissionRequiredMixin, DetailView):
    model = Meeting
    permission_required = "committees.view_meeting"
    raise_exception = True

    def get_queryset(self):
        return Meeting.objects.select_related("committee")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "attendees": self.object.attendees.all(),
                "partners_present": self.object.partners_present.order_by("name"),
                "attachments": self.object.attachments.select_related("uploaded_by"),
                "action_items": self.object.action_items.select_related("owner"),
                "attachment_form": AttachmentForm(),
                "cancel_form": CancelForm(initial={"version": self.object.version}),
                "history_entries": history_entries(self.object),
            }
        )
        return context


class MeetingCreate(ServiceFormMixin, CreateView):
    model = Meeting
    form_class = MeetingForm
    permission_required = "committees.add_meeting"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("committee", "").isdigit():
            initial["committee"] = self.request.GET["committee"]
        return initial

    def save(self, form):
        return services.meeting_save(
            meeting=form.instance,
            attendees=list(form.cleaned_data["attendees"]),
            partners_present=list(form.cleaned_data["partners_present"]),
        )


class MeetingUpdate(ServiceFormMixin, UpdateView):
    model = Meeting
    form_class = MeetingForm
    permission_required = "committees.change_meeting"

    def save(self, form):
        return services.meeting_save(
            meeting=form.instance,
            attendees=list(form.cleaned_data["attendees"]),
            partners_present=list(form.cleaned_data["partners_present"]),
            expected_version=form.expected_version,
        )


@require_POST
@permission_required("committees.change_meeting", raise_exception=True)
def meeting_cancel(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting cancelled."))
            return redirect(meeting)
    return render(request, "committees/meeting_cancel.html", {"meeting": meeting, "form": form}, status=400)


@require_POST
@permission_required("committees.add_meetingattachment", raise_exception=True)
def attachment_upload(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                meeting=meeting, uploaded=form.cleaned_data["file"], kind=form.cleaned_data["kind"], by=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect(meeting)
    return render(request, "committees/attachment_form.html", {"meeting": meeting, "form": form}, status=400)


@permission_required("committees.view_meetingattachment", raise_exception=True)
def attachment_download(request, pk: int):
    """The only way to read an attachment: files live outside any public URL."""
    attachment = get_object_or_404(MeetingAttachment.objects.select_related("meeting"), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    audit_log(request, AuditEvent.Action.ATTACHMENT_DOWNLOADED, target=attachment, detail=attachment.original_name)
    return response


# --- Action items ---------------------------------------------------------------------------------------


class ActionItemList(FilteredListView):
    model = ActionItem
    filterset_class = ActionItemFilter
    permission_required = "committees.view_actionitem"
    template_name = "committees/actionitem_list.html"
    sort_fields = {"due_on": "due_on", "committee": "committee__name", "closed_on": "closed_on"}
    default_sort = "due_on"
    csv_filename = "action-items.csv"
    csv_columns = [
        (_("Committee"), lambda a: a.committee.name),
        (_("Description"), lambda a: a.description),
        (_("Owner"), lambda a: a.owner_label),
        (_("Due on"), lambda a: a.due_on),
        (_("Closed on"), lambda a: a.closed_on),
    ]

    def get_base_queryset(self):
        return ActionItem.objects.select_related("committee", "owner", "meeting")

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


def _action_item_return_url(request, item: ActionItem) -> str:
    """Back where the person came from (`next`, when it is a page of this site), else the meeting the item came
    from, else its committee."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    if item.meeting_id:
        return item.meeting.get_absolute_url()
    return item.committee.get_absolute_url()


class ActionItemCreate(ServiceFormMixin, CreateView):
    model = ActionItem
    form_class = ActionItemForm
    permission_required = "committees.add_actionitem"

    def get_initial(self):
        initial = super().get_initial()
        for key in ("committee", "meeting"):
            if self.request.GET.get(key, "").isdigit():
                initial[key] = int(self.request.GET[key])
        return initial

    def save(self, form):
        return services.action_item_save(item=form.instance)

    def get_success_url(self):
        return _action_item_return_url(self.request, self.object)


class ActionItemUpdate(ServiceFormMixin, UpdateView):
    model = ActionItem
    form_class = ActionItemForm
    permission_required = "committees.change_actionitem"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.object)
        return context

    def save(self, form):
        return services.action_item_save(item=form.instance, expected_version=form.expected_version)

    def get_success_url(self):
        return _action_item_return_url(self.request, self.object)


@require_POST
@permission_required("committees.change_actionitem", raise_exception=True)
def actionitem_close(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("committee"), pk=pk)
    version = request.POST.get("version", "")
    try:
        if item.is_open:
            services.action_item_close(item=item, expected_version=int(version) if version.isdigit() else None)
        else:
            services.action_item_reopen(item=item, expected_version=int(version) if version.isdigit() else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Action item closed.") if item.closed_on else _("Action item reopened."))
    return redirect(item.committee)
