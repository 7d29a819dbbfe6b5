"""Writes to the job architecture and the taxonomy.

Each service is atomic, takes keyword-only arguments, returns the object it changed and
raises ``ArchitectureError`` on a broken invariant. Every change leaves an audit event with
the values before and after, so "who changed this requirement, and from what" has an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.db.models import ForeignObjectRel

from trellis.org.services import audit_record
from trellis.skills.models import (
    MAX_LEVEL,
    HiddenMove,
    PersonSkill,
    Role,
    RoleRequirement,
    RoleTransition,
    Skill,
    SkillAlias,
    TransitionKind,
)
from trellis.skills.moves import move_kind
from trellis.skills.search import search_invalidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    Actor = User | AnonymousUser | None

ROLE_FIELDS = ("code", "title", "family", "track", "level", "unit", "description", "external_code")
REQUIREMENT_FIELDS = ("min_level", "importance", "is_required")
TRANSITION_FIELDS = ("kind", "typical_months")


class ArchitectureError(Exception):
    """A change that would break the job architecture's rules."""


def _snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Plain JSON values of the fields (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = getattr(obj, field.attname)  # type: ignore[union-attr]
    return data


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {
        "before": {k: v for k, v in before.items() if after.get(k) != v},
        "after": {k: v for k, v in after.items() if before.get(k) != v},
    }


def _check_levels(*, min_level: int, importance: int) -> None:
    if not 0 <= min_level <= MAX_LEVEL:
        raise ArchitectureError(f"The minimum level must be between 0 and {MAX_LEVEL}.")
    if not 1 <= importance <= 5:
        raise ArchitectureError("The importance must be between 1 and 5.")


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def role_create(*, actor: Actor, **values: Any) -> Role:
    unknown = set(values) - set(ROLE_FIELDS)
    if unknown:
        raise ArchitectureError(f"Unknown role fields: {', '.join(sorted(unknown))}.")
    if Role.objects.filter(code=values.get("code", "")).exists():
        raise ArchitectureError("Another role already uses this code.")
    role = Role.objects.create(**values)
    transaction.on_commit(search_invalidate)
    audit_record(
        actor=actor,
        action="role.create",
        target=role,
        detail={"before": {}, "after": _snapshot(role, ROLE_FIELDS)},
    )
    return role


@transaction.atomic
def role_update(*, actor: Actor, role: Role, **values: Any) -> Role:
    unknown = set(values) - set(ROLE_FIELDS)
    if unknown:
        raise ArchitectureError(f"Unknown role fields: {', '.join(sorted(unknown))}.")
    if "code" in values and Role.objects.filter(code=values["code"]).exclude(pk=role.pk).exists():
        raise ArchitectureError("Another role already uses this code.")
    before = _snapshot(role, ROLE_FIELDS)
    for name, value in values.items():
        setattr(role, name, value)
    after = _snapshot(role, ROLE_FIELDS)
    if after != before:
        role.save()
        transaction.on_commit(search_invalidate)
        audit_record(actor=actor, action="role.update", target=role, detail=_changes(before, after))
    return role


# ---------------------------------------------------------------------------------------------
# Requirements
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def requirement_add(
    *,
    actor: Actor,
    role: Role,
    skill: Skill,
    min_level: int,
    importance: int,
    is_required: bool = True,
) -> RoleRequirement:
    _check_levels(min_level=min_level, importance=importance)
    if RoleRequirement.objects.filter(role=role, skill=skill).exists():
        raise ArchitectureError(f"{role.title} already has a requirement for {skill.name}.")
    requirement = RoleRequirement.objects.create(
        role=role, skill=skill, min_level=min_level, importance=importance, is_required=is_required
    )
    audit_record(
        actor=actor,
        action="role_requirement.create",
        target=requirement,
        detail={
            "role": role.pk,
            "skill": skill.pk,
            "before": {},
            "after": _snapshot(requirement, REQUIREMENT_FIELDS),
        },
    )
    return requirement


@transaction.atomic
def requirement_update(
    *,
    actor: Actor,
    requirement: RoleRequirement,
    min_level: int,
    importance: int,
    is_required: bool,
) -> RoleRequirement:
    _check_levels(min_level=min_level, importance=importance)
    before = _snapshot(requirement, REQUIREMENT_FIELDS)
    requirement.min_level, requirement.importance = min_level, importance
    requirement.is_required = is_required
    after = _snapshot(requirement, REQUIREMENT_FIELDS)
    if after != before:
        requirement.save()
        detail = {"role": requirement.role_id, "skill": requirement.skill_id}
        audit_record(
            actor=actor,
            action="role_requirement.update",
            target=requirement,
            detail=detail | _changes(before, after),
        )
    return requirement


@transaction.atomic
def requirement_remove(*, actor: Actor, requirement: RoleRequirement) -> RoleRequirement:
    detail = {
        "role": requirement.role_id,
        "skill": requirement.skill_id,
        "before": _snapshot(requirement, REQUIREMENT_FIELDS),
        "after": {},
    }
    audit_record(actor=actor, action="role_requirement.delete", target=requirement, detail=detail)
    requirement.delete()
    return requirement


# ---------------------------------------------------------------------------------------------
# Lattice edges
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def transition_add(
    *,
    actor: Actor,
    from_role: Role,
    to_role: Role,
    kind: str,
    typical_months: int | None = None,
) -> RoleTransition:
    if from_role.pk == to_role.pk:
        raise ArchitectureError("A career move must lead to another role.")
    if RoleTransition.objects.filter(from_role=from_role, to_role=to_role).exists():
        raise ArchitectureError(f"A move from {from_role.title} to {to_role.title} exists.")
    edge = RoleTransition.objects.create(
        from_role=from_role, to_role=to_role, kind=kind, typical_months=typical_months
    )
    audit_record(
        actor=actor,
        action="role_transition.create",
        target=edge,
        detail={
            "from_role": from_role.pk,
            "to_role": to_role.pk,
            "before": {},
            "after": _snapshot(edge, TRANSITION_FIELDS),
        },
    )
    return edge


@transaction.atomic
def transition_remove(*, actor: Actor, transition: RoleTransition) -> RoleTransition:
    detail = {
        "from_role": transition.from_role_id,
        "to_role": transition.to_role_id,
        "before": _snapshot(transition, TRANSITION_FIELDS),
        "after": {},
    }
    audit_record(actor=actor, action="role_transition.delete", target=transition, detail=detail)
    transition.delete()
    return transition


# ---------------------------------------------------------------------------------------------
# Suggested moves: adopted into the lattice, or hidden (hidden moves are read fresh by every
# ranking, so no cache needs telling)
# ---------------------------------------------------------------------------------------------

# The lattice has no step-back edges: a suggested step back is curated as exploratory.
ADOPTED_KIND = {
    "promotion": TransitionKind.PROMOTION,
    "lateral": TransitionKind.LATERAL,
    "exploratory": TransitionKind.EXPLORATORY,
    "step_back": TransitionKind.EXPLORATORY,
}


@transaction.atomic
def move_adopt(*, actor: Actor, from_role: Role, to_role: Role) -> RoleTransition:
    """Make a suggested move a curated lattice edge, of the kind the engine gave it."""
    kind = ADOPTED_KIND[move_kind(from_role=from_role, to_role=to_role)]
    return transition_add(actor=actor, from_role=from_role, to_role=to_role, kind=kind.value)


@transaction.atomic
def move_hide(*, actor: Actor, from_role: Role, to_role: Role) -> HiddenMove:
    """Stop suggesting the move from ``from_role`` to ``to_role`` (everywhere)."""
    if from_role.pk == to_role.pk:
        raise ArchitectureError("A career move must lead to another role.")
    hidden, created = HiddenMove.objects.get_or_create(
        from_role=from_role,
        to_role=to_role,
        defaults={"hidden_by": actor if actor is not None and actor.is_authenticated else None},
    )
    if not created:
        raise ArchitectureError(
            f"The move from {from_role.title} to {to_role.title} is already hidden."
        )
    audit_record(
        actor=actor,
        action="hidden_move.create",
        target=hidden,
        detail={"from_role": from_role.pk, "to_role": to_role.pk},
    )
    return hidden


@transaction.atomic
def move_unhide(*, actor: Actor, from_role: Role, to_role: Role) -> HiddenMove:
    """Suggest the move again."""
    hidden = (
        HiddenMove.objects.select_for_update().filter(from_role=from_role, to_role=to_role).first()
    )
    if hidden is None:
        raise ArchitectureError(
            f"The move from {from_role.title} to {to_role.title} is not hidden."
        )
    audit_record(
        actor=actor,
        action="hidden_move.delete",
        target=hidden,
        detail={"from_role": from_role.pk, "to_role": to_role.pk},
    )
    hidden.delete()
    return hidden


# ---------------------------------------------------------------------------------------------
# Taxonomy: merging duplicate skills
# ---------------------------------------------------------------------------------------------


def _merge_requirements(survivor: Skill, duplicate: Skill) -> int:
    """Move the duplicate's requirements; where a role asks for both, keep the stricter ask."""
    moved = 0
    theirs = {r.role_id: r for r in RoleRequirement.objects.filter(skill=survivor)}
    for req in RoleRequirement.objects.filter(skill=duplicate):
        kept = theirs.get(req.role_id)
        if kept is None:
            req.skill = survivor
            req.save(update_fields=["skill"])
        else:
            kept.min_level = max(kept.min_level, req.min_level)
            kept.importance = max(kept.importance, req.importance)
            kept.is_required = kept.is_required or req.is_required
            kept.save(update_fields=["min_level", "importance", "is_required"])
            req.delete()
        moved += 1
    return moved


def _merge_person_skills(survivor: Skill, duplicate: Skill) -> int:
    """Move people's levels; where someone has both, keep the higher level (and its source)."""
    moved = 0
    theirs = {p.person_id: p for p in PersonSkill.objects.filter(skill=survivor)}
    for held in PersonSkill.objects.filter(skill=duplicate):
        kept = theirs.get(held.person_id)
        if kept is None:
            held.skill = survivor
            held.save(update_fields=["skill"])
        else:
            if held.level > kept.level:
                kept.level, kept.source = held.level, held.source
                kept.save(update_fields=["level", "source", "updated_at"])
            held.delete()
        moved += 1
    return moved


def _merge_generic(field: models.ForeignObject, survivor: Skill, duplicate: Skill) -> int:
    """Any other reference (other apps' models): repoint row by row; a row that would clash
    with a uniqueness rule is dropped, because the survivor already holds the same fact."""
    model = field.model
    moved = 0
    for row in model._default_manager.filter(**{field.name: duplicate}):
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=row.pk).update(**{field.name: survivor})
        except IntegrityError:
            row.delete()
        moved += 1
    return moved


@transaction.atomic
def skill_merge(*, actor: Actor, survivor: Skill, duplicate: Skill) -> Skill:
    """Fold ``duplicate`` into ``survivor`` and delete it.

    Its name and aliases become aliases of the survivor; requirements, people's levels,
    children, related skills and every other foreign key to Skill (found through the model
    metadata, including hidden reverse relations of other apps) move to the survivor.
    Conflicts keep the higher level and the higher importance.
    """
    if survivor.pk == duplicate.pk:
        raise ArchitectureError("A skill cannot be merged into itself.")
    counts: dict[str, int] = {}
    for field in Skill._meta.get_fields(include_hidden=True):
        if not (field.auto_created and not field.concrete and field.is_relation):
            continue
        assert isinstance(field, ForeignObjectRel)  # a reverse relation to Skill
        remote = field.field
        if field.many_to_many:
            continue  # handled below (only Skill.related points here today)
        model = remote.model
        if model._meta.auto_created:
            continue  # the through table of Skill.related, handled below
        label = f"{model._meta.label_lower}.{remote.name}"
        if model is RoleRequirement:
            counts[label] = _merge_requirements(survivor, duplicate)
        elif model is PersonSkill:
            counts[label] = _merge_person_skills(survivor, duplicate)
        elif model is SkillAlias:
            continue  # handled below, after the names
        elif model is Skill:  # children in the tree
            counts[label] = Skill.objects.filter(parent=duplicate).update(parent=survivor)
        else:
            counts[label] = _merge_generic(remote, survivor, duplicate)
    for other in duplicate.related.exclude(pk=survivor.pk):
        survivor.related.add(other)
    names = [duplicate.name, *duplicate.aliases.values_list("name", flat=True)]
    SkillAlias.objects.filter(skill=duplicate).delete()
    existing = {n.lower() for n in SkillAlias.objects.values_list("name", flat=True)}
    for name in names:
        if name.lower() != survivor.name.lower() and name.lower() not in existing:
            SkillAlias.objects.create(skill=survivor, name=name)
            existing.add(name.lower())
    # The survivor adopts external ids it lacks, so a later import still finds it.
    before = {"esco_uri": survivor.esco_uri, "onet_id": survivor.onet_id}
    adopt = {k: getattr(duplicate, k) for k in before if not before[k] and getattr(duplicate, k)}
    duplicate_id, duplicate_name = duplicate.pk, duplicate.name
    duplicate.delete()
    if adopt:
        Skill.objects.filter(pk=survivor.pk).update(**adopt)
        survivor.refresh_from_db()
    transaction.on_commit(search_invalidate)
    audit_record(
        actor=actor,
        action="skill.merge",
        target=survivor,
        detail={"merged": duplicate_id, "merged_name": duplicate_name, "moved": counts},
    )
    return survivor


def skill_set_parent(*, actor: Actor, skill: Skill, parent: Skill | None) -> Skill:
    """Place a skill in the tree, refusing a loop (a skill under its own descendant)."""
    with transaction.atomic():
        node = parent
        while node is not None:
            if node.pk == skill.pk:
                raise ArchitectureError("A skill cannot sit under itself or its descendants.")
            node = node.parent
        before = skill.parent_id
        skill.parent = parent
        skill.save(update_fields=["parent"])
        audit_record(
            actor=actor,
            action="skill.update",
            target=skill,
            detail={"before": {"parent": before}, "after": {"parent": skill.parent_id}},
        )
    return skill
