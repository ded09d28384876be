from django.db import migrations

WEEKS = [
    (
        "police-week",
        "Police Week",
        "Semaine de la police",
        "National Police Week: open houses, displays and community events.",
        "police_week",
    ),
    (
        "family-week",
        "Family Week",
        "Semaine de la famille",
        "National Family Week, the week before Thanksgiving.",
        "family_week",
    ),
    (
        "week-without-violence",
        "Week Without Violence",
        "Semaine sans violence",
        "YWCA Week Without Violence.",
        "third_full_week_october",
    ),
    (
        "crime-prevention-week",
        "Crime Prevention Week",
        "Semaine de la prévention du crime",
        "Ontario Crime Prevention Week.",
        "first_sunday_november",
    ),
    (
        "drug-awareness-week",
        "Drug Awareness Week",
        "Semaine de sensibilisation aux drogues",
        "National Drug Awareness Week; some services hold it at another time of year.",
        "third_sunday_november",
    ),
]


def create_weeks(apps, schema_editor):
    AwarenessWeek = apps.get_model("events", "AwarenessWeek")
    for code, name_en, name_fr, description, rule in WEEKS:
        AwarenessWeek.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "description": description, "rule": rule}
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(create_weeks, migrations.RunPython.noop)]
