"""The rules that compute an awareness week's default dates for any year (the table of WeekRule below).

Every week runs Sunday to Saturday (7 days). A per-year AwarenessWeekOverride replaces the computed dates
(events.services.week_dates).
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from csu.dates import sunday_on_or_after, sunday_on_or_before

WEEK = dt.timedelta(days=7)


class WeekRule(models.TextChoices):
    POLICE_WEEK = "police_week", _("Sunday–Saturday week containing May 15")
    FAMILY_WEEK = "family_week", _("Sunday–Saturday week ending the Saturday before Thanksgiving Monday")
    THIRD_FULL_WEEK_OCTOBER = "third_full_week_october", _("Third full Sunday–Saturday week of October")
    FIRST_SUNDAY_NOVEMBER = "first_sunday_november", _("Seven days from the first Sunday of November")
    THIRD_SUNDAY_NOVEMBER = "third_sunday_november", _("Seven days from the third Sunday of November")


def thanksgiving(year: int) -> dt.date:
    """Canadian Thanksgiving: the second Monday of October."""
    first = dt.date(year, 10, 1)
    first_monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return first_monday + WEEK


def rule_dates(rule: str, year: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the week `rule` gives for `year`, both inclusive.

    - Police Week: the Sunday–Saturday week containing May 15.
    - Family Week: the Sunday–Saturday week that ends on the Saturday just before Thanksgiving Monday
      (so it starts eight days before Thanksgiving; the Thanksgiving weekend's Sunday is not in it).
    - Week Without Violence: the third full Sunday–Saturday week of October (a week is full when its Sunday is
      on or after October 1).
    - Crime Prevention Week: seven days starting on the first Sunday of November.
    - Drug Awareness Week: seven days starting on the third Sunday of November.
    """
    if rule == WeekRule.POLICE_WEEK:
        start = sunday_on_or_before(dt.date(year, 5, 15))
    elif rule == WeekRule.FAMILY_WEEK:
        start = thanksgiving(year) - dt.timedelta(days=8)
    elif rule == WeekRule.THIRD_FULL_WEEK_OCTOBER:
        start = sunday_on_or_after(dt.date(year, 10, 1)) + 2 * WEEK
    elif rule == WeekRule.FIRST_SUNDAY_NOVEMBER:
        start = sunday_on_or_after(dt.date(year, 11, 1))
    elif rule == WeekRule.THIRD_SUNDAY_NOVEMBER:
        start = sunday_on_or_after(dt.date(year, 11, 1)) + 2 * WEEK
    else:
        raise ValueError(f"Unknown awareness-week rule {rule!r}")
    return start, start + dt.timedelta(days=6)


# code, English name, French name, description, rule (also created by migration 0002).
DEFAULT_WEEKS = [
    (
        "police-week",
        "Police Week",
        "Semaine de la police",
        "National Police Week: open houses, displays and community events.",
        WeekRule.POLICE_WEEK,
    ),
    (
        "family-week",
        "Family Week",
        "Semaine de la famille",
        "National Family Week, the week before Thanksgiving.",
        WeekRule.FAMILY_WEEK,
    ),
    (
        "week-without-violence",
        "Week Without Violence",
        "Semaine sans violence",
        "YWCA Week Without Violence.",
        WeekRule.THIRD_FULL_WEEK_OCTOBER,
    ),
    (
        "crime-prevention-week",
        "Crime Prevention Week",
        "Semaine de la prévention du crime",
        "Ontario Crime Prevention Week.",
        WeekRule.FIRST_SUNDAY_NOVEMBER,
    ),
    (
        "drug-awareness-week",
        "Drug Awareness Week",
        "Semaine de sensibilisation aux drogues",
        "National Drug Awareness Week; some services hold it at another time of year.",
        WeekRule.THIRD_SUNDAY_NOVEMBER,
    ),
]
