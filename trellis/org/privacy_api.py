"""The privacy officer's API: the audit trail (filtered as on the page, same rules and
messages) and a person's data: export and erasure, through :mod:`trellis.org.privacy`.

Open to members of the "Privacy officers" group and to admins (as the pages); anyone else gets
the 404 a missing page gets. Exports and erasures are audited by the services, as on the
pages; reading the trail through the API is audited too (the API can page through all of it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status as Reply

from trellis.org.access import viewer_of
from trellis.org.privacy import (
    PrivacyError,
    erasure_check,
    erasure_preview,
    personal_data_erase,
    personal_data_export,
)
from trellis.org.privacy_officer import (
    AuditFilterForm,
    audit_events,
    is_privacy_officer,
    person_for_officer,
)
from trellis.org.request_id import request_id
from trellis.org.schemas import ErrorOut
from trellis.org.services import audit_record
from trellis.org.validation import Id, Input, Page, SearchText

router = Router(tags=["privacy"])

PAGE_SIZE = 100


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    kind: str
    target_type: str
    target_id: str
    detail: dict[str, Any]
    request_id: str


class AuditPageOut(Schema):
    count: int
    page: int
    pages: int
    events: list[AuditEventOut]


class ErasurePreviewOut(Schema):
    """What erasing the person would delete, by kind of record; ``refusal`` says why it would
    be refused now (still active, still managing someone), else null."""

    person_id: int
    employee_id: str
    records: dict[str, int]
    refusal: str | None


class ErasureIn(Input):
    confirm: SearchText


class ErasedOut(Schema):
    person_id: int
    records: dict[str, int]


def _officer(request: HttpRequest) -> None:
    viewer_of(request)  # the one door: a request without a login never gets here
    if not is_privacy_officer(request.user):
        raise Http404


def _invalid(errors: dict[str, list[str]], *where: str) -> ValidationError:
    """A 422 as ninja answers one: each field in error at its place and why."""
    return ValidationError(
        [
            {"loc": [*where, name], "msg": " ".join(messages), "type": "value_error"}
            for name, messages in errors.items()
        ]
    )


@router.get("/privacy/audit", response=AuditPageOut)
def audit_trail(
    request: HttpRequest,
    person: SearchText = "",
    actor: SearchText = "",
    kind: SearchText = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    page: Page = 1,
) -> dict[str, Any]:
    """Who read or changed what, when, newest first: filtered by a person's employee id, an
    actor's username, a kind (its prefix, such as ``org.personal_data``) and dates (inclusive).
    An unknown employee id or an end before the start answers 422 naming the field."""
    _officer(request)
    form = AuditFilterForm(
        {
            "person": person,
            "actor": actor,
            "kind": kind,
            "since": since.isoformat() if since else "",
            "until": until.isoformat() if until else "",
        }
    )
    if not form.is_valid():
        raise _invalid({k: [str(m) for m in v] for k, v in form.errors.items()}, "query")
    filters = form.cleaned_data
    events = audit_events(filters)
    count = events.count()
    pages = max(1, -(-count // PAGE_SIZE))
    found = list(events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    audit_record(
        actor=request.user,
        action="org.audit.read",
        detail={
            "via": "api",
            "page": page,
            "rows": len(found),
            "filters": {k: str(getattr(v, "pk", v)) for k, v in filters.items() if v},
        },
        request_id=request_id(request),
    )
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "events": [
            {
                "id": e.pk,
                "at": e.at,
                "actor": e.actor.get_username() if e.actor else None,
                "kind": e.action,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "detail": e.detail if isinstance(e.detail, dict) else {"value": e.detail},
                "request_id": e.request_id,
            }
            for e in found
        ],
    }


@router.get(
    "/privacy/people/{pk}/export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The person's personal data: a ZIP of JSON files, one per kind",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def personal_data(request: HttpRequest, pk: Id) -> HttpResponse:
    """A person's data archive, as they would get it from "My data" (audited)."""
    _officer(request)
    person = person_for_officer(user=request.user, pk=pk)
    export = personal_data_export(actor=request.user, person=person, request_id=request_id(request))
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@router.get("/privacy/people/{pk}/erasure", response=ErasurePreviewOut)
def erasure_get(request: HttpRequest, pk: Id) -> dict[str, Any]:
    _officer(request)
    person = person_for_officer(user=request.user, pk=pk)
    refusal = None
    try:
        erasure_check(person)
    except PrivacyError as error:
        refusal = str(error)
    return {
        "person_id": person.pk,
        "employee_id": person.employee_id,
        "records": {label: n for label, n in erasure_preview(person=person).items() if n},
        "refusal": refusal,
    }


@router.post("/privacy/people/{pk}/erasure", response={200: ErasedOut, 409: ErrorOut})
def erasure_post(request: HttpRequest, pk: Id, payload: ErasureIn) -> Any:
    """Erase a person who has left: ``confirm`` must be their employee id, exactly (else 422
    naming it). Refused with 409 while they are active or still manage someone."""
    _officer(request)
    person = person_for_officer(user=request.user, pk=pk)
    if payload.confirm.strip() != person.employee_id:
        raise _invalid(
            {"confirm": ["Type the person's employee id exactly to confirm."]}, "body", "payload"
        )
    try:
        done = personal_data_erase(
            actor=request.user, person=person, request_id=request_id(request)
        )
    except PrivacyError as error:
        return Reply(409, {"detail": str(error)})
    return {"person_id": person.pk, "records": {k: n for k, n in done.items() if n}}
