import pytest
from django.urls import reverse

from tests.urls import project_urls

# The public pages (/public/: the mailing list, presentation requests, event feedback) need no sign-in by design.
PUBLIC = {"accounts:login", "health", "public:list_subscribe", "public:request_presentation"}
# Token-authenticated (calendar programs and mail links cannot sign in): an unknown token is a 404, never a login
# page.
TOKEN_AUTHENTICATED = {"events:feed", "public:list_confirm", "public:list_unsubscribe", "public:feedback"}


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", project_urls(), ids=[n or p for n, p in project_urls()])
def test_anonymous_is_sent_to_login_from_every_url(client, name, path):
    response = client.get(path)
    if name in PUBLIC:
        assert response.status_code in (200, 503)
        return
    if name in TOKEN_AUTHENTICATED:
        assert response.status_code == 404
        return
    assert response.status_code == 302, f"{path} answered {response.status_code} to an anonymous user"
    assert response["Location"].startswith(reverse("accounts:login"))


def test_url_enumeration_finds_the_project_urls():
    names = {n for n, _ in project_urls()}
    assert {"home", "dashboard_role", "health", "accounts:login", "accounts:profile"} <= names


@pytest.mark.parametrize("role", ["officer", "coordinator", "supervisor"])
def test_each_role_reaches_its_dashboard_and_not_the_others(role_clients, role):
    client = role_clients[role]
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("dashboard_role", args=[role])
    assert client.get(home["Location"]).status_code == 200
    for other in {"officer", "coordinator", "supervisor"} - {role}:
        response = client.get(reverse("dashboard_role", args=[other]))
        assert response.status_code == 403
        assert "Access denied" in response.content.decode()


def test_unknown_dashboard_is_404_in_the_site_layout(officer_client):
    response = officer_client.get("/dashboard/nobody/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unknown_url_gets_the_site_404(officer_client):
    response = officer_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_wrong_password_gets_a_clear_message(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_change_applies_django_validators(officer_client):
    response = officer_client.post(
        reverse("accounts:password_change"),
        {"old_password": "correct-horse-battery-staple", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_language_choice_is_remembered(officer_client, officer):
    response = officer_client.post(reverse("accounts:language_set"), {"language": "fr-ca"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.language == "fr-ca"
    page = officer_client.get(reverse("accounts:profile"))
    assert 'lang="fr-ca"' in page.content.decode()


def test_admin_is_for_superusers_only(officer_client, superuser, client):
    assert officer_client.get("/admin/").status_code == 302
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
