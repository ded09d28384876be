"""Demo schools: 40 fictional schools over four Ottawa-area boards, assigned across officer1..officer4
(two left unassigned so the coverage page has something to show), and a year of calls for service.

Idempotent: schools are keyed by external id DEMO-001..DEMO-040, calls by their occurrence number; a second
run creates nothing. Names, addresses, phones (555 exchange) and contacts are invented.
"""

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Role, User

from .models import Assignment, Board, CallForService, School

BOARDS = [
    (
        "OCDSB",
        "Ottawa-Carleton District School Board",
        "Conseil scolaire du district d'Ottawa-Carleton",
        "en",
        "public",
    ),
    ("OCSB", "Ottawa Catholic School Board", "Conseil des écoles catholiques d'Ottawa", "en", "catholic"),
    (
        "CECCE",
        "Conseil des écoles catholiques du Centre-Est",
        "Conseil des écoles catholiques du Centre-Est",
        "fr",
        "catholic",
    ),
    (
        "CÉPEO",
        "Conseil des écoles publiques de l'Est de l'Ontario",
        "Conseil des écoles publiques de l'Est de l'Ontario",
        "fr",
        "public",
    ),
]

E, S, ES, INT = "elementary", "secondary", "elementary_secondary", "intermediate"
# (board, English name, French name, category)
SCHOOLS = [
    ("OCDSB", "Maple Ridge Public School", "École publique Maple Ridge", E),
    ("OCDSB", "Cedar Creek Public School", "École publique Cedar Creek", E),
    ("OCDSB", "Riverbend Elementary School", "École élémentaire Riverbend", E),
    ("OCDSB", "Hillcrest High School", "École secondaire Hillcrest", S),
    ("OCDSB", "Bayview Intermediate School", "École intermédiaire Bayview", INT),
    ("OCDSB", "Stonebridge Public School", "École publique Stonebridge", E),
    ("OCDSB", "Glen Abbey Public School", "École publique Glen Abbey", E),
    ("OCDSB", "Westwood Secondary School", "École secondaire Westwood", S),
    ("OCDSB", "Pine Glen Public School", "École publique Pine Glen", E),
    ("OCDSB", "Lakeshore Collegiate Institute", "Institut collégial Lakeshore", S),
    ("OCDSB", "Orchard Park Public School", "École publique Orchard Park", E),
    ("OCDSB", "Kingsway Alternative School", "École alternative Kingsway", "alternate"),
    ("OCSB", "St. Brigid Catholic School", "École catholique Sainte-Brigitte", E),
    ("OCSB", "St. Luke Catholic School", "École catholique Saint-Luc", E),
    ("OCSB", "Holy Family Catholic School", "École catholique Sainte-Famille", E),
    ("OCSB", "St. Mark Catholic High School", "École secondaire catholique Saint-Marc", S),
    ("OCSB", "Our Lady of Peace Catholic School", "École catholique Notre-Dame-de-la-Paix", E),
    ("OCSB", "St. Isidore Catholic School", "École catholique Saint-Isidore", E),
    ("OCSB", "Mother Teresa Catholic High School", "École secondaire catholique Mère-Teresa", S),
    ("OCSB", "St. Gabriel Catholic School", "École catholique Saint-Gabriel", E),
    ("OCSB", "St. Anne Catholic School", "École catholique Sainte-Anne", E),
    ("OCSB", "Good Shepherd Catholic School", "École catholique Bon-Pasteur", E),
    ("CECCE", "École élémentaire catholique Saint-Rémi", "École élémentaire catholique Saint-Rémi", E),
    ("CECCE", "École élémentaire catholique Sainte-Geneviève", "École élémentaire catholique Sainte-Geneviève", E),
    ("CECCE", "École secondaire catholique Franco-Cité", "École secondaire catholique Franco-Cité", S),
    ("CECCE", "École élémentaire catholique des Pionniers", "École élémentaire catholique des Pionniers", E),
    ("CECCE", "École élémentaire catholique Notre-Place", "École élémentaire catholique Notre-Place", E),
    ("CECCE", "École secondaire catholique Mer-Bleue", "École secondaire catholique Mer-Bleue", ES),
    ("CECCE", "École élémentaire catholique La Vérendrye", "École élémentaire catholique La Vérendrye", E),
    ("CECCE", "École élémentaire catholique l'Étoile-de-l'Est", "École élémentaire catholique l'Étoile-de-l'Est", E),
    ("CÉPEO", "École élémentaire publique Le Prélude", "École élémentaire publique Le Prélude", E),
    ("CÉPEO", "École secondaire publique De La Salle", "École secondaire publique De La Salle", S),
    ("CÉPEO", "École élémentaire publique Les Sentiers", "École élémentaire publique Les Sentiers", E),
    ("CÉPEO", "École élémentaire publique Trille des Bois", "École élémentaire publique Trille des Bois", E),
    ("CÉPEO", "École secondaire publique Gisèle-Lalonde", "École secondaire publique Gisèle-Lalonde", S),
    ("CÉPEO", "École élémentaire publique Jeanne-Sauvé", "École élémentaire publique Jeanne-Sauvé", E),
    ("CÉPEO", "École élémentaire publique Marie-Curie", "École élémentaire publique Marie-Curie", E),
    ("CÉPEO", "École intermédiaire publique Louis-Riel", "École intermédiaire publique Louis-Riel", INT),
    ("OCDSB", "Summerside Public School", "École publique Summerside", E),
    ("OCSB", "St. Clare Catholic School", "École catholique Sainte-Claire", E),
]
STREETS = [
    "Bank St",
    "Montreal Rd",
    "Innes Rd",
    "Carling Ave",
    "Baseline Rd",
    "Hunt Club Rd",
    "Merivale Rd",
    "Walkley Rd",
    "St. Laurent Blvd",
    "Prince of Wales Dr",
    "Greenbank Rd",
    "Tenth Line Rd",
    "Jeanne d'Arc Blvd",
    "Bearbrook Rd",
    "Woodroffe Ave",
]
PRINCIPALS = [
    "Karen Whitmore",
    "Daniel Okafor",
    "Isabelle Lavoie",
    "Michael Chen",
    "Nathalie Bergeron",
    "Robert MacLeod",
    "Amina Haddad",
    "Stéphane Charbonneau",
    "Laura Fitzgerald",
    "Hélène Paquette",
]
UNASSIGNED = {39, 40}  # opened this year; the supervisor has not placed them yet

# Non-identifying summaries per category (never a student's name).
SUMMARIES = {
    CallForService.Category.WELLNESS: [
        "Wellness check requested by the school on a student of concern; student safe, family contacted.",
        "Staff concerned about a student's statements; officer attended with the guidance counsellor.",
    ],
    CallForService.Category.TRESPASS: [
        "Adult refused to leave school property after dismissal; cautioned and left.",
        "Former student on property during lunch; trespass notice served.",
    ],
    CallForService.Category.THREAT: [
        "Threat made on social media toward the school; investigated, no credible risk found.",
        "Verbal threat between two students; resolved with administration and parents.",
    ],
    CallForService.Category.THREAT_ASSESSMENT: [
        "Participated in a board threat-assessment meeting (VTRA protocol).",
    ],
    CallForService.Category.DRUGS: [
        "Suspected cannabis found in a washroom; seized and destroyed.",
        "Vape products seized by staff; education session offered to the class.",
    ],
    CallForService.Category.THEFT: [
        "Laptop reported stolen from a classroom; serial number recorded.",
        "Bicycle stolen from the school rack; no suspect.",
    ],
    CallForService.Category.ASSAULT: [
        "Fight between two students at dismissal; minor injuries, parents notified.",
    ],
    CallForService.Category.TRAFFIC: [
        "Parking and drop-off complaints in the school zone; enforcement during arrival.",
        "Near miss at the crosswalk reported by the crossing guard; speed check set up.",
    ],
    CallForService.Category.OTHER: [
        "Suspicious vehicle near the school reported by a parent; vehicle located, no concern.",
        "Found property turned in at the office.",
    ],
}
CATEGORY_WEIGHTS = [
    (CallForService.Category.WELLNESS, 22),
    (CallForService.Category.TRESPASS, 16),
    (CallForService.Category.THREAT, 14),
    (CallForService.Category.DRUGS, 12),
    (CallForService.Category.TRAFFIC, 12),
    (CallForService.Category.THEFT, 10),
    (CallForService.Category.OTHER, 8),
    (CallForService.Category.ASSAULT, 4),
    (CallForService.Category.THREAT_ASSESSMENT, 2),
]
CALL_COUNT = 160


def _postal_code(rng: random.Random) -> str:
    letters = "ABCEGHJKLMNPRSTVXY"
    return f"K{rng.randint(1, 4)}{rng.choice(letters)} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


def seed(*, stdout) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data only
    boards = {}
    for code, name_en, name_fr, language, kind in BOARDS:
        boards[code], _ = Board.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "language": language, "kind": kind}
        )
    officers = list(User.objects.filter(role=Role.OFFICER, username__startswith="officer").order_by("username"))
    schools_created = 0
    schools = []
    for index, (board_code, name_en, name_fr, category) in enumerate(SCHOOLS, start=1):
        principal = PRINCIPALS[index % len(PRINCIPALS)]
        defaults = {
            "name_en": name_en,
            "name_fr": name_fr,
            "board": boards[board_code],
            "category": category,
            "street_number": str(rng.randint(10, 3999)),
            "street": STREETS[index % len(STREETS)],
            "city": "Ottawa",
            "postal_code": _postal_code(rng),
            "phone": f"613-555-{100 + index:04d}",
            "contact_name": principal,
            "contact_email": f"principal{index:02d}@{board_code.lower().replace('é', 'e')}.example",
        }
        school, created = School.objects.get_or_create(external_id=f"DEMO-{index:03d}", defaults=defaults)
        if not created and school.name_en.startswith("Demo Public School"):
            # The foundation's placeholder schools get their realistic names (one-time upgrade).
            for name, value in defaults.items():
                setattr(school, name, value)
            school.save()
        schools_created += created
        schools.append(school)
        if officers and index not in UNASSIGNED and not Assignment.objects.filter(school=school).exists():
            officer = officers[(index - 1) % len(officers)]
            if index % 7 == 0:  # a few schools changed hands at the start of this school year
                previous = officers[index % len(officers)]
                Assignment.objects.create(
                    school=school, officer=previous, start=dt.date(2024, 9, 1), end=dt.date(2025, 8, 31)
                )
            Assignment.objects.create(school=school, officer=officer, start=dt.date(2025, 9, 1))

    calls_created = _seed_calls(rng, schools, officers)
    outcomes_set = _seed_outcomes()
    stdout.write(
        f"schools: {schools_created} demo schools and {calls_created} calls for service created, "
        f"{outcomes_set} outcomes recorded"
    )


# How demo calls end (weights), youth-related calls and the others: mostly extrajudicial measures for youth.
YOUTH_OUTCOMES = {
    "no_further_action": 14,
    "warning": 24,
    "police_caution": 10,
    "referral_program": 16,
    "extrajudicial_sanctions": 12,
    "charge_laid": 9,
    "mental_health_apprehension": 5,
    "referred_vtra": 10,
}
ADULT_OUTCOMES = {"no_further_action": 40, "warning": 25, "referral_program": 10, "charge_laid": 25}


def _seed_outcomes() -> int:
    """Give each demo call without an outcome one (and whether a young person was involved); a generator per call
    keeps the data the same from one run to the next. Returns how many calls got one."""
    from .models import CallOutcome

    outcomes = {o.code: o for o in CallOutcome.objects.all()}
    calls = list(CallForService.objects.filter(occurrence_number__startswith="SO-26-", outcome__isnull=True))
    for call in calls:
        rnd = random.Random(call.occurrence_number)  # noqa: S311 - demo data only
        call.youth_related = call.category in ("threat", "threat_assessment", "drugs") or rnd.random() < 0.6
        weights = YOUTH_OUTCOMES if call.youth_related else ADULT_OUTCOMES
        code = rnd.choices(list(weights), list(weights.values()))[0]
        call.outcome = outcomes.get(code)
    CallForService.objects.bulk_update(calls, ["youth_related", "outcome"], batch_size=500)
    return len(calls)


def _seed_calls(rng: random.Random, schools: list[School], officers: list[User]) -> int:
    if not officers:
        return 0
    numbers = [f"SO-26-{10400 + 37 * i:06d}" for i in range(CALL_COUNT)]
    existing = set(
        CallForService.objects.filter(occurrence_number__in=numbers).values_list("occurrence_number", flat=True)
    )
    current = dict(Assignment.objects.filter(end__isnull=True).values_list("school_id", "officer_id"))
    by_id = {o.pk: o for o in officers}
    categories = [c for c, _w in CATEGORY_WEIGHTS]
    weights = [w for _c, w in CATEGORY_WEIGHTS]
    end = timezone.localdate()
    created = 0
    for number in numbers:
        # Draw every value even for calls that exist, so the sequence (and thus the data) never shifts.
        school = rng.choice(schools)
        category = rng.choices(categories, weights)[0]
        day = end - dt.timedelta(days=rng.randint(0, 364))
        at = dt.time(rng.randint(7, 16), rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))
        summary = rng.choice(SUMMARIES[category])
        other = rng.random() < 0.1
        if number in existing:
            continue
        officer = by_id.get(current.get(school.pk)) or officers[0]
        if other:  # the school's own officer was away; a colleague answered
            officer = officers[(officers.index(officer) + 1) % len(officers)]
        CallForService.objects.create(
            school=school,
            occurred_at=timezone.make_aware(dt.datetime.combine(day, at)),
            category=category,
            responding_officer=officer,
            occurrence_number=number,
            summary=summary,
        )
        created += 1
    return created
