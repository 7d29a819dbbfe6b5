"""Layout of the career lattice as a picture, in plain Python (the template draws the SVG).

Families are columns side by side; levels are rows with the most senior level at the top,
so a promotion points upwards. Roles of the same family and level sit next to each other
(individual-contributor track first, then management). Edges are straight lines between
box borders, except between roles on the same row, which bow upwards so they do not run
through the boxes in between.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

NODE_W = 168
NODE_H = 46
GAP_X = 22
GAP_Y = 58
FAMILY_GAP = 46
MARGIN = 20
HEADER_H = 34
LABEL_W = 44  # room for the level labels on the left
MAX_LABEL = 24  # characters of a title shown in a box; the full title is in a tooltip

EDGE_STYLES: dict[str, dict[str, str]] = {
    # Different in colour *and* dash pattern, so the legend also works without colour.
    "promotion": {"stroke": "#2f6fdb", "dash": "", "label": "Promotion"},
    "lateral": {"stroke": "#1b7a3a", "dash": "7 4", "label": "Lateral move"},
    "exploratory": {"stroke": "#9a6400", "dash": "2 4", "label": "Exploratory"},
}
# Suggested (computed, not curated) moves: thin, grey and dotted, so they read as a hint
# behind the curated lattice, with or without colour.
SUGGESTED_STYLE: dict[str, str] = {
    "stroke": "#8a909c",
    "dash": "1 4",
    "label": "Suggested from data (not yet on the lattice)",
    "width": "1.4",
}


_KIND_WORDS = {
    "promotion": "promotion",
    "lateral": "lateral move",
    "step_back": "step back",
    "exploratory": "exploratory",
}


@dataclass(frozen=True)
class NodeIn:
    id: int
    title: str
    family: str
    level: int
    track: str = "ic"


@dataclass(frozen=True)
class EdgeIn:
    from_id: int
    to_id: int
    kind: str


@dataclass
class NodeBox:
    id: int
    title: str
    label: str
    family: str
    level: int
    x: int
    y: int
    w: int = NODE_W
    h: int = NODE_H
    current: bool = False
    target: bool = False

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2

    @property
    def text_x(self) -> int:
        return self.cx

    @property
    def text_y(self) -> int:
        return self.cy + 5


@dataclass
class EdgePath:
    from_id: int
    to_id: int
    kind: str
    d: str  # SVG path data
    stroke: str
    dash: str
    width: str = "2"
    suggested: bool = False
    title: str = ""


@dataclass
class Column:
    family: str
    x: int
    w: int

    @property
    def cx(self) -> int:
        return self.x + self.w // 2


@dataclass
class Row:
    level: int
    y: int


@dataclass
class Layout:
    width: int
    height: int
    nodes: list[NodeBox] = field(default_factory=list)
    edges: list[EdgePath] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    legend: list[dict[str, str]] = field(default_factory=list)


def _short(title: str) -> str:
    return title if len(title) <= MAX_LABEL else title[: MAX_LABEL - 1].rstrip() + "…"


def layout_lattice(
    nodes: Iterable[NodeIn],
    edges: Iterable[EdgeIn],
    *,
    current_ids: Iterable[int] = (),
    target_ids: Iterable[int] = (),
    suggested: Iterable[EdgeIn] = (),
) -> Layout:
    """Place every role and route every edge whose two ends are placed.

    ``suggested`` edges (``kind`` being the suggested move's kind) are drawn first, under
    the curated ones, in :data:`SUGGESTED_STYLE`; the legend lists them when there are any.
    """
    nodes = list(nodes)
    current, target = set(current_ids), set(target_ids)
    levels = sorted({n.level for n in nodes}, reverse=True)
    row_of = {level: i for i, level in enumerate(levels)}
    by_family: dict[str, dict[int, list[NodeIn]]] = defaultdict(lambda: defaultdict(list))
    for node in nodes:
        by_family[node.family][node.level].append(node)

    layout = Layout(width=0, height=0)
    x = MARGIN + LABEL_W
    boxes: dict[int, NodeBox] = {}
    for family in sorted(by_family):
        slots = max(len(group) for group in by_family[family].values())
        width = slots * NODE_W + (slots - 1) * GAP_X
        layout.columns.append(Column(family=family, x=x, w=width))
        for level, group in by_family[family].items():
            group.sort(key=lambda n: (n.track != "ic", n.title))
            # Centre a short row in its column so single roles line up vertically.
            offset = (width - (len(group) * NODE_W + (len(group) - 1) * GAP_X)) // 2
            y = MARGIN + HEADER_H + row_of[level] * (NODE_H + GAP_Y)
            for i, node in enumerate(group):
                box = NodeBox(
                    id=node.id,
                    title=node.title,
                    label=_short(node.title),
                    family=family,
                    level=level,
                    x=x + offset + i * (NODE_W + GAP_X),
                    y=y,
                    current=node.id in current,
                    target=node.id in target,
                )
                boxes[node.id] = box
                layout.nodes.append(box)
        x += width + FAMILY_GAP
    layout.rows = [
        Row(level=level, y=MARGIN + HEADER_H + i * (NODE_H + GAP_Y) + NODE_H // 2 + 5)
        for i, level in enumerate(levels)
    ]
    layout.width = max(x - FAMILY_GAP + MARGIN, 320)
    layout.height = MARGIN * 2 + HEADER_H + max(len(levels), 1) * (NODE_H + GAP_Y) - GAP_Y
    layout.edges.extend(_edge_paths(boxes, edges, suggested))
    layout.legend = [{"kind": k, **v} for k, v in EDGE_STYLES.items()]
    if any(e.suggested for e in layout.edges):
        layout.legend.append({"kind": "suggested", **SUGGESTED_STYLE})
    return layout


def _edge_paths(
    boxes: dict[int, NodeBox], edges: Iterable[EdgeIn], suggested: Iterable[EdgeIn]
) -> list[EdgePath]:
    """Suggested moves first (drawn under the curated edges), then the lattice's edges;
    an edge whose ends are not both placed, or a loop, is left out."""
    paths: list[EdgePath] = []
    for edge in suggested:
        a, b = boxes.get(edge.from_id), boxes.get(edge.to_id)
        if a is None or b is None or a is b:
            continue
        paths.append(
            EdgePath(
                from_id=edge.from_id,
                to_id=edge.to_id,
                kind="suggested",
                d=_route(a, b),
                stroke=SUGGESTED_STYLE["stroke"],
                dash=SUGGESTED_STYLE["dash"],
                width=SUGGESTED_STYLE["width"],
                suggested=True,
                title=f"Suggested: {a.title} → {b.title} ({_KIND_WORDS.get(edge.kind, edge.kind)})",
            )
        )
    for edge in edges:
        a, b = boxes.get(edge.from_id), boxes.get(edge.to_id)
        if a is None or b is None or a is b:
            continue
        style = EDGE_STYLES.get(edge.kind, EDGE_STYLES["exploratory"])
        paths.append(
            EdgePath(
                from_id=edge.from_id,
                to_id=edge.to_id,
                kind=edge.kind,
                d=_route(a, b),
                stroke=style["stroke"],
                dash=style["dash"],
            )
        )
    return paths


def _route(a: NodeBox, b: NodeBox) -> str:
    if a.y == b.y:
        # Same row: leave from the top edge and bow over the boxes in between.
        lift = 26 + min(abs(a.cx - b.cx) // 12, 40)
        return f"M{a.cx},{a.y} C{a.cx},{a.y - lift} {b.cx},{b.y - lift} {b.cx},{b.y}"
    if b.y < a.y:  # b is more senior: leave from the top, arrive at the bottom
        return f"M{a.cx},{a.y} L{b.cx},{b.y + b.h}"
    return f"M{a.cx},{a.y + a.h} L{b.cx},{b.y}"
