"""The one access policy for career conversations (DESIGN §4, §9).

- A conversation is readable by its author and, when shared, by the employee it is about.
  Nobody else reads it: not the author's own manager, not HR, not admins. Private notes
  are private to their author.
- A conversation may be logged with one's reports (direct or indirect), with one's career
  buddy or mentee from the marketplace's pairing rounds, and, by HR partners, with anyone.
  Buddies go both ways; in a mentor pairing only the mentor logs (about the mentee). A pair
  counts until one side declines it (a round pairs nobody who is still in a pair).
- The prep sheet and coverage follow who may log: preparing is part of holding one.
- The SPUR guide is read by managers and HR; HR partners change it.
- A feedback request is read by its requester; each colleague asked sees only their own
  answer form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from trellis.market.models import ACTIVE_PAIR, Pairing, PairingKind
from trellis.org.access import Viewer, is_in_chain_above
from trellis.talks.models import TalkVisibility

if TYPE_CHECKING:
    from trellis.org.models import Person
    from trellis.talks.models import Conversation, FeedbackRequest

REFUSED_PARTNER = (
    "You can log a career conversation only with people in your reporting line, "
    "your paired buddies or mentees, or — for HR partners — anyone in the organization."
)


def is_paired_with(me: Person, person: Person) -> bool:
    """``person`` is my buddy or my mentee in a pair neither of us has declined."""
    live = Q(status__in=ACTIVE_PAIR)
    buddies = Q(round__kind=PairingKind.BUDDY) & (
        Q(first=me, second=person) | Q(first=person, second=me)
    )
    mentee = Q(round__kind=PairingKind.MENTOR, first=me, second=person)
    return Pairing.objects.filter(live & (buddies | mentee)).exists()


def can_talk_with(viewer: Viewer, person: Person) -> bool:
    """Whether the viewer may log, plan or prepare a conversation with ``person``."""
    if not viewer.is_authenticated or viewer.person is None or not person.is_active:
        return False
    if viewer.person.pk == person.pk:
        return False
    if viewer.is_hr or is_in_chain_above(viewer, person):
        return True
    return is_paired_with(viewer.person, person)


def conversations_readable(viewer: Viewer) -> Q:
    """A filter for the conversations the viewer may read (``Q(pk__in=[])`` for no one)."""
    if not viewer.is_authenticated or viewer.person is None:
        return Q(pk__in=[])
    me = viewer.person.pk
    return Q(author_id=me) | Q(person_id=me, visibility=TalkVisibility.SHARED)


def can_read(viewer: Viewer, conversation: Conversation) -> bool:
    if not viewer.is_authenticated or viewer.person is None:
        return False
    if conversation.author_id == viewer.person.pk:
        return True
    return (
        conversation.person_id == viewer.person.pk
        and conversation.visibility == TalkVisibility.SHARED
    )


def can_edit(viewer: Viewer, conversation: Conversation) -> bool:
    """Only the author changes their notes."""
    return viewer.person is not None and conversation.author_id == viewer.person.pk


def is_subject(viewer: Viewer, conversation: Conversation) -> bool:
    """The employee the conversation is about: they accept or dismiss its items."""
    return viewer.person is not None and conversation.person_id == viewer.person.pk


def can_read_guide(viewer: Viewer, *, has_reports: bool) -> bool:
    return viewer.is_authenticated and (viewer.is_hr_or_admin or has_reports)


def can_edit_guide(viewer: Viewer) -> bool:
    return viewer.is_authenticated and viewer.is_hr


def can_read_feedback(viewer: Viewer, request: FeedbackRequest) -> bool:
    return viewer.person is not None and request.requester_id == viewer.person.pk
