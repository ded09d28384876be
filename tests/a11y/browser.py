"""Browser helpers for the accessibility tests: sign in by cookie, axe-core, checks axe cannot make, keyboard."""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.test import Client

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# axe.run in the page, answering only what the report below prints (the whole result, passes and inapplicable
# rules included, is several times larger and costs its serialisation on every page).
_AXE_RUN_JS = """async (options) => {
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target, failureSummary: n.failureSummary}))}));
}"""


def new_context(browser, *, viewport=DESKTOP, locale="en-CA"):
    phone = viewport["width"] < 600
    return browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, locale=locale)


def sign_in_by_cookie(context, live_server, user) -> None:
    """Faster than the sign-in form (which has its own tests): reuse a test-client session."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def axe_violations(page, label: str) -> list[str]:
    """Axe-core with the WCAG 2.0/2.1 A and AA rules; one readable line per violation and element.

    axe.min.js (the copy axe-playwright-python ships, 570 KB) is evaluated only when the document has no `axe` yet,
    i.e. once per page load (a second check of the same document, after a click, reuses it). Evaluated over CDP,
    not as a <script>, so the site's Content-Security-Policy (script-src 'self') does not block it.
    """
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(AXE_SCRIPT)
    lines = []
    for violation in page.evaluate(_AXE_RUN_JS, AXE_OPTIONS):
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")[:200]
            lines.append(
                f"{label}: [{violation['id']}, {violation['impact']}] {violation['help']} — "
                f"{', '.join(map(str, node['target']))}: {summary}"
            )
    return lines


# --- What axe cannot see ------------------------------------------------------------------------------------

_STRUCTURE_JS = """() => {
  const problems = [];
  const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
      && !el.closest('.visually-hidden') && el.getBoundingClientRect().width > 1;
  for (const tag of ['header', 'nav', 'main', 'footer']) {
    if (!document.querySelector(tag)) problems.push(`no <${tag}> landmark`);
  }
  if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one <main>');
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} <h1> elements (want 1)`);
  const skip = document.querySelector('a.skip-link');
  if (!skip || !document.querySelector(skip.getAttribute('href'))) problems.push('no working skip link target');
  // Every visible form control has a visible label: <label for>, a wrapping <label>, or aria-labelledby.
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) || !visible(el)) continue;
    const labels = Array.from(el.labels || []);
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => document.getElementById(id));
    const ok = labels.concat(by).some((l) => visible(l) && l.textContent.trim().length > 0);
    if (!ok) problems.push(`control without a visible label: ${el.outerHTML.slice(0, 120)}`);
  }
  return {problems, title: document.title};
}"""


def structure_problems(page) -> tuple[list[str], str]:
    result = page.evaluate(_STRUCTURE_JS)
    return result["problems"], result["title"]


_ERRORS_JS = """() => {
  const problems = [];
  const summary = document.getElementById('form-errors');
  const invalid = Array.from(document.querySelectorAll('[aria-invalid="true"]'));
  if (!summary) {
    return {hasErrors: invalid.length > 0, problems: invalid.length ? ['invalid fields but no error summary'] : []};
  }
  if (document.activeElement !== summary) {
    problems.push(`focus is on ${document.activeElement.outerHTML.slice(0, 80)}, not the error summary`);
  }
  if (summary.getAttribute('role') !== 'alert') problems.push('error summary is not role=alert');
  for (const link of summary.querySelectorAll('a[href^="#"]')) {
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) problems.push(`summary link ${link.getAttribute('href')} points nowhere`);
    else if (target.getAttribute('aria-invalid') !== 'true') {
      problems.push(`${target.id} is listed but not aria-invalid`);
    }
  }
  for (const field of invalid) {
    const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const texts = ids.map((id) => document.getElementById(id)).filter(Boolean)
      .filter((el) => /invalid-feedback|error/.test(el.className + ' ' + el.id)).map((el) => el.textContent.trim());
    if (!texts.some((t) => t.length > 0)) {
      problems.push(`${field.id || field.name}: aria-describedby does not point at its error text`);
    }
  }
  return {hasErrors: true, problems};
}"""


def error_problems(page) -> tuple[bool, list[str]]:
    """After a failed submit: the summary has focus, every invalid field has aria-invalid + aria-describedby."""
    result = page.evaluate(_ERRORS_JS)
    return result["hasErrors"], result["problems"]


def submit_forms_empty(page, url: str, *, loaded: bool = False):
    """For each POST form in <main>: reload, clear its text fields, submit. Yields a label per submitted form.

    A form inside a closed disclosure (<details>, e.g. "Void this session") is opened first by clicking its
    <summary>, as a user would. The first form is submitted from the load that counted the forms (`loaded`: the
    page already shows `url`, untouched, so it is not loaded again); each later form from a fresh load.
    """
    if not loaded:
        page.goto(url)
    count = page.locator("main form[method=post]").count()
    for index in range(count):
        if index:
            page.goto(url)
        form = page.locator("main form[method=post]").nth(index)
        for summary in form.locator("xpath=ancestor::details[not(@open)]/summary").all():
            summary.click()
        for field in form.locator("input:visible, textarea:visible").all():
            if field.get_attribute("type") in {"checkbox", "radio", "submit", "button", "file", "hidden"}:
                continue
            if field.is_editable():
                field.fill("")
        button = form.locator("button[type=submit], input[type=submit], button:not([type])").first
        with page.expect_navigation() as navigation:
            button.click()
        page.wait_for_load_state()
        answer = navigation.value
        label = f"{url} form #{index + 1} submitted empty"
        assert answer is None or answer.status < 500, f"{label}: the server answered {answer.status}"
        yield label


# --- Keyboard only -----------------------------------------------------------------------------------------

_ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : (el.getAttribute('aria-label') || '');
  return {tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id,
          label: label.replace('*', '').trim(), text: (el.innerText || el.value || '').trim()};
}"""


def complete_form_by_keyboard(page, values: dict[str, str], submit: str, max_tabs: int = 80) -> list[str]:
    """Fill a form and submit it with Tab, typing and Enter only (no clicks), as a keyboard user would.

    Starts where the page put focus (an autofocus field, else the top of the page). `values` maps a field's
    visible label (without the required asterisk) to what to type; checkboxes and radio buttons (labelled by
    their choice) take a truthy value (pressed with Space), selects take the text of the option (type-ahead),
    date and time fields the digits of each segment. Fails when Tab never reaches a field or the
    submit button, or when the focused element shows no visible outline. Returns the tab stops visited.
    """
    remaining = dict(values)
    visited: list[str] = []

    def handle() -> bool:
        active = page.evaluate(_ACTIVE_JS)
        if active is None:
            return False
        visited.append(active["label"] or active["text"][:40] or active["tag"])
        # Focus inside a browser-drawn part of a native control (the calendar button of a date field) leaves the
        # host not matching :focus; Chromium draws that part's focus ring itself, so only our own styling is checked.
        assert page.evaluate(
            "() => { const e = document.activeElement, s = getComputedStyle(e);"
            " return !e.matches(':focus') || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2); }"
        ), f"focus is not visible on {visited[-1]!r}"
        if active["label"] in remaining:
            value = remaining.pop(active["label"])
            if active["type"] in ("checkbox", "radio"):
                if value:
                    page.keyboard.press("Space")
            elif active["tag"] == "select":
                page.keyboard.type(value)
            elif active["type"] in ("date", "time"):
                # Chromium's date and time fields take digits segment by segment (yyyymmdd, hhmm + a/p).
                page.keyboard.type(value)
            else:
                page.keyboard.press("Control+A")
                page.keyboard.type(value)
        elif active["tag"] in {"button", "input"} and active["text"] == submit:
            assert not remaining, f"reached {submit!r} before filling {sorted(remaining)}; tab stops: {visited}"
            with page.expect_navigation():
                page.keyboard.press("Enter")
            page.wait_for_load_state()
            return True
        return False

    if handle():
        return visited
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if handle():
            return visited
    raise AssertionError(f"Tab never reached {submit!r} (or fields {sorted(remaining)}); tab stops: {visited}")
