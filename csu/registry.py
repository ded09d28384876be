"""How apps plug into shared pages without editing them.

Each app may provide, in its own package:
- `nav.py` with `ITEMS = [NavItem(...)]`: links in the top navigation, shown when the user has `permission`;
- `dashboard.py` with `def panels(request, role) -> list[Panel]`: blocks on that role's dashboard;
- `calendar.py` with `def calendar_items(*, start, end, user, staff=None) -> Iterable[CalendarItem]`: entries
  for the combined calendar and the iCalendar feeds; a provider with many items a day (sessions, drills) also has
  `def calendar_summary(*, start, end, user, staff=None, per_day) -> CalendarSummary`: the first `per_day` items
  of each local day and how many there are in all, for the month grid (see `first_per_day`);
- `demo.py` with `def seed(*, stdout) -> None`: demo data, run by `manage.py seed_demo` in INSTALLED_APPS order.
- `school_panels.py` with `def panels(request, school) -> list[Panel]`: blocks on a school's page (context as `panel`).
- `handover.py` with `def holdings(user) -> list[Holding]` (what a person still holds: open assignments, scheduled
  drills...) and `def hand_over(*, key, from_user, to_user, by) -> int` (gives one kind of holding to someone
  else, returns how many records moved): the page a supervisor uses when someone leaves the unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    order: int = 100
    section: str = ""  # a key of NAV_SECTIONS: items of one section share a menu; "" stands alone


# The top navigation's menus: a few sections, each with its pages (a section with one page for the user is a link).
NAV_SECTIONS = {
    "schools": _("Schools"),
    "drills": _("Drills"),
    "programs": _("Programs"),
    "community": _("Committees and events"),
    "admin": _("Administration"),
}


@dataclass
class Panel:
    """A block of a dashboard or a school's page, rendered by `template` with `context` as `panel`.

    With a csu.cache `topic` (the rows the panel shows; or a tuple of topics), its markup is kept in the cache per
    viewer, language and day until the topic changes (`keep_markup`), and `context` may be a function, called only
    when the markup is drawn afresh. A panel with a form must not set a topic: a kept
    CSRF token would be someone else's.
    """

    template: str
    context: dict | Callable[[], dict] = field(default_factory=dict)
    order: int = 100
    topic: str | tuple[str, ...] = ""
    key: tuple = ()  # what else the markup depends on (the school shown...)
    scoped: tuple = ()  # (a csu.cache scoped topic, the scope): its rows too, e.g. ("officer_drills", user id)
    html: str | None = field(default=None, init=False)  # the kept markup (`keep_markup`)

    @property
    def data(self) -> dict:
        return self.context() if callable(self.context) else self.context

    @property
    def version(self) -> int | str | None:
        """The topic's version (and the scoped topic's), or None: no topic, or the current transaction changed
        one of them (do not keep)."""
        from csu import cache as results

        if not self.topic:
            return None
        found = results.versions((self.topic,) if isinstance(self.topic, str) else self.topic)
        if found is None or not self.scoped:
            return found
        topic, scope = self.scoped
        scoped = results.version(topic, scope=scope)
        return None if scoped is None else f"{found}.{scoped}"


def keep_markup(request, panels: list[Panel]) -> list[Panel]:
    """Draws each panel that has a topic, or reads its markup kept under the topic's version, per viewer, language
    and day (csu.cache.kept_markup); templates/includes/panel.html shows it, and draws the others."""
    from csu import cache as results

    for panel in panels:
        if panel.topic:
            context = lambda panel=panel: {"panel": panel.data}  # noqa: E731
            panel.html = results.kept_markup(request, panel.template, context, panel.version, panel.key)
    return panels


@dataclass(frozen=True)
class Holding:
    """One kind of work a person holds, for the hand-over page."""

    key: str  # "<app>.<what>", e.g. "schools.assignments"
    label: str
    items: tuple[tuple[str, str], ...]  # (what, url)
    recipient_role: str | None = None  # the role a new holder must have; None: any active staff member
    note: str = ""  # what handing over does
    transferable: bool = True


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "drill", "session", "meeting", "event"...
    title: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None
    url: str
    uid: str
    staff_ids: tuple[int, ...] = ()
    location: str = ""
    description: str = ""
    status: str = ""


@dataclass
class CalendarSummary:
    items: list[CalendarItem]
    counts: dict[dt.date, int]  # local day -> number of items that day (shown or not)
    kind: str | None = None  # the kind `counts` counts, when `items` also holds other (unranked) kinds


def first_per_day(queryset, day, order_by: list, per_day: int):
    """The rows of `queryset` ranked within their day, up to `per_day` a day, and the number of rows per day.

    `day` is the local date expression (a DateField name, or `TruncDate("starts_at")` for a timestamp). Two queries
    whatever the number of rows: a month of 3,000 sessions gives at most `per_day` × 42 rows to build and render.
    """
    from django.db.models import Count, F, Window
    from django.db.models.functions import RowNumber

    day_expr = F(day) if isinstance(day, str) else day
    counts = dict(queryset.order_by().annotate(_day=day_expr).values_list("_day").annotate(n=Count("pk")))
    # Rank narrow rows (no joins), then fetch the few kept with what `queryset` selects: the joins then run for
    # the kept rows only.
    kept = (
        queryset.order_by()
        .annotate(_rank=Window(RowNumber(), partition_by=[day_expr], order_by=[*order_by, F("pk").asc()]))
        .filter(_rank__lte=per_day)
        .values("pk")
    )
    return queryset.filter(pk__in=kept), counts


def many_to_many_ids(model, field_name: str, pks) -> dict[int, tuple[int, ...]]:
    """{pk: ids of what its many-to-many `field_name` holds} for the objects `pks` of `model`, in the related model's
    own order: what `prefetch_related` gives, in one query of the link table and without the queryset Django builds
    for each object. Objects without any are absent."""
    field = model._meta.get_field(field_name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in field.related_model._meta.ordering
    ]
    rows = (
        field.remote_field.through.objects.filter(**{f"{source}_id__in": list(pks)})
        .order_by(*ordering, f"{target}_id")
        .values_list(f"{source}_id", f"{target}_id")
    )
    found: dict[int, list[int]] = {}
    for pk, related_id in rows:
        found.setdefault(pk, []).append(related_id)
    return {pk: tuple(ids) for pk, ids in found.items()}


_URL_MARKER = "7310482951"


def detail_url(url_name: str, pk: int) -> str:
    """`reverse(url_name, args=[pk])` for a URL taking one integer, from a template reversed once per URL name and
    script prefix: a month calendar asks it for hundreds of items."""
    key = (url_name, get_script_prefix())
    parts = _url_templates.get(key)
    if parts is None:
        url = reverse(url_name, args=[int(_URL_MARKER)])
        if url.count(_URL_MARKER) != 1:
            return reverse(url_name, args=[pk])
        parts = _url_templates[key] = tuple(url.split(_URL_MARKER))
    return f"{parts[0]}{int(pk)}{parts[1]}"


_url_templates: dict[tuple[str, str], tuple[str, str]] = {}


def url(url_name: str) -> str:
    """`reverse(url_name)` of a URL without arguments, once per name and script prefix (the navigation's dozen
    links on every page)."""
    key = (url_name, get_script_prefix())
    found = _urls.get(key)
    if found is None:
        found = _urls[key] = reverse(url_name)
    return found


_urls: dict[tuple[str, str], str] = {}


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    """The `<app>.<module_name>` modules of the project's apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in PROJECT_APPS:
            continue
        try:
            found.append(import_module(f"{config.name}.{module_name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
    return tuple(found)


# One name a line: apps added in parallel merge without a conflict.
PROJECT_APPS = {
    "csu",
    "accounts",
    "schools",
    "committees",
    "drills",
    "programs",
    "events",
    "reports",
    "retention",
    "engagement",
    "situations",
    "threats",
}
