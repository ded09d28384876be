"""Loads the standard risk and protective factors (situations/standard_factors.py: the list and its sources)."""

from django.db import migrations


def load(apps, schema_editor):
    from situations.standard_factors import load as load_standard

    load_standard(apps.get_model("situations", "Factor"))


class Migration(migrations.Migration):
    dependencies = [("situations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
