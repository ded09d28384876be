"""Write-side rules for awareness weeks and events, and the awareness-week dates service."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import CalendarToken, User, _new_token, calendar_token_hash
from committees.models import Partner
from csu.locking import save_versioned

from .models import AwarenessWeek, AwarenessWeekOverride, Event
from .weeks import rule_dates


def week_dates(week: AwarenessWeek, year: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of `week` in `year`: the year's override if there is one, else the rule's dates."""
    override = AwarenessWeekOverride.objects.filter(week=week, year=year).only("starts_on", "ends_on").first()
    if override is not None:
        return override.starts_on, override.ends_on
    return rule_dates(week.rule, year)


def weeks_overlapping(start: dt.date, end: dt.date) -> list[tuple[AwarenessWeek, dt.date, dt.date]]:
    """Awareness-week occurrences intersecting [start, end] (inclusive). Two queries."""
    weeks = list(AwarenessWeek.objects.all())
    years = range(start.year - 1, end.year + 2)
    overrides = {
        (o.week_id, o.year): (o.starts_on, o.ends_on)
        for o in AwarenessWeekOverride.objects.filter(year__in=list(years))
    }
    found = []
    for week in weeks:
        for year in years:
            first, last = overrides.get((week.pk, year)) or rule_dates(week.rule, year)
            if first <= end and last >= start:
                found.append((week, first, last))
    found.sort(key=lambda t: (t[1], t[0].name_en))
    return found


@transaction.atomic
def week_override_save(*, override: AwarenessWeekOverride) -> AwarenessWeekOverride:
    override.full_clean()
    if override.starts_on.year != override.year and override.ends_on.year != override.year:
        raise ValidationError({"starts_on": _("The dates must fall in the year they are for.")})
    override.save()
    return override


def _check_event(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if event.awareness_week_id:
        week = AwarenessWeek.objects.get(pk=event.awareness_week_id)
        start_day = timezone.localtime(event.starts_at).date()
        first, last = week_dates(week, start_day.year)
        end_day = timezone.localtime(event.ends_at).date()
        if not (first <= start_day <= last and first <= end_day <= last):
            raise ValidationError(
                {
                    "awareness_week": _(
                        "%(week)s %(year)s runs from %(first)s to %(last)s; the event must take place within it."
                    )
                    % {"week": week, "year": start_day.year, "first": first.isoformat(), "last": last.isoformat()}
                }
            )
    if event.status == Event.Status.CANCELLED and not event.cancel_reason.strip():
        raise ValidationError({"cancel_reason": _("Give the reason the event was cancelled.")})


@transaction.atomic
def event_save(
    *,
    event: Event,
    partners: list[Partner] | None = None,
    staff: list[User] | None = None,
    expected_version: int | None = None,
) -> Event:
    event.full_clean()
    _check_event(event)
    if event.status != Event.Status.CANCELLED:
        event.cancel_reason = ""
    save_versioned(event, expected_version=expected_version)
    if partners is not None:
        event.partners.set(partners)
    if staff is not None:
        event.staff.set(staff)
    return event


@transaction.atomic
def event_cancel(*, event: Event, reason: str, expected_version: int | None = None) -> Event:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the event was cancelled.")})
    event.status = Event.Status.CANCELLED
    event.cancel_reason = reason.strip()
    save_versioned(event, expected_version=expected_version)
    return event


def events_for_staff(user: User):
    return Event.objects.filter(models.Q(lead=user) | models.Q(staff=user)).distinct()


# --- Calendar feed tokens -------------------------------------------------------------------------------


@transaction.atomic
def calendar_token_create(*, user: User) -> tuple[CalendarToken, str]:
    """A new feed link's row and its secret; only the secret's hash is kept, so the caller shows it once."""
    raw = _new_token()
    return CalendarToken.objects.create(user=user, token_hash=calendar_token_hash(raw)), raw


def calendar_token_use(*, raw: str) -> CalendarToken | None:
    """The live token whose secret is `raw` (its owner active), with its last use recorded; else None."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=calendar_token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is not None:
        found.last_used_at = timezone.now()
        CalendarToken.objects.filter(pk=found.pk).update(last_used_at=found.last_used_at)
    return found


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = CalendarToken.RevokedBecause.OWNER
        token.save(update_fields=["revoked_at", "revoked_reason"])


def calendar_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every live link of `user` (password changed, account deactivated); a reactivation revives none."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
