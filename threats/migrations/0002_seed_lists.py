"""The lists a unit starts with (editable afterwards). Sources: the VTRA Stage I report form's list of
violence/threat-making behaviours and its levels of concern (Canadian Centre for Threat Assessment and Trauma
Response; Ontario community VTRA protocols such as CDSBEO/UCDSB 2011). See docs in /work/notes/threats.md."""

from django.db import migrations

BEHAVIOURS = [
    ("threat_in_person", "Threat made in person (spoken or written)", "Menace faite en personne (orale ou écrite)"),
    ("threat_online", "Threat made online or by text message", "Menace faite en ligne ou par message texte"),
    ("weapon", "Weapon or replica", "Arme ou réplique"),
    ("violence", "Serious violence or intent to harm", "Violence grave ou intention de blesser"),
    ("bomb_threat", "Bomb threat", "Alerte à la bombe"),
    ("other", "Other worrisome behaviour", "Autre comportement inquiétant"),
]
OUTCOMES = [
    ("low_concern", "Low level of concern", "Niveau de préoccupation faible"),
    ("medium_concern", "Medium level of concern", "Niveau de préoccupation moyen"),
    ("high_concern", "High level of concern", "Niveau de préoccupation élevé"),
    ("support_plan", "Support or intervention plan", "Plan de soutien ou d'intervention"),
    ("referral", "Referral to a community agency", "Aiguillage vers un organisme communautaire"),
    ("police_investigation", "Police investigation", "Enquête policière"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("BehaviourKind", BEHAVIOURS), ("OutcomeCategory", OUTCOMES)):
        model = apps.get_model("threats", model_name)
        for position, (code, name_en, name_fr) in enumerate(rows, start=1):
            model.objects.get_or_create(
                code=code, defaults={"name_en": name_en, "name_fr": name_fr, "position": position * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("threats", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
