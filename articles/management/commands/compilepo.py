"""Compile the project's gettext catalogues (locale/*/LC_MESSAGES/*.po) to .mo files.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine
with only Python does not have; polib (pure Python, pinned in requirements.txt) writes the
same .mo files. ``make run`` and ``make test`` call this whenever a .po file is newer than
its .mo, so the .mo files are build products and not committed.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    return sorted(
        po for folder in settings.LOCALE_PATHS for po in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogue(po_path: Path) -> Path:
    """Write ``po_path``'s .mo beside it; an unreadable or untranslated entry is an error."""
    catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    if missing:
        raise CommandError(f"{po_path}: untranslated entries: {missing[:5]}")
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help=".po files (default: every catalogue)")

    def handle(self, *args, files, **options):
        for po_path in [Path(f).resolve() for f in files] or catalogues():
            try:
                mo_path = compile_catalogue(po_path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po_path}: {exc}") from exc
            self.stdout.write(f"compiled {mo_path}")
