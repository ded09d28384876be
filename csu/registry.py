"""How apps plug into shared pages without editing them.

Each app may provide, in its own package:
- `nav.py` with `ITEMS = [NavItem(...)]`: links in the top navigation, shown when the user has `permission`;
- `dashboard.py` with `def panels(request, role) -> list[Panel]`: blocks on that role's dashboard;
- `calendar.py` with `def calendar_items(*, start, end, user, staff=None) -> Iterable[CalendarItem]`: entries
  for the combined calendar and the iCalendar feeds;
- `demo.py` with `def seed(*, stdout) -> None`: demo data, run by `manage.py seed_demo` in INSTALLED_APPS order.
- `school_panels.py` with `def panels(request, school) -> list[Panel]`: blocks on a school's page (context as `panel`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None
    order: int = 100


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


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


@cache
def app_modules(module_name: str) -> tuple[ModuleType, ...]:
    """The `<app>.<module_name>` modules of the project's apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in _PROJECT_APPS:
            continue
        try:
            found.append(import_module(f"{config.name}.{module_name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
    return tuple(found)


_PROJECT_APPS = {"csu", "accounts", "schools", "committees", "drills", "programs", "events", "reports"}
