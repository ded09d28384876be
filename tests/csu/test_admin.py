"""Operational records cannot be hard-deleted, not even by IT in the Django admin."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tests.conftest import make_user

# Apps whose rows are operational records (MFIPPA: protected from inadvertent destruction).
OPERATIONAL_APPS = {"schools", "drills", "programs", "committees", "events", "reports", "csu"}


@pytest.mark.django_db
def test_no_operational_model_can_be_deleted_in_the_admin():
    it = make_user("it-admin", is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = it
    deletable = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OPERATIONAL_APPS and model_admin.has_delete_permission(request)
    ]
    checked = [m._meta.label for m in admin.site._registry if m._meta.app_label in OPERATIONAL_APPS]
    assert "schools.CallForService" in checked and "drills.Drill" in checked
    assert deletable == []
