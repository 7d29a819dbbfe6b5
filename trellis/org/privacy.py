"""A person's data on request: one export archive, and erasure (DESIGN §4 and §9).

Both read the personal-data registries of every app (:mod:`trellis.org.personal_data`), so a
model registered there is exported and erased without a change here.

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
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from trellis.careers import personal_data as careers_data
from trellis.market import personal_data as market_data
from trellis.org.models import Person
from trellis.org.personal_data import ORG, REGISTRY
from trellis.org.services import audit_record
from trellis.talks import personal_data as talks_data
from trellis.talks.models import ANONYMOUS_THRESHOLD, FeedbackAnswer

ERASED_NAME = "Erased"


class PrivacyError(Exception):
    """A request the rules refuse; the message says why."""


def _rows(person_id: int) -> dict[str, models.QuerySet[Any]]:
    """Every record about the person they may read, by a file name."""
    rows: dict[str, models.QuerySet[Any]] = {}
    for entry in ORG + market_data.REGISTRY:
        label = entry.model._meta.label
        qs = entry.model._default_manager.filter(**{entry.owner: person_id})
        rows[label] = rows[label] | qs if label in rows else qs
    rows.update(careers_data.rows_of(person_id))
    for label, qs in talks_data.rows_of(person_id).items():
        name = label.replace(":authored", "")
        rows[f"authored/{name}" if label.endswith(":authored") else name] = qs
    return rows


def _feedback_rows(qs: models.QuerySet[Any]) -> list[dict[str, Any]]:
    """Answers to the person's requests, as the feedback page shows them."""
    out = []
    answers = list(qs.select_related("request"))
    answered: dict[int, int] = {}
    for answer in answers:
        if answer.answered_at is not None:
            answered[answer.request_id] = answered.get(answer.request_id, 0) + 1
    for answer in answers:
        data = _as_dict(answer)
        if answer.request.anonymous:
            data.pop("respondent", None)
            if answered.get(answer.request_id, 0) < ANONYMOUS_THRESHOLD:
                continue
        out.append(data)
    return out


def _as_dict(obj: models.Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    data["id"] = obj.pk
    for field in obj._meta.concrete_fields:
        # model_to_dict leaves out non-editable fields such as creation times.
        if field.name not in data:
            data[field.name] = field.value_from_object(obj)
    return data


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
        for name, qs in sorted(_rows(person.pk).items()):
            if qs.model is FeedbackAnswer and not name.startswith("authored/"):
                records = _feedback_rows(qs)
            else:
                records = [_as_dict(obj) for obj in qs.order_by("pk")]
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
    for entry in REGISTRY:
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
    for entry in reversed(REGISTRY):
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
