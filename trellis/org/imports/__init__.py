"""People import from an HRIS CSV export: reading (:mod:`.reading`, shared with every CSV
import), validating the people file (:mod:`.people`) and applying it (:mod:`.applying`).

The shape of an import (DESIGN.md §9, files in): decode and read the file, map columns by
header name, validate every row against the file and the database, then write the valid
rows in one transaction; a dry run rolls back. The public names are importable from here.
"""

from __future__ import annotations

from trellis.org.imports.applying import people_import
from trellis.org.imports.people import (
    PEOPLE_ALIASES,
    PEOPLE_FIELDS,
    PEOPLE_REQUIRED,
    person_row_problems,
    role_ids_for,
)
from trellis.org.imports.reading import (
    DATE_FORMATS_HELP,
    CsvFile,
    CsvRow,
    ImportFileError,
    ImportReport,
    Problem,
    RollbackDryRun,
    check_size,
    csv_read,
    normalize_header,
    parse_date,
    parse_int,
)

__all__ = [
    "DATE_FORMATS_HELP",
    "PEOPLE_ALIASES",
    "PEOPLE_FIELDS",
    "PEOPLE_REQUIRED",
    "CsvFile",
    "CsvRow",
    "ImportFileError",
    "ImportReport",
    "Problem",
    "RollbackDryRun",
    "check_size",
    "csv_read",
    "normalize_header",
    "parse_date",
    "parse_int",
    "people_import",
    "person_row_problems",
    "role_ids_for",
]
