"""The import commands draw a progress bar on a terminal and nothing anywhere else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from trellis.org.management.progress import TerminalBar
from trellis.org.models import Person


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _file(tmp_path: Path, n: int) -> str:
    lines = ["employee_id,first_name,last_name,email"]
    lines += [f"T-{i},Term,Inal{i},t{i}@example.com" for i in range(n)]
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.django_db
def test_a_terminal_gets_a_bar(tmp_path: Path) -> None:
    err, out = _Terminal(), io.StringIO()
    call_command("import_people", _file(tmp_path, 450), stdout=out, stderr=err)

    drawn = err.getvalue()
    assert "\rChecking rows" in drawn
    assert "0/450" in drawn
    assert "[" + "#" * 30 + "] 450/450 100%" in drawn
    assert "Writing the changes" in drawn
    assert drawn.endswith("\n")
    assert out.getvalue().strip() == "created 450, updated 0, unchanged 0, rejected 0"
    assert Person.objects.filter(employee_id__startswith="T-").count() == 450


@pytest.mark.django_db
def test_a_pipe_or_a_log_gets_none(tmp_path: Path) -> None:
    err, out = io.StringIO(), io.StringIO()
    call_command("import_people", _file(tmp_path, 50), "--dry-run", stdout=out, stderr=err)

    assert err.getvalue() == ""
    assert out.getvalue().strip().startswith("Dry run: created 50")


def test_the_bar_redraws_in_place_and_starts_a_line_per_step() -> None:
    stream = io.StringIO()
    bar = TerminalBar(stream, every=0)
    bar(0, 4, "Checking rows")
    bar(2, 4, "Checking rows")
    bar(4, 4, "Writing")
    bar.close()
    lines = stream.getvalue().split("\n")
    assert lines[0].count("\r") == 2 and lines[0].endswith(" 50%")
    assert lines[1].startswith("\rWriting") and lines[1].endswith("4/4 100%")
    assert lines[2] == ""
