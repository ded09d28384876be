"""Retention: list what has passed its period (monthly), let a supervisor approve, then anonymise or destroy it.

Nothing is destroyed without an approved review; approval covers exactly the rows listed; each row is checked
again when the review is applied (its date, and every hold in force then), so a hold placed after the listing
still protects it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from csu.dates import local_midnight

from .kinds import BY_KEY, DESTROY, KINDS, REMOVED, RecordKind
from .models import Destruction, Hold, RetentionRule, Review, ReviewItem


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def schedule() -> list[tuple[RecordKind, RetentionRule | None, int, str]]:
    """(kind, its rule if set, years kept, action) for every kind; a kind without a rule keeps its default."""
    rules = {rule.kind: rule for rule in RetentionRule.objects.all()}
    found = []
    for kind in KINDS:
        rule = rules.get(kind.key)
        found.append(
            (kind, rule, rule.keep_years if rule else kind.default_years, rule.action if rule else kind.action)
        )
    return found


def _date_before(kind: RecordKind, cutoff: dt.date) -> Q:
    field = kind.model_class._meta.get_field(kind.date_field)
    bound = local_midnight(cutoff) if isinstance(field, models.DateTimeField) else cutoff
    return Q(**{f"{kind.date_field}__lt": bound})


def _date_within(kind: RecordKind, first: dt.date | None, last: dt.date | None) -> Q:
    field = kind.model_class._meta.get_field(kind.date_field)
    is_moment = isinstance(field, models.DateTimeField)
    q = Q()
    if first:
        q &= Q(**{f"{kind.date_field}__gte": local_midnight(first) if is_moment else first})
    if last:
        after = last + dt.timedelta(days=1)
        q &= Q(**{f"{kind.date_field}__lt": local_midnight(after) if is_moment else after})
    return q


def held(kind: RecordKind) -> Q:
    """The rows of `kind` that a hold in force covers (a hold on a school covers every kind not tied to one)."""
    covered = Q(pk__in=[])
    for hold in Hold.objects.in_force().filter(Q(kind="") | Q(kind=kind.key)):
        # Q(pk__isnull=False): "every row" (an empty Q() would vanish from the OR below).
        q = Q(pk__isnull=False) & _date_within(kind, hold.records_from, hold.records_until)
        if hold.school_id and kind.school_path:
            q &= Q(**{kind.school_path: hold.school_id})
        covered |= q
    return covered


def due(kind: RecordKind, *, cutoff: dt.date, action: str):
    """Rows of `kind` dated before `cutoff` that the action would still change."""
    qs = kind.model_class._default_manager.filter(kind.extra, _date_before(kind, cutoff))
    if action != DESTROY:
        qs = qs.filter(kind.not_yet_done())
    return qs


@transaction.atomic
def review_create(*, today: dt.date | None = None) -> Review | None:
    """The monthly listing. Returns None when nothing is due. An older review still waiting is replaced."""
    today = today or timezone.localdate()
    items = []
    for kind, _rule, years, action in schedule():
        cutoff = _years_before(today, years)
        candidates = due(kind, cutoff=cutoff, action=action)
        ids = sorted(candidates.exclude(held(kind)).values_list("pk", flat=True))
        held_count = candidates.filter(held(kind)).count()
        if ids or held_count:
            items.append(ReviewItem(kind=kind.key, action=action, cutoff=cutoff, object_ids=ids, held=held_count))
    if not any(item.object_ids for item in items):
        return None
    for old in Review.objects.filter(status=Review.Status.PENDING).select_for_update():
        old.status = Review.Status.REJECTED
        old.note = f"Replaced by the review of {today:%Y-%m-%d}"
        old.save()
    review = Review.objects.create(listed_on=today)
    for item in items:
        item.review = review
    ReviewItem.objects.bulk_create(items)
    return review


@transaction.atomic
def review_decide(*, review: Review, by, approve: bool, note: str = "") -> Review:
    from . import tasks

    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != Review.Status.PENDING:
        raise ValueError("This review was already decided.")
    review.status = Review.Status.APPROVED if approve else Review.Status.REJECTED
    review.decided_by, review.decided_at, review.note = by, timezone.now(), note[:300]
    review.save()
    if approve:
        transaction.on_commit(lambda: tasks.apply_review.delay(review.pk))
    return review


def _delete_files(obj) -> None:
    """Delete the record's files once the transaction commits (a rollback keeps both the row and its files)."""
    for field in obj._meta.fields:
        if isinstance(field, models.FileField):
            stored = getattr(obj, field.name)
            if stored:
                storage, name = stored.storage, stored.name
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def _blank_values(kind: RecordKind) -> dict:
    """field -> what anonymising writes: NULL or "", and for a reason a constraint requires, REMOVED where there
    was text (a row without a reason may need none: an active drill's empty cancel reason stays empty)."""
    model = kind.model_class
    values = {}
    for name in kind.blank_fields:
        field = model._meta.get_field(name)
        if name in kind.reason_fields:
            values[name] = Case(When(**{name: ""}, then=Value("")), default=Value(REMOVED))
        else:
            values[name] = None if field.null else ""
    return values


def _apply_item(item: ReviewItem, *, review: Review, now: dt.datetime) -> Destruction:
    kind = BY_KEY[item.kind]
    model = kind.model_class
    still_due = due(kind, cutoff=item.cutoff, action=item.action).filter(pk__in=item.object_ids)
    held_back = still_due.filter(held(kind)).count()
    rows = list(still_due.exclude(held(kind)).select_for_update())
    pks = [row.pk for row in rows]
    history = getattr(model, "history", None)
    history_rows = 0
    if item.action == DESTROY:
        if history is not None:
            history_rows = history.filter(id__in=pks).count()
            history.filter(id__in=pks).delete()
        for row in rows:
            _delete_files(row)
        doomed = model._default_manager.filter(pk__in=pks)
        getattr(doomed, "retention_destroy", doomed.delete)()
    else:
        blank = _blank_values(kind)
        has_files = any(isinstance(model._meta.get_field(name), models.FileField) for name in blank)
        for row in rows:
            if has_files:
                _delete_files(row)
            for name, value in blank.items():
                if name in kind.reason_fields:
                    value = REMOVED if getattr(row, name) else ""
                setattr(row, name, value)
            if hasattr(row, "purged_at"):
                row.purged_at = now
            row._change_reason = f"Anonymised under the retention schedule (review {review.pk})"
            row._history_user = review.decided_by
            row.save()
        if history is not None:
            history_rows = history.filter(id__in=pks).update(**blank)
    return Destruction.objects.create(
        review=review, kind=kind.key, action=item.action, count=len(rows), history_rows=history_rows,
        held_back=held_back, done_at=now, approved_by=review.decided_by,
    )  # fmt: skip


@transaction.atomic
def review_apply(*, review_id: int) -> list[Destruction]:
    """Apply an approved review: all of it or nothing. Applying it twice does nothing the second time."""
    review = Review.objects.select_for_update().get(pk=review_id)
    if review.status != Review.Status.APPROVED:
        return []
    now = timezone.now()
    done = [_apply_item(item, review=review, now=now) for item in review.items.all()]
    review.status = Review.Status.DONE
    review.save()
    return done


@transaction.atomic
def hold_release(*, hold: Hold, by, on: dt.date | None = None) -> Hold:
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_on is None:
        hold.released_on = on or timezone.localdate()
        hold._history_user = by
        hold.save()
    return hold
