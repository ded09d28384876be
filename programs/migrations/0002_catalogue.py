"""The initial program catalogue (the programs the unit delivers). The coordinator edits it afterwards; seed_demo relies on it."""

import datetime as dt

from django.db import migrations

CATALOGUE = [
    {
        "code": "VIP",
        "name_en": "VIP — Values, Influences and Peers",
        "name_fr": "VIP — Valeurs, influences et pairs",
        "description": (
            "Grade 6 program taught by the school's officer together with the classroom teacher: values, peer "
            "pressure, drugs and alcohol, internet safety, bullying, theft and racism. Usually 6 to 7 one-hour "
            "sessions per class."
        ),
        "target_grades": "6",
        "sessions_min": 6,
        "sessions_max": 7,
        "typical_minutes": 60,
        "pillar": "education",
        "cswb_area": "prevention",
        "kind": "school_program",
        "available_from": dt.date(1990, 9, 1),
    },
    {
        "code": "KIDS",
        "name_en": "KIDS",
        "name_fr": "KIDS",
        "description": (
            "Grade 6 program that many services use to replace VIP: 6 to 10 sessions per class, delivered by the "
            "school's officer with the teacher."
        ),
        "target_grades": "6",
        "sessions_min": 6,
        "sessions_max": 10,
        "typical_minutes": 60,
        "pillar": "education",
        "cswb_area": "prevention",
        "kind": "school_program",
        "available_from": dt.date(2015, 9, 1),
    },
    {
        "code": "ELMER",
        "name_en": "Elmer the Safety Elephant",
        "name_fr": "Elmer l'éléphant de la sécurité",
        "description": (
            "Canada Safety Council program (since 1947) for Kindergarten to Grade 1: road, fire, railway, home, "
            "playground and bike safety. Schools fly the Elmer flag while they stay collision-free."
        ),
        "target_grades": "K-1",
        "sessions_min": 1,
        "sessions_max": 1,
        "typical_minutes": 45,
        "pillar": "education",
        "cswb_area": "prevention",
        "kind": "school_program",
        "available_from": dt.date(1947, 1, 1),
    },
    {
        "code": "CBC",
        "name_en": "CBC — Challenges, Beliefs and Change",
        "name_fr": "CBC — Défis, croyances et changement",
        "description": (
            "Teams of 3 to 4 senior high-school students present to Grade 8 classes for 75 to 90 minutes on "
            "substance use, internet safety and healthy choices, with the school officer present."
        ),
        "target_grades": "8",
        "sessions_min": 1,
        "sessions_max": 1,
        "typical_minutes": 90,
        "pillar": "education",
        "cswb_area": "prevention",
        "kind": "school_program",
        "available_from": dt.date(2005, 9, 1),
    },
    {
        "code": "CAA-PATROL",
        "name_en": "CAA School Safety Patrol",
        "name_fr": "Brigade scolaire CAA",
        "description": (
            "Patrollers in Grades 5 to 8 help classmates cross safely. Police train new and returning patrollers "
            "every fall (with a short exam); a teacher is the Patrol Supervisor, with Patrol Captains, and "
            "Patroller of the Year awards."
        ),
        "target_grades": "5-8",
        "sessions_min": 1,
        "sessions_max": 1,
        "typical_minutes": 60,
        "pillar": "opportunity",
        "cswb_area": "prevention",
        "kind": "safety_patrol",
        "available_from": dt.date(1929, 1, 1),
    },
    {
        "code": "SCHOOL-PRES",
        "name_en": "School presentation",
        "name_fr": "Présentation en milieu scolaire",
        "description": (
            "A presentation given at a school on request, e.g. internet safety, drug awareness or newcomer "
            "outreach."
        ),
        "target_grades": "K-12",
        "sessions_min": 1,
        "sessions_max": 1,
        "typical_minutes": 60,
        "pillar": "education",
        "cswb_area": "social_development",
        "kind": "presentation",
        "available_from": dt.date(2000, 1, 1),
    },
    {
        "code": "COMMUNITY-PRES",
        "name_en": "Community presentation",
        "name_fr": "Présentation communautaire",
        "description": (
            "A presentation given to a community group on request, e.g. newcomer outreach, fraud prevention, "
            "internet safety or drug awareness."
        ),
        "target_grades": "",
        "sessions_min": 1,
        "sessions_max": 1,
        "typical_minutes": 60,
        "pillar": "inclusion",
        "cswb_area": "social_development",
        "kind": "community",
        "available_from": dt.date(2000, 1, 1),
    },
]


def add_catalogue(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for entry in CATALOGUE:
        values = dict(entry)
        Program.objects.get_or_create(code=values.pop("code"), defaults=values)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    # Reversing leaves the rows: sessions may refer to them (operational records are never deleted).
    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
