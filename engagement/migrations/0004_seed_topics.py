"""The topics a unit's list starts with (edited afterwards in the admin): without one, no one could subscribe."""

from django.db import migrations

TOPICS = [
    ("Community safety bulletins", "Bulletins de sécurité communautaire"),
    ("Events and awareness weeks", "Événements et semaines de sensibilisation"),
    ("Block Watch", "Surveillance de quartier"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("engagement", "Topic")
    for name_en, name_fr in TOPICS:
        Topic.objects.get_or_create(name_en=name_en, defaults={"name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("engagement", "0003_blockwatch")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
