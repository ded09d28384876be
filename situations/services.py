"""Write-side rules of the situation table: tables, meetings and attendance, situations through the four filters,
reviews, conclusion and voiding. Nothing is ever deleted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Partner
from csu.locking import save_versioned

from .models import Factor, Review, Situation, SituationTable, TableMeeting


@transaction.atomic
def table_save(
    *, table: SituationTable, agencies: list[Partner], expected_version: int | None = None
) -> SituationTable:
    table.full_clean()
    save_versioned(table, expected_version=expected_version)
    table.agencies.set(agencies)
    return table


def _check_meeting(meeting: TableMeeting) -> None:
    table = SituationTable.objects.get(pk=meeting.table_id)
    day = timezone.localtime(meeting.starts_at).date()
    if day < table.active_from or (table.active_to and day > table.active_to):
        raise ValidationError({"starts_at": _("The table was not in place on that day.")})


@transaction.atomic
def meeting_save(
    *, meeting: TableMeeting, agencies_present: list[Partner], expected_version: int | None = None
) -> TableMeeting:
    meeting.full_clean()
    _check_meeting(meeting)
    save_versioned(meeting, expected_version=expected_version)
    meeting.agencies_present.set(agencies_present)
    return meeting


@transaction.atomic
def meeting_void(*, meeting: TableMeeting, reason: str, expected_version: int | None = None) -> TableMeeting:
    if meeting.voided_at:
        raise ValidationError(_("This meeting is already voided."))
    if meeting.situations_presented.current().exists() or meeting.reviews.exists():
        raise ValidationError(_("Situations were discussed at this meeting: void or move them first."))
    meeting.voided_at, meeting.void_reason = timezone.now(), reason.strip()
    meeting.full_clean()
    save_versioned(meeting, expected_version=expected_version)
    return meeting


def _editable(situation: Situation) -> None:
    if situation.voided_at:
        raise ValidationError(_("This situation is voided: it can no longer be changed."))


@transaction.atomic
def situation_bring(*, situation: Situation) -> Situation:
    """Filter 1: an originating agency brings a situation to the table. Numbered within its table."""
    situation.full_clean(exclude=["number"])
    # A row lock on the table serialises numbering: two situations brought at once never share a number.
    SituationTable.objects.select_for_update().get(pk=situation.table_id)
    last = Situation.objects.filter(table_id=situation.table_id).aggregate(n=Max("number"))["n"] or 0
    situation.number = last + 1
    situation.save()
    return situation


@transaction.atomic
def situation_update_filter1(*, situation: Situation, expected_version: int | None = None) -> Situation:
    _editable(situation)
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    return situation


@transaction.atomic
def situation_present(
    *,
    situation: Situation,
    meeting: TableMeeting,
    threshold_met: bool,
    not_met_reason: str = "",
    not_met_note: str = "",
    risk_factors: list[Factor] = (),
    protective_factors: list[Factor] = (),
    expected_version: int | None = None,
) -> Situation:
    """Filter 2: presented de-identified at `meeting`; the table decides whether the threshold is met.

    A situation that does not meet the threshold keeps only limited data (RTD: "rejected" discussions carry no
    factors, agencies or services)."""
    _editable(situation)
    errors = {}
    if meeting.table_id != situation.table_id:
        errors["meeting"] = _("The meeting belongs to another table.")
    elif meeting.voided_at:
        errors["meeting"] = _("This meeting is voided.")
    elif timezone.localtime(meeting.starts_at).date() < situation.brought_on:
        errors["meeting"] = _("The meeting is before the date the situation was brought.")
    if not threshold_met and not not_met_reason:
        errors["not_met_reason"] = _("Say briefly why the threshold was not met.")
    if threshold_met and not risk_factors:
        errors["risk_factors"] = _("Choose at least one risk factor.")
    if any(f.kind != Factor.Kind.RISK for f in risk_factors) or any(
        f.kind != Factor.Kind.PROTECTIVE for f in protective_factors
    ):
        errors["risk_factors"] = _("A factor of the wrong kind was chosen.")
    if errors:
        raise ValidationError(errors)
    situation.presented_at = meeting
    situation.threshold_met = threshold_met
    situation.not_met_reason = "" if threshold_met else not_met_reason
    situation.not_met_note = "" if threshold_met else not_met_note.strip()
    if not threshold_met:
        situation.lead_agency = None
        situation.first_response_at = None
        situation.services_mobilized = []
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    situation.risk_factors.set(risk_factors if threshold_met else [])
    situation.protective_factors.set(protective_factors if threshold_met else [])
    if not threshold_met:
        situation.assisting_agencies.clear()
    return situation


@transaction.atomic
def situation_assign(
    *,
    situation: Situation,
    lead_agency: Partner,
    assisting_agencies: list[Partner],
    expected_version: int | None = None,
) -> Situation:
    """Filter 3: the lead agency and the assisting agencies, the only ones who receive identifying information."""
    _editable(situation)
    if situation.threshold_met is not True:
        raise ValidationError(_("Agencies are named only once the table found the threshold met."))
    if lead_agency in assisting_agencies:
        raise ValidationError({"assisting_agencies": _("The lead agency cannot also be an assisting agency.")})
    situation.lead_agency = lead_agency
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    situation.assisting_agencies.set(assisting_agencies)
    return situation


@transaction.atomic
def situation_respond(
    *,
    situation: Situation,
    first_response_at: dt.datetime,
    services_mobilized: list[str],
    expected_version: int | None = None,
) -> Situation:
    """Filter 4: the agencies met the person or family and responded."""
    _editable(situation)
    if situation.lead_agency_id is None:
        raise ValidationError(_("Name the lead agency first (filter 3)."))
    if first_response_at < situation.presented_at.starts_at:
        raise ValidationError({"first_response_at": _("The first response cannot be before the table's decision.")})
    if first_response_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"first_response_at": _("The first response cannot be in the future.")})
    situation.first_response_at = first_response_at
    situation.services_mobilized = list(dict.fromkeys(services_mobilized))
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    return situation


@transaction.atomic
def situation_review(*, situation: Situation, meeting: TableMeeting, outcome: str, note: str = "") -> Review:
    """The situation is discussed again at a later meeting."""
    _editable(situation)
    if situation.concluded_on:
        raise ValidationError(_("This situation is concluded."))
    if situation.threshold_met is not True:
        raise ValidationError(_("Only situations that met the threshold are reviewed."))
    errors = {}
    if meeting.table_id != situation.table_id or meeting.voided_at:
        errors["meeting"] = _("Choose a meeting of this table.")
    elif meeting.starts_at <= situation.presented_at.starts_at:
        errors["meeting"] = _("A review is at a meeting after the one where the situation was presented.")
    elif Review.objects.filter(situation=situation, meeting=meeting).exists():
        errors["meeting"] = _("This situation was already reviewed at that meeting.")
    if errors:
        raise ValidationError(errors)
    review = Review(situation=situation, meeting=meeting, outcome=outcome, note=note.strip())
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def situation_conclude(
    *, situation: Situation, concluded_on: dt.date, conclusion: str, note: str = "", expected_version: int | None = None
) -> Situation:
    _editable(situation)
    if situation.threshold_met is not True:
        raise ValidationError(_("Only situations that met the threshold are concluded; the others end at filter 2."))
    if concluded_on < timezone.localtime(situation.presented_at.starts_at).date():
        raise ValidationError({"concluded_on": _("The conclusion cannot be before the situation was presented.")})
    if concluded_on > timezone.localdate():
        raise ValidationError({"concluded_on": _("The conclusion cannot be in the future.")})
    situation.concluded_on, situation.conclusion, situation.conclusion_note = concluded_on, conclusion, note.strip()
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    return situation


@transaction.atomic
def situation_void(*, situation: Situation, reason: str, expected_version: int | None = None) -> Situation:
    """Never deleted: a situation recorded in error is voided with a reason and leaves every count."""
    if situation.voided_at:
        raise ValidationError(_("This situation is already voided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    situation.voided_at, situation.void_reason = timezone.now(), reason.strip()
    situation.full_clean()
    save_versioned(situation, expected_version=expected_version)
    return situation
