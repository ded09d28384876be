"""Plan a term: schedule the fall or spring round for many schools at once, spread evenly over the weekdays of the
weeks chosen. Each planned drill becomes an ordinary scheduled drill (drills.services.drill_schedule), all in one
transaction: a school that cannot take one stops the whole plan, with its reason, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from schools.models import Assignment, School

from . import services
from .models import Drill, DrillKind


@dataclass(frozen=True)
class PlannedDrill:
    school: School
    officer: User
    day: dt.date


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekdays(weeks: list[dt.date]) -> list[dt.date]:
    """Monday to Friday of each chosen week (any day names its week), in order, each week once."""
    mondays = sorted({monday_of(w) for w in weeks})
    return [m + dt.timedelta(days=i) for m in mondays for i in range(5)]


def schools_in_scope(*, user: User, everyone: bool) -> list[tuple[School, User]]:
    """(school, its current officer) for the user's own schools, or every active school with an officer."""
    assignments = Assignment.objects.current().filter(school__active=True).select_related("school", "officer")
    if not everyone:
        assignments = assignments.filter(officer=user)
    return [(a.school, a.officer) for a in assignments.order_by("school__name_en", "school_id")]


def term_plan(*, schools: list[tuple[School, User]], weeks: list[dt.date], kind: DrillKind) -> list[PlannedDrill]:
    """Spread the schools evenly over the weekdays of `weeks`; a school already holding a scheduled drill of `kind`
    in those weeks is left out (the plan never books a school twice)."""
    days = [d for d in weekdays(weeks) if d >= timezone.localdate()]
    if not days or not schools:
        return []
    booked = set(
        Drill.objects.filter(
            school__in=[s for s, _o in schools],
            kind=kind,
            status=Drill.Status.SCHEDULED,
            occurs_on__range=(days[0], days[-1]),
        ).values_list("school_id", flat=True)
    )
    todo = [(s, o) for s, o in schools if s.pk not in booked]
    return [PlannedDrill(school=s, officer=o, day=days[i * len(days) // len(todo)]) for i, (s, o) in enumerate(todo)]


@transaction.atomic
def term_plan_create(*, user: User, plan: list[PlannedDrill], kind: DrillKind, at: dt.time) -> list[Drill]:
    created = []
    for item in plan:
        when = timezone.make_aware(dt.datetime.combine(item.day, at))
        try:
            created.append(
                services.drill_schedule(
                    user=user, school=item.school, kind=kind, scheduled_for=when, lead_officer=item.officer
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                _("%(school)s: %(reason)s") % {"school": item.school.name, "reason": " ".join(exc.messages)}
            ) from exc
    return created
