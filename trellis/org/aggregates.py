"""The floor under every count of people shown to someone else (DESIGN §4): a figure that
would describe fewer than ``MIN_GROUP`` people is withheld, so a count cannot single anyone out.
Here, at the lowest layer, so every app withholds the same way.

A total shown beside its parts needs one more rule: when the parts withheld for being small
add up to fewer than ``MIN_GROUP`` people, the total less the parts shown gives them away. So
the smallest parts shown are withheld too until the withheld ones cover ``MIN_GROUP`` people
or more (:func:`withheld_parts`; "secondary suppression" in statistical disclosure control).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

MIN_GROUP = 5
WITHHELD = f"fewer than {MIN_GROUP}"
# Said of a part withheld although it is large enough: it would give a smaller one away.
WITHHELD_BESIDE = "withheld beside a smaller group"


def shown(n: int) -> int | None:
    """A people count, or None when the group is too small to show."""
    return n if n >= MIN_GROUP else None


def withheld_parts(
    sizes: Sequence[int], also: Collection[int] = (), *, floor: int = MIN_GROUP
) -> set[int]:
    """Which parts of a shown total to withhold (indexes into ``sizes``, the people in each
    part): every part under ``MIN_GROUP`` (and those in ``also``), and then, while those
    cover between one and ``MIN_GROUP - 1`` people together, the smallest part still shown
    (ties: the first), so that no subtraction of shown figures from the total tells a group
    of fewer than ``MIN_GROUP`` people. Empty parts are never withheld nor counted."""
    out = {i for i, n in enumerate(sizes) if 0 < n < floor} | set(also)
    covered = sum(sizes[i] for i in out)
    spare = sorted((n, i) for i, n in enumerate(sizes) if n > 0 and i not in out)
    for n, i in spare:
        if covered == 0 or covered >= floor:
            break
        out.add(i)
        covered += n
    return out
