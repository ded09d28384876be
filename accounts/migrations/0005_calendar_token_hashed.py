"""Calendar feed tokens are stored hashed: existing tokens are hashed in place, so existing subscriptions work on."""

import hashlib

from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    CalendarToken = apps.get_model("accounts", "CalendarToken")
    for token in CalendarToken.objects.exclude(token="").only("pk", "token").iterator():  # nosec B106 (an empty token, not a password)
        CalendarToken.objects.filter(pk=token.pk).update(token_hash=hashlib.sha256(token.token.encode()).hexdigest())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_directory_and_handover")]

    operations = [
        migrations.AddField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, null=True, verbose_name="token hash"),
        ),
        migrations.AddField(
            model_name="calendartoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used"),
        ),
        migrations.AddField(
            model_name="calendartoken",
            name="revoked_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("owner", "revoked by its owner"),
                    ("password_changed", "password changed"),
                    ("deactivated", "account deactivated"),
                ],
                default="",
                max_length=20,
                verbose_name="why revoked",
            ),
        ),
        # Irreversible on purpose: the plain tokens are gone once hashed.
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
    ]
