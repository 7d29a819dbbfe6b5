"""House rules the code keeps, checked by reading the source (DESIGN §5, one door for access).

- A view or API module never reads ``Model.objects``: every read goes through a selector,
  which takes the viewer when the answer depends on who asks.
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
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if pattern.search(line.split("#", 1)[0]):
                hits.append(f"{name}:{number}: {line.strip()}")
    return hits


def test_the_scan_sees_the_view_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in _view_modules()}
    assert {
        "trellis/market/views/rounds.py",
        "trellis/skills/hr_views.py",
        "trellis/org/import_views.py",
        "trellis/talks/views_team.py",
        "trellis/talks/api.py",
    } <= names


def test_views_and_api_read_through_selectors() -> None:
    hits = _hits(re.compile(r"\.objects\."), ALLOWED_OBJECTS)
    assert not hits, "Read through a selector taking the viewer:\n" + "\n".join(hits)


def test_views_and_api_take_the_request_viewer() -> None:
    hits = _hits(re.compile(r"\bviewer_for\("), {})
    assert not hits, "Use viewer_of(request):\n" + "\n".join(hits)


def test_the_rule_finds_a_read() -> None:
    # The scan itself can fail: a line like the ones it must refuse is found.
    pattern = re.compile(r"\.objects\.")
    assert pattern.search("rounds = Round.objects.all()[:50]")
    assert not pattern.search("rounds = round_selectors.rounds_recent(viewer=viewer)")
