"""Every user-facing string has a Canadian French translation, and the committed .mo matches the .po.

When this fails after you added strings: `make messages`, translate the new entries in
locale/fr_CA/LC_MESSAGES/django.po (remove any `fuzzy` flag after checking the text), `make messages` again to
compile, and commit both django.po and django.mo (README.md, "Translations").
"""

import shutil

import polib
import pytest

from .catalogue import MO, PO, compile_po, compiled_catalogue, entry_key, extract_fresh_catalogue, problems


@pytest.fixture(autouse=True)
def _needs_msgfmt():
    if shutil.which("msgfmt") is None:
        pytest.fail("gettext is not installed: `apt-get install gettext` (see .ci/run)")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> polib.POFile:
    return extract_fresh_catalogue(tmp_path_factory.mktemp("messages"))


def test_every_string_in_the_code_is_translated(fresh):
    total = len([e for e in fresh if not e.obsolete])
    bad = problems(fresh)
    translated = total - len(bad)
    print(f"\nfr-CA coverage: {translated}/{total} = {100 * translated / total:.1f}%")
    assert total > 100, "makemessages found suspiciously few strings"
    assert not bad, (
        f"{len(bad)} of {total} strings have no French (coverage {100 * translated / total:.1f}%). "
        "Run `make messages`, translate them in locale/fr_CA/LC_MESSAGES/django.po, run it again, commit both files:\n"
        + "\n".join(bad)
    )


def test_committed_po_lists_exactly_the_strings_of_the_code(fresh):
    committed = polib.pofile(str(PO))
    now = {entry_key(e) for e in fresh if not e.obsolete}
    saved = {entry_key(e) for e in committed if not e.obsolete}
    missing, gone = sorted(now - saved, key=str), sorted(saved - now, key=str)
    assert not missing, f"strings missing from the committed .po (run `make messages`): {missing}"
    assert not gone, f"strings no longer in the code, still in the .po (run `make messages`): {gone}"
    assert not problems(committed)


def test_committed_mo_is_compiled_from_the_committed_po(tmp_path):
    assert MO.exists(), f"{MO} is missing: run `make messages` and commit it"
    expected = compiled_catalogue(compile_po(PO, tmp_path / "django.mo"))
    actual = compiled_catalogue(MO)
    stale = sorted(
        str(k) for k in expected.keys() ^ actual.keys() | {k for k in expected if expected[k] != actual.get(k)}
    )
    assert not stale, f"django.mo is stale (run `make messages` and commit it); differing entries: {stale[:20]}"


def test_problems_are_detected():
    """The checker itself must catch an empty and a fuzzy entry (so the tests above can fail)."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Drill", msgstr=""))
    po.append(polib.POEntry(msgid="Lockdown", msgstr="Confinement barricadé", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="School", msgstr="École"))
    po.append(
        polib.POEntry(msgid="%(n)s drill", msgid_plural="%(n)s drills", msgstr_plural={0: "%(n)s exercice", 1: ""})
    )
    found = problems(po)
    assert [line.split()[0] for line in found] == ["untranslated", "fuzzy", "untranslated"]


def test_no_translation_function_is_imported_under_a_name_makemessages_cannot_see():
    """xgettext only extracts `_`, `gettext`, `gettext_lazy`, `ngettext`...: a string in `_t("...")` would never
    reach the catalogue, and this suite would not notice it missing."""
    import re
    from pathlib import Path

    from django.conf import settings

    alias = re.compile(r"from django\.utils\.translation import[^\n]*\b(\w*gettext\w*) as (\w+)")
    offenders = []
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if any(part in {".venv", "var", "node_modules", "tests"} for part in path.parts):
            continue
        for function, name in alias.findall(path.read_text(encoding="utf-8")):
            if name != "_":
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {function} as {name}")
    assert offenders == []
