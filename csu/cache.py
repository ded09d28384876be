"""Results computed from many rows, kept in Django's cache (settings.CACHES) until one of those rows changes.

A *topic* ("compliance") names the models a result is computed from (TOPICS). Each topic has a version key in the
cache; `memoized(topic, key, compute)` reads it, then serves the result stored under that version or computes and
stores it. Once a write to one of the topic's models has committed, the version moves on (`transaction.on_commit`),
so every process sharing the cache recomputes once per change and never serves what was computed before.

- The receivers below (post_save, post_delete, m2m_changed of the topics' models) only invalidate: no business
  rule lives in them. A User save touching only `last_login` (every sign-in) invalidates nothing.
- Writes that send no signal (`QuerySet.update`, `bulk_create`, raw SQL) call `changed()` themselves: the school
  importer does.
- A transaction that has changed rows of a topic and not committed yet neither reads nor fills that topic's cache:
  its own uncommitted rows are not what other processes see. This module records which topics the current
  thread's open transaction changed (no reading of Django's private pending-callback list); the record is cleared
  at its commit, when a read happens outside any transaction, and at the start of each request. A rolled-back
  writer may therefore skip the cache a little longer than needed, never serve stale data.
- Values go through the cache's pickling, so a caller always gets its own copy: nothing shared can be mutated.
- A version key created afresh (first use, eviction, a flushed Redis) starts at the clock in nanoseconds, so it
  never equals a version whose results may still be stored.
- A *scoped* topic (SCOPED_TOPICS: one officer's drills) has a version per scope as well: its app's receivers move
  only the scopes a save concerns (`changed(topic, scope=...)`), so one officer's write leaves the others' results
  kept; a write without a signal (`model_changed`) moves the topic itself, hence every scope.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

# What a listed drill, call, session or calendar entry shows or is read through: its school, its officers, and the
# assignments an officer's read scope reads (csu.access).
_LISTED = ("schools.School", "schools.Assignment", "accounts.User")
# Which schools are served and by whom: the schools, their boards, the unit's scope, assignments and officers.
_SCHOOLS_SERVED = ("schools.School", "schools.Board", "schools.CategoryScope", "schools.Assignment", "accounts.User")
_DRILL_SETUP = ("drills.DrillKind", "drills.DrillYearRule", "drills.DrillRequirement", *_SCHOOLS_SERVED)
TOPICS: dict[str, tuple[str, ...]] = {
    # drills.selectors.compliance_snapshot: the year's rule and requirements, the active schools with their board
    # and current officer (and the officer's name), and the drills; the supervisor's and coordinator's dashboard
    # panel drawn from it (drills.dashboard).
    "compliance": ("drills.Drill", "drills.FollowUpAction", *_DRILL_SETUP),
    # What the compliance snapshot reads besides the drills (drills.selectors: the schools served and their
    # officers, kept apart so that a drill saved recounts only the drills), and what an officer's dashboard panel
    # shows besides their own drills and follow-up actions (scoped topic "officer_drills").
    "drill_setup": _DRILL_SETUP,
    # The supervisor's coverage panel (schools.views.coverage_counts: schools served today per officer), an
    # officer's own schools (schools.dashboard) and the schools list (its counts and table: board, officer).
    "coverage": _SCHOOLS_SERVED,
    # The supervisor's threat assessment panel (threats.dashboard): the year's counts and overdue follow-ups.
    "threats": ("threats.ThreatAssessment", "threats.OutcomeCategory", "threats.BehaviourKind", "schools.School"),
    # The coordinator's and supervisor's committee panels (committees.dashboard): meetings, overdue action items
    # with their owners, the committees represented.
    "committees": (
        "committees.Committee",
        "committees.Meeting",
        "committees.ActionItem",
        "committees.Representation",
        "accounts.User",
    ),
    # The coordinator's presentation request panel (programs.dashboard): open requests, their school, program and
    # officer.
    "requests": ("programs.PresentationRequest", "programs.Program", "schools.School", "accounts.User"),
    # The calls for service list (csu.lists.FilteredListView.topic: its counts and its table): the calls, what a
    # row shows (school, officer, outcome) and the assignments an officer's read scope reads.
    "calls": ("schools.CallForService", "schools.CallOutcome", *_LISTED),
    # The drills list (its counts and its table): the drills, their kind, school and lead officer, the assignments.
    "drills": ("drills.Drill", "drills.DrillKind", *_LISTED),
    # The schools' names in the filters' school lists (the cached school picker fragment of includes/filter_form.html).
    "schools": ("schools.School",),
    # The sessions list's counts (FilteredListView.count_topic): what its filters and an officer's read scope read
    # (FIELDS_READ: which of a session's fields).
    "session_counts": ("programs.Session", "programs.Session.officers", "schools.Assignment"),
    # The year's sessions per program (programs.dashboard): their program, date and status only.
    "session_program_counts": ("programs.Session",),
    # The sessions list (its table: program, school, officers), a school's latest sessions and an
    # officer's panel (programs.dashboard: this month's sessions, the class series short of sessions); an
    # officer's list reads their assignments.
    "sessions": ("programs.Session", "programs.Session.officers", "programs.Program", "programs.ClassSeries", *_LISTED),
    # events.selectors.calendar_collect_summary (the month grid, the dashboard's "today"), one topic per calendar
    # provider (csu.registry: "calendar:<app>"), so that a session saved recounts the sessions, not the drills and
    # meetings: each provider's rows, what their titles name, and the officers' assignments (an officer reads
    # their schools' records). "app.Model.field" is a many-to-many field: its links' changes count too.
    "calendar:committees": (
        "committees.Meeting",
        "committees.Meeting.attendees",
        "committees.ActionItem",
        "committees.Committee",
        "committees.Representation",
        *_LISTED,
    ),
    "calendar:drills": ("drills.Drill", "drills.DrillKind", *_LISTED),
    "calendar:events": ("events.Event", "events.Event.staff", "events.AwarenessWeek", *_LISTED),
    "calendar:programs": (
        "programs.Session",
        "programs.Session.officers",
        "programs.Program",
        "programs.PresentationRequest",
        *_LISTED,
    ),
    "calendar:situations": ("situations.TableMeeting", "situations.SituationTable", *_LISTED),
    # Each person's permission set (accounts.backends), which every page reads: their groups, the groups'
    # permissions, their own, and the account itself (active, superuser).
    "permissions": (
        "auth.Permission",
        "auth.Group",
        "auth.Group.permissions",
        "accounts.User",
        "accounts.User.groups",
        "accounts.User.user_permissions",
    ),
}
# The fields of a model that a topic's results read, where they are not all of them: a save of a model with
# csu.models.LoadedValues that changed none of these leaves the topic as it is (a session's notes corrected: no
# count moves). A filter, search or read scope on another field must add it here.
FIELDS_READ: dict[str, dict[str, frozenset[str]]] = {
    "session_counts": {
        "programs.Session": frozenset(
            {
                "program_id",
                "school_id",
                "organisation",
                "venue",
                "class_label",
                "starts_at",
                "language",
                "status",
                "created_by_id",
            }
        ),  # fmt: skip
    },
    "session_program_counts": {"programs.Session": frozenset({"program_id", "starts_at", "status"})},
}
# Scoped topics: no receiver here; the app that owns them names the scopes a save concerns.
SCOPED_TOPICS: dict[str, tuple[str, ...]] = {
    # One officer's drills (at the schools they are assigned or that they lead) and those drills' follow-up
    # actions, per officer id (drills.apps): the officer's dashboard panel (drills.dashboard).
    "officer_drills": ("drills.Drill", "drills.FollowUpAction"),
}
TIMEOUT = 24 * 60 * 60  # a result nobody asks for again leaves the cache within a day
_PREFIX = "csu"
_local = threading.local()


def _dirty(using: str) -> set[str]:
    topics = getattr(_local, "dirty", None)
    if topics is None:
        topics = _local.dirty = {}
    return topics.setdefault(using, set())


def _version_key(topic: str) -> str:
    return f"{_PREFIX}:version:{topic}"


def _bump(topic: str, using: str) -> None:
    _dirty(using).discard(topic)
    key = _version_key(topic)
    try:
        cache.incr(key)
    except ValueError:  # no version yet (or evicted): any fresh one differs from every stored result's
        cache.set(key, time.time_ns(), None)


def _check(topic: str, scope) -> None:
    known = topic in SCOPED_TOPICS or (scope is None and topic in TOPICS)
    if not known:
        raise ValueError(f"unknown data topic {topic!r}" + (" with a scope" if scope is not None else ""))


def _scoped(topic: str, scope) -> str:
    return topic if scope is None else f"{topic}@{scope}"


def changed(topic: str, using: str = DEFAULT_DB_ALIAS, *, scope=None) -> None:
    """Rows of `topic` (of one `scope` of a scoped topic) changed: its version moves once the current transaction
    commits (now without one).

    Each call registers its own bump: a rolled-back transaction drops its callbacks, and nothing public tells a
    new transaction from the old one, so calls are not merged (a bump is one cache increment)."""
    _check(topic, scope)
    name = _scoped(topic, scope)
    connection = connections[using]
    if connection.in_atomic_block:
        _dirty(using).add(name)
    connection.on_commit(lambda: _bump(name, using), robust=True)


def model_changed(model, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rows of `model` changed without a signal (bulk writes): every topic covering it moves after the commit."""
    label = model._meta.label
    for topic, labels in (*TOPICS.items(), *SCOPED_TOPICS.items()):
        if label in labels:
            changed(topic, using)


def version(topic: str, using: str = DEFAULT_DB_ALIAS, *, scope=None) -> int | str | None:
    """The topic's current version (with `scope`, of that scope of a scoped topic: both its versions), or None
    when this thread's open transaction changed it (do not cache)."""
    _check(topic, scope)
    dirty = _dirty(using)
    if not connections[using].in_atomic_block:
        dirty.clear()  # no transaction open: whatever it changed has committed or rolled back
    elif topic in dirty or _scoped(topic, scope) in dirty:
        return None
    if scope is None:
        return _current(topic)
    return f"{_current(topic)}.{_current(_scoped(topic, scope))}"


def versions(topics, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The versions of several topics as one key part (read in one round trip), or None when this thread's open
    transaction changed one of them."""
    for topic in topics:
        _check(topic, None)
    dirty = _dirty(using)
    if not connections[using].in_atomic_block:
        dirty.clear()
    elif dirty.intersection(topics):
        return None
    found = cache.get_many([_version_key(topic) for topic in topics])
    return ".".join(str(found.get(_version_key(topic)) or _current(topic)) for topic in topics)


def _current(name: str) -> int:
    key = _version_key(name)
    found = cache.get(key)
    if found is None:
        found = time.time_ns()
        if not cache.add(key, found, None):
            found = cache.get(key, found)
    return found


def _canonical(value):
    """A stable text for a key part: sets sorted, so that every process (any PYTHONHASHSEED) writes the same key."""
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(v) for v in value) + ")"
    return repr(value)


def cache_key(topic: str, key, current: int) -> str:
    digest = hashlib.sha256(_canonical(key).encode()).hexdigest()[:32]
    return f"{_PREFIX}:{topic}:{current}:{digest}"


def memoized(topic: str, key, compute: Callable[[], object], using: str = DEFAULT_DB_ALIAS):
    """`compute()`, or what it returned (in any process sharing the cache) for the same `key` while `topic` has not
    changed since. The version is read before computing, so a change meanwhile moves the next reader on."""
    return kept(topic, version(topic, using), key, compute)


def kept(name: str, current, key, compute: Callable[[], object]):
    """`compute()`, or what it returned for the same `name` and `key` under the same `current` version (a topic's,
    or several topics' from `versions`); computed each time when `current` is None."""
    if current is None:
        return compute()
    full_key = cache_key(name, key, current)
    found = cache.get(full_key, _MISSING)
    if found is not _MISSING:
        return found
    result = compute()
    cache.set(full_key, result, TIMEOUT)
    return result


def kept_markup(request, template: str, context: Callable[[], dict], current, key=()) -> str:
    """`template` drawn with `context()`, or its markup kept under the `current` version (`version`, `versions`;
    None: drawn each time) per `key`, viewer, language and day. Drawn here, in the view, rather than lazily from
    inside the page's template: measured after a write, that cost about twice as much (docs/development.md)."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from django.utils.translation import get_language

    full_key = (template, key, request.user.pk, get_language(), timezone.localdate())
    # A SafeString, kept as one through the cache's pickling: shown as it was drawn.
    return kept("markup", current, full_key, lambda: render_to_string(template, context(), request))


_MISSING = object()


def _forget_thread_state(**kwargs) -> None:
    """At the start of a request no transaction of this thread is open any more, so what the last one changed has
    committed or rolled back. A connection still inside an atomic block (a test's transaction) keeps its record."""
    dirty = getattr(_local, "dirty", None) or {}
    _local.dirty = {alias: topics for alias, topics in dirty.items() if connections[alias].in_atomic_block}


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
    user_model = apps.get_model("accounts", "User")
    for sender, topics in by_sender.items():

        def receiver(sender, using=DEFAULT_DB_ALIAS, _topics=tuple(topics), action=None, **kwargs):
            if action is not None and not action.startswith("post_"):  # m2m_changed: after the links changed
                return
            update_fields = kwargs.get("update_fields")
            if sender is user_model and update_fields and set(update_fields) <= {"last_login"}:
                return  # signing in changes nothing any result shows
            instance, fields = kwargs.get("instance"), None
            if kwargs.get("signal") is post_save and not kwargs.get("created") and hasattr(instance, "changed_fields"):
                fields = instance.changed_fields()  # a row read from the database: what this save changed
            for topic in _topics:
                read = FIELDS_READ.get(topic, {}).get(sender._meta.label)
                if fields is not None and read is not None and not fields & read:
                    continue  # only fields none of the topic's results reads
                changed(topic, using)

        uid = f"csu.cache:{sender._meta.label}"
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(receiver, sender=sender, weak=False, dispatch_uid=uid)
    request_started.connect(_forget_thread_state, dispatch_uid="csu.cache:request_started")
