"""Translations: catalogues compile without gettext, and the compiled files stay in step."""

import gettext

import polib
import pytest
from django.core.management import CommandError, call_command

from learninglab.management.commands.compile_translations import catalogues, locale_dirs


def write_catalogue(root, language="nl", entries=None):
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in entries or [
        polib.POEntry(msgid="Sign in", msgstr="Inloggen"),
        polib.POEntry(msgid="Week", msgctxt="calendar", msgstr="Week"),
        polib.POEntry(
            msgid="%(n)s team",
            msgid_plural="%(n)s teams",
            msgstr_plural={0: "%(n)s team", 1: "%(n)s teams"},
        ),
    ]:
        po.append(entry)
    path = root / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def test_project_catalogues_are_compiled_and_in_step():
    call_command("compile_translations", "--check")


def test_dutch_catalogue_has_no_empty_or_fuzzy_translation():
    dutch = [po for po in catalogues(locale_dirs()) if po.parts[-3] == "nl"]
    if not dutch:
        pytest.skip("There is no Dutch catalogue yet (run `make translations`).")
    missing = [
        f"{path.name}: {entry.msgid!r}"
        for path in dutch
        for entry in polib.pofile(str(path))
        if not entry.obsolete and (entry.fuzzy or not entry.translated())
    ]
    assert missing == []


def test_compiled_catalogue_is_read_by_gettext(tmp_path):
    po_path = write_catalogue(tmp_path)

    call_command("compile_translations", "--locale-dir", str(tmp_path))

    with po_path.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Sign in") == "Inloggen"
    assert catalogue.ngettext("%(n)s team", "%(n)s teams", 3) == "%(n)s teams"
    call_command("compile_translations", "--check", "--locale-dir", str(tmp_path))


def test_check_names_a_missing_compiled_catalogue(tmp_path, capsys):
    po_path = write_catalogue(tmp_path)

    with pytest.raises(CommandError):
        call_command("compile_translations", "--check", "--locale-dir", str(tmp_path))

    assert f"{po_path.with_suffix('.mo')}: missing" in capsys.readouterr().err


def test_check_names_a_compiled_catalogue_behind_its_source(tmp_path, capsys):
    po_path = write_catalogue(tmp_path)
    call_command("compile_translations", "--locale-dir", str(tmp_path))
    po = polib.pofile(str(po_path))
    po.find("Sign in").msgstr = "Aanmelden"
    po.save()

    with pytest.raises(CommandError):
        call_command("compile_translations", "--check", "--locale-dir", str(tmp_path))

    assert f"{po_path.with_suffix('.mo')}: out of step" in capsys.readouterr().err


def test_check_compares_meaning_not_bytes(tmp_path):
    po_path = write_catalogue(tmp_path)
    call_command("compile_translations", "--locale-dir", str(tmp_path))
    # Reordered entries, a new comment and an untranslated string compile to the same.
    po = polib.pofile(str(po_path))
    po.reverse()
    po[0].comment = "Shown on the sign-in button."
    po.append(polib.POEntry(msgid="Not translated yet", msgstr=""))
    po.save()

    call_command("compile_translations", "--check", "--locale-dir", str(tmp_path))
