from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csu.lists import FilteredListView
from csu.notices import collection_notice

from .blockwatch import Group
from .filters import GroupFilter
from .forms import ActivityForm, CaptainForm, GroupForm


def visible_groups(user):
    """The groups a person may see: an officer, those they support (the captains' names and telephone numbers are
    residents' details given for that group); the coordinator and the supervisor, all of them."""
    groups = Group.objects.all()
    return groups.filter(officer=user) if user.is_officer else groups


class GroupListView(FilteredListView):
    model = Group
    filterset_class = GroupFilter
    permission_required = "engagement.view_group"
    raise_exception = True
    template_name = "engagement/group_list.html"
    sort_fields = {"name": "name", "status": "status", "households": "households"}
    default_sort = "name"
    csv_filename = "block-watch.csv"
    csv_columns = [
        (gettext_lazy("Name"), lambda g: g.name),
        (gettext_lazy("Status"), lambda g: g.get_status_display()),
        (gettext_lazy("Households"), lambda g: g.households),
        (gettext_lazy("Supporting officer"), lambda g: g.officer or ""),
        (gettext_lazy("Started on"), lambda g: g.started_on),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=visible_groups(self.request.user)).select_related("officer")


def _group_form(request, group=None):
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        return redirect(saved)
    title = _("Edit %(name)s") % {"name": group} if group else _("New Block Watch group")
    cancel_url = group.get_absolute_url() if group else reverse("engagement:group_list")
    return render(request, "engagement/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@permission_required("engagement.add_group", raise_exception=True)
def group_create(request):
    return _group_form(request)


@permission_required("engagement.change_group", raise_exception=True)
def group_update(request, pk):
    return _group_form(request, get_object_or_404(Group, pk=pk))


@permission_required("engagement.view_group", raise_exception=True)
def group_detail(request, pk):
    group = get_object_or_404(visible_groups(request.user).select_related("officer"), pk=pk)
    captain_form = CaptainForm(prefix="captain")
    activity_form = ActivityForm(prefix="activity")
    if (
        request.method == "POST"
        and request.POST.get("add") == "captain"
        and request.user.has_perm("engagement.add_captain")
    ):
        captain_form = CaptainForm(request.POST, prefix="captain")
        if captain_form.is_valid():
            captain = captain_form.save(commit=False)
            captain.group = group
            captain.save()
            return redirect(group)
    elif (
        request.method == "POST"
        and request.POST.get("add") == "activity"
        and request.user.has_perm("engagement.add_activity")
    ):
        activity_form = ActivityForm(request.POST, prefix="activity")
        if activity_form.is_valid():
            activity = activity_form.save(commit=False)
            activity.group, activity.recorded_by = group, request.user
            activity.officer = request.user if request.user.is_officer else None
            activity.save()
            return redirect(group)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "engagement/group_detail.html",
        {
            "group": group,
            "captains": group.captains.filter(active=True),
            "activities": group.activities.select_related("officer")[:50],
            "captain_form": captain_form,
            "activity_form": activity_form,
            "notice": collection_notice("captain"),
        },
        status=400 if captain_form.errors or activity_form.errors else 200,
    )
