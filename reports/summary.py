"""The PDF's one-page summary: the figures the unit's public overview quotes, with the change from the previous
period and a short sentence each, in the report's language (built with the snapshot, from the sections' Figures)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .figures import Period, change


def _n(value) -> str:
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=True)
    return number_format(value or 0, force_grouping=True)


def _trend(value, previous, previous_label: str) -> str:
    delta = change(value, previous)
    if delta is None:
        return ""
    if delta > 0:
        return _("up %(delta)s from %(previous)s") % {"delta": _n(delta), "previous": previous_label}
    if delta < 0:
        return _("down %(delta)s from %(previous)s") % {"delta": _n(-delta), "previous": previous_label}
    return _("the same as in %(previous)s") % {"previous": previous_label}


def summary(sections: list[dict], period: Period) -> list[dict]:
    """[{key, label, this_period, previous_period, change, sentence}] for the four headline figures."""
    found = {fig["key"]: fig for section in sections for fig in section.get("figures", []) if not fig["group"]}

    def value(key, which="this_period"):
        return (found.get(key) or {}).get(which) or 0

    label, previous_label = period.label, period.previous().label
    lines = [
        (
            "drills.lockdowns",
            _("Lockdown drills"),
            _("%(n)s lockdown drills were held in the schools in %(period)s with our officers (%(trend)s)."),
        ),
        (
            "schools.served",
            _("Schools covered"),
            _("The unit served %(n)s schools in %(period)s, about %(per)s per officer (%(trend)s)."),
        ),
        (
            "committees.count",
            _("Committees sat on"),
            _("The service was represented on %(n)s community committees at the end of %(period)s (%(trend)s)."),
        ),
        (
            "sessions.delivered",
            _("Program sessions delivered"),
            _("Officers delivered %(n)s program sessions to an audience of %(audience)s in %(period)s (%(trend)s)."),
        ),
    ]
    result = []
    for key, title, sentence in lines:
        now, before = value(key), value(key, "previous_period")
        result.append(
            {
                "key": key,
                "label": title,
                "this_period": now,
                "previous_period": before,
                "change": change(now, before),
                "sentence": sentence
                % {
                    "n": _n(now),
                    "period": label,
                    "per": _n(value("schools.per_officer")),
                    "audience": _n(value("sessions.audience")),
                    "trend": _trend(now, before, previous_label),
                },
            }
        )
    return result
