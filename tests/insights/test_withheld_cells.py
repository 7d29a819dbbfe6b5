"""HR's supply table never lets a withheld department be worked out from the row's total."""

from __future__ import annotations


def test_supply_by_department_withholds_beside_a_small_one() -> None:
    from trellis.insights.selectors import OUTSIDE, Department, SkillRow, shown_cells
    from trellis.skills.models import Skill

    depts = [Department(1, "Platform", "Acme/Platform"), Department(2, "Sales", "Acme/Sales")]
    row = SkillRow(Skill(name="SQL"), seats=3, opportunities=1, ready=18, growing=0)
    row.by_department = {1: 12, 2: 6}
    assert shown_cells(depts, row) == [12, 6]
    # Two people outside any department (no column): Sales is withheld beside them.
    row.by_department = {1: 12, 2: 6, OUTSIDE: 2}
    assert shown_cells(depts, row) == [12, None]
    row.by_department = {1: 12, 2: 3}
    assert shown_cells(depts, row) == [None, None]
