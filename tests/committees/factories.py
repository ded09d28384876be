import datetime as dt

from django.utils import timezone

from committees.models import ActionItem, Committee, Meeting, Partner, Representation


def aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def partner(name="Public Health", **kw) -> Partner:
    kw.setdefault("type", Partner.Type.HEALTH)
    return Partner.objects.create(name=name, **kw)


def committee(name="Drug Strategy", active_from=dt.date(2020, 1, 1), **kw) -> Committee:
    return Committee.objects.create(name=name, active_from=active_from, **kw)


def representation(committee, staff, start, end=None, role=Representation.Role.MEMBER) -> Representation:
    return Representation.objects.create(committee=committee, staff=staff, start=start, end=end, role=role)


def meeting(committee, starts_at, **kw) -> Meeting:
    return Meeting.objects.create(committee=committee, starts_at=starts_at, **kw)


def action_item(committee, **kw) -> ActionItem:
    kw.setdefault("description", "Send the minutes")
    if kw.get("closed_on"):  # an item closed in the past was opened by then
        kw.setdefault("opened_on", min(kw["closed_on"], timezone.localdate()))
    return ActionItem.objects.create(committee=committee, **kw)
