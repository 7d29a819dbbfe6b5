"""A person's data on request: one export archive, and erasure (DESIGN §4 and §9).

Both read the personal-data registry every app fills from its ``AppConfig.ready()``
(:mod:`trellis.org.registry`), so a model registered there is exported and erased without a
change here.

The export is a ZIP of JSON files, one per kind of record, holding what the person may read
about themselves: conversations about them only when shared with them (a manager's private
notes are the manager's), and colleagues' feedback only as the feedback page shows it
(anonymous answers without who gave them, and only once enough people answered). Rows the
person wrote about others (their own conversation notes and answers) are in ``authored/``.

Erasure deletes every registered row owned or authored by the person, and blanks the
person's own record instead of deleting it: the organization keeps a placeholder that
opportunities and past rounds still point at, with no name, e-mail, title or location. Only
someone who has left (inactive) and manages nobody active can be erased, so a mistaken
request cannot pull a working colleague out of the org chart.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from trellis.org.models import Person
from trellis.org.personal_data import export_records, registry
from trellis.org.services import audit_record

ERASED_NAME = "Erased"


class PrivacyError(Exception):
    """A request the rules refuse; the message says why."""


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    counts: dict[str, int]


def personal_data_export(
    *,
    actor: User | AnonymousUser | None,
    person: Person,
    request_id: str = "",
    now: dt.datetime | None = None,
) -> Export:
    """The person's archive; the export itself is audited (who asked, what kinds, how many)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, records in sorted(export_records(person.pk).items()):
            counts[name] = len(records)
            archive.writestr(
                f"{name}.json", json.dumps(records, cls=DjangoJSONEncoder, indent=2) + "\n"
            )
        archive.writestr(
            "README.txt",
            (
                f"Personal data of {person.full_name} (employee id {person.employee_id}),\n"
                f"exported {now:%Y-%m-%d %H:%M} UTC.\n\n"
                "One JSON file per kind of record. Files under authored/ hold what you wrote\n"
                "about colleagues. Conversation notes your manager kept private are theirs and\n"
                "are not included; anonymous feedback is included without names, once enough\n"
                "colleagues answered.\n"
            ),
        )
    audit_record(
        actor=actor,
        action="org.personal_data.export",
        target=person,
        detail={"records": sum(counts.values())},
        request_id=request_id,
    )
    return Export(
        filename=f"trellis-personal-data-{person.employee_id}-{now:%Y%m%d}.zip",
        content=buffer.getvalue(),
        counts=counts,
    )


def erasure_preview(*, person: Person) -> dict[str, int]:
    """How many rows an erasure would delete, by model (nothing is changed)."""
    counts: dict[str, int] = {}
    for entry in registry():
        if entry.model is Person:
            continue
        label = entry.model._meta.label
        n = entry.model._default_manager.filter(**{entry.owner: person.pk}).count()
        counts[label] = counts.get(label, 0) + n
    return counts


def erasure_check(person: Person) -> None:
    if person.is_active:
        raise PrivacyError(
            f"{person.full_name} ({person.employee_id}) is still active: mark them as having "
            "left (an HRIS import or the admin) before erasing their data."
        )
    reports = Person.objects.filter(manager=person, is_active=True).count()
    if reports:
        raise PrivacyError(
            f"{person.full_name} ({person.employee_id}) still manages {reports} active "
            "people: give them a new manager first."
        )


@transaction.atomic
def personal_data_erase(
    *, actor: User | AnonymousUser | None, person: Person, request_id: str = ""
) -> dict[str, int]:
    """Delete the person's registered rows, blank their record, remove their login."""
    erasure_check(person)
    counts = erasure_preview(person=person)
    # Children first, then parents, so no deletion depends on a cascade order.
    for entry in reversed(registry()):
        if entry.model is Person:
            continue
        entry.model._default_manager.filter(**{entry.owner: person.pk}).delete()
    user_id = person.user_id
    Person.objects.filter(pk=person.pk).update(
        first_name=ERASED_NAME,
        last_name=f"person {person.pk}",
        email="",
        title="",
        location="",
        hire_date=None,
        role_start_date=None,
        user=None,
    )
    if user_id is not None:
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            # Login attempts keep the username and address: they go with the account.
            username = user.get_username()
            for log in (AccessAttempt, AccessFailureLog, AccessLog):
                log.objects.filter(username=username).delete()
            user.delete()
    person.refresh_from_db()
    audit_record(
        actor=actor,
        action="org.personal_data.erase",
        target=person,
        detail={"rows": sum(counts.values())},
        request_id=request_id,
    )
    return counts
