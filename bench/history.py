"""Generator of history rows (simple-history tables), run last."""

from __future__ import annotations

import datetime as dt
import functools

from .base import BATCH, Context, bulk, scaled


@functools.cache
def _history_model(model):
    return model.history.model  # the descriptor builds a manager on every access: slow in a loop


def _historical(obj, *, when: dt.datetime, kind: str, user_id: int | None, reason: str = "", **changes):
    """A simple-history row for `obj` as it is now (or with `changes`), written without the model's signals."""
    model = _history_model(type(obj))
    values = {
        f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if not f.name.startswith("history_")
    }
    values.update(changes)
    return model(
        **values, history_date=when, history_type=kind, history_user_id=user_id, history_change_reason=reason or None
    )


def _generate_history(ctx: Context) -> None:
    """20,000 history rows: the creation of every board, school and assignment, then edits of schools and calls.

    Runs after every other generator. The budget is shared: first the "+" rows of boards, schools and
    assignments, then a tenth of what is left as school edits (new principal), then voided calls (their "+"
    and "~" rows) and the creation of the most recent calls until the budget is spent.
    """
    from schools.models import Assignment, Board, CallForService, School

    rng = ctx.rng
    budget = scaled(20_000, ctx.scale)
    rows: dict[type, list] = {}

    def add(obj, **kwargs) -> bool:
        if sum(len(v) for v in rows.values()) >= budget:
            return False
        rows.setdefault(_history_model(type(obj)), []).append(_historical(obj, **kwargs))
        return True

    start = ctx.at(dt.date(ctx.first_year, 8, 20))
    supervisor, coordinator = ctx.supervisor.pk, ctx.coordinator.pk
    for board in Board.objects.order_by("pk"):
        add(board, when=start, kind="+", user_id=supervisor)
    for school in School.objects.order_by("pk"):
        add(school, when=start, kind="+", user_id=coordinator)
    for assignment in Assignment.objects.order_by("pk"):
        add(assignment, when=ctx.at(assignment.start) - dt.timedelta(days=10), kind="+", user_id=supervisor)
    left = budget - sum(len(v) for v in rows.values())
    schools = list(School.objects.order_by("pk"))
    for _ in range(left // 10):
        school = rng.choice(schools)
        day = dt.date(rng.randint(ctx.first_year, ctx.last_year), rng.choice([8, 9, 1]), rng.randint(1, 28))
        if not add(school, when=ctx.at(min(day, ctx.today), 10), kind="~", user_id=coordinator, reason="New principal"):
            break
    calls = CallForService.objects.order_by("-occurred_at", "-pk")
    for call in calls.filter(status=CallForService.Status.VOIDED).iterator(chunk_size=BATCH):
        created = call.occurred_at + dt.timedelta(hours=2)
        add(call, when=created, kind="+", user_id=call.created_by_id, status="active", void_reason="", version=1)
        add(call, when=created + dt.timedelta(days=1), kind="~", user_id=supervisor, reason=call.void_reason)
    for call in calls.filter(status=CallForService.Status.ACTIVE).iterator(chunk_size=BATCH):
        if not add(call, when=call.occurred_at + dt.timedelta(hours=2), kind="+", user_id=call.created_by_id):
            break
    total = 0
    for model, objs in rows.items():
        total += len(bulk(model, objs))
    ctx.made["history rows"] = total
