"""Optimistic locking, at the service level, on schools.CallForService (the schools app owns the views)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from csu.locking import StaleVersion, VersionedFormMixin, save_with_version
from schools.models import Board, CallForService, School
from tests.conftest import make_user


@pytest.fixture
def call(db):
    officer = make_user("loc_officer", Role.OFFICER)
    board = Board.objects.create(code="B1", name_en="Board")
    school = School.objects.create(name_en="Lisgar CI", board=board, category="secondary")
    return CallForService.objects.create(
        school=school,
        occurred_at=timezone.now(),
        category="theft",
        responding_officer=officer,
        occurrence_number="OT-2026-0001",
        summary="Bike stolen",
    )


@pytest.mark.django_db
def test_save_with_current_version_saves_and_bumps(call):
    save_with_version(call, expected_version=1, changes={"summary": "Two bikes stolen"})
    call.refresh_from_db()
    assert (call.summary, call.version) == ("Two bikes stolen", 2)
    assert call.history.count() == 2  # the change is in the history like any other save


@pytest.mark.django_db
def test_stale_version_is_refused_with_both_values(call):
    alice, bob = CallForService.objects.get(pk=call.pk), CallForService.objects.get(pk=call.pk)
    save_with_version(alice, expected_version=1, changes={"summary": "Alice's text"})
    with pytest.raises(StaleVersion) as info:
        save_with_version(bob, expected_version=1, changes={"summary": "Bob's text", "category": "theft"})
    message = info.value.messages[0]
    assert "changed by someone else" in message
    assert "“Bob's text”" in message and "“Alice's text”" in message
    assert "category" not in message  # unchanged field is not a conflict
    call.refresh_from_db()
    assert (call.summary, call.version) == ("Alice's text", 2)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_version_one_wins(call):
    results = []
    barrier = threading.Barrier(2)

    def edit(text):
        try:
            obj = CallForService.objects.get(pk=call.pk)
            barrier.wait(timeout=5)
            save_with_version(obj, expected_version=1, changes={"summary": text})
            results.append("saved")
        except StaleVersion:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(results) == ["conflict", "saved"]
    call.refresh_from_db()
    assert call.version == 2 and call.summary in {"first", "second"}


def test_form_mixin_carries_the_version():
    from django import forms

    class CallForm(VersionedFormMixin, forms.ModelForm):
        class Meta:
            model = CallForService
            fields = ["summary"]

    instance = CallForService(pk=5, version=7, summary="x")
    form = CallForm(instance=instance)
    assert form["version"].value() == 7
    assert 'type="hidden"' in str(form["version"])
    assert not CallForm(data={"summary": "y"}, instance=instance).is_valid()  # version is required
