"""Committee meetings and open action items for the combined calendar and the iCalendar feeds.

Contract (csu.registry): `start` and `end` are dates, the range is [start, end) — `end` excluded; `user` is the
viewer (items they may not see are left out); `staff` (a user or None) keeps only items involving that person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from csu.dates import local_midnight
from csu.registry import CalendarItem, detail_url, many_to_many_ids

from .models import ActionItem, Meeting, Representation

KINDS = {"meeting": _("Committee meeting"), "action_item": _("Action item due")}


def calendar_items(*, start: dt.date, end: dt.date, user, staff=None) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    if user.has_perm("committees.view_meeting"):
        meetings = (
            Meeting.objects.filter(starts_at__gte=local_midnight(start), starts_at__lt=local_midnight(end))
            .select_related("committee")
            .order_by("starts_at")
        )
        meetings = list(meetings)
        attendees = many_to_many_ids(Meeting, "attendees", [m.pk for m in meetings])
        committee_ids = {m.committee_id for m in meetings}
        reps = defaultdict(list)
        for rep in Representation.objects.filter(committee_id__in=committee_ids).filter(
            Q(start__lt=end), Q(end__isnull=True) | Q(end__gte=start)
        ):
            reps[rep.committee_id].append(rep)
        for meeting in meetings:
            day = timezone.localtime(meeting.starts_at).date()
            ids = list(attendees.get(meeting.pk, ()))
            ids += [
                r.staff_id for r in reps[meeting.committee_id] if r.start <= day and (r.end is None or r.end >= day)
            ]
            staff_ids = tuple(dict.fromkeys(ids))
            if staff is not None and staff.pk not in staff_ids:
                continue
            items.append(
                CalendarItem(
                    kind="meeting",
                    title=gettext("Meeting: %(committee)s") % {"committee": meeting.committee},
                    start=meeting.starts_at,
                    end=meeting.starts_at + dt.timedelta(hours=1),
                    url=detail_url("committees:meeting_detail", meeting.pk),
                    uid=f"meeting-{meeting.pk}@csu",
                    staff_ids=staff_ids,
                    location=meeting.location,
                    description=meeting.get_status_display(),
                    status=meeting.status,
                )
            )
    if user.has_perm("committees.view_actionitem"):
        actions = (
            ActionItem.objects.open().filter(due_on__gte=start, due_on__lt=end).select_related("committee", "owner")
        )
        if staff is not None:
            actions = actions.filter(owner=staff)
        for item in actions.order_by("due_on", "pk"):
            items.append(
                CalendarItem(
                    kind="action_item",
                    title=gettext("Action due: %(description)s") % {"description": str(item)},
                    start=item.due_on,
                    end=None,
                    url=detail_url("committees:committee_detail", item.committee_id) + f"#action-{item.pk}",
                    uid=f"actionitem-{item.pk}@csu",
                    staff_ids=(item.owner_id,) if item.owner_id else (),
                    description=f"{item.committee} — {item.owner_label}",
                    status="open",
                )
            )
    return items
