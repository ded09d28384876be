"""The outcomes a unit starts with (editable afterwards): the Youth Criminal Justice Act's extrajudicial measures
(ss. 4–10: no further action, warning, police caution, referral to a program or agency, extrajudicial sanctions
program), a charge, an apprehension under the Mental Health Act (Ontario, s. 17) and a referral to the VTRA
protocol. Only "Charge laid" counts as a charge."""

from django.db import migrations

OUTCOMES = [
    ("no_further_action", "No further action", "Aucune autre mesure", False),
    ("warning", "Warning", "Avertissement", False),
    ("police_caution", "Police caution", "Mise en garde de la police", False),
    ("referral_program", "Referral to a program or agency", "Renvoi à un programme ou à un organisme", False),
    (
        "extrajudicial_sanctions",
        "Referral to extrajudicial sanctions / restorative justice",
        "Renvoi aux sanctions extrajudiciaires / justice réparatrice",
        False,
    ),
    ("charge_laid", "Charge laid", "Accusation portée", True),
    (
        "mental_health_apprehension",
        "Apprehension under mental-health legislation",
        "Appréhension en vertu de la loi sur la santé mentale",
        False,
    ),
    ("referred_vtra", "Referred to VTRA", "Renvoi à l’ERVM", False),
]


def seed(apps, schema_editor):
    CallOutcome = apps.get_model("schools", "CallOutcome")
    for position, (code, name_en, name_fr, charge) in enumerate(OUTCOMES, start=1):
        CallOutcome.objects.get_or_create(
            code=code,
            defaults={"name_en": name_en, "name_fr": name_fr, "counts_as_charge": charge, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("schools", "0005_call_outcomes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
