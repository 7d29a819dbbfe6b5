"""In-app notifications with a copy by e-mail, for career map events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from trellis.careers.models import Notification

if TYPE_CHECKING:
    from trellis.org.models import Person


SUBJECT_LIMIT = 120


def absolute(url: str) -> str:
    """The link as an e-mail should carry it: absolute when ``TRELLIS_SITE_URL`` is set."""
    base = str(settings.TRELLIS_SITE_URL).rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def notify(
    *, recipient: Person, message: str, url: str = "", subject: str = "", body: str = ""
) -> Notification:
    """Store the notification and e-mail it once the surrounding transaction commits.

    The e-mail carries the one-line message (or a longer plain-text ``body``) and the link,
    never a comment's or a conversation's content.
    """
    note = Notification.objects.create(recipient=recipient, message=message[:300], url=url)
    if recipient.email:
        text = (body or message).rstrip() + "\n"
        if url:
            text += f"\nOpen Trellis to read it: {absolute(url)}\n"
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Trellis: {subject or message[:80]}"[:SUBJECT_LIMIT],
                message=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
                fail_silently=True,
            )
        )
    return note


def notifications_mark_read(*, recipient: Person) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
