"""The floor under every count of people shown to someone else (DESIGN §4): a figure that
would describe fewer than ``MIN_GROUP`` people is withheld, so a count cannot single anyone out.
Here, at the lowest layer, so every app withholds the same way."""

from __future__ import annotations

MIN_GROUP = 5
WITHHELD = f"fewer than {MIN_GROUP}"


def shown(n: int) -> int | None:
    """A people count, or None when the group is too small to show."""
    return n if n >= MIN_GROUP else None
