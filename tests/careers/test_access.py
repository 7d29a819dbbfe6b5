"""The career access policy, section by section and role by role."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from trellis.careers import access, services
from trellis.careers.models import SECTIONS, CareerProfile, Visibility
from trellis.careers.selectors import career_get
from trellis.org.access import viewer_for

ROLES = ("ada", "maya", "dora", "hana", "alex", "otto")

# Who reads a section at each visibility: the owner, the manager chain (maya, dora),
# HR (hana) and admins (alex) beyond private, and anyone logged in (otto) for everyone.
EXPECTED = {
    Visibility.PRIVATE: {"ada"},
    Visibility.MANAGER: {"ada", "maya", "dora", "hana", "alex"},
    Visibility.MARKETPLACE: {"ada", "maya", "dora", "hana", "alex"},
    Visibility.EVERYONE: set(ROLES),
}


def test_defaults_are_private_for_swot_barriers_and_weaknesses() -> None:
    profile = CareerProfile()
    private = {s.key for s in SECTIONS if profile.visibility_of(s.key) == Visibility.PRIVATE}
    assert private == {"swot", "barriers", "weaknesses"}
    assert profile.visibility_of("summary") == Visibility.MANAGER


@pytest.mark.parametrize("section", [s.key for s in SECTIONS])
@pytest.mark.parametrize("level", list(Visibility))
def test_each_section_at_each_level_is_seen_by_exactly_the_expected_roles(
    cast: Cast, section: str, level: Visibility
) -> None:
    services.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={section: level}
    )
    profile = CareerProfile.objects.get(person=cast.ada)
    seers = set()
    for name in ROLES:
        viewer = viewer_for(getattr(cast, name).user)
        if section in access.visible_sections(profile, access.readable_levels(viewer, cast.ada)):
            seers.add(name)
    assert seers == EXPECTED[level]


def test_outsider_cannot_open_a_career_with_nothing_shared_with_everyone(cast: Cast) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        career_get(viewer=viewer_for(cast.otto.user), pk=cast.ada.pk)
    services.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"summary": Visibility.EVERYONE}
    )
    career = career_get(viewer=viewer_for(cast.otto.user), pk=cast.ada.pk)
    assert career.sections == {"summary"}


def test_admin_does_not_see_private_sections(cast: Cast) -> None:
    career = career_get(viewer=viewer_for(cast.alex.user), pk=cast.ada.pk)
    assert not career.sees("swot")
    assert career.sees("summary")


def test_only_the_owner_edits_and_only_the_chain_comments(cast: Cast) -> None:
    profile = services.profile_ensure(person=cast.ada)
    for name in ROLES:
        viewer = viewer_for(getattr(cast, name).user)
        assert access.can_edit(viewer, cast.ada) == (name == "ada")
        assert access.can_comment(viewer, cast.ada, profile) == (name in {"ada", "maya", "dora"})


def test_manager_cannot_comment_on_a_private_map(cast: Cast) -> None:
    profile = services.profile_set_visibility(
        actor=cast.ada.user, person=cast.ada, visibility={"map": Visibility.PRIVATE}
    )
    assert not access.can_comment(viewer_for(cast.maya.user), cast.ada, profile)


def test_previews_match_audiences() -> None:
    assert access.levels_for_audience("manager") == {"manager", "marketplace", "everyone"}
    assert access.levels_for_audience("marketplace") == {"marketplace", "everyone"}
    assert access.levels_for_audience("everyone") == {"everyone"}
    assert access.levels_for_audience("nobody") == set()
