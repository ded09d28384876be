"""Period selectors: which schools the unit served during a period, and who held each of them, day by day.

The dashboards, the compliance board and the annual report all read these, so that they cannot disagree:

- **Served** during [start, end]: in the unit's scope (`in_scope_q`) and open for at least one day of it — opened
  on or before `end` (no opening date: open since before any period) and not closed before `start` (an inactive
  school without a closing date counts nowhere: the day it closed is unknown).
- **Held**: an assignment covers a day from its `start` to its `end` (inclusive, open-ended when empty), clipped to
  the days the school was open in the period.
- **Credited officer** of a school for a period (compliance by officer, "schools by officer"): the officer who held
  it on the last day it was served in the period (the period's last day, or the day it closed); when nobody held it
  that day, the last officer who held it during the period; else nobody. For a running period the last day is
  today, so the board's "officer" column (today's officer) and the report agree; for a past school year it is
  the officer who held the school at the year's end, not whoever holds it now.
- **Schools per officer**: the average of the "schools by officer" table — for each officer who held at least one
  served school during the period, the schools they held; summed and divided by those officers. (Dividing every
  school served by the officers contradicted that table as soon as schools without an officer were imported; the
  schools nobody held show as unassigned school-days instead.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .models import Assignment, CategoryScope, School

# Categories the unit does not serve until a supervisor says otherwise: open data lists tutoring centres, music and
# driving schools as "Other".
DEFAULT_OUT_OF_SCOPE = frozenset({School.Category.OTHER})


def category_scope() -> dict[str, bool]:
    """{category: served?} for every category (the saved setting, else the default). 1 query."""
    saved = dict(CategoryScope.objects.values_list("category", "in_scope"))
    return {value: saved.get(value, value not in DEFAULT_OUT_OF_SCOPE) for value, _label in School.Category.choices}


def in_scope_q(prefix: str = "") -> Q:
    """Schools the unit serves: a per-school exception, else its board's and its category's setting (no query of
    its own: subqueries)."""
    excluded = CategoryScope.objects.filter(in_scope=False).values("category")
    default_excluded = sorted(DEFAULT_OUT_OF_SCOPE)
    saved_in = CategoryScope.objects.filter(in_scope=True, category__in=default_excluded).values("category")
    rule = (
        Q(**{f"{prefix}scope_override": School.Scope.RULE, f"{prefix}board__in_scope": True})
        & ~Q(**{f"{prefix}category__in": excluded})
        & (~Q(**{f"{prefix}category__in": default_excluded}) | Q(**{f"{prefix}category__in": saved_in}))
    )
    return Q(**{f"{prefix}scope_override": School.Scope.INCLUDE}) | rule


def school_in_scope(school: School, categories: dict[str, bool] | None = None) -> bool:
    if school.scope_override:
        return school.scope_override == School.Scope.INCLUDE
    categories = categories if categories is not None else category_scope()
    return bool(school.board.in_scope and categories.get(school.category, True))


def open_during_q(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    opened = Q(**{f"{prefix}opened_on__isnull": True}) | Q(**{f"{prefix}opened_on__lte": end})
    not_closed = Q(**{f"{prefix}active": True, f"{prefix}closed_on__isnull": True}) | Q(
        **{f"{prefix}closed_on__gte": start}
    )
    return opened & not_closed


def schools_in_scope() -> QuerySet[School]:
    return School.objects.filter(in_scope_q())


def schools_served(start: dt.date, end: dt.date) -> QuerySet[School]:
    """Schools in scope and open for at least one day of [start, end]."""
    return School.objects.filter(in_scope_q()).filter(open_during_q(start, end))


def schools_served_today() -> QuerySet[School]:
    from django.utils import timezone

    today = timezone.localdate()
    return schools_served(today, today)


@dataclass
class Served:
    """The schools served during [start, end] and who held them. Built by `served` in two queries."""

    start: dt.date
    end: dt.date
    windows: dict = field(default_factory=dict)  # school id -> (first, last) day served within the period
    spans: dict = field(default_factory=dict)  # school id -> [(officer id, first, last)] held within its window
    credited: dict = field(default_factory=dict)  # school id -> officer id (see the module's rule)
    schools_by_officer: dict = field(default_factory=dict)  # officer id -> school ids held on at least one day
    days_by_officer: dict = field(default_factory=dict)  # officer id -> school-days held
    values: list = field(default_factory=list)  # the schools' `fields` (see `served`), in name order

    @property
    def schools(self) -> int:
        return len(self.windows)

    @property
    def officers(self) -> int:
        return len(self.schools_by_officer)

    @property
    def schools_per_officer(self) -> float:
        held = sum(len(ids) for ids in self.schools_by_officer.values())
        return round(held / self.officers, 1) if self.officers else 0.0


def served(start: dt.date, end: dt.date, *, school_ids=None, board_id=None, fields=()) -> Served:
    """The schools served during [start, end] (optionally only `school_ids` or one board), their days and officers;
    `fields` of each school are kept in `values` (dicts, by name). Two queries."""
    result = Served(start=start, end=end)
    if end < start:
        return result
    schools = schools_served(start, end)
    if school_ids is not None:
        schools = schools.filter(pk__in=list(school_ids))
    if board_id:
        schools = schools.filter(board_id=board_id)
    result.values = list(schools.order_by("name_en", "pk").values("pk", "opened_on", "closed_on", *fields))
    for school in result.values:
        opened_on, closed_on = school["opened_on"], school["closed_on"]
        result.windows[school["pk"]] = (max(start, opened_on or start), min(end, closed_on or end))
    assignments = (
        Assignment.objects.filter(school_id__in=list(result.windows), start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("start", "pk")
        .values_list("school_id", "officer_id", "start", "end")
    )
    for school_id, officer_id, a_start, a_end in assignments:
        first, last = result.windows[school_id]
        a, b = max(a_start, first), min(a_end or last, last)
        if a > b:
            continue
        result.spans.setdefault(school_id, []).append((officer_id, a, b))
        result.schools_by_officer.setdefault(officer_id, set()).add(school_id)
        result.days_by_officer[officer_id] = result.days_by_officer.get(officer_id, 0) + (b - a).days + 1
    for school_id, spans in result.spans.items():
        last_day = result.windows[school_id][1]
        holding = [officer for officer, a, b in spans if a <= last_day <= b]
        result.credited[school_id] = holding[-1] if holding else max(spans, key=lambda s: (s[2], s[1]))[0]
    return result


def officer_on(day: dt.date, school_ids=None) -> dict[int, int]:
    """{school id: officer id} of the officers assigned on `day` (schools without one are left out). 1 query."""
    qs = Assignment.objects.on(day)
    if school_ids is not None:
        qs = qs.filter(school_id__in=list(school_ids))
    return dict(qs.order_by("start").values_list("school_id", "officer_id"))
