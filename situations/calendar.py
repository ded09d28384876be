"""Situation table meetings for the combined calendar and the feeds, for those who may see the table's records.

Contract (csu.registry): `start` and `end` are dates, [start, end); `staff` keeps only items involving that person
(table meetings involve agencies, not staff members: none then)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from csu.dates import local_midnight
from csu.registry import CalendarItem, detail_url

from .selectors import meetings_in

KINDS = {"situation_table": _("Situation table meeting")}


def calendar_items(*, start: dt.date, end: dt.date, user, staff=None) -> list[CalendarItem]:
    if staff is not None or not user.has_perm("situations.view_tablemeeting"):
        return []
    return [
        CalendarItem(
            kind="situation_table",
            title=gettext("Situation table: %(table)s") % {"table": meeting.table.name},
            start=meeting.starts_at,
            end=meeting.starts_at + dt.timedelta(hours=2),
            url=detail_url("situations:tablemeeting_detail", meeting.pk),
            uid=f"tablemeeting-{meeting.pk}@csu",
            status="scheduled",
        )
        for meeting in meetings_in(local_midnight(start), local_midnight(end))
    ]
