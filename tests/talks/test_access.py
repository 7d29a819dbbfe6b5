"""Every visibility rule of conversations, through the selectors that pages and API use."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.cast import Cast
from tests.talks.helpers import followup, log, pull
from trellis.org.access import viewer_for
from trellis.talks import selectors


def _reads(person, conversation) -> bool:  # type: ignore[no-untyped-def]
    try:
        selectors.conversation_get(viewer=viewer_for(person.user), pk=conversation.pk)
    except Http404:
        return False
    return True


@pytest.mark.parametrize(
    ("reader", "shared", "private"),
    [
        ("maya", True, True),  # the author
        ("ada", True, False),  # the employee: shared only
        ("dora", False, False),  # the author's own manager
        ("hana", False, False),  # HR
        ("alex", False, False),  # admin
        ("otto", False, False),  # outsider
    ],
)
def test_who_reads_which_note(cast: Cast, reader: str, shared: bool, private: bool) -> None:
    s = log(cast.maya, cast.ada)
    p = log(cast.maya, cast.ada, visibility="private")
    assert _reads(getattr(cast, reader), s) is shared
    assert _reads(getattr(cast, reader), p) is private


def test_lists_follow_the_same_rule(cast: Cast) -> None:
    shared = log(cast.maya, cast.ada)
    log(cast.maya, cast.ada, visibility="private")
    hr_note = log(cast.hana, cast.ada, visibility="private")
    assert list(selectors.conversations_for(viewer=viewer_for(cast.ada.user))) == [shared]
    assert list(selectors.conversations_for(viewer=viewer_for(cast.hana.user))) == [hr_note]
    assert list(selectors.conversations_for(viewer=viewer_for(cast.otto.user))) == []


def test_followups_for_map(cast: Cast) -> None:
    log(cast.maya, cast.ada, followups=[followup(cast.ada, "Shared one")])
    log(cast.maya, cast.ada, visibility="private", followups=[followup(cast.maya, "Mine")])
    ada = selectors.followups_for_map(viewer=viewer_for(cast.ada.user), person=cast.ada)
    assert [f.text for f in ada] == ["Shared one"]
    assert selectors.followups_for_map(viewer=viewer_for(cast.otto.user), person=cast.ada) == []


def test_items_and_followups_refused_like_missing(cast: Cast) -> None:
    c = log(
        cast.maya,
        cast.ada,
        visibility="private",
        items=[pull("values", "x")],
        followups=[followup(cast.maya)],
    )
    for getter, pk in (
        (selectors.item_get, c.items.get().pk),
        (selectors.followup_get, c.followups.get().pk),
    ):
        with pytest.raises(Http404):
            getter(viewer=viewer_for(cast.ada.user), pk=pk)


def test_partner_get(cast: Cast) -> None:
    assert selectors.partner_get(viewer=viewer_for(cast.dora.user), pk=cast.ada.pk) == cast.ada
    assert selectors.partner_get(viewer=viewer_for(cast.hana.user), pk=cast.otto.pk) == cast.otto
    for viewer, target in ((cast.otto, cast.ada), (cast.ada, cast.maya), (cast.maya, cast.maya)):
        with pytest.raises(Http404):
            selectors.partner_get(viewer=viewer_for(viewer.user), pk=target.pk)


def test_guide_readers(cast: Cast) -> None:
    for person in (cast.maya, cast.hana, cast.alex):
        assert selectors.guide_questions(viewer=viewer_for(person.user))
    for person in (cast.otto, cast.ada):
        with pytest.raises(Http404):
            selectors.guide_questions(viewer=viewer_for(person.user))
