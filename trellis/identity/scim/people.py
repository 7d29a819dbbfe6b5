"""People as SCIM Users: reading a person into a resource, and writing one back.

A write takes the whole wished state (a POST, a PUT, or a PATCH applied to the current
resource), checks it with the HRIS import's rules (:mod:`.rules`) and applies it atomically.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from scim2_models import Meta

from trellis.identity.models import ScimLink
from trellis.identity.scim.models import (
    Employment,
    ManagerRef,
    PersonName,
    PersonUser,
    ProvisionedUser,
    WorkEmail,
)
from trellis.identity.scim.rules import (
    UNKNOWN_MANAGER,
    PersonState,
    RuleBroken,
    check_employee_id_free,
    check_fields,
    check_no_cycle,
)
from trellis.org.models import Person
from trellis.org.services import (
    audit_record,
    person_set_manager,
    split_unit_path,
    unit_ensure_path,
)


def served_people() -> QuerySet[Person]:
    """Everyone SCIM shows: all people but those a SCIM DELETE removed."""
    return (
        Person.objects.exclude(scim__deprovisioned_at__isnull=False)
        .select_related("unit", "scim")
        .order_by("pk")
    )


def user_name_of(person: Person) -> str:
    link = getattr(person, "scim", None)
    return link.user_name if link is not None else person.email


def person_resource(person: Person, base: str) -> PersonUser:
    link: ScimLink | None = getattr(person, "scim", None)
    employment = Employment(
        employee_number=person.employee_id,
        department=person.unit.path if person.unit else None,
        manager=(
            ManagerRef(
                value=str(person.manager_id),
                ref=f"{base}/Users/{person.manager_id}",  # type: ignore[arg-type]
            )
            if person.manager_id
            else None
        ),
    )
    resource = ProvisionedUser(
        id=str(person.pk),
        external_id=link.external_id if link else None,
        user_name=user_name_of(person),
        name=PersonName(given_name=person.first_name, family_name=person.last_name),
        emails=[WorkEmail(value=person.email)] if person.email else None,
        title=person.title or None,
        active=person.is_active,
        meta=Meta(
            resource_type="User",
            location=f"{base}/Users/{person.pk}",
            last_modified=link.updated_at if link else None,
        ),
    )
    resource[Employment] = employment
    return resource


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _state(resource: PersonUser) -> tuple[PersonState, str, str | None]:
    """The wished state, the userName and the externalId; refuses what the rules refuse."""
    employment = resource[Employment] or Employment()
    manager: Person | None = None
    if employment.manager is not None and employment.manager.value:
        value = _text(employment.manager.value)
        manager = served_people().filter(pk=int(value)).first() if value.isdigit() else None
        if manager is None:
            raise RuleBroken(f"manager: {UNKNOWN_MANAGER}")
    emails = resource.emails or []
    if len(emails) > 1:
        raise RuleBroken("emails: Trellis keeps one work e-mail per person")
    state = PersonState(
        employee_id=_text(employment.employee_number),
        first_name=_text(resource.name.given_name if resource.name else None),
        last_name=_text(resource.name.family_name if resource.name else None),
        email=_text(emails[0].value if emails else None),
        job_title=_text(resource.title),
        unit_path="/".join(split_unit_path(_text(employment.department))),
        manager=manager,
        active=resource.active is not False,
    )
    check_fields(state)
    user_name = _text(resource.user_name)
    if not user_name or len(user_name) > 254:
        raise RuleBroken("userName: a value of at most 254 characters is required")
    external_id = _text(resource.external_id) or None
    if external_id is not None and len(external_id) > 254:
        raise RuleBroken("externalId: too long (at most 254 characters)")
    return state, user_name, external_id


def _check_link_free(user_name: str, external_id: str | None, person_pk: int | None) -> None:
    others = ScimLink.objects.exclude(person_id=person_pk) if person_pk else ScimLink.objects
    if others.filter(user_name__iexact=user_name).exists():
        raise RuleBroken("userName: already taken", scim_type="uniqueness", status=409)
    if external_id and others.filter(external_id=external_id).exists():
        raise RuleBroken("externalId: already taken", scim_type="uniqueness", status=409)


def sessions_end(user: User) -> int:
    """Delete every session of the user (their next request is anonymous)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _set_active(person: Person, active: bool) -> None:
    user = person.user
    if user is not None and user.is_active != active:
        User.objects.filter(pk=user.pk).update(is_active=active)
        if not active:
            sessions_end(user)


@transaction.atomic
def person_write(*, resource: PersonUser, person: Person | None, request_id: str = "") -> Person:
    """Create (``person`` None) or replace a person from a SCIM User resource."""
    state, user_name, external_id = _state(resource)
    pk = person.pk if person is not None else None
    check_employee_id_free(state.employee_id, person_pk=pk)
    _check_link_free(user_name, external_id, pk)
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
        check_no_cycle(person, state.manager)
    else:
        person = Person()
    was_active = person.is_active if pk else True
    person.employee_id = state.employee_id
    person.first_name = state.first_name
    person.last_name = state.last_name
    person.email = state.email
    person.title = state.job_title
    person.unit = unit_ensure_path(path=state.unit_path) if state.unit_path else None
    person.is_active = state.active
    person.save()
    if person.manager_id != (state.manager.pk if state.manager else None):
        person_set_manager(person=person, manager=state.manager)
    ScimLink.objects.update_or_create(
        person=person,
        defaults={"user_name": user_name, "external_id": external_id, "deprovisioned_at": None},
    )
    if was_active != state.active or pk is None:
        _set_active(person, state.active)
    audit_record(
        actor=None,
        action="identity.scim.create" if pk is None else "identity.scim.update",
        target=person,
        detail={"active": state.active},
        request_id=request_id,
    )
    return Person.objects.select_related("unit", "scim").get(pk=person.pk)


@transaction.atomic
def person_deprovision(*, person: Person, request_id: str = "") -> None:
    """A SCIM DELETE: the person has left. Their data stays until an erasure is asked for."""
    Person.objects.filter(pk=person.pk).update(is_active=False)
    _set_active(person, False)
    link, _ = ScimLink.objects.get_or_create(
        person=person, defaults={"user_name": user_name_of(person)}
    )
    ScimLink.objects.filter(pk=link.pk).update(deprovisioned_at=timezone.now())
    audit_record(actor=None, action="identity.scim.delete", target=person, request_id=request_id)
