"""The typed answers of the marketplace API, one schema per shape, shared by its modules."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SkillNeedOut(Schema):
    skill: str
    min_level: int
    weight: int
    required: bool


class OpportunityOut(Schema):
    id: int
    kind: str
    direction: str
    title: str
    description: str
    unit: str
    owner: str
    status: str
    capacity: int
    hours_per_week: int
    remote: bool
    location: str
    closes_on: str | None
    skills: list[SkillNeedOut]


class OpportunityBrief(Schema):
    id: int
    kind: str
    title: str
    unit: str
    status: str


class InterestOut(Schema):
    id: int
    person: str
    opportunity: int
    status: str
    confidential: bool


class InterestDetailOut(InterestOut):
    moves: list[str]


class MyInterestOut(InterestOut):
    """One of the caller's own interests, with what they may do next."""

    title: str
    updated_at: dt.datetime
    moves: list[str]


class SkillLine(Schema):
    skill: str
    level: int
    min_level: int


class GrowthSkill(Schema):
    skill: str
    reasons: list[str]


class TargetRole(Schema):
    role: str
    skills: list[str]


class WhyOut(Schema):
    mutual_value: float
    readiness: float
    growth: float
    met: list[SkillLine]
    partial: list[SkillLine]
    missing: list[SkillLine]
    growth_skills: list[GrowthSkill]
    target_roles: list[TargetRole]
    failed_constraint: str | None


class ForYouOut(WhyOut):
    opportunity: int
    title: str
    kind: str
    direction: str
    rule: str
    also: list[str]


class RecommendationsOut(Schema):
    items: list[ForYouOut]
    near_misses: list[ForYouOut]
    blocked: list[ForYouOut]


class CandidateOut(WhyOut):
    person: int
    name: str
    # What the person shares with the marketplace: section label -> its text (shortened).
    shared: dict[str, str]


class AssignmentOut(Schema):
    person: int
    opportunity: int
    choice: int
    locked: bool


class RoundOut(Schema):
    id: int
    name: str
    status: str
    superseded_by: int | None
    blocking_pairs: int
    assignments: list[AssignmentOut]


class RoundPublishedOut(RoundOut):
    offers: int


class RoundBrief(Schema):
    id: int
    name: str
    status: str
    created_at: dt.datetime
    published_at: dt.datetime | None
    superseded_by: int | None


class PreviewChoice(Schema):
    opportunity: int
    title: str
    from_interest: bool


class PreviewPerson(Schema):
    person: int
    name: str
    choices: list[PreviewChoice]


class PreviewOpportunity(Schema):
    opportunity: int
    title: str
    listed_by: int
    best: list[int]


class RoundPreviewOut(Schema):
    """Both sides' preferences before a round runs: the first people's lists, and per
    opportunity how many people list it and its best-placed people."""

    n_people: int
    people: list[PreviewPerson]
    opportunities: list[PreviewOpportunity]


class OptInOut(Schema):
    opted_in: bool
    digest: str
    wants_buddy: bool
    mentor_capacity: int


class PairingOut(Schema):
    first: int
    first_name: str
    second: int
    second_name: str
    weight: float
    reasons: list[str]


class PairingRoundBrief(Schema):
    id: int
    kind: str
    created_at: dt.datetime
    pairs: int


class PairingRoundOut(PairingRoundBrief):
    pairings: list[PairingOut]


class ExportRowOut(Schema):
    """One manager's reports (or, with manager None, the group of small teams)."""

    manager: int | None
    manager_name: str | None
    managers: int
    reports: int
    applied: int
    offered: int
    moved: int
    moved_share: float
    wait_days: float | None
    waiting: int


class TalentExportedOut(Schema):
    """Managers with fewer than ``min_group`` reports are counted together; that group is
    withheld (``small`` is null) while it has fewer than ``min_group`` reports."""

    min_group: int
    rows: list[ExportRowOut]
    small: ExportRowOut | None
