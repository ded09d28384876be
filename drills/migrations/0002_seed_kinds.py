from django.db import migrations

KINDS = [
    ("lockdown", "Lockdown", "Confinement barricadé", True),
    ("hold-and-secure", "Hold and Secure", "Garder et sécuriser", False),
    ("shelter-in-place", "Shelter in Place", "Abri sur place", False),
    ("clear-the-halls", "Clear the Halls", "Libérer les corridors", False),
    ("bomb-threat", "Bomb threat", "Alerte à la bombe", False),
]


def seed(apps, schema_editor):
    DrillKind = apps.get_model("drills", "DrillKind")
    for code, name_en, name_fr, counts in KINDS:
        DrillKind.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "counts_toward_requirement": counts}
        )


class Migration(migrations.Migration):
    dependencies = [("drills", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
