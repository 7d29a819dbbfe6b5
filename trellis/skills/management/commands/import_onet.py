"""``python manage.py import_onet DIR [--dry-run]``: roles, skills and requirements from O*NET."""

from __future__ import annotations

from trellis.org.management.import_command import DirectoryImportCommand
from trellis.skills.onet import onet_import


class Command(DirectoryImportCommand):
    help = "Import an O*NET database directory (see docs/taxonomy-imports.md)."
    directory_help = "Folder holding Occupation Data.txt and friends"
    importer = staticmethod(onet_import)
