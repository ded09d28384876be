"""axe-core (WCAG 2.0/2.1 A + AA) in Chromium on every template each role can open, in English and French, on a
desktop and a 375 px phone, plus the 403/404 pages and every form submitted empty (the error state: axe, focus on
the error summary, aria-invalid and aria-describedby; once per template, the two languages by turns).

Pages are discovered (tests/a11y/pages.py), so a new app's pages are checked as soon as they exist.
"""

import pytest
from django.test import Client

from .browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    error_problems,
    new_context,
    sign_in_by_cookie,
    submit_forms_empty,
)
from .conftest import LANGUAGES, ROLES
from .pages import discover, distinct_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


@pytest.mark.parametrize("role", list(ROLES))
def test_no_axe_violation_on_any_page_of_the_role(role, demo, browser, live_server):
    user = demo[role]
    client = Client()
    client.force_login(user)
    found = discover(client)
    print(f"\n{role}: {len(found.pages)} pages\n{found}")
    assert found.pages, f"{role} can open no page at all"
    violations, checked, forms_with_errors = [], 0, 0
    for viewport, languages in ((DESKTOP, LANGUAGES), (PHONE, LANGUAGES[:1])):
        context = new_context(browser, viewport=viewport)
        sign_in_by_cookie(context, live_server, user)
        page = context.new_page()
        for language in languages:
            _set_language(user, language)
            where = f"{role} {language} {viewport['width']}px"
            extra = ["/no-such-page-a11y/", *(p.path for p in found.forbidden)]
            # One page per template, role, language and width: axe checks the markup a template gives, and pages
            # of one template differ only in their rows (every page is still opened by test_structure).
            pages = distinct_templates(found.pages)
            for path in [p.path for p in pages] + extra:
                page.goto(live_server.url + path)
                violations += axe_violations(page, f"{where} {path}")
                checked += 1
            if viewport is DESKTOP:
                # The error state of each template's forms (axe, and what axe cannot see: focus on the summary,
                # aria-invalid and aria-describedby): once per template, in English and French by turns, since
                # the markup is the same in both and every string's French is checked by tests/i18n.
                for n, page_info in enumerate(distinct_templates(found.pages)):
                    if n % len(LANGUAGES) != LANGUAGES.index(language):
                        continue
                    for label in submit_forms_empty(page, live_server.url + page_info.path):
                        violations += axe_violations(page, f"{where} {label}")
                        has_errors, form_problems = error_problems(page)
                        forms_with_errors += has_errors
                        violations += [f"{where} {label}: {p}" for p in form_problems]
                        checked += 1
                _set_language(user, language)  # an empty language form resets it
        context.close()
    print(f"axe ran on {checked} page states, {forms_with_errors} of them forms with errors")
    assert forms_with_errors >= len(LANGUAGES), "no form produced errors: the error checks did not run"
    assert not violations, f"{len(violations)} problems:\n" + "\n".join(violations)


def test_no_axe_violation_for_anonymous_visitors(db, browser, live_server):
    found = discover(Client())
    assert found.pages, "no page is open to anonymous visitors (the sign-in page should be)"
    violations = []
    for viewport in (DESKTOP, PHONE):
        for locale in ("en-CA", "fr-CA"):
            context = new_context(browser, viewport=viewport, locale=locale)
            page = context.new_page()
            for p in found.pages:
                page.goto(live_server.url + p.path)
                violations += axe_violations(page, f"anonymous {locale} {viewport['width']}px {p.path}")
                for label in submit_forms_empty(page, live_server.url + p.path):
                    violations += axe_violations(page, f"anonymous {locale} {viewport['width']}px {label}")
            context.close()
    assert not violations, f"{len(violations)} axe violations:\n" + "\n".join(violations)


def test_axe_reports_a_real_violation(db, browser, live_server):
    """The check can fail: a page with an unlabelled input and low contrast text is reported."""
    context = new_context(browser)
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>x</h1>'
        '<input type="text"><p style="color:#ccc;background:#fff">faint</p></main></body></html>'
    )
    found = axe_violations(page, "probe")
    context.close()
    assert any("[label," in line for line in found)
    assert any("[color-contrast," in line for line in found)
