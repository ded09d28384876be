"""Every discovered page of every role, in English and French: the checks axe cannot make (landmarks, one <h1>, a
skip link target, a visible label on every visible form control, a unique <title> per language) and axe-core
(WCAG 2.0/2.1 A + AA) in Chromium.

- every page of every role, in English and French: the structure checks on the HTML the server sends
  (markup.markup_problems, no browser), and unique titles per language;
- desktop (1280 px), in Chromium: each template with each set of forms it shows once, by the first role (in ROLES
  order) whose page shows it (pages of one template differ in their rows and in what the role may do): the
  browser's structure checks and axe, in one language chosen per template (`desktop_language`); each role's
  403/404 pages in both languages;
- phone (375 px): axe on every template once, whichever role first opens it, in the template's other language,
  so that every template is checked by axe in English and in French; plus each role's 403/404 pages;
- error states: every form submitted empty once (focus on the error summary, aria-invalid and aria-describedby;
  axe on the error state, and on each kind of page an accepted empty form leads to): each URL's forms by the
  first role whose page of it shows them (a detail page shows other forms to another role; one generic form
  template serves many views), English and French by turns.

Pages are discovered (tests/a11y/pages.py), so a new app's pages are checked as soon as they exist.
"""

import re
import zlib
from collections import defaultdict

import pytest
from django.test import Client

from .browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    error_problems,
    new_context,
    sign_in_by_cookie,
    structure_problems,
    submit_forms_empty,
)
from .conftest import LANGUAGES, ROLES
from .markup import markup_problems
from .pages import axe_at_desktop, discover, forms_to_submit, templates_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The long passes in two pytest-xdist groups (one worker each, about the same length, with test_html_valid in the
# first): the demo data is seeded once by the first of them while the other workers run the rest of the suite,
# instead of every worker waiting for it at once.
DESKTOP_GROUP = pytest.mark.xdist_group("a11y-desktop")
PHONE_GROUP = pytest.mark.xdist_group("a11y-phone")


def _set_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


def _extra_paths(found):
    return ["/no-such-page-a11y/", *(p.path for p in found.forbidden)]


def desktop_language(page) -> str:
    """The language a template is checked in at desktop; the phone width takes the other one. Stable across runs
    and roles (a hash of the template's name), so each template gets both languages."""
    return LANGUAGES[zlib.crc32((page.template or page.path).encode()) % len(LANGUAGES)]


def phone_language(page) -> str:
    return LANGUAGES[(LANGUAGES.index(desktop_language(page)) + 1) % len(LANGUAGES)]


@DESKTOP_GROUP
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_the_role_at_desktop(role, demo, discovered, browser, live_server):
    """Structure checks on every page in both languages; this role's share of the templates in Chromium."""
    user = demo[role]
    everyone = {r: discovered(r) for r in ROLES}
    found = everyone[role]
    print(f"\n{role}: {len(found.pages)} pages\n{found}")
    assert found.pages, f"{role} can open no page at all"
    problems, structured, axed = [], 0, 0
    client = Client()
    client.force_login(user)
    for language in LANGUAGES:
        _set_language(user, language)
        where = f"{role} {language}"
        titles = defaultdict(list)
        for info in found.pages:
            response = client.get(info.path)
            assert response.status_code == 200, f"{where} {info.path}: {response.status_code}"
            page_problems, title = markup_problems(response.content.decode())
            problems += [f"{where} {info.path}: {p}" for p in page_problems]
            titles[title].append(info.path)
            structured += 1
        problems += [f"{where}: same title {t!r} on {paths}" for t, paths in titles.items() if len(paths) > 1]

    chosen = axe_at_desktop(everyone)[role]
    context = new_context(browser, viewport=DESKTOP)
    sign_in_by_cookie(context, live_server, user)
    page = context.new_page()
    for language in LANGUAGES:
        _set_language(user, language)
        where = f"{role} {language} {DESKTOP['width']}px"
        for info in [p for p in chosen if desktop_language(p) == language]:
            page.goto(live_server.url + info.path)
            page_problems, _title = structure_problems(page)
            problems += [f"{where} {info.path}: {p}" for p in page_problems]
            problems += axe_violations(page, f"{where} {info.path}")
            axed += 1
        for path in _extra_paths(found):
            page.goto(live_server.url + path)
            problems += axe_violations(page, f"{where} {path}")
            axed += 1
    context.close()
    print(f"{structured} pages checked for structure, {axed} in Chromium with axe")
    assert structured == len(found.pages) * len(LANGUAGES)
    assert axed == len(chosen) + len(_extra_paths(found)) * len(LANGUAGES)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@PHONE_GROUP
@pytest.mark.parametrize("role", list(ROLES))
def test_templates_on_a_phone(role, demo, discovered, browser, live_server):
    """axe at 375 px on the templates this role opens first, in each template's phone language."""
    user = demo[role]
    everyone = {r: discovered(r) for r in ROLES}
    found = everyone[role]
    phone_pages = templates_for(everyone)[role]
    problems, checked = [], 0

    context = new_context(browser, viewport=PHONE)
    sign_in_by_cookie(context, live_server, user)
    page = context.new_page()
    extra = _extra_paths(found)
    for turn, language in enumerate(LANGUAGES):
        _set_language(user, language)
        paths = [p.path for p in phone_pages if phone_language(p) == language] + extra[turn :: len(LANGUAGES)]
        for path in paths:
            page.goto(live_server.url + path)
            problems += axe_violations(page, f"{role} {language} {PHONE['width']}px {path}")
            checked += 1
    context.close()
    print(f"\n{role}: axe on {checked} page states at {PHONE['width']}px")
    assert checked == len(phone_pages) + len(_extra_paths(found))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@PHONE_GROUP
@pytest.mark.parametrize("role", list(ROLES))
def test_forms_submitted_empty(role, demo, discovered, browser, live_server):
    """The error state of the forms this role submits first (every URL's forms once, across the roles)."""
    user = demo[role]
    everyone = {r: discovered(r) for r in ROLES}  # all of them before any form changes the data
    form_pages = forms_to_submit(everyone)[role]
    problems, submitted, forms_with_errors = [], 0, 0
    outcomes = set()  # the kinds of page (path, digits as N) an accepted empty form led to, each axed once
    context = new_context(browser, viewport=DESKTOP)
    sign_in_by_cookie(context, live_server, user)
    page = context.new_page()
    for turn, language in enumerate(LANGUAGES):
        where = f"{role} {language} {DESKTOP['width']}px"
        for info in form_pages[turn :: len(LANGUAGES)]:
            _set_language(user, language)  # an empty language form resets it
            for label in submit_forms_empty(page, live_server.url + info.path):
                has_errors, form_problems = error_problems(page)
                outcome = re.sub(r"\d+", "N", page.url.split("?")[0])
                if has_errors or outcome not in outcomes:
                    outcomes.add(outcome)
                    problems += axe_violations(page, f"{where} {label}")
                forms_with_errors += has_errors
                problems += [f"{where} {label}: {p}" for p in form_problems]
                submitted += 1
    context.close()
    print(f"\n{role}: {submitted} forms submitted empty on {len(form_pages)} pages, {forms_with_errors} with errors")
    expected = sum(len(p.post_forms) for p in form_pages)
    assert submitted >= expected, f"{expected} POST forms were discovered, only {submitted} were submitted"
    if expected >= len(LANGUAGES):
        assert forms_with_errors >= len(LANGUAGES), "no form produced errors: the error checks did not run"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_every_form_is_submitted_empty_by_some_role(demo, discovered):
    """The splits above leave no template (with each set of forms) out, and do check error states (this can
    fail)."""
    everyone = {r: discovered(r) for r in ROLES}
    chosen = forms_to_submit(everyone)
    covered = defaultdict(set)
    for pages in chosen.values():
        for p in pages:
            covered[p.name] |= set(p.post_forms)
    for found in everyone.values():
        for p in found.pages:
            assert set(p.post_forms) <= covered[p.name], p
    assert sum(len(p.post_forms) for pages in chosen.values() for p in pages) >= 2 * len(LANGUAGES)
    axed = axe_at_desktop(everyone)
    assert {(p.template, p.post_forms) for f in everyone.values() for p in f.pages} == {
        (p.template, p.post_forms) for pages in axed.values() for p in pages
    }
    phone = templates_for(everyone)
    assert {p.template for f in everyone.values() for p in f.pages} == {
        p.template for pages in phone.values() for p in pages
    }
    # Every template is checked by axe in both languages: one at desktop, the other at the phone width.
    both = {(p.template, desktop_language(p)) for pages in axed.values() for p in pages} | {
        (p.template, phone_language(p)) for pages in phone.values() for p in pages
    }
    assert both == {(p.template, language) for f in everyone.values() for p in f.pages for language in LANGUAGES}


def test_no_axe_violation_for_anonymous_visitors(db, browser, live_server):
    """Every page open without signing in, desktop in both languages; phone and the empty forms by turns."""
    found = discover(Client())
    assert found.pages, "no page is open to anonymous visitors (the sign-in page should be)"
    violations = []
    locales = ("en-CA", "fr-CA")
    for viewport in (DESKTOP, PHONE):
        for turn, locale in enumerate(locales):
            context = new_context(browser, viewport=viewport, locale=locale)
            page = context.new_page()
            where = f"anonymous {locale} {viewport['width']}px"
            for n, p in enumerate(found.pages):
                if viewport is PHONE and n % len(locales) != turn:
                    continue
                page.goto(live_server.url + p.path)
                violations += axe_violations(page, f"{where} {p.path}")
                if viewport is DESKTOP and n % len(locales) == turn:
                    for label in submit_forms_empty(page, live_server.url + p.path, loaded=True):
                        violations += axe_violations(page, f"{where} {label}")
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
    found_again = axe_violations(page, "probe")  # axe already in the page: not injected twice, same answer
    context.close()
    assert any("[label," in line for line in found)
    assert any("[color-contrast," in line for line in found)
    assert found_again == found
