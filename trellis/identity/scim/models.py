"""What Trellis serves over SCIM, as scim2-models resources: only the attributes it keeps.

The published schemas (``/Schemas``) are generated from these classes, so a client (or the
compliance checker) sees exactly what round-trips:

- ``userName``: the identity provider's login name for the person (unique);
- ``name.givenName`` and ``name.familyName``: the person's first and last name;
- ``emails[].value``: the work e-mail (one);
- ``title``: the job title; ``active``: false when the person has left;
- enterprise ``employeeNumber``: Trellis's employee id (the key the HRIS import uses),
  ``department``: the org unit path (``Acme/Engineering/Platform``), ``manager.value``:
  the manager's SCIM id.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field
from scim2_models import (
    URN,
    CaseExact,
    ComplexAttribute,
    Extension,
    Reference,
    Required,
    Resource,
    Uniqueness,
)

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class PersonName(ComplexAttribute):
    given_name: Annotated[str | None, Required.true] = None
    """The person's first name."""

    family_name: Annotated[str | None, Required.true] = None
    """The person's last name."""


class WorkEmail(ComplexAttribute):
    value: Annotated[str | None, Required.true, CaseExact.false] = None
    """The person's work e-mail address."""


class ManagerRef(ComplexAttribute):
    """The manager, by SCIM id; ``$ref`` is optional, as identity providers send ``value`` only."""

    value: Annotated[str | None, Required.true, CaseExact.true] = None
    """The manager's SCIM id."""

    ref: Reference["User"] | None = Field(  # type: ignore[name-defined]  # noqa: F821, UP037
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    """The manager's SCIM location."""


class Employment(Extension):
    __schema__ = URN(ENTERPRISE_USER)

    employee_number: Annotated[str | None, Required.true, Uniqueness.server] = None
    """Trellis's employee id: the key the HRIS import matches people by."""

    department: str | None = None
    """The org unit, as a slash-separated path from the company down."""

    manager: ManagerRef | None = None
    """The person's manager: ``value`` is the manager's SCIM id."""


# The employment extension is required: the employee id is what Trellis keys people by.
class PersonUser(Resource[Annotated[Employment, Required.true]]):
    __schema__ = URN(CORE_USER)

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """The identity provider's login name for the person."""

    name: Annotated[PersonName | None, Required.true] = None
    """The person's name."""

    emails: Annotated[list[WorkEmail] | None, Required.true] = None
    """The work e-mail address (exactly one)."""

    title: str | None = None
    """The job title."""

    active: Annotated[bool | None, Required.true] = None
    """False once the person has left: they can no longer sign in."""


ProvisionedUser = PersonUser
