"""The default retention schedule (retention/kinds.py explains each period); IT sets it to the service's by-law."""

from django.db import migrations

DEFAULTS = {
    "drills": (3, "anonymise", "Default: drill records kept 3 years (common school-safety practice)."),
    "followups": (3, "anonymise", "Default: kept with the drill records, 3 years."),
    "calls": (2, "anonymise", "Default: MFIPPA Reg. 823 s. 5 minimum is 1 year after last use."),
    "sessions": (2, "anonymise", "Default: MFIPPA Reg. 823 s. 5 minimum is 1 year after last use."),
    "placements": (1, "anonymise", "MFIPPA Reg. 823 s. 5: at least 1 year after last use."),
    "meeting_attachments": (2, "destroy", "Default: 2 years after the meeting."),
    "reminders": (1, "destroy", "Default: 1 year after sending."),
    "audit_events": (2, "destroy", "Default: 2 years; set to the service's audit-log by-law."),
    "report_files": (7, "anonymise", "Default: files 7 years; the report's figures stay."),
}


def forward(apps, schema_editor):
    Rule = apps.get_model("retention", "RetentionRule")
    for kind, (years, action, authority) in DEFAULTS.items():
        Rule.objects.get_or_create(kind=kind, defaults={"keep_years": years, "action": action, "authority": authority})


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
