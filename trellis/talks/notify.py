"""In-app notification plus a written e-mail, for conversation events that ask something.

The careers app's :func:`trellis.careers.notify.notify` e-mails its one-line message; the
pre-work request and the reminders need a few lines more (the three questions, the list of
quiet reports), so this writes the same in-app notification and an e-mail of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from trellis.careers.models import Notification

if TYPE_CHECKING:
    from trellis.org.models import Person

SUBJECT_LIMIT = 120


def absolute(url: str) -> str:
    """The link as the e-mail should carry it: absolute when ``TRELLIS_SITE_URL`` is set."""
    base = str(getattr(settings, "TRELLIS_SITE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def tell(*, recipient: Person, message: str, url: str, subject: str, body: str) -> Notification:
    """Store the notification and send the e-mail once the surrounding transaction commits.

    ``body`` is plain text; the link is appended. Like every Trellis e-mail it never carries
    the notes of a conversation.
    """
    note = Notification.objects.create(recipient=recipient, message=message[:300], url=url)
    if recipient.email:
        text = f"{body.rstrip()}\n\n{absolute(url)}\n"
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Trellis: {subject}"[:SUBJECT_LIMIT],
                message=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
                fail_silently=True,
            )
        )
    return note
