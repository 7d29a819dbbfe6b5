from __future__ import annotations

from tests.cast import Cast
from trellis.org.access import can_see_details, viewer_for


def test_cast_reporting_lines_and_chains(cast: Cast) -> None:
    assert cast.ada.manager == cast.maya
    assert cast.ada.manager_ids() == [cast.dora.pk, cast.maya.pk]
    assert cast.maya.manager_path == f"/{cast.dora.pk}/"


def test_access_policy_on_details(cast: Cast) -> None:
    def sees(viewer_person, person) -> bool:  # type: ignore[no-untyped-def]
        return can_see_details(viewer_for(viewer_person.user), person)

    assert sees(cast.ada, cast.ada)
    assert sees(cast.maya, cast.ada)
    assert sees(cast.dora, cast.ada)  # indirect report
    assert sees(cast.hana, cast.ada)
    assert sees(cast.alex, cast.ada)
    assert not sees(cast.otto, cast.ada)
    assert not sees(cast.ada, cast.maya)  # reports do not see their manager's details
