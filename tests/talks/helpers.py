"""Set up conversations through the same services production uses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

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
