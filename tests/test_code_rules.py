"""House rules the code keeps, checked by reading the source (DESIGN §5, one door for access).

- A view or API module never reads ``Model.objects`` (nor ``get_object_or_404(Model, ...)``):
  every read goes through a selector, which takes the viewer when the answer depends on
  who asks.
- A view or API module takes the request's viewer with ``viewer_of(request)`` (built once
  per request by ``ViewerMiddleware``), never by building one from ``request.user``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = (
    "trellis/*/views*.py",
    "trellis/*/*_views.py",
    "trellis/*/views/*.py",
    "trellis/*/api*.py",
    "trellis/*/*_api.py",
    "trellis/*/api/*.py",
)
# file -> reason; empty while no view needs an exception.
ALLOWED_OBJECTS: dict[str, str] = {}


def _view_modules() -> list[Path]:
    found = {path for pattern in PATTERNS for path in ROOT.glob(pattern)}
    return sorted(found)


def _hits(pattern: re.Pattern[str], allowed: dict[str, str]) -> list[str]:
    hits = []
    for path in _view_modules():
        name = str(path.relative_to(ROOT))
        if name in allowed:
            continue
        lines = path.read_text().splitlines()
        # Comments dropped; matched across lines, as a call may be wrapped.
        code = "\n".join(line.split("#", 1)[0] for line in lines)
        for found in pattern.finditer(code):
            number = code.count("\n", 0, found.start()) + 1
            hits.append(f"{name}:{number}: {lines[number - 1].strip()}")
    return hits


def test_the_scan_sees_the_view_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert {
        "trellis/market/views/rounds.py",
        "trellis/skills/hr_views.py",
        "trellis/org/import_views.py",
        "trellis/talks/views_team.py",
        "trellis/talks/api/conversations.py",
        "trellis/skills/api/architecture.py",
        "trellis/market/mobility_api.py",
        "trellis/market/mobility_views.py",
    } <= names


MODEL_READ = re.compile(r"\.objects\.|\bget_(object|list)_or_404\(\s*[A-Z]\w*\s*[,)]")


def test_views_and_api_read_through_selectors() -> None:
    hits = _hits(MODEL_READ, ALLOWED_OBJECTS)
    assert not hits, "Read through a selector taking the viewer:\n" + "\n".join(hits)


def test_views_and_api_take_the_request_viewer() -> None:
    hits = _hits(re.compile(r"\bviewer_for\("), {})
    assert not hits, "Use viewer_of(request):\n" + "\n".join(hits)


def test_the_rule_finds_a_read() -> None:
    # The scan itself can fail: lines like the ones it must refuse are found.
    assert MODEL_READ.search("rounds = Round.objects.all()[:50]")
    assert MODEL_READ.search("skill = get_object_or_404(Skill, pk=skill_id)")
    assert not MODEL_READ.search("rounds = round_selectors.rounds_recent(viewer=viewer)")
    assert MODEL_READ.search("edge = get_object_or_404(\n    RoleTransition.objects.filter(")
    assert not MODEL_READ.search("req = get_object_or_404(role.requirements, pk=req_pk)")
