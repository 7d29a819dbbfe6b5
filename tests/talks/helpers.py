"""Set up conversations through the same services production uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.cast import Cast
from trellis.org.access import viewer_for
from trellis.org.models import Person
from trellis.talks import services
from trellis.talks.models import Conversation
from trellis.talks.services import FollowUpData, ItemData


def log(author: Person, person: Person, **kwargs: Any) -> Conversation:
    kwargs.setdefault("summary", "We talked about the next year.")
    kwargs.setdefault("when", timezone.now() - dt.timedelta(days=1))
    return services.conversation_log(viewer=viewer_for(author.user), person=person, **kwargs)


def pull(category: str, text: str, **kw: Any) -> ItemData:
    return ItemData(direction="pull", category=category, text=text, **kw)


def push(category: str, text: str, **kw: Any) -> ItemData:
    return ItemData(direction="push", category=category, text=text, **kw)


def followup(owner: Person, text: str = "Send the course link", days: int = 7) -> FollowUpData:
    return FollowUpData(owner=owner, text=text, due=timezone.localdate() + dt.timedelta(days=days))


def opportunity(cast: Cast, *, title: str = "Storage metrics dashboard", **fields: Any) -> Any:
    """An open gig in Maya's team asking for Python 3 and SQL 3, through the market's services."""
    from trellis.market import services as market
    from trellis.market.models import Kind
    from trellis.market.services import SkillNeed

    maya = viewer_for(cast.maya.user)
    data: dict[str, Any] = {"kind": Kind.GIG, "title": title, "unit": cast.team, **fields}
    opp = market.opportunity_create(
        viewer=maya,
        skills=[SkillNeed(cast.python, 3, 5, True), SkillNeed(cast.sql, 3, 3, True)],
        **data,
    )
    return market.opportunity_publish(viewer=maya, opp=opp)


def pair(kind: str, first: Person, second: Person) -> Any:
    """A pairing round of one pair, as HR's pairing run stores it."""
    from trellis.market.models import Pairing, PairingRound

    pairing_round = PairingRound.objects.create(kind=kind)
    return Pairing.objects.create(round=pairing_round, first=first, second=second)
