"""Compile the gettext catalogues without GNU gettext installed.

Django's own `compilemessages` shells out to `msgfmt`; polib does the same work in
Python, so a fresh machine needs nothing but the virtualenv. `--check` reads both
files and compares what they mean, so it does not depend on byte-for-byte output.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def locale_dirs() -> list[Path]:
    """The project's locale folders: LOCALE_PATHS and each of our own apps' `locale/`."""
    base = Path(settings.BASE_DIR).resolve()
    found = [Path(p) for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_dir = Path(config.path).resolve()
        # Installed third-party packages ship their own compiled catalogues.
        if base in app_dir.parents and ".venv" not in app_dir.parts:
            found.append(app_dir / "locale")
    unique: dict[Path, None] = {}
    for directory in found:
        if directory.is_dir():
            unique.setdefault(directory.resolve(), None)
    return list(unique)


def catalogues(directories: list[Path]) -> list[Path]:
    """Every `<dir>/<language>/LC_MESSAGES/<domain>.po`, sorted for stable output."""
    return sorted(po for d in directories for po in d.glob("*/LC_MESSAGES/*.po"))


def _meaning(entries, metadata: dict) -> tuple[dict, dict]:
    """What a catalogue says once compiled: translated entries by key, plus its header."""
    translations = {}
    for entry in entries:
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        if entry.msgid_plural:
            translations[key] = tuple(sorted(entry.msgstr_plural.items()))
        else:
            translations[key] = entry.msgstr
    return translations, dict(metadata)


def out_of_step(po_path: Path) -> str | None:
    """Why the `.mo` next to `po_path` does not match it, or None when it does."""
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return "missing"
    po = polib.pofile(str(po_path))
    try:
        mo = polib.mofile(str(mo_path))
    except (OSError, ValueError):
        return "unreadable"
    if _meaning(po.translated_entries(), po.metadata) != _meaning(mo, mo.metadata):
        return "out of step with its .po"
    return None


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po to .mo with polib (no gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit non-zero when a .mo is missing or out of step.",
        )
        parser.add_argument(
            "--locale-dir",
            action="append",
            type=Path,
            dest="dirs",
            help="Only this locale folder (repeatable). Default: the project's folders.",
        )

    def handle(self, *args, check=False, dirs=None, **options):
        paths = catalogues(dirs or locale_dirs())
        if check:
            problems = [(po, reason) for po in paths if (reason := out_of_step(po))]
            for po, reason in problems:
                self.stderr.write(f"{po.with_suffix('.mo')}: {reason}")
            if problems:
                raise CommandError(
                    f"{len(problems)} compiled catalogue(s) need `manage.py compile_translations`."
                )
            self.stdout.write(f"{len(paths)} catalogue(s) compiled and in step.")
            return
        for po_path in paths:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"compiled {po_path}")
        self.stdout.write(f"{len(paths)} catalogue(s) compiled.")
