"""Secondary suppression: what is withheld beside a shown total can never be worked out by
subtracting what is shown from it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trellis.org.aggregates import MIN_GROUP, withheld_parts


def test_examples() -> None:
    assert withheld_parts([10, 6, 2]) == {1, 2}  # 2 alone would be told by 18 − 10 − 6
    assert withheld_parts([10, 6, 2, 3]) == {2, 3}  # 2 + 3 = 5 together: enough
    assert withheld_parts([10, 6]) == set()
    assert withheld_parts([10, 0, 6]) == set()  # an empty part is nobody
    assert withheld_parts([3, 1]) == {0, 1}  # nothing left to show
    assert withheld_parts([9, 7, 6], also={2}) == {2}  # a part never shown, large enough
    assert withheld_parts([9, 7, 2], also={2}) == {1, 2}


@given(st.lists(st.integers(0, 40), max_size=12), st.data())
def test_the_withheld_parts_are_none_or_enough(sizes: list[int], data: st.DataObject) -> None:
    also = data.draw(st.sets(st.sampled_from(range(len(sizes))))) if sizes else set()
    out = withheld_parts(sizes, also)
    assert also <= out and {i for i, n in enumerate(sizes) if 0 < n < MIN_GROUP} <= out
    covered = sum(sizes[i] for i in out)
    shown_parts = [n for i, n in enumerate(sizes) if i not in out and n > 0]
    # Either nothing is withheld, or enough people, or everything is withheld.
    assert covered == 0 or covered >= MIN_GROUP or not shown_parts
    # Only as much as needed: taking back the last part added would leave too few.
    extra = out - also - {i for i, n in enumerate(sizes) if 0 < n < MIN_GROUP}
    assert len(extra) <= 1 or covered - max(sizes[i] for i in extra) < MIN_GROUP
