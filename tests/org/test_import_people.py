"""The people import: ``import_people`` and the ``people_import`` service behind it."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.cast import Cast
from trellis.org.imports import PEOPLE_ALIASES, ImportFileError, normalize_header, people_import
from trellis.org.models import AuditEvent, OrgUnit, Person
from trellis.org.services import manager_paths_rebuild

HEADER = (
    "employee_id,first_name,last_name,email,manager_id,unit_path,job_title,role_code,"
    "level,location,hire_date,role_start_date"
)
GOOD = [
    "E-1,Grace,Hopper,grace@example.com,,Acme/Engineering,CTO,,,Lisbon,2019-02-01,2019-02-01",
    "E-2,Linus,Kernel,linus@example.com,E-1,Acme/Engineering/Kernel,Engineer,SE2,2,Porto,"
    "2020/03/04,2021-05-06",
    "E-3,Barbara,Liskov,barbara@example.com,E-2,Acme/Engineering/Kernel,Engineer,SE3,3,,,",
    "E-4,Ken,Thompson,ken@example.com,E-maya,Acme/Engineering/Platform/Storage,,,,,,",
]


def _write(tmp_path: Path, lines: list[str], name: str = "people.csv", **kw: Any) -> Path:
    path = tmp_path / name
    sep = kw.get("sep", ",")
    text = "\n".join(line.replace(",", sep) for line in lines) + "\n"
    path.write_bytes((("\ufeff" if kw.get("bom") else "") + text).encode("utf-8"))
    return path


def _run(path: Path, *args: str) -> tuple[str, bool]:
    """Output of the command and whether it exited non-zero."""
    out = StringIO()
    try:
        call_command("import_people", str(path), *args, stdout=out)
    except CommandError as exc:
        return out.getvalue() + f"CommandError: {exc}\n", True
    return out.getvalue(), False


def _snapshot() -> list[tuple[Any, ...]]:
    fields = [f.attname for f in Person._meta.concrete_fields]
    units = ("units", *OrgUnit.objects.order_by("pk").values_list("path", flat=True))
    return [*Person.objects.order_by("pk").values_list(*fields), units]


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    return _write(tmp_path, [HEADER, *GOOD])


def test_imports_people_with_managers_units_roles_and_dates(cast: Cast, good_file: Path) -> None:
    output, failed = _run(good_file)

    assert not failed
    assert output.splitlines()[-1] == "created 4, updated 0, unchanged 0, rejected 0"
    grace, linus, barbara, ken = (Person.objects.get(employee_id=f"E-{n}") for n in range(1, 5))
    assert linus.manager == grace and barbara.manager == linus and ken.manager == cast.maya
    assert barbara.manager_path == f"/{grace.pk}/{linus.pk}/"
    assert ken.manager_path == f"{cast.maya.manager_path}{cast.maya.pk}/"
    assert manager_paths_rebuild() == 0  # every chain written is the one the org implies
    assert linus.unit.path == "Acme/Engineering/Kernel"  # type: ignore[union-attr]
    assert ken.unit == cast.team
    assert linus.role == cast.engineer and linus.level == 2 and linus.title == "Engineer"
    assert linus.hire_date == dt.date(2020, 3, 4)
    assert linus.role_start_date == dt.date(2021, 5, 6)
    assert grace.location == "Lisbon" and barbara.location == ""
    assert barbara.hire_date is None


def test_second_run_changes_nothing(cast: Cast, good_file: Path) -> None:
    _run(good_file)
    before = _snapshot()

    output, failed = _run(good_file)

    assert not failed
    assert output.splitlines()[-1] == "created 0, updated 0, unchanged 4, rejected 0"
    assert _snapshot() == before


def test_changed_row_is_updated_and_moving_a_manager_rewrites_chains(
    cast: Cast, tmp_path: Path
) -> None:
    _run(_write(tmp_path, [HEADER, *GOOD]))
    moved = GOOD[1].replace(",E-1,", ",E-maya,")  # Linus now reports to Maya
    output, failed = _run(_write(tmp_path, [HEADER, GOOD[0], moved, *GOOD[2:]], "v2.csv"))

    assert not failed
    assert output.splitlines()[-1] == "created 0, updated 1, unchanged 3, rejected 0"
    linus = Person.objects.get(employee_id="E-2")
    barbara = Person.objects.get(employee_id="E-3")
    assert linus.manager == cast.maya
    assert barbara.manager_path == f"{cast.maya.manager_path}{cast.maya.pk}/{linus.pk}/"
    assert manager_paths_rebuild() == 0


def test_existing_people_are_updated_by_employee_id(cast: Cast, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email,job_title",
            "E-ada,Ada,King,ada@example.com,Staff Engineer",
        ],
    )
    output, _ = _run(path)

    assert output.splitlines()[-1] == "created 0, updated 1, unchanged 0, rejected 0"
    ada = Person.objects.get(pk=cast.ada.pk)
    assert (ada.last_name, ada.title) == ("King", "Staff Engineer")
    # Columns absent from the file are left as they were.
    assert ada.manager == cast.maya and ada.role == cast.engineer and ada.unit == cast.team


BAD_CASES = [
    (
        "E-9,,Nobody,nobody@example.com,,,,,,,,",
        'line 2, column "first_name", value "": a value is required',
    ),
    (
        "E-9,Bad,Mail,not-an-email,,,,,,,,",
        'line 2, column "email", value "not-an-email": not a valid e-mail address',
    ),
    (
        "E-9,Bad,Date,bad@example.com,,,,,,,04/03/2020,",
        'line 2, column "hire_date", value "04/03/2020": not a date; use YYYY-MM-DD or YYYY/MM/DD',
    ),
    (
        "E-9,Bad,Date,bad@example.com,,,,,,,,2021-02-30",
        'line 2, column "role_start_date", value "2021-02-30": '
        "not a date; use YYYY-MM-DD or YYYY/MM/DD",
    ),
    (
        "E-9,No,Boss,boss@example.com,E-404,,,,,,,",
        'line 2, column "manager_id", value "E-404": '
        "unknown manager: no person has this employee id in the file or in Trellis",
    ),
    (
        "E-9,Self,Made,self@example.com,E-9,,,,,,,",
        'line 2, column "manager_id", value "E-9": a person cannot be their own manager',
    ),
    (
        "E-9,High,Flyer,high@example.com,,,,,13,,,",
        'line 2, column "level", value "13": the level must be a whole number from 1 to 12',
    ),
    (
        "E-9,Low,Flyer,low@example.com,,,,,zero,,,",
        'line 2, column "level", value "zero": the level must be a whole number from 1 to 12',
    ),
    (
        "E-9,No,Role,norole@example.com,,,,XX9,,,,",
        'line 2, column "role_code", value "XX9": unknown role code',
    ),
    (
        "E-9,Too,Wide,wide@example.com,,,,,,,,,surprise",
        "line 2: the row has 13 values but the header has 12 columns",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD_CASES)
def test_bad_row_is_rejected_with_line_column_and_value(
    cast: Cast, tmp_path: Path, row: str, message: str
) -> None:
    path = _write(tmp_path, [HEADER, row, GOOD[0]])
    before = Person.objects.count()

    output, failed = _run(path)

    assert failed
    lines = output.splitlines()
    assert lines[0] == message
    assert lines[1] == "created 1, updated 0, unchanged 0, rejected 1"
    assert lines[2] == "CommandError: 1 row rejected"
    assert not Person.objects.filter(employee_id="E-9").exists()
    assert Person.objects.count() == before + 1  # the valid row went in


def test_every_problem_of_a_row_is_reported(cast: Cast, tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, "E-9,,,nope,E-9,,,XX,0,,2020-13-01,"])

    output, _ = _run(path)

    assert output.splitlines()[:-2] == [
        'line 2, column "first_name", value "": a value is required',
        'line 2, column "last_name", value "": a value is required',
        'line 2, column "email", value "nope": not a valid e-mail address',
        'line 2, column "hire_date", value "2020-13-01": not a date; use YYYY-MM-DD or YYYY/MM/DD',
        'line 2, column "level", value "0": the level must be a whole number from 1 to 12',
        'line 2, column "role_code", value "XX": unknown role code',
        'line 2, column "manager_id", value "E-9": a person cannot be their own manager',
    ]


def test_duplicate_employee_ids_reject_every_occurrence(cast: Cast, tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, GOOD[0], GOOD[0].replace("Grace", "Gracie")])

    output, failed = _run(path)

    assert failed
    assert output.splitlines()[:3] == [
        'line 2, column "employee_id", value "E-1": duplicate employee id (also on line 3)',
        'line 3, column "employee_id", value "E-1": duplicate employee id (also on line 2)',
        "created 0, updated 0, unchanged 0, rejected 2",
    ]


def test_rows_under_a_rejected_manager_are_rejected_naming_the_line(
    cast: Cast, tmp_path: Path
) -> None:
    bad_boss = GOOD[0].replace("grace@example.com", "grace-at-example")
    path = _write(tmp_path, [HEADER, bad_boss, GOOD[1], GOOD[2], GOOD[3]])

    output, failed = _run(path)

    assert failed
    assert output.splitlines()[:4] == [
        'line 2, column "email", value "grace-at-example": not a valid e-mail address',
        'line 3, column "manager_id", value "E-1": manager E-1 was rejected on line 2',
        'line 4, column "manager_id", value "E-2": manager E-2 was rejected on line 3',
        "created 1, updated 0, unchanged 0, rejected 3",
    ]
    assert Person.objects.filter(employee_id="E-4").exists()


def test_manager_cycle_within_the_file(cast: Cast, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email,manager_id",
            "E-1,A,A,a@example.com,E-2",
            "E-2,B,B,b@example.com,E-3",
            "E-3,C,C,c@example.com,E-1",
            "E-4,D,D,d@example.com,E-3",
        ],
    )

    output, failed = _run(path)

    assert failed
    assert output.splitlines()[:5] == [
        'line 2, column "manager_id", value "E-2": manager cycle: E-1 → E-2 → E-3 → E-1',
        'line 3, column "manager_id", value "E-3": manager cycle: E-2 → E-3 → E-1 → E-2',
        'line 4, column "manager_id", value "E-1": manager cycle: E-3 → E-1 → E-2 → E-3',
        'line 5, column "manager_id", value "E-3": manager E-3 was rejected on line 4',
        "created 0, updated 0, unchanged 0, rejected 4",
    ]


def test_manager_cycle_through_people_already_in_trellis(cast: Cast, tmp_path: Path) -> None:
    # Ada reports to Maya, who reports to Dora: Dora reporting to Ada closes a loop.
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email,manager_id",
            "E-dora,Dora,Director,dora@example.com,E-ada",
        ],
    )

    output, failed = _run(path, "--dry-run")

    assert failed
    assert output.splitlines()[:2] == [
        'line 2, column "manager_id", value "E-ada": '
        "manager cycle: E-dora → E-ada → E-maya → E-dora",
        "Dry run: created 0, updated 0, unchanged 0, rejected 1",
    ]
    assert Person.objects.get(pk=cast.dora.pk).manager is None


def test_dry_run_reports_and_changes_nothing(cast: Cast, tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, *GOOD, "E-9,,X,x@example.com,,,,,,,,"])
    before = _snapshot()
    events = AuditEvent.objects.count()

    output, failed = _run(path, "--dry-run", "--full-export")

    assert failed
    assert output.splitlines()[-4:-1] == [
        'line 6, column "first_name", value "": a value is required',
        "6 people absent from the file would be deactivated",
        "Dry run: created 4, updated 0, unchanged 0, rejected 1",
    ]
    assert _snapshot() == before
    assert AuditEvent.objects.count() == events


def test_full_export_deactivates_absent_people_and_reactivates_present_ones(
    cast: Cast, tmp_path: Path
) -> None:
    Person.objects.filter(pk=cast.otto.pk).update(is_active=False)
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email",
            "E-ada,Ada,Lovelace,ada@example.com",
            "E-otto,Otto,Outsider,otto@example.com",
        ],
    )

    output, failed = _run(path, "--full-export")

    assert not failed
    assert output.splitlines() == [
        "4 people absent from the file were deactivated",
        "created 0, updated 1, unchanged 1, rejected 0",
    ]
    active = set(Person.objects.filter(is_active=True).values_list("employee_id", flat=True))
    assert active == {"E-ada", "E-otto"}
    assert Person.objects.count() == 6  # deactivated, never deleted
    assert Person.objects.get(pk=cast.ada.pk).manager == cast.maya


def test_without_full_export_absent_people_stay_active(cast: Cast, good_file: Path) -> None:
    _run(good_file)

    assert not Person.objects.filter(is_active=False).exists()


@pytest.mark.parametrize(("sep", "bom"), [(";", True), ("\t", False), (";", False), (",", True)])
def test_bom_and_sniffed_delimiters(cast: Cast, tmp_path: Path, sep: str, bom: bool) -> None:
    path = _write(tmp_path, [HEADER, *GOOD], sep=sep, bom=bom)

    output, failed = _run(path)

    assert not failed
    assert output.splitlines()[-1] == "created 4, updated 0, unchanged 0, rejected 0"
    assert Person.objects.get(employee_id="E-1").first_name == "Grace"


def test_common_export_header_names_are_understood(cast: Cast, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            "Legal First Name;Surname;Employee #;Work Email;Supervisor EID;Department;"
            "Position Title;Job Code;Grade;Work Location;Start Date;Job Start Date;Cost Center",
            "Grace;Hopper;E-1;grace@example.com;E-maya;Acme/Engineering;CTO;SE3;3;Lisbon;"
            "2019-02-01;2020-01-01;CC-17",
        ],
        sep=";",
    )

    output, failed = _run(path)

    assert not failed
    assert output.splitlines() == [
        'warning: Unknown column "Cost Center" ignored.',
        "created 1, updated 0, unchanged 0, rejected 0",
    ]
    grace = Person.objects.get(employee_id="E-1")
    assert (grace.first_name, grace.last_name, grace.email) == (
        "Grace",
        "Hopper",
        "grace@example.com",
    )
    assert grace.manager == cast.maya and grace.role == cast.senior_engineer
    assert (grace.title, grace.level, grace.location) == ("CTO", 3, "Lisbon")
    assert grace.hire_date == dt.date(2019, 2, 1)
    assert grace.role_start_date == dt.date(2020, 1, 1)


def test_multiline_values_keep_file_line_numbers(cast: Cast, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email,job_title",
            'E-1,Grace,Hopper,grace@example.com,"Chief\nTechnology Officer"',
            "",
            "E-2,Linus,Kernel,bad,Engineer",
        ],
    )

    output, _ = _run(path)

    assert (
        output.splitlines()[0] == 'line 5, column "email", value "bad": not a valid e-mail address'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"employee_id,first_name,email\nE-1,A,a@example.com\n",
            "Missing required column: last_name.",
        ),
        (b"", "The file is empty."),
        (
            "employee_id,first_name,last_name,email\nE-1,Jos\u00e9,X,a@example.com\n".encode(
                "latin-1"
            ),
            'The file is not UTF-8 text (first bad byte on line 2); save it as "CSV UTF-8".',
        ),
        (
            b"Employee ID,EID,first_name,last_name,email\n",
            'Columns "Employee ID" and "EID" both mean employee_id; keep one.',
        ),
    ],
)
def test_file_level_errors(cast: Cast, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError) as excinfo:
        call_command("import_people", str(path), stdout=StringIO())

    assert str(excinfo.value) == f"{path}: {message}"


def test_missing_file(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^File not found: .*nope\.csv$"):
        call_command("import_people", str(tmp_path / "nope.csv"), stdout=StringIO())


def test_too_large_file_is_refused(cast: Cast, good_file: Path, settings: Any) -> None:
    settings.TRELLIS_MAX_IMPORT_BYTES = 100

    with pytest.raises(CommandError) as excinfo:
        call_command("import_people", str(good_file), stdout=StringIO())

    assert str(excinfo.value) == f"{good_file}: The file is larger than the limit of 100 bytes."
    with pytest.raises(ImportFileError):
        people_import(data=good_file.read_bytes(), file_name="people.csv")


def test_a_failure_while_writing_rolls_back_everything(
    cast: Cast, good_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot()

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("trellis.org.imports.applying.audit_record", explode)
    with pytest.raises(RuntimeError):
        people_import(data=good_file.read_bytes(), file_name="people.csv")

    assert _snapshot() == before


def test_real_import_is_audited_without_row_content(
    cast: Cast, good_file: Path, tmp_path: Path
) -> None:
    report = people_import(
        data=good_file.read_bytes(), file_name="people.csv", actor=cast.hana.user
    )

    event = AuditEvent.objects.get(action="people.import")
    assert event.actor == cast.hana.user
    assert event.detail == {
        "file": "people.csv",
        "full_export": False,
        "created": 4,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "deactivated": 0,
    }
    assert report.summary_line() == "created 4, updated 0, unchanged 0, rejected 0"
    assert "Grace" not in str(event.detail)


def test_documented_aliases_match_the_code() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "imports.md").read_text()
    table = doc.split("### Accepted header names", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    documented = {}
    for row in table.splitlines()[2:]:
        name, names = (cell.strip() for cell in row.strip("|").split("|"))
        documented[name.strip("`")] = {normalize_header(n) for n in names.split(",")}

    assert documented == {name: set(aliases) for name, aliases in PEOPLE_ALIASES.items()}


def test_reports_of_a_rejected_manager_already_in_trellis_are_imported(
    cast: Cast, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        [
            "employee_id,first_name,last_name,email,manager_id",
            "E-maya,Maya,Manager,maya-at-example,E-dora",
            "E-5,New,Hire,new@example.com,E-maya",
        ],
    )

    output, failed = _run(path)

    assert failed
    assert output.splitlines()[:2] == [
        'line 2, column "email", value "maya-at-example": not a valid e-mail address',
        "created 1, updated 0, unchanged 0, rejected 1",
    ]
    assert Person.objects.get(employee_id="E-5").manager == cast.maya
    assert Person.objects.get(pk=cast.maya.pk).email == "maya@example.com"
