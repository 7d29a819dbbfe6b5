"""``python -m tools.check_shape``: no module over 500 lines, no function over 80 (DESIGN §5).

Reads ``trellis/`` and ``config/`` and prints every offender; the exit status is 1 when there
is one that is not allowed below. Migrations are generated and skipped. A module is
counted in lines of the file, a function from its ``def`` line to its last line.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
ROOTS = ("trellis", "config")

# Data tables rather than code: long because they list things.
DATA_MODULES = frozenset({"trellis/skills/demo_catalog.py"})

# Offenders allowed for a while, each with its reason (none today). An entry that no longer
# offends is reported too, so these lists only shrink.
ALLOWED_MODULES: frozenset[str] = frozenset()
ALLOWED_FUNCTIONS: frozenset[str] = frozenset()


def _python_files(base: Path) -> list[Path]:
    return sorted(
        path
        for root in ROOTS
        for path in (base / root).rglob("*.py")
        if "migrations" not in path.relative_to(base).parts
    )


def _long_functions(tree: ast.AST) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append((node.name, length))
    return found


def shape_offenders(base: Path) -> tuple[list[str], list[str]]:
    """``(offenders, stale allow-list entries)`` under ``base``, as printable lines."""
    offenders: list[str] = []
    seen: set[str] = set()
    for path in _python_files(base):
        name = path.relative_to(base).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES and name not in DATA_MODULES:
            seen.add(name)
            if name not in ALLOWED_MODULES:
                offenders.append(f"{name}: {lines} lines (at most {MAX_MODULE_LINES})")
        for function, length in _long_functions(ast.parse(text, filename=name)):
            key = f"{name}:{function}"
            seen.add(key)
            if key not in ALLOWED_FUNCTIONS:
                offenders.append(f"{key}: {length} lines (at most {MAX_FUNCTION_LINES})")
    stale = sorted((ALLOWED_MODULES | ALLOWED_FUNCTIONS) - seen)
    return offenders, [
        f"{entry}: within the limits now; remove it from the list" for entry in stale
    ]


def main() -> int:
    offenders, stale = shape_offenders(Path(__file__).resolve().parent.parent)
    for line in offenders + stale:
        print(line)
    if offenders or stale:
        print(f"{len(offenders) + len(stale)} shape problem(s); see tools/check_shape.py.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
