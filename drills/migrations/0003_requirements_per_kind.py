"""Drills required per kind and per school year (issue 4).

Before: `DrillKind.counts_toward_requirement` (lockdowns only) and one count per school year
(`DrillYearRule.required_lockdowns`, `required_by_fall`). After: every kind has default counts
(`required_per_year`, `required_by_fall`) and a saved year's rules hold one `DrillRequirement` row per kind.

Data: a kind that counted gets the provincial defaults 2 a year, 1 by the fall deadline; the others 0. Every saved
rule gets a row with its old numbers for each kind that counted, and a 0 row for every other active kind (the form
saves a row per kind too, so a saved year keeps its numbers when a kind's defaults change). History rows record
the change ("migration" as the reason). Reversible: going back, a kind counts when it requires drills, and a rule
takes the numbers of its most demanding row.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

REASON = "0003: drills required per kind"


def _history(historical_model, obj, history_type: str, when) -> None:
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    historical_model.objects.create(
        **values, history_date=when, history_type=history_type, history_change_reason=REASON, history_user=None
    )


def _immediate(schema_editor, on: bool) -> None:
    # PostgreSQL refuses to alter a table with pending (deferred) foreign-key checks in the same transaction: check
    # the rows written here at once, before step 3 drops columns.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"SET CONSTRAINTS ALL {'IMMEDIATE' if on else 'DEFERRED'}")


def forward(apps, schema_editor):
    _immediate(schema_editor, True)
    DrillKind = apps.get_model("drills", "DrillKind")
    DrillYearRule = apps.get_model("drills", "DrillYearRule")
    DrillRequirement = apps.get_model("drills", "DrillRequirement")
    HistoricalDrillKind = apps.get_model("drills", "HistoricalDrillKind")
    HistoricalDrillRequirement = apps.get_model("drills", "HistoricalDrillRequirement")
    now = timezone.now()
    kinds = list(DrillKind.objects.order_by("pk"))
    for kind in kinds:
        if kind.counts_toward_requirement:
            kind.required_per_year, kind.required_by_fall = 2, 1
            kind.save(update_fields=["required_per_year", "required_by_fall"])
            _history(HistoricalDrillKind, kind, "~", now)
    rows = []
    for rule in DrillYearRule.objects.order_by("pk"):
        for kind in kinds:
            if kind.counts_toward_requirement:
                rows.append(
                    DrillRequirement(
                        rule=rule, kind=kind, required=rule.required_lockdowns, required_by_fall=rule.required_by_fall
                    )
                )
            elif kind.active:
                rows.append(DrillRequirement(rule=rule, kind=kind, required=0, required_by_fall=0))
    for row in DrillRequirement.objects.bulk_create(rows):
        _history(HistoricalDrillRequirement, row, "+", now)
    _immediate(schema_editor, False)


def backward(apps, schema_editor):
    _immediate(schema_editor, True)
    DrillKind = apps.get_model("drills", "DrillKind")
    DrillYearRule = apps.get_model("drills", "DrillYearRule")
    DrillRequirement = apps.get_model("drills", "DrillRequirement")
    DrillKind.objects.update(counts_toward_requirement=False)
    DrillKind.objects.filter(required_per_year__gt=0).update(counts_toward_requirement=True)
    for rule in DrillYearRule.objects.all():
        top = (
            DrillRequirement.objects.filter(rule=rule, required__gt=0)
            .order_by("-required", "-required_by_fall", "kind_id")
            .first()
        )
        if top is not None:
            rule.required_lockdowns, rule.required_by_fall = top.required, top.required_by_fall
            rule.save(update_fields=["required_lockdowns", "required_by_fall"])
    _immediate(schema_editor, False)


class Migration(migrations.Migration):
    dependencies = [
        ("drills", "0002_seed_kinds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # 1. The new fields and table.
        migrations.AddField(
            model_name="drillkind",
            name="required_by_fall",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The default number of these drills due by the fall term deadline.",
                verbose_name="of which by the fall deadline",
            ),
        ),
        migrations.AddField(
            model_name="drillkind",
            name="required_per_year",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The default for every school year whose rules do not say otherwise; 0 = not required. Ontario requires two lockdown drills a year.",
                verbose_name="drills required per school year",
            ),
        ),
        migrations.AddField(
            model_name="historicaldrillkind",
            name="required_by_fall",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The default number of these drills due by the fall term deadline.",
                verbose_name="of which by the fall deadline",
            ),
        ),
        migrations.AddField(
            model_name="historicaldrillkind",
            name="required_per_year",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="The default for every school year whose rules do not say otherwise; 0 = not required. Ontario requires two lockdown drills a year.",
                verbose_name="drills required per school year",
            ),
        ),
        migrations.CreateModel(
            name="DrillRequirement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("required", models.PositiveSmallIntegerField(default=0, verbose_name="drills required in the year")),
                (
                    "required_by_fall",
                    models.PositiveSmallIntegerField(default=0, verbose_name="of which by the fall deadline"),
                ),
            ],
            options={
                "verbose_name": "drill requirement",
                "verbose_name_plural": "drill requirements",
                "ordering": ["rule", "kind__name_en"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDrillRequirement",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("required", models.PositiveSmallIntegerField(default=0, verbose_name="drills required in the year")),
                (
                    "required_by_fall",
                    models.PositiveSmallIntegerField(default=0, verbose_name="of which by the fall deadline"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical drill requirement",
                "verbose_name_plural": "historical drill requirements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="drillrequirement",
            name="kind",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requirements",
                to="drills.drillkind",
                verbose_name="kind of drill",
            ),
        ),
        migrations.AddField(
            model_name="drillrequirement",
            name="rule",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="requirements",
                to="drills.drillyearrule",
                verbose_name="school year rules",
            ),
        ),
        migrations.AddField(
            model_name="historicaldrillrequirement",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicaldrillrequirement",
            name="kind",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="drills.drillkind",
                verbose_name="kind of drill",
            ),
        ),
        migrations.AddField(
            model_name="historicaldrillrequirement",
            name="rule",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="drills.drillyearrule",
                verbose_name="school year rules",
            ),
        ),
        migrations.AddConstraint(
            model_name="drillrequirement",
            constraint=models.UniqueConstraint(fields=("rule", "kind"), name="drillrequirement_one_per_kind"),
        ),
        migrations.AddConstraint(
            model_name="drillrequirement",
            constraint=models.CheckConstraint(
                condition=models.Q(("required_by_fall__lte", models.F("required"))),
                name="drillrequirement_fall_le_year",
            ),
        ),
        # 2. The data: kinds' defaults from the old flag, one requirement row per kind for every saved rule.
        migrations.RunPython(forward, backward),
        # 3. The old fields go.
        migrations.RemoveConstraint(
            model_name="drillyearrule",
            name="drillyearrule_fall_le_year",
        ),
        migrations.RemoveField(
            model_name="drillkind",
            name="counts_toward_requirement",
        ),
        migrations.RemoveField(
            model_name="drillyearrule",
            name="required_by_fall",
        ),
        migrations.RemoveField(
            model_name="drillyearrule",
            name="required_lockdowns",
        ),
        migrations.RemoveField(
            model_name="historicaldrillkind",
            name="counts_toward_requirement",
        ),
        migrations.RemoveField(
            model_name="historicaldrillyearrule",
            name="required_by_fall",
        ),
        migrations.RemoveField(
            model_name="historicaldrillyearrule",
            name="required_lockdowns",
        ),
        migrations.AlterModelOptions(
            name="drillkind",
            options={
                "ordering": ["-required_per_year", "name_en"],
                "verbose_name": "drill kind",
                "verbose_name_plural": "drill kinds",
            },
        ),
        migrations.AddConstraint(
            model_name="drillkind",
            constraint=models.CheckConstraint(
                condition=models.Q(("required_by_fall__lte", models.F("required_per_year"))),
                name="drillkind_fall_le_year",
            ),
        ),
    ]
