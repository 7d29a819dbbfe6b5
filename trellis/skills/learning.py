"""The learning catalog: reads for everyone signed in, writes for HR, and the suggestions a
gap, a prep sheet or a career map makes from it.

An item builds skills up to a level; a suggestion for "skill S, to reach level L" is an
active item that builds S (items reaching L first, then the cheaper in hours). Inactive items
are HR's to see and edit, never suggested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from trellis.org.access import Viewer
from trellis.org.services import audit_record
from trellis.skills.gap import GapStatus, RoleGap
from trellis.skills.models import LearningItem, LearningKind, LearningSkill, Skill

SUGGESTIONS = 3  # items suggested per skill


@dataclass(frozen=True)
class LearningData:
    """What a form, the API or an import row sets on an item (validated by them)."""

    title: str
    kind: str
    description: str = ""
    url: str = ""
    effort_hours: int | None = None
    is_active: bool = True
    builds: list[tuple[Skill, int]] = field(default_factory=list)  # (skill, level 1-5)


@dataclass(frozen=True)
class Suggestion:
    """A learning item suggested for some skills (with the level it builds each to)."""

    item: LearningItem
    skills: list[tuple[Skill, int]]


def _items() -> QuerySet[LearningItem]:
    return LearningItem.objects.prefetch_related("builds__skill")


def learning_list(
    *, viewer: Viewer, skill_id: int | None = None, kind: str = "", q: str = ""
) -> QuerySet[LearningItem]:
    """The catalog, in title order: active items for everyone signed in, all for HR."""
    if not viewer.is_authenticated:
        return LearningItem.objects.none()
    qs = _items()
    if not viewer.is_hr_or_admin:
        qs = qs.filter(is_active=True)
    if skill_id is not None:
        qs = qs.filter(builds__skill_id=skill_id)
    if kind in LearningKind.values:
        qs = qs.filter(kind=kind)
    for term in q.split()[:5]:
        qs = qs.filter(Q(title__icontains=term) | Q(description__icontains=term))
    return qs.distinct().order_by("title", "pk")


def learning_get(*, viewer: Viewer, pk: int) -> LearningItem:
    """One item; 404 for a stranger, and for an inactive item unless HR asks."""
    item = learning_list(viewer=viewer).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def learning_title_taken(*, title: str, other_than: LearningItem | None = None) -> bool:
    """Whether another item has this title (titles are compared without case)."""
    qs = LearningItem.objects.filter(title__iexact=title.strip())
    if other_than is not None:
        qs = qs.exclude(pk=other_than.pk)
    return qs.exists()


def skills_by_id(*, ids: list[int]) -> dict[int, Skill]:
    """The skills among ``ids`` (unknown ids are left out, for the caller to name)."""
    return Skill.objects.in_bulk(ids)


def _hr(viewer: Viewer) -> None:
    if not viewer.is_hr_or_admin:
        raise Http404


def _apply(item: LearningItem, data: LearningData) -> None:
    item.title, item.kind, item.description = data.title, data.kind, data.description
    item.url, item.effort_hours, item.is_active = data.url, data.effort_hours, data.is_active
    item.full_clean()
    item.save()
    LearningSkill.objects.filter(item=item).delete()
    LearningSkill.objects.bulk_create(
        LearningSkill(item=item, skill=skill, level=level) for skill, level in data.builds
    )


@transaction.atomic
def learning_create(*, viewer: Viewer, data: LearningData, request_id: str = "") -> LearningItem:
    """Add an item to the catalog (HR only; 404 for anyone else)."""
    _hr(viewer)
    item = LearningItem()
    _apply(item, data)
    audit_record(
        actor=viewer.actor, action="skills.learning.create", target=item, request_id=request_id
    )
    return item


@transaction.atomic
def learning_update(
    *, viewer: Viewer, item: LearningItem, data: LearningData, request_id: str = ""
) -> LearningItem:
    """Replace an item's fields and skills (HR only; 404 for anyone else)."""
    _hr(viewer)
    _apply(item, data)
    audit_record(
        actor=viewer.actor, action="skills.learning.update", target=item, request_id=request_id
    )
    return item


def gap_needs(gap: RoleGap) -> dict[int, int]:
    """``{skill id: level to reach}`` for the requirements of a gap not yet met."""
    return {
        i.requirement.skill_id: i.requirement.min_level
        for i in (*gap.required, *gap.nice_to_have)
        if i.status != GapStatus.MET
    }


def learning_for_skills(*, needs: dict[int, int], per_skill: int = SUGGESTIONS) -> list[Suggestion]:
    """Active items that build the needed skills (``{skill id: level to reach}``): for each
    skill, the items reaching the level first, then the fewer hours, at most ``per_skill``;
    an item serving several skills appears once, with all of them, and items serving more
    skills come first. Two queries whatever the size of the catalog."""
    if not needs:
        return []
    rows = (
        LearningSkill.objects.filter(skill_id__in=list(needs), item__is_active=True)
        .select_related("skill")
        .order_by("skill__name", "-level", "item__effort_hours", "item__title")
    )
    by_skill: dict[int, list[LearningSkill]] = defaultdict(list)
    for row in rows:
        by_skill[row.skill_id].append(row)
    chosen: dict[int, list[tuple[Skill, int]]] = defaultdict(list)
    for skill_id, options in by_skill.items():
        options.sort(key=lambda r: r.level < needs[skill_id])  # stable: hours, title
        for row in options[:per_skill]:
            chosen[row.item_id].append((row.skill, row.level))
    items = LearningItem.objects.in_bulk(list(chosen))
    out = [Suggestion(item=items[pk], skills=skills) for pk, skills in chosen.items()]
    return sorted(out, key=lambda s: (-len(s.skills), s.item.effort_hours or 0, s.item.title))
