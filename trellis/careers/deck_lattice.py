"""A small excerpt of the career lattice for the deck: where I am, where I aim, and the way between.

The excerpt holds the person's current role, their target roles, and the roles on the
shortest recorded paths from the current role to each target (following lattice edges
forward, at most ``MAX_HOPS`` steps). When no path is recorded, the current role's next
steps stand in for it, so the picture still shows the moves on offer. It never holds more
than ``MAX_ROLES`` boxes: a slide must stay readable.

The layout comes from :func:`trellis.skills.lattice.layout_lattice`, the same one the lattice
page draws; :func:`edge_segments` turns its boxes into straight segments for renderers that
cannot draw SVG paths (PPTX and PDF).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trellis.skills.lattice import EdgeIn, Layout, NodeBox, NodeIn, layout_lattice
from trellis.skills.models import Role, RoleTransition

MAX_HOPS = 3
MAX_ROLES = 8
NEXT_STEPS = 3  # next steps shown when no path to a target is recorded


@dataclass(frozen=True)
class Segment:
    """A straight edge between two boxes, in layout units, ending at the arrow head."""

    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    dash: str


def _paths_to_targets(start: int, targets: set[int]) -> tuple[list[int], list[int]]:
    """Roles on shortest forward paths from ``start`` to each reachable target (one query a hop).

    Returns the roles on those paths (in discovery order) and the direct next steps.
    """
    parent: dict[int, int] = {start: start}
    frontier = [start]
    next_steps: list[int] = []
    for hop in range(MAX_HOPS):
        if not frontier or targets <= parent.keys():
            break
        step = RoleTransition.objects.filter(from_role_id__in=frontier).order_by(
            "from_role_id", "kind", "to_role__title"
        )
        new: list[int] = []
        for from_id, to_id in step.values_list("from_role_id", "to_role_id"):
            if hop == 0:
                next_steps.append(to_id)
            if to_id not in parent:
                parent[to_id] = from_id
                new.append(to_id)
        frontier = new
    on_path: list[int] = []
    for target in sorted(targets):
        if target not in parent:
            continue
        walk, node = [], target
        while node != start:
            walk.append(node)
            node = parent[node]
        on_path.extend(n for n in reversed(walk) if n not in on_path)
    return on_path, next_steps


def lattice_excerpt(*, current: Role | None, targets: Iterable[Role]) -> Layout | None:
    """The excerpt's layout, or None when there is neither a current nor a target role."""
    target_ids = [t.pk for t in targets]
    chosen: list[int] = []
    if current is not None:
        chosen.append(current.pk)
        on_path, next_steps = _paths_to_targets(current.pk, set(target_ids))
        chosen.extend(on_path)
        if not any(t in on_path for t in target_ids):
            chosen.extend(next_steps[:NEXT_STEPS])
    chosen.extend(target_ids)
    ids = list(dict.fromkeys(chosen))[:MAX_ROLES]
    if not ids:
        return None
    rows = Role.objects.filter(pk__in=ids).values_list(
        "id", "title", "family__name", "level", "track"
    )
    nodes = [
        NodeIn(id=i, title=t, family=f or "Other", level=lv or 0, track=tr)
        for i, t, f, lv, tr in rows
    ]
    edges = RoleTransition.objects.filter(from_role_id__in=ids, to_role_id__in=ids).values_list(
        "from_role_id", "to_role_id", "kind"
    )
    return layout_lattice(
        nodes,
        [EdgeIn(*edge) for edge in edges],
        current_ids=[current.pk] if current is not None else [],
        target_ids=target_ids,
    )


def edge_segments(layout: Layout) -> list[Segment]:
    """Each edge as a straight segment from border to border (sideways on the same row)."""
    boxes: dict[int, NodeBox] = {n.id: n for n in layout.nodes}
    out = []
    for edge in layout.edges:
        a, b = boxes[edge.from_id], boxes[edge.to_id]
        if a.y == b.y:
            x1 = a.x + a.w if b.x > a.x else a.x
            x2 = b.x if b.x > a.x else b.x + b.w
            y1 = y2 = a.cy
        elif b.y < a.y:  # b is more senior, drawn above
            x1, y1, x2, y2 = a.cx, a.y, b.cx, b.y + b.h
        else:
            x1, y1, x2, y2 = a.cx, a.y + a.h, b.cx, b.y
        out.append(Segment(edge.kind, x1, y1, x2, y2, edge.stroke, edge.dash))
    return out
