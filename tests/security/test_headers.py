import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .conftest import url_for, url_patterns, verified_client

ROOT = Path(__file__).resolve().parents[2]

CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
}


def _check_headers(response, where: str) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = {d.strip() for d in csp.split(";") if d.strip()}
    missing = CSP_DIRECTIVES - directives
    if missing:
        problems.append(f"{where}: CSP lacks {sorted(missing)} (got {csp!r})")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{where}: CSP allows unsafe-inline/eval")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{where}: {header} is {response.get(header)!r}, expected {value!r}")
    return problems


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(matrix_users, records, otp_enforced):
    client = verified_client(matrix_users["supervisor"])
    problems = []
    fetched = 0
    for name, kwarg_names, _view in url_patterns():
        path = url_for(name, kwarg_names, records)
        response = client.get(path)
        fetched += 1
        problems += _check_headers(response, f"GET {path} ({name}) [{response.status_code}]")
    # Error pages and the anonymous login page too.
    problems += _check_headers(client.get("/no/such/page/"), "404 page")
    problems += _check_headers(Client().get("/accounts/login/"), "login page")
    assert fetched >= 10
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_hsts_on_https_responses(client):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly(client, officer):
    from tests.conftest import PASSWORD

    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_templates_have_no_inline_script_or_style():
    """CSP forbids inline code: every <script> loads a file, no style="" attribute, no <style> block."""
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.I):
            if "src=" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: inline {tag}")
        if re.search(r"\sstyle\s*=", text, flags=re.I) or re.search(r"<style\b", text, flags=re.I):
            offenders.append(f"{path.relative_to(ROOT)}: inline style")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.relative_to(ROOT)}: inline event handler")
    assert not offenders, "\n".join(offenders)


def test_check_deploy_reports_no_warning():
    secret = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DEBUG="0", SECRET_KEY=secret, ALLOWED_HOSTS="csu.example", ENV_FILE="", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output


def test_production_defaults_of_the_security_settings():
    """Tests run with OTP enforcement and session limits off by default; production must have them on."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    env.update(DEBUG="0", SECRET_KEY="y" * 60, ALLOWED_HOSTS="csu.example", ENV_FILE="", PYTHONPATH=str(ROOT))
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='csu.settings'; from django.conf import settings as s; "
        "print(s.SESSION_IDLE_TIMEOUT, s.SESSION_ABSOLUTE_TIMEOUT, s.OTP_REQUIRED_FOR, s.AXES_FAILURE_LIMIT, "
        "s.AXES_LOCKOUT_PARAMETERS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == (
        "1800 43200 ['supervisor', 'superuser'] 5 [['username', 'ip_address']] True True 31536000"
    )
