from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """A refusal with its reason, naming the field where there is one ("title: ...")."""

    detail: str


class UnitRef(Schema):
    id: int
    name: str
    path: str


class PersonRef(Schema):
    id: int
    name: str


class PickEntry(Schema):
    """A suggestion of the people picker: enough to tell two colleagues apart."""

    id: int
    name: str
    title: str
    unit: str


class DirectoryEntry(Schema):
    """What anyone logged in may read about a colleague."""

    id: int
    name: str
    title: str
    email: str
    location: str
    unit: UnitRef | None
    manager: PersonRef | None

    @staticmethod
    def resolve_name(obj: object) -> str:
        if isinstance(obj, dict):
            return str(obj["name"])
        return str(obj.full_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_manager(obj: object) -> object:
        if isinstance(obj, dict):
            return obj["manager"]
        manager = obj.manager  # type: ignore[attr-defined]
        return {"id": manager.pk, "name": manager.full_name} if manager else None


class PersonSkillOut(Schema):
    skill_id: int
    skill: str
    level: int
    source: str
    appetite: str


class PersonDetails(Schema):
    role_id: int | None
    role: str | None
    level: int | None
    role_start_date: str | None
    skills: list[PersonSkillOut]


class PersonOut(DirectoryEntry):
    details: PersonDetails | None


class UnitOut(Schema):
    id: int
    name: str
    path: str
    kind: str
    parent_id: int | None
