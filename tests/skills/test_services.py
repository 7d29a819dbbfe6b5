from __future__ import annotations

import pytest

from tests.cast import Cast
from trellis.org.models import AuditEvent
from trellis.skills import services
from trellis.skills.models import PersonSkill, RoleRequirement, Skill, SkillAlias


def test_merge_moves_every_reference_and_keeps_the_stronger_values(cast: Cast) -> None:
    dup = Skill.objects.create(name="Python 3", onet_id="X.1")
    SkillAlias.objects.create(skill=dup, name="py3")
    child = Skill.objects.create(name="Django", parent=dup)
    friend = Skill.objects.create(name="Flask")
    dup.related.add(friend)
    # conflicts: Ada has both (4 vs 5), the senior role asks for both (4/5 vs 5/3)
    PersonSkill.objects.create(person=cast.ada, skill=dup, level=5, source="manager")
    RoleRequirement.objects.create(
        role=cast.senior_engineer, skill=dup, min_level=5, importance=3, is_required=True
    )
    # no conflict: Maya only has the duplicate
    PersonSkill.objects.create(person=cast.maya, skill=dup, level=2)
    survivor = services.skill_merge(actor=cast.hana.user, survivor=cast.python, duplicate=dup)
    assert not Skill.objects.filter(pk=dup.pk).exists()
    assert set(survivor.aliases.values_list("name", flat=True)) == {"Python 3", "py3"}
    assert survivor.onet_id == "X.1"
    ada = PersonSkill.objects.get(person=cast.ada, skill=cast.python)
    assert (ada.level, ada.source) == (5, "manager")
    assert PersonSkill.objects.get(person=cast.maya, skill=cast.python).level == 2
    req = RoleRequirement.objects.get(role=cast.senior_engineer, skill=cast.python)
    assert (req.min_level, req.importance) == (5, 5)
    child.refresh_from_db()
    assert child.parent_id == cast.python.pk
    assert list(cast.python.related.all()) == [friend]
    event = AuditEvent.objects.get(action="skill.merge")
    assert event.detail["merged_name"] == "Python 3"


def test_merge_refuses_itself(cast: Cast) -> None:
    with pytest.raises(services.ArchitectureError):
        services.skill_merge(actor=None, survivor=cast.python, duplicate=cast.python)


def test_tree_refuses_a_loop(cast: Cast) -> None:
    services.skill_set_parent(actor=None, skill=cast.sql, parent=cast.python)
    with pytest.raises(services.ArchitectureError, match="under itself"):
        services.skill_set_parent(actor=None, skill=cast.python, parent=cast.sql)


def test_requirement_and_transition_rules(cast: Cast) -> None:
    with pytest.raises(services.ArchitectureError, match="already has a requirement"):
        services.requirement_add(
            actor=None, role=cast.engineer, skill=cast.python, min_level=1, importance=1
        )
    with pytest.raises(services.ArchitectureError, match="between 0 and 5"):
        services.requirement_add(
            actor=None, role=cast.engineer, skill=cast.sql, min_level=6, importance=1
        )
    with pytest.raises(services.ArchitectureError, match="another role"):
        services.transition_add(
            actor=None, from_role=cast.engineer, to_role=cast.engineer, kind="lateral"
        )
    with pytest.raises(services.ArchitectureError, match="Unknown role fields: is_admin"):
        services.role_update(actor=None, role=cast.engineer, is_admin=True)
