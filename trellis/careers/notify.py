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


def notify(*, recipient: Person, message: str, url: str = "") -> Notification:
    """Store the notification and e-mail it once the surrounding transaction commits.

    The e-mail carries the one-line message and a link, never a comment's content.
    """
    note = Notification.objects.create(recipient=recipient, message=message, url=url)
    if recipient.email:
        transaction.on_commit(
            lambda: send_mail(
                subject=f"Trellis: {message[:80]}",
                message=f"{message}\n\nOpen Trellis to read it: {url}\n",
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
