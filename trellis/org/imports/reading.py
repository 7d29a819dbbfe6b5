"""Reading a CSV import, shared by every import (the taxonomy import uses it too).

``csv_read`` decodes the bytes (UTF-8, with or without BOM), sniffs the delimiter and
yields rows with the line number the file shows (header = line 1); the report, its problems
and the parsers of dates and numbers are here as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.conf import settings

from trellis.org.services import OrgError

DATE_FORMATS_HELP = "use YYYY-MM-DD or YYYY/MM/DD"
_DELIMITERS = (",", ";", "\t")
_BATCH = 2000


class ImportFileError(OrgError):
    """The file as a whole cannot be imported (size, encoding, header)."""


@dataclass(frozen=True)
class Problem:
    """One problem with one value of one row, as the user sees it in their file."""

    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f'line {self.line}, column "{self.column}", value "{self.value}": {self.message}'
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    """Counts and problems of one import file. ``problems`` only ever name rejected rows."""

    label: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deactivated: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary_line(self, *, with_label: bool = False) -> str:
        """``created 3, updated 1, unchanged 10, rejected 2``, prefixed for a dry run."""
        line = (f"{self.label}: " if with_label else "") + (
            f"created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, rejected {self.rejected}"
        )
        return f"Dry run: {line}" if self.dry_run else line

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "deactivated": self.deactivated,
        }


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]  # canonical field -> raw value (stripped)


@dataclass
class CsvFile:
    """A decoded CSV with its columns mapped to canonical fields."""

    columns: dict[str, str]  # canonical field -> header as written in the file
    rows: list[CsvRow]
    warnings: list[str]
    bad_rows: list[Problem]  # rows whose shape is wrong (too many cells)


def normalize_header(name: str) -> str:
    """``"Employee #"`` -> ``"employeenumber"``; ``"Work E-mail"`` -> ``"workemail"``."""
    return re.sub(r"[^0-9a-z]", "", name.strip().lower().replace("#", "number"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f'The file is not UTF-8 text (first bad byte on line {line}); save it as "CSV UTF-8".'
        ) from exc


def _sniff_delimiter(first_line: str) -> str:
    # The header rarely holds quoted delimiters, so counting them is steadier than
    # csv.Sniffer, which guesses wrong on short or very regular files.
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def check_size(size: int) -> None:
    limit = settings.TRELLIS_MAX_IMPORT_BYTES
    if size > limit:
        raise ImportFileError(f"The file is larger than the limit of {limit:,} bytes.")


def csv_read(
    data: bytes,
    *,
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
) -> CsvFile:
    """Decode and map a CSV file. Raises :class:`ImportFileError` for file-level problems.

    ``aliases`` maps each canonical field to its accepted header names (normalized).
    Columns are chosen by name, never by position; unknown columns become warnings.
    """
    check_size(len(data))
    text = _decode(data)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError(f"The header line cannot be read: {exc}.") from exc

    lookup = {alias: canonical for canonical, names in aliases.items() for alias in names}
    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    warnings: list[str] = []
    for position, raw_name in enumerate(header):
        name = raw_name.strip()
        if not name:
            continue
        canonical = lookup.get(normalize_header(name))
        if canonical is None:
            warnings.append(f'Unknown column "{name}" ignored.')
            continue
        if canonical in columns:
            raise ImportFileError(
                f'Columns "{columns[canonical]}" and "{name}" both mean {canonical}; keep one.'
            )
        columns[canonical] = name
        positions[canonical] = position
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFileError(
            "Missing required column"
            + ("s" if len(missing) > 1 else "")
            + ": "
            + ", ".join(missing)
            + "."
        )

    rows: list[CsvRow] = []
    bad_rows: list[Problem] = []
    width = len(header)
    previous_end = reader.line_num
    try:
        for cells in reader:
            # A quoted value may span lines: the row starts after the previous one ended.
            line = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                bad_rows.append(
                    Problem(
                        line,
                        "",
                        "",
                        f"the row has {len(cells)} values but the header has {width} columns",
                    )
                )
                continue
            values = {
                canonical: (cells[pos].strip() if pos < len(cells) else "")
                for canonical, pos in positions.items()
            }
            rows.append(CsvRow(line=line, values=values))
    except csv.Error as exc:
        raise ImportFileError(f"Line {reader.line_num} cannot be read: {exc}.") from exc
    return CsvFile(columns=columns, rows=rows, warnings=warnings, bad_rows=bad_rows)


def parse_date(value: str) -> dt.date:
    """ISO ``YYYY-MM-DD`` or ``YYYY/MM/DD``; day-first forms are refused as ambiguous."""
    match = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", value)
    if match is None:
        raise ValueError(value)
    year, month, day = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def parse_int(value: str) -> int:
    if not re.fullmatch(r"[+-]?\d{1,6}", value):
        raise ValueError(value)
    return int(value)


class RollbackDryRun(Exception):
    """Raised inside the import transaction to undo a dry run."""
