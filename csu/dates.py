"""Local-day ranges as aware datetimes: filters that an index on a timestamp column can answer.

`starts_at__date__gte=day` makes PostgreSQL convert every row's timestamp to a local date before comparing, so no
index on `starts_at` helps (a full scan of every program session on the coordinator's dashboard);
`starts_at__gte=<local midnight>` is an index range scan.
"""

import datetime as dt

from django.utils import timezone


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def local_days(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first 00:00, the day after last 00:00) in the local time zone, for `field__gte` / `field__lt`."""
    return local_midnight(first), local_midnight(last + dt.timedelta(days=1))


def sunday_on_or_before(day: dt.date) -> dt.date:
    """The first day of `day`'s week (weeks start on Sunday in the calendar and the dashboards)."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def sunday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(6 - day.weekday()) % 7)
