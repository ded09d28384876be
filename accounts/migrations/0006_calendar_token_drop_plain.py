from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_calendar_token_hashed")]

    operations = [
        migrations.RemoveField(model_name="calendartoken", name="token"),
        migrations.AlterField(
            model_name="calendartoken",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="token hash"),
        ),
    ]
