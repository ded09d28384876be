# The per-topic counters of csu.versions: results are now kept in Django's cache (csu.cache).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("csu", "0004_dataversion"),
    ]

    operations = [
        migrations.DeleteModel(name="DataVersion"),
    ]
