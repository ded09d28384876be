"""The standard risk and protective factors, in categories (loaded by migration 0002; kept here so that the demo
and the tests can reload them after a flush).

Sources: Ontario, Community Safety and Well-Being Planning Framework, Booklet 3, Appendix F "Risk and protective
factors" (definitions "consistent with the Risk-driven Tracking Database"), and the RTD's risk categories as
published in the Ontario open-data description of the RTD. Labels are shortened; the French is ours. Rows are data:
they may be renamed, added or deactivated in the admin; codes never change.
"""

# fmt: off
# ruff: noqa: E501 - one factor a line reads as the list it is
RISK = [
    ("antisocial", "Antisocial / negative behaviour", "Comportement antisocial ou négatif", [
        ("antisocial_person", "Person exhibiting antisocial / negative behaviour", "Personne au comportement antisocial ou négatif"),
        ("antisocial_home", "Antisocial / negative behaviour within the home", "Comportement antisocial ou négatif au foyer"),
    ]),
    ("basic_needs", "Basic needs", "Besoins de base", [
        ("basic_needs_own", "Unable to meet own basic needs", "Incapable de subvenir à ses propres besoins de base"),
        ("basic_needs_others", "Neglecting others' basic needs", "Néglige les besoins de base d'autrui"),
    ]),
    ("criminal", "Criminal involvement", "Implication criminelle", [
        ("criminal_assault", "Assault", "Voies de fait"),
        ("criminal_property", "Break and enter, theft or property crime", "Introduction par effraction, vol ou crime contre les biens"),
        ("criminal_drugs", "Drug trafficking or possession", "Trafic ou possession de drogue"),
        ("criminal_weapons", "Weapons", "Armes"),
        ("criminal_other", "Other criminal involvement", "Autre implication criminelle"),
    ]),
    ("victimization", "Criminal victimization", "Victimisation criminelle", [
        ("victim_assault", "Victim of assault", "Victime de voies de fait"),
        ("victim_property", "Victim of theft or property crime", "Victime de vol ou de crime contre les biens"),
        ("victim_exploitation", "Victim of exploitation or trafficking", "Victime d'exploitation ou de traite"),
        ("victim_other", "Other victimization", "Autre victimisation"),
    ]),
    ("alcohol", "Alcohol", "Alcool", [
        ("alcohol_chronic", "Chronic alcohol use", "Consommation chronique d'alcool"),
        ("alcohol_home", "Alcohol abuse within the home", "Abus d'alcool au foyer"),
        ("alcohol_harm", "Alcohol use causing harm to self or others", "Consommation d'alcool nuisible à soi ou à autrui"),
    ]),
    ("drugs", "Drugs (substance use)", "Drogues (consommation de substances)", [
        ("drugs_chronic", "Chronic drug use", "Consommation chronique de drogues"),
        ("drugs_home", "Drug use within the home", "Consommation de drogues au foyer"),
        ("drugs_overdose", "Overdose or risk of overdose", "Surdose ou risque de surdose"),
    ]),
    ("elder_abuse", "Elder abuse", "Maltraitance des aînés", [
        ("elder_victim", "Victim of elder abuse", "Victime de maltraitance envers les aînés"),
        ("elder_perpetrator", "Perpetrator of elder abuse", "Auteur de maltraitance envers les aînés"),
    ]),
    ("emotional_violence", "Emotional violence", "Violence psychologique", [
        ("emotional_victim", "Victim of emotional violence", "Victime de violence psychologique"),
        ("emotional_home", "Emotional violence within the home", "Violence psychologique au foyer"),
    ]),
    ("gambling", "Gambling", "Jeu", [
        ("gambling_self", "Chronic gambling causing harm to self", "Jeu chronique nuisible à soi"),
        ("gambling_others", "Chronic gambling causing harm to others", "Jeu chronique nuisible à autrui"),
    ]),
    ("gangs", "Gangs", "Gangs", [
        ("gang_association", "Association with a gang", "Fréquente un gang"),
    ]),
    ("housing", "Housing", "Logement", [
        ("housing_homeless", "Homeless or transient", "Sans abri ou sans domicile fixe"),
        ("housing_unsafe", "Unsafe or unsanitary housing", "Logement dangereux ou insalubre"),
        ("housing_eviction", "Facing eviction", "Menacé d'expulsion"),
    ]),
    ("mental_health", "Mental health", "Santé mentale", [
        ("mental_diagnosed", "Diagnosed mental health problem", "Problème de santé mentale diagnostiqué"),
        ("mental_suspected", "Suspected mental health problem", "Problème de santé mentale soupçonné"),
        ("mental_not_following", "Not following a treatment plan", "Ne suit pas son plan de traitement"),
    ]),
    ("cognitive", "Cognitive functioning", "Fonctionnement cognitif", [
        ("cognitive_diagnosed", "Diagnosed cognitive disability", "Déficience cognitive diagnostiquée"),
        ("cognitive_suspected", "Suspected cognitive disability", "Déficience cognitive soupçonnée"),
    ]),
    ("missing", "Missing / runaway", "Disparition / fugue", [
        ("missing_runaway", "Runaway", "Fugue"),
        ("missing_person", "Missing person", "Personne disparue"),
    ]),
    ("school", "Missing school", "Absentéisme scolaire", [
        ("school_truancy", "Chronic absence from school", "Absence chronique de l'école"),
        ("school_dropout", "Not enrolled in school", "N'est pas inscrit à l'école"),
    ]),
    ("social_environment", "Social environment", "Milieu social", [
        ("social_negative_peers", "Negative peers", "Fréquentations négatives"),
        ("social_neighbourhood", "Negative neighbourhood", "Quartier négatif"),
        ("social_isolation", "Social isolation", "Isolement social"),
    ]),
    ("parenting", "Parenting", "Rôle parental", [
        ("parenting_conflict", "Parent–child conflict", "Conflit parent-enfant"),
        ("parenting_inadequate", "Inadequate parenting", "Compétences parentales insuffisantes"),
        ("parenting_supervision", "Lack of supervision", "Manque de supervision"),
    ]),
    ("physical_health", "Physical health", "Santé physique", [
        ("health_chronic", "Chronic illness or disability", "Maladie chronique ou handicap"),
        ("health_untreated", "Not accessing needed health care", "N'accède pas aux soins nécessaires"),
    ]),
    ("physical_violence", "Physical violence", "Violence physique", [
        ("violence_victim", "Victim of physical violence", "Victime de violence physique"),
        ("violence_perpetrator", "Perpetrator of physical violence", "Auteur de violence physique"),
        ("violence_home", "Physical violence within the home", "Violence physique au foyer"),
    ]),
    ("poverty", "Poverty", "Pauvreté", [
        ("poverty_person", "Living in poverty", "Vit dans la pauvreté"),
    ]),
    ("self_harm", "Self-harm", "Automutilation", [
        ("self_harm_person", "Self-harm", "Automutilation"),
    ]),
    ("sexual_violence", "Sexual violence", "Violence sexuelle", [
        ("sexual_victim", "Victim of sexual violence", "Victime de violence sexuelle"),
        ("sexual_perpetrator", "Perpetrator of sexual violence", "Auteur de violence sexuelle"),
    ]),
    ("suicide", "Suicide", "Suicide", [
        ("suicide_risk", "Risk of suicide", "Risque de suicide"),
        ("suicide_attempt", "Previous suicide attempt", "Tentative de suicide antérieure"),
    ]),
    ("public_safety", "Threat to public health and safety", "Menace pour la santé et la sécurité publiques", [
        ("public_safety_threat", "Threat to public health and safety", "Menace pour la santé et la sécurité publiques"),
    ]),
    ("unemployment", "Unemployment", "Chômage", [
        ("unemployment_person", "Unemployed", "Sans emploi"),
    ]),
]

PROTECTIVE = [
    ("education", "Education", "Éducation", [
        ("p_school_attending", "Attending school or training regularly", "Fréquente l'école ou une formation régulièrement"),
        ("p_school_connected", "Positive connection to school", "Lien positif avec l'école"),
    ]),
    ("employment", "Employment and income", "Emploi et revenu", [
        ("p_stable_employment", "Stable employment", "Emploi stable"),
        ("p_financial_support", "Temporary financial support", "Soutien financier temporaire"),
        ("p_work_environment", "Positive work environment", "Milieu de travail positif"),
    ]),
    ("family", "Family and social supports", "Famille et soutiens sociaux", [
        ("p_family_support", "Supportive family", "Famille soutenante"),
        ("p_positive_peers", "Positive peers", "Fréquentations positives"),
        ("p_mentor", "Supportive adult or mentor", "Adulte soutenant ou mentor"),
        ("p_cultural", "Cultural or spiritual connection", "Lien culturel ou spirituel"),
    ]),
    ("housing", "Housing and neighbourhood", "Logement et quartier", [
        ("p_stable_housing", "Access to stable housing", "Accès à un logement stable"),
        ("p_sustainable_housing", "Appropriate, sustainable housing", "Logement adéquat et durable"),
        ("p_near_services", "Housing close to services", "Logement à proximité des services"),
        ("p_cohesive_community", "Positive, cohesive community", "Collectivité positive et solidaire"),
        ("p_resources", "Access to resources, services and social supports", "Accès aux ressources, services et soutiens sociaux"),
    ]),
    ("mental_health", "Mental health", "Santé mentale", [
        ("p_mh_services", "Accessing mental health resources or services", "Accède à des ressources ou services en santé mentale"),
        ("p_coping", "Personal coping strategies", "Stratégies d'adaptation personnelles"),
        ("p_self_efficacy", "Self-efficacy", "Sentiment d'efficacité personnelle"),
        ("p_self_esteem", "Self-esteem", "Estime de soi"),
        ("p_medication", "Taking prescribed medication", "Prend les médicaments prescrits"),
    ]),
    ("physical_health", "Physical health", "Santé physique", [
        ("p_health_care", "Accessing health care", "Accède à des soins de santé"),
    ]),
    ("substance_use", "Substance use", "Consommation de substances", [
        ("p_addiction_services", "Accessing addiction services", "Accède à des services en dépendance"),
    ]),
    ("engagement", "Engagement", "Engagement", [
        ("p_willing", "Willing to accept help", "Disposé à accepter de l'aide"),
    ]),
]

# fmt: on


def load(factor_model) -> int:
    """Create or update the standard rows (idempotent); returns how many rows the list holds."""
    position = 0
    for kind, groups in (("risk", RISK), ("protective", PROTECTIVE)):
        for _code, category_en, category_fr, factors in groups:
            for code, label_en, label_fr in factors:
                position += 1
                factor_model.objects.update_or_create(
                    kind=kind,
                    code=code,
                    defaults={
                        "category_en": category_en,
                        "category_fr": category_fr,
                        "label_en": label_en,
                        "label_fr": label_fr,
                        "position": position,
                    },
                )
    return position
