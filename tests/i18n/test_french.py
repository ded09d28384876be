"""French (fr-CA) as a user meets it: pages, choices, dates and numbers, school names, the language switch."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

from accounts.models import Role
from csu.choices import CswbArea, Pillar
from schools.models import Board, School

FRENCH = "fr-ca"


def _title(response) -> str:
    html = response.content.decode()
    return html[html.index("<title>") + 7 : html.index("</title>")]


@pytest.mark.parametrize(
    "value,fmt,english,french",
    [
        # One format per language on every page (csu/formats): short and long forms are the same.
        (dt.date(2026, 11, 22), "DATE_FORMAT", "Nov. 22, 2026", "22 nov. 2026"),
        (dt.date(2026, 12, 1), "SHORT_DATE_FORMAT", "Dec. 1, 2026", "1 déc. 2026"),
        # The OQLF's abbreviations (csu/formats/fr_CA/months.py), not Django's "jan.", "fév.", "juil.".
        (dt.date(2027, 1, 4), "DATE_FORMAT", "Jan. 4, 2027", "4 janv. 2027"),
        (dt.date(2027, 2, 4), "DATE_FORMAT", "Feb. 4, 2027", "4 févr. 2027"),
        (dt.date(2027, 7, 4), "DATE_FORMAT", "July 4, 2027", "4 juill. 2027"),
        (dt.datetime(2026, 11, 22, 13, 40), "TIME_FORMAT", "1:40 p.m.", "13\xa0h\xa040"),
        (dt.datetime(2026, 11, 22, 10, 0), "TIME_FORMAT", "10:00 a.m.", "10\xa0h\xa000"),
        (
            dt.datetime(2026, 11, 22, 13, 40),
            "DATETIME_FORMAT",
            "Nov. 22, 2026, 1:40 p.m.",
            "22 nov. 2026, 13\xa0h\xa040",
        ),
        (
            dt.datetime(2026, 11, 22, 9, 5),
            "SHORT_DATETIME_FORMAT",
            "Nov. 22, 2026, 9:05 a.m.",
            "22 nov. 2026, 09\xa0h\xa005",
        ),
    ],
)
def test_dates_follow_the_language(value, fmt, english, french):
    with translation.override("en-ca"):
        assert formats.date_format(value, fmt) == english
    with translation.override(FRENCH):
        assert formats.date_format(value, fmt) == french


def test_numbers_follow_the_language():
    from django.contrib.humanize.templatetags.humanize import intcomma

    with translation.override("en-ca"):
        assert formats.localize(Decimal("12.5")) == "12.5"
        assert intcomma(151755) == "151,755"
    with translation.override(FRENCH):
        assert formats.localize(Decimal("12.5")) == "12,5"
        assert intcomma(151755) == "151\xa0755"


def test_roles_and_shared_choices_are_in_french():
    with translation.override(FRENCH):
        # Titles of people of either gender: both forms (OQLF).
        assert str(Role.OFFICER.label) == "Agent ou agente des services communautaires"
        assert str(Role.SUPERVISOR.label) == "Superviseur ou superviseure"
        assert str(Pillar.FUNCTIONING_FAMILIES.label) == "Familles fonctionnelles"
        assert str(CswbArea.RISK_INTERVENTION.label) == "Intervention en situation de risque"
        assert str(School.Category.ELEMENTARY.label) == "Élémentaire"
        assert str(School._meta.verbose_name) == "école"
        assert str(School._meta.get_field("board").verbose_name) == "conseil scolaire"


@pytest.mark.django_db
def test_school_and_board_names_follow_the_language():
    board = Board.objects.create(
        code="CECCE", name_en="Catholic District School Board of Eastern Ontario", name_fr="Conseil des écoles"
    )
    both = School.objects.create(name_en="Maple Public School", name_fr="École publique Érable", board=board)
    english_only = School.objects.create(name_en="Birch Public School", board=board)
    with translation.override("en-ca"):
        assert (str(both), board.name) == ("Maple Public School", "Catholic District School Board of Eastern Ontario")
    with translation.override(FRENCH):
        assert (str(both), board.name) == ("École publique Érable", "Conseil des écoles")
        assert str(english_only) == "Birch Public School"


@pytest.mark.django_db
def test_anonymous_visitor_switches_the_sign_in_page_to_french(client):
    english = client.get(reverse("accounts:login"))
    assert 'lang="en-ca"' in english.content.decode()
    assert 'value="fr-ca" lang="fr-ca"' in english.content.decode()
    response = client.post(reverse("set_language"), {"language": FRENCH, "next": reverse("accounts:login")})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    french = client.get(reverse("accounts:login"))
    html = french.content.decode()
    assert _title(french) == "Ouvrir une session · SSC"
    assert 'lang="fr-ca"' in html
    assert "Usage autorisé seulement" in html
    assert "Nom d’utilisateur" in html  # Django's own catalogue applies too
    assert 'value="en-ca" lang="en-ca"' in html and ">English</button>" in html


@pytest.mark.django_db
def test_navbar_switch_saves_the_choice_and_returns_to_the_page(officer_client, officer):
    response = officer_client.post(
        reverse("accounts:language_set"), {"language": FRENCH, "next": reverse("accounts:password_change")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert response.cookies["django_language"].value == FRENCH
    officer.refresh_from_db()
    assert officer.language == FRENCH
    page = officer_client.get(reverse("accounts:password_change"))
    assert _title(page) == "Changer le mot de passe · SSC"
    assert "Votre choix de langue a été enregistré." in page.content.decode()


@pytest.mark.django_db
def test_saved_language_wins_over_the_browser(officer_client, officer):
    officer.language = FRENCH
    officer.save()
    response = officer_client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.9")
    assert _title(response) == "Votre compte · SSC"


@pytest.mark.django_db
def test_switch_never_redirects_off_site(officer_client):
    response = officer_client.post(
        reverse("accounts:language_set"), {"language": FRENCH, "next": "https://attacker.example/"}
    )
    assert response["Location"] == reverse("accounts:profile")


@pytest.mark.django_db
def test_clearing_the_choice_follows_the_browser_again(officer_client, officer):
    officer_client.post(reverse("accounts:language_set"), {"language": FRENCH})
    response = officer_client.post(reverse("accounts:language_set"), {"language": ""})
    assert response.cookies["django_language"].value == ""  # deleted
    officer.refresh_from_db()
    assert officer.language == ""
    page = officer_client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="fr-CA")
    assert _title(page) == "Votre compte · SSC"
    page = officer_client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en-CA")
    assert _title(page) == "Your account · CSU"


@pytest.mark.django_db
def test_french_form_errors(officer_client, officer):
    officer.language = FRENCH
    officer.save()
    response = officer_client.post(reverse("accounts:password_change"), {})
    html = response.content.decode()
    assert "Veuillez corriger les 3 erreurs ci-dessous." in html
    assert "Ce champ est obligatoire." in html
