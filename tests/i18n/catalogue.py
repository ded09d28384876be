"""Helpers to check the fr-CA catalogue: extract strings from a scratch copy and compare catalogues."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

LOCALE = "fr_CA"
PO = Path(settings.BASE_DIR) / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same arguments as `make messages` (Makefile); keep both in step.
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    LOCALE,
    "--no-obsolete",
    "--add-location",
    "file",
    "-i",
    "var",
    "-i",
    "tests",
    "-i",
    "node_modules",
    "-i",
    "static",
]
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "var", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".env", "*.pyc"
)


def extract_fresh_catalogue(workdir: Path) -> polib.POFile:
    """Run makemessages on a scratch copy of the project (the committed files are never touched)."""
    copy = workdir / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=_NOT_COPIED, symlinks=True)
    env = {**os.environ, "DEBUG": "1", "ENV_FILE": "", "DATABASE_URL": f"sqlite:///{workdir / 'unused.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return polib.pofile(str(copy / "locale" / LOCALE / "LC_MESSAGES" / "django.po"))


def entry_key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def problems(po: polib.POFile) -> list[str]:
    """Entries a French reader would see in English: empty msgstr (any plural form) or flagged fuzzy."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        where = ", ".join(sorted({path for path, _line in entry.occurrences})) or "?"
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy        {entry.msgid!r}  ({where})")
        elif not entry.translated():
            found.append(f"untranslated {entry.msgid!r}  ({where})")
    return found


def compiled_catalogue(mo_path: Path) -> dict:
    with open(mo_path, "rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def compile_po(po_path: Path, out: Path) -> Path:
    """msgfmt --check also refuses a translation whose %(name)s placeholders differ from the English."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(out), str(po_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"msgfmt refused {po_path}:\n{result.stderr}"
    return out
