"""The combined calendar: every app's `calendar.py` provider, merged (csu.registry)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language

from csu import access, cache, registry
from csu.registry import CalendarItem

from .services import weeks_overlapping


def _start_of(value: dt.datetime | dt.date, tz=None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(tz or timezone.get_current_timezone())
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min), tz)


def item_days(item: CalendarItem, tz=None) -> tuple[dt.date, dt.date]:
    """First and last local day an item covers (an all-day item's end date, like iCalendar's, is excluded).
    `tz`: the current time zone, when the caller has it already (a month asks for ~300 items)."""
    tz = tz or timezone.get_current_timezone()
    first = _start_of(item.start, tz).date()
    if item.end is None:
        return first, first
    if isinstance(item.end, dt.datetime):
        end = item.end.astimezone(tz)
        last = end.date() if end.time() != dt.time.min else end.date() - dt.timedelta(days=1)
    else:
        last = item.end - dt.timedelta(days=1)
    return first, max(first, last)


def _sort_key(tz):
    return lambda item: (_start_of(item.start, tz), item.title)


def calendar_collect(
    *, start: dt.date, end: dt.date, user, staff=None, kinds: Iterable[str] | None = None
) -> list[CalendarItem]:
    """Items of every provider in [start, end), filtered by kind, sorted by start; duplicates (same uid) once."""
    wanted = set(kinds) if kinds else None
    seen: dict[str, CalendarItem] = {}
    for module in registry.app_modules("calendar"):
        for item in module.calendar_items(start=start, end=end, user=user, staff=staff):
            if wanted is not None and item.kind not in wanted:
                continue
            seen.setdefault(item.uid, item)
    return sorted(seen.values(), key=_sort_key(timezone.get_current_timezone()))


def calendar_collect_summary(
    *, start: dt.date, end: dt.date, user, per_day: int, staff=None, kinds: Iterable[str] | None = None
) -> tuple[list[CalendarItem], Counter]:
    """`calendar_collect` for the month grid: providers with a `calendar_summary` (one kind each: sessions,
    drills) give only their first `per_day` items a day. Returns the items, sorted, and per local day how many
    items those providers left out.

    Each provider's part is kept in the cache until one of its rows changes (csu.cache, topic "calendar:<app>"),
    per window, staff member, kinds, language, the viewer's permissions and read scope (an officer reads their
    schools' records: csu.access).
    """
    key = (
        start,
        end,
        per_day,
        getattr(staff, "pk", staff),
        tuple(sorted(kinds)) if kinds else None,
        get_language(),
        frozenset(user.get_all_permissions()),
        access.read_scope(user),
    )
    wanted = set(kinds) if kinds else None
    seen: dict[str, CalendarItem] = {}
    left_out: Counter = Counter()
    for module in registry.app_modules("calendar"):
        found, fewer = cache.memoized(
            _topic(module),
            key,
            lambda module=module: _provider_summary(
                module, start=start, end=end, user=user, per_day=per_day, staff=staff, wanted=wanted
            ),
        )
        left_out.update(fewer)
        for item in found:
            seen.setdefault(item.uid, item)
    return sorted(seen.values(), key=_sort_key(timezone.get_current_timezone())), left_out


def _topic(module) -> str:
    return f"calendar:{module.__name__.partition('.')[0]}"


def calendar_topics() -> tuple[str, ...]:
    """The csu.cache topics of every calendar provider's rows: what the whole calendar is drawn from."""
    return tuple(_topic(module) for module in registry.app_modules("calendar"))


def _provider_summary(module, *, start, end, user, per_day, staff, wanted) -> tuple[list[CalendarItem], Counter]:
    """One provider's items for the month grid (the `wanted` kinds) and per day how many it left out."""
    left_out: Counter = Counter()
    summary = getattr(module, "calendar_summary", None)
    if summary is None:
        items = module.calendar_items(start=start, end=end, user=user, staff=staff)
        return [i for i in items if wanted is None or i.kind in wanted], left_out
    result = summary(start=start, end=end, user=user, staff=staff, per_day=per_day)
    found = [i for i in result.items if wanted is None or i.kind in wanted]
    counted = [i for i in found if result.kind is None or i.kind == result.kind]
    if counted:
        tz = timezone.get_current_timezone()
        shown = Counter(item_days(item, tz)[0] for item in counted)
        for day, count in result.counts.items():
            left_out[day] += max(0, count - shown[day])
    return found, left_out


def calendar_kinds() -> dict[str, str]:
    """kind → label, from each provider's optional `KINDS` dict, in provider order."""
    kinds: dict[str, str] = {}
    for module in registry.app_modules("calendar"):
        for kind, label in getattr(module, "KINDS", {}).items():
            kinds.setdefault(kind, str(label))
    return kinds


@dataclass
class Day:
    date: dt.date
    in_month: bool = True
    # {"item": CalendarItem, "kind": its kind, "label": the kind's name, "time": local start time or None}
    items: list[dict] = field(default_factory=list)
    weeks: list[str] = field(default_factory=list)
    is_today: bool = False
    more: int = 0  # items of that day not listed (the month grid lists `per_day` at most)


def calendar_days(
    *,
    first: dt.date,
    last: dt.date,
    items: list[CalendarItem],
    month: int | None = None,
    labels=None,
    per_day: int | None = None,
    left_out: Counter | None = None,
) -> list[Day]:
    """One Day per date from `first` to `last`, each with its items and the awareness weeks covering it.

    With `per_day`, a day lists its first `per_day` items and counts the others in `more`, together with the
    `left_out` items that providers did not return (`calendar_collect_summary`).
    """
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    days = {}
    current = first
    while current <= last:
        days[current] = Day(date=current, in_month=month is None or current.month == month, is_today=current == today)
        current += dt.timedelta(days=1)
    for item in items:
        start, stop = item_days(item, tz)
        day = max(start, first)
        time = item.start.astimezone(tz).time() if isinstance(item.start, dt.datetime) else None
        while day <= min(stop, last):
            entry = {
                "item": item,
                "time": time if day == start else None,
                "kind": item.kind,
                "label": (labels or {}).get(item.kind) or item.kind.replace("_", " ").capitalize(),
                "cancelled": item.status == "cancelled",
            }
            days[day].items.append(entry)
            day += dt.timedelta(days=1)
    if per_day is not None:
        for day in days.values():
            day.more = len(day.items[per_day:]) + (left_out or {}).get(day.date, 0)
            del day.items[per_day:]
    for week, week_first, week_last in weeks_overlapping(first, last):
        day = max(week_first, first)
        while day <= min(week_last, last):
            days[day].weeks.append(week.name)
            day += dt.timedelta(days=1)
    return list(days.values())
