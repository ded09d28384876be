# The per-topic counters of csu.versions: results are now kept in Django's cache (csu.cache).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("csu", "0008_reminder_failed_at"),
    ]

    operations = [
        migrations.DeleteModel(name="DataVersion"),
    ]
