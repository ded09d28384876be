"""Read-side queries shared by views, dashboards, the calendar and the annual report."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from .models import ActionItem, Committee, Meeting, Representation


def committees_represented_on(day: dt.date) -> int:
    """How many committees the service sits on on `day`: active committees with a staff member representing
    the service on that date."""
    return (
        Committee.objects.active_on(day)
        .filter(
            Q(representations__start__lte=day), Q(representations__end__isnull=True) | Q(representations__end__gte=day)
        )
        .distinct()
        .count()
    )


def committees_with_representation_on(day: dt.date):
    represented = Representation.objects.on(day).values("committee_id")
    return (
        Committee.objects.active_on(day)
        .filter(pk__in=represented)
        .annotate(open_items=Count("action_items", filter=Q(action_items__closed_on__isnull=True)))
        .order_by("name")
    )


def meetings_between(start: dt.datetime, end: dt.datetime):
    return Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related("committee")


def overdue_action_items(today: dt.date):
    return ActionItem.objects.overdue(today).select_related("committee", "owner").order_by("due_on", "pk")
