"""``python manage.py import_esco DIR [--dry-run]``: skills, skill tree, roles and
requirements from ESCO CSV files (ESCO's own layout or Tabiya's)."""

from __future__ import annotations

from trellis.org.management.import_command import DirectoryImportCommand
from trellis.skills.esco import esco_import


class Command(DirectoryImportCommand):
    help = "Import a folder of ESCO CSV files (see docs/taxonomy-imports.md)."
    directory_help = "Folder holding occupations_en.csv and friends"
    importer = staticmethod(esco_import)
