"""The kinds of record the retention schedule covers: where each lives, which date starts its clock, what
"destroying" it means, and its default period.

Defaults (every one a starting point to set to the service's retention by-law in the admin; see docs/retention.md):
MFIPPA (R.R.O. 1990, Reg. 823, s. 5) asks that personal information be kept at least one year after last use;
drill records are commonly kept three years (e.g. Edmonton's school-safety practice). Records the annual report
counts (drills, follow-ups, calls, sessions, placements) are *anonymised*: their free text and names are blanked,
in the record and in its history, while dates, kinds, schools and numbers stay, so past reports stay true.
Records nothing counts (reminders sent, audit events, meeting attachments) are *destroyed*, history included; the
annual report's files are deleted while its figures stay.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ANONYMISE, DESTROY = "anonymise", "destroy"
# What an anonymised reason reads: a cancelled drill or a voided call must keep a reason (a database constraint),
# so its text is replaced, not blanked. Language-neutral on purpose: it is stored, and shown in both languages.
REMOVED = "—"


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    model: str  # app_label.ModelName
    date_field: str  # the record's own date that starts the clock ("last use")
    default_years: int
    action: str
    blank_fields: tuple[str, ...] = ()  # what anonymising blanks
    school_path: str = ""  # the lookup to the school, for holds on one school
    extra: Q = field(default_factory=Q)  # which rows are candidates at all (e.g. sent reminders only)
    # Of those, the ones a constraint requires when the record is cancelled or voided: set to REMOVED, not blanked.
    reason_fields: tuple[str, ...] = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def not_yet_done(self) -> Q:
        """Rows anonymising would still change (one blank field with text); every row for a destruction."""
        if self.action == DESTROY:
            return Q()
        done = Q()
        for name in self.blank_fields:
            done &= Q(**{f"{name}__in": ["", REMOVED]}) if name in self.reason_fields else Q(**{name: ""})
        return ~done


KINDS: tuple[RecordKind, ...] = (
    RecordKind("drills", _("Lockdown drills"), "drills.Drill", "occurs_on", 3, ANONYMISE,
               ("problems_found", "debrief_notes", "cancel_reason"), "school", reason_fields=("cancel_reason",)),
    RecordKind("followups", _("Drill follow-ups"), "drills.FollowUpAction", "due_on", 3, ANONYMISE,
               ("owner", "resolution"), "drill__school", Q(resolved_on__isnull=False)),
    RecordKind("calls", _("Calls for service"), "schools.CallForService", "occurred_at", 2, ANONYMISE,
               ("summary", "void_reason"), "school", reason_fields=("void_reason",)),
    RecordKind("sessions", _("Program sessions"), "programs.Session", "starts_at", 2, ANONYMISE,
               ("class_label", "notes", "void_reason"), "school", reason_fields=("void_reason",)),
    RecordKind("placements", _("Student placements"), "programs.Placement", "ends_on", 1, ANONYMISE,
               ("student_name", "project_summary", "notes")),
    RecordKind("meeting_attachments", _("Meeting attachments"), "committees.MeetingAttachment",
               "uploaded_at", 2, DESTROY),
    RecordKind("reminders", _("Reminders sent"), "csu.Reminder", "sent_at", 1, DESTROY,
               extra=Q(sent_at__isnull=False)),
    RecordKind("audit_events", _("Audit events"), "csu.AuditEvent", "created_at", 2, DESTROY),
    # The report row and its figures stay (they are the unit's publication); its files are deleted.
    RecordKind("report_files", _("Annual report files"), "reports.AnnualReport", "finished_at", 7, ANONYMISE,
               ("pdf_file", "xlsx_file", "csv_file"), extra=Q(finished_at__isnull=False)),
)  # fmt: skip

BY_KEY = {kind.key: kind for kind in KINDS}
CHOICES = [(kind.key, kind.label) for kind in KINDS]
