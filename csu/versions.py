"""Data versions: a result computed from many rows, kept by each process until one of those rows changes.

A *topic* ("compliance") names the models a result is computed from (TOPICS). Every committed save or delete of
one of them moves the topic's counter (a row of csu_dataversion) up by one, once the writer's transaction has
committed (`transaction.on_commit`: a rolled-back change moves nothing, and no lock is held across the writer's
transaction). `memoized(topic, key, compute)` reads the counter first (one small query), then serves the result
kept under that counter, or computes and keeps it: once the counter moves, what was computed before is never
served again. Each process keeps its own results (no shared cache needed), at most MAX_ENTRIES per topic.

- A transaction that has itself changed rows of the topic and not committed yet (its counter update is still
  pending) computes afresh and keeps nothing: the counter cannot tell its own changes.
- Between a writer's commit and its counter update (the same request, microseconds later) a reader may still be
  served the result from before: the update follows the commit in the same process.
- Writes that bypass `Model.save`/`delete` (`QuerySet.update`, `bulk_create`, raw SQL) must call `changed()`
  themselves: the school importer does. Restoring a database from a backup means restarting the processes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

TOPICS: dict[str, tuple[str, ...]] = {
    # drills.selectors.compliance_snapshot: the year's rule and requirements, the active schools with their board
    # and current officer (and the officer's name), and the drills; the officer dashboard's upcoming drills and
    # open follow-up actions (drills.dashboard).
    "compliance": (
        "drills.Drill",
        "drills.FollowUpAction",
        "drills.DrillKind",
        "drills.DrillYearRule",
        "drills.DrillRequirement",
        "schools.School",
        "schools.Board",
        "schools.Assignment",
        "accounts.User",
    ),
    # The number of calls for service (the calls list's count_topic).
    "calls": ("schools.CallForService",),
    # The schools' names in the filters' school lists (csu.forms.NameChoiceField).
    "schools": ("schools.School",),
    # Counts of sessions: the sessions list's (csu.lists.FilteredListView.count_topic), an officer's this month
    # (programs.dashboard).
    "sessions": ("programs.Session", "programs.Session.officers"),
    # events.selectors.calendar_collect_summary (the month grid): every calendar provider's rows and what their
    # titles name. "app.Model.field" is a many-to-many field: its links' changes count too.
    "calendar": (
        "programs.Session",
        "programs.Session.officers",
        "programs.Program",
        "drills.Drill",
        "drills.DrillKind",
        "committees.Meeting",
        "committees.Meeting.attendees",
        "committees.ActionItem",
        "committees.Committee",
        "committees.Representation",
        "events.Event",
        "events.Event.staff",
        "events.AwarenessWeek",
        "schools.School",
        "accounts.User",
    ),
}
MAX_ENTRIES = 32  # per topic and process: the compliance of a year and language, each officer's lists, months...

_results: dict[str, OrderedDict] = {}
_lock = Lock()


def _increment(topic: str, using: str) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(
            "INSERT INTO csu_dataversion (name, value) VALUES (%s, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = csu_dataversion.value + 1",
            [topic],
        )


class _Bump:
    """The on-commit callback of one topic; recognisable among the connection's pending callbacks."""

    def __init__(self, topic: str, using: str):
        self.topic, self.using = topic, using
        self.__qualname__ = f"versions.changed({topic!r})"  # named in Django's log if it fails

    def __call__(self) -> None:
        _increment(self.topic, self.using)


def _pending(topic: str, using: str) -> bool:
    """True when this connection's open transaction changed `topic` (its counter update waits for the commit)."""
    connection = connections[using]
    return connection.in_atomic_block and any(
        isinstance(func, _Bump) and func.topic == topic for _sids, func, _robust in connection.run_on_commit
    )


def changed(topic: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rows of `topic` changed: its counter moves once the current transaction commits (now without one)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown data topic {topic!r}")
    if _pending(topic, using):
        return  # one update per transaction is enough
    connections[using].on_commit(_Bump(topic, using), robust=True)


def current(topic: str, using: str = DEFAULT_DB_ALIAS) -> int:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT value FROM csu_dataversion WHERE name = %s", [topic])
        row = cursor.fetchone()
    return row[0] if row else 0


def memoized(topic: str, key: Hashable, compute: Callable[[], object], using: str = DEFAULT_DB_ALIAS):
    """`compute()`, or what it returned in this process for the same `key` while `topic` has not changed since.

    The result is shared: callers must not modify it."""
    if _pending(topic, using):
        return compute()
    version = current(topic, using)  # read before computing: a change after this read moves it on
    entries = _results.setdefault(topic, OrderedDict())
    full_key = (version, key)
    with _lock:
        if full_key in entries:
            entries.move_to_end(full_key)
            return entries[full_key]
    result = compute()
    with _lock:
        entries[full_key] = result
        entries.move_to_end(full_key)
        while len(entries) > MAX_ENTRIES:
            entries.popitem(last=False)
    return result


def forget() -> None:
    """Drop every kept result (tests: one test's rows must not be served to the next after a flush)."""
    with _lock:
        _results.clear()


def connect() -> None:
    """Connect each topic's models' post_save and post_delete, and its many-to-many fields' m2m_changed
    (CsuConfig.ready); history models are written only alongside their models."""
    by_sender: dict[type, list[str]] = {}
    for topic, labels in TOPICS.items():
        for label in labels:
            app_label, model_name, *field_name = label.split(".")
            model = apps.get_model(app_label, model_name)
            sender = model._meta.get_field(field_name[0]).remote_field.through if field_name else model
            by_sender.setdefault(sender, []).append(topic)
    for sender, topics in by_sender.items():

        def receiver(sender, using=DEFAULT_DB_ALIAS, _topics=tuple(topics), action=None, **kwargs):
            if action is None or action.startswith("post_"):  # m2m_changed: after the links changed
                for topic in _topics:
                    changed(topic, using)

        uid = f"csu.versions:{sender._meta.label}"
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(receiver, sender=sender, weak=False, dispatch_uid=uid)
