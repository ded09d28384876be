"""axe-core on every page of the situation table (the coordinator sees them all), English and French, desktop and
phone, and every form submitted empty. tests/a11y covers them too through discovery; this one runs alone."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.a11y.browser import DESKTOP, PHONE, axe_violations, new_context, sign_in_by_cookie, submit_forms_empty
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_axe_violation_on_the_situation_pages(browser, live_server, hand_counted):
    user = make_user("axecoord", Role.COORDINATOR)
    s1, m1 = hand_counted["S1"], hand_counted["M1"]
    paths = [
        reverse("situations:situation_list"),
        reverse("situations:situation_detail", args=[s1.pk]),
        reverse("situations:situation_detail", args=[hand_counted["S2"].pk]),
        reverse("situations:situation_create"),
        reverse("situations:situation_present", args=[hand_counted["S6"].pk]),
        reverse("situations:situation_assign", args=[hand_counted["S4"].pk]),
        reverse("situations:situation_respond", args=[hand_counted["S4"].pk]),
        reverse("situations:situation_review", args=[hand_counted["S4"].pk]),
        reverse("situations:situation_conclude", args=[hand_counted["S4"].pk]),
        reverse("situations:situationtable_list"),
        reverse("situations:situationtable_detail", args=[s1.table_id]),
        reverse("situations:situationtable_update", args=[s1.table_id]),
        reverse("situations:tablemeeting_detail", args=[m1.pk]),
        reverse("situations:tablemeeting_update", args=[m1.pk]),
        reverse("situations:statistics") + "?start=2026-03-01&end=2026-03-31",
    ]
    violations = []
    for viewport, languages in ((DESKTOP, ["en-ca", "fr-ca"]), (PHONE, ["en-ca"])):
        context = new_context(browser, viewport=viewport)
        sign_in_by_cookie(context, live_server, user)
        page = context.new_page()
        for language in languages:
            user.language = language
            user.save(update_fields=["language"])
            for path in paths:
                page.goto(live_server.url + path)
                violations += axe_violations(page, f"{language} {viewport['width']}px {path}")
            if viewport is DESKTOP and language == "en-ca":
                for path in paths[3:9]:
                    for label in submit_forms_empty(page, live_server.url + path):
                        violations += axe_violations(page, f"empty form {label}")
        context.close()
    assert not violations, "\n".join(violations)
