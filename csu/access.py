"""What an officer may read of the unit's operational records: the OFFICER_READS setting, applied in one place.

- `own` (the default, MFIPPA's need-to-know): an officer reads the drills, calls for service and program sessions
  of the schools currently assigned to them, and any record they are named on (led, responded to, delivered,
  created), wherever it is. A transfer moves the school's records to the new officer.
- `all`: every officer reads every record, for units that share their schools' work.

Coordinators and supervisors read every record in both modes. Writes keep their own, narrower rules
(`editable_by`). Every list, CSV export, detail page and calendar of these records reads through `readable`.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet


def _named(label: str, user, school=None) -> Q:
    if label == "drills.Drill":
        return Q(lead_officer=user) | Q(created_by=user)
    if label == "schools.CallForService":
        return Q(responding_officer=user) | Q(created_by=user)
    if label == "programs.Session":
        from programs.models import Session

        named = Session.officers.through.objects.filter(user=user)
        if school is not None:  # the sessions a busy officer is named on are tens of thousands: only this school's
            named = named.filter(session__school=school)
        return Q(pk__in=named.values("session_id")) | Q(created_by=user)
    raise LookupError(f"No read scope for {label}")


def reads_all(user) -> bool:
    """True when `user` reads every record of the kinds scoped here."""
    return settings.OFFICER_READS == "all" or not getattr(user, "is_officer", False)


def read_scope(user) -> tuple:
    """What `readable` narrows to for `user`, as a cache key part: results read through it differ per officer."""
    return ("all",) if reads_all(user) else ("officer", user.pk)


def readable(queryset: QuerySet, user, *, staff=None, school=None) -> QuerySet:
    """`queryset` narrowed to the rows `user` may read (a drill, call or session queryset).

    `staff`: the caller keeps only the rows that person leads or is named on. When that is `user` themself, the rows
    are theirs to read (`_named`) and the scope would only make the query costlier (the officer's "today").
    `school`: the caller keeps only that school's rows (a school's page); the scope then looks only at them."""
    if reads_all(user) or (staff is not None and getattr(staff, "pk", staff) == user.pk):
        return queryset
    from schools.models import Assignment

    schools = Assignment.objects.current().filter(officer=user).values("school_id")
    return queryset.filter(Q(school_id__in=schools) | _named(queryset.model._meta.label, user, school))
