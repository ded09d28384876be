"""Calendar feed tokens (issue 15): stored hashed and shown once, revoked with the password or the account (and
not revived by a reactivation), last use shown, deletion in the admin audited, old tokens hashed by a migration."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from accounts.models import CalendarToken, calendar_token_hash
from csu.models import AuditEvent
from events.services import calendar_token_create

pytestmark = pytest.mark.django_db


def _feed(secret: str) -> int:
    return Client().get(f"/events/feed/{secret}.ics").status_code


def test_only_a_hash_is_stored_and_the_link_is_shown_once(officer, officer_client):
    page = officer_client.post(reverse("events:token_list")).content.decode()
    assert "shown only once" in page
    secret = page.split("/events/feed/")[1].split(".ics")[0]
    token = CalendarToken.objects.get(user=officer)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_calendartoken")
        assert not any(secret in str(v) for row in cursor.fetchall() for v in row)
    assert secret not in officer_client.get(reverse("events:token_list")).content.decode()
    assert _feed(secret) == 200


def test_last_use_is_recorded_and_shown(officer, officer_client):
    token, secret = calendar_token_create(user=officer)
    assert "Never" in officer_client.get(reverse("events:token_list")).content.decode()
    assert _feed(secret) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "Never" not in officer_client.get(reverse("events:token_list")).content.decode()


def test_a_password_change_revokes_every_link(officer):
    token, secret = calendar_token_create(user=officer)
    officer.set_password("a-new-long-passphrase-2026")
    officer.save()
    token.refresh_from_db()
    assert token.revoked_reason == CalendarToken.RevokedBecause.PASSWORD_CHANGED
    assert _feed(secret) == 404


def test_a_password_change_through_the_password_page_revokes_links(officer, officer_client):
    from tests.conftest import PASSWORD

    token, secret = calendar_token_create(user=officer)
    new = "another-long-passphrase-2026"
    officer_client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert _feed(secret) == 404


def test_deactivation_revokes_and_a_reactivation_does_not_revive(officer):
    token, secret = calendar_token_create(user=officer)
    officer.is_active = False
    officer.save()
    officer.is_active = True
    officer.save()
    token.refresh_from_db()
    assert token.revoked_reason == CalendarToken.RevokedBecause.DEACTIVATED
    assert _feed(secret) == 404


def test_a_sign_in_and_a_rehash_of_the_same_password_do_not_revoke_links(officer):
    from django.utils import timezone

    from tests.conftest import PASSWORD

    token, secret = calendar_token_create(user=officer)
    officer.last_login = timezone.now()
    officer.save(update_fields=["last_login"])  # what a sign-in saves
    officer.set_password(PASSWORD)  # what a sign-in saves when the hasher settings changed: same password
    officer.save(update_fields=["password"])
    assert _feed(secret) == 200


def test_deleting_a_token_in_the_admin_is_audited(officer, superuser):
    token, _secret = calendar_token_create(user=officer)
    admin = Client()
    admin.force_login(superuser)
    url = reverse("admin:accounts_calendartoken_delete", args=[token.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not CalendarToken.objects.filter(pk=token.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.CALENDAR_TOKEN_DELETED)
    assert event.actor == superuser and officer.username in event.detail


@pytest.mark.django_db(transaction=True)  # each migration in its own transaction, as in production
def test_the_migration_hashes_existing_tokens(officer):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_role_groups")])
    old_apps = executor.loader.project_state([("accounts", "0002_role_groups")]).apps
    OldToken = old_apps.get_model("accounts", "CalendarToken")
    OldToken.objects.create(user_id=officer.pk, token="an-existing-subscription-secret")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    token = CalendarToken.objects.get(user=officer)
    assert token.token_hash == calendar_token_hash("an-existing-subscription-secret")
    assert _feed("an-existing-subscription-secret") == 200
