from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from csu.lists import FilteredListView

from . import services
from .filters import DestructionFilter
from .forms import DecisionForm, HoldForm
from .kinds import BY_KEY
from .models import Destruction, Hold, Review

SAMPLE = 10


@permission_required("retention.view_review", raise_exception=True)
def retention_home(request):
    return render(
        request,
        "retention/home.html",
        {
            "schedule": services.schedule(),
            "holds": Hold.objects.in_force().select_related("school"),
            "reviews": Review.objects.prefetch_related("items")[:12],
        },
    )


@permission_required("retention.view_review", raise_exception=True)
def review_detail(request, pk):
    review = get_object_or_404(Review.objects.select_related("decided_by"), pk=pk)
    items = []
    for item in review.items.all():
        kind = BY_KEY[item.kind]
        sample = kind.model_class._default_manager.filter(pk__in=item.object_ids[:SAMPLE])
        items.append({"item": item, "kind": kind, "sample": list(sample)})
    return render(
        request,
        "retention/review_detail.html",
        {"review": review, "items": items, "form": DecisionForm(), "destructions": review.destructions.all()},
    )


@require_POST
@permission_required("retention.change_review", raise_exception=True)
def review_decide(request, pk):
    review = get_object_or_404(Review, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or reject the review."))
    elif review.status != Review.Status.PENDING:
        messages.error(request, _("This review was already decided."))
    else:
        approve = form.cleaned_data["decision"] == "approve"
        services.review_decide(review=review, by=request.user, approve=approve, note=form.cleaned_data["note"])
        messages.success(
            request, _("Approved: the records are being anonymised or destroyed.") if approve else _("Rejected.")
        )
    return redirect("retention:review_detail", pk=review.pk)


@permission_required("retention.add_hold", raise_exception=True)
def hold_create(request):
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        hold = form.save(commit=False)
        hold.placed_by = request.user
        hold.save()
        messages.success(
            request, _("Hold %(hold)s placed: the records it covers will not be destroyed.") % {"hold": hold}
        )
        return redirect("retention:home")
    return render(request, "retention/hold_form.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@permission_required("retention.change_hold", raise_exception=True)
def hold_release(request, pk):
    hold = get_object_or_404(Hold, pk=pk)
    services.hold_release(hold=hold, by=request.user)
    messages.success(request, _("Hold %(hold)s released.") % {"hold": hold})
    return redirect("retention:home")


class DestructionListView(FilteredListView):
    model = Destruction
    filterset_class = DestructionFilter
    permission_required = "retention.view_destruction"
    raise_exception = True
    template_name = "retention/destruction_list.html"
    sort_fields = {"when": "done_at", "kind": "kind", "count": "count"}
    default_sort = "-when"
    csv_filename = "destructions.csv"
    csv_columns = [
        (gettext_lazy("When"), lambda d: d.done_at),
        (gettext_lazy("Kind of record"), lambda d: d.get_kind_display()),
        (gettext_lazy("Action"), lambda d: d.get_action_display()),
        (gettext_lazy("Records"), lambda d: d.count),
        (gettext_lazy("History rows"), lambda d: d.history_rows),
        (gettext_lazy("Kept under a hold"), lambda d: d.held_back),
        (gettext_lazy("Approved by"), lambda d: d.approved_by),
        (gettext_lazy("Review"), lambda d: d.review_id),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("approved_by")
