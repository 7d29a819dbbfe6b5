"""SCIM 2.0 (RFC 7643/7644) at /scim/v2/: discovery, and people as Users.

Thin views over :mod:`.people` (reads and writes) and :mod:`.protocol` (token, errors,
filters, paging, discovery documents). Groups are not served: Trellis's units are a tree
with one unit per person, not groups with members, so they arrive as each User's
enterprise ``department`` instead.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from scim2_models import Context, ListResponse, PatchOp, ResponseParameters

from trellis.identity.scim.models import PersonUser, ProvisionedUser
from trellis.identity.scim.people import (
    person_deprovision,
    person_resource,
    person_write,
    served_people,
)
from trellis.identity.scim.protocol import (
    ScimProblem,
    error_response,
    page_bounds,
    parse_filter,
    read_json,
    schemas,
    scim_endpoint,
    scim_response,
    service_provider_config,
    user_resource_type,
)
from trellis.org.models import Person

UserModel = ProvisionedUser
_LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


def _request_id(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_X_REQUEST_ID", ""))[:64]


def _parameters(request: HttpRequest) -> ResponseParameters[Any]:
    return ResponseParameters[UserModel].model_validate(
        {
            "attributes": request.GET.get("attributes") or None,
            "excludedAttributes": request.GET.get("excludedAttributes") or None,
        }
    )


def _dump(resource: PersonUser, context: Context, request: HttpRequest) -> dict[str, Any]:
    return resource.model_dump(scim_ctx=context, response_parameters=_parameters(request))


def _person(pk: str) -> Person:
    person = served_people().filter(pk=int(pk)).first() if pk.isdigit() else None
    if person is None:
        raise ScimProblem(404, f"no User with id {pk}")
    return person


def _list(request: HttpRequest) -> HttpResponse:
    people = served_people()
    if request.GET.get("filter"):
        attribute, value = parse_filter(request.GET["filter"])
        if attribute == "userName":
            people = people.filter(scim__user_name__iexact=value) | people.filter(
                scim__isnull=True, email__iexact=value
            )
        elif attribute == "externalId":
            people = people.filter(scim__external_id=value)
        elif attribute == "id":
            people = people.filter(pk=int(value)) if value.isdigit() else people.none()
        elif attribute == "emails.value":
            people = people.filter(email__iexact=value)
        else:
            people = people.filter(employee_id=value)
    start, count = page_bounds(request)
    total = people.count()
    page = list(people.select_related("unit", "scim")[start - 1 : start - 1 + count])
    base = _base(request)
    listing = ListResponse[UserModel](
        total_results=total,
        start_index=start,
        items_per_page=len(page),
        resources=[person_resource(person, base) for person in page],
    )
    return scim_response(
        listing.model_dump(
            scim_ctx=Context.SEARCH_RESPONSE, response_parameters=_parameters(request)
        )
    )


@scim_endpoint
def users(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _list(request)
    if request.method != "POST":
        raise ScimProblem(405, f"{request.method} is not allowed on /Users")
    resource = UserModel.model_validate(
        read_json(request), scim_ctx=Context.RESOURCE_CREATION_REQUEST
    )
    person = person_write(resource=resource, person=None, request_id=_request_id(request))
    created = person_resource(person, _base(request))
    response = scim_response(_dump(created, Context.RESOURCE_CREATION_RESPONSE, request), 201)
    response["Location"] = str(created.meta.location) if created.meta else ""
    return response


@scim_endpoint
def user(request: HttpRequest, pk: str) -> HttpResponse:
    person = _person(pk)
    base = _base(request)
    if request.method == "GET":
        return scim_response(
            _dump(person_resource(person, base), Context.RESOURCE_QUERY_RESPONSE, request)
        )
    if request.method == "DELETE":
        person_deprovision(person=person, request_id=_request_id(request))
        return HttpResponse(status=204)
    if request.method == "PUT":
        resource = UserModel.model_validate(
            read_json(request), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST
        )
        context = Context.RESOURCE_REPLACEMENT_RESPONSE
    elif request.method == "PATCH":
        patch = PatchOp[UserModel].model_validate(
            read_json(request), scim_ctx=Context.RESOURCE_PATCH_REQUEST
        )
        resource = person_resource(person, base)
        patch.patch(resource)
        context = Context.RESOURCE_PATCH_RESPONSE
    else:
        raise ScimProblem(405, f"{request.method} is not allowed on /Users/{pk}")
    person = person_write(resource=resource, person=person, request_id=_request_id(request))
    return scim_response(_dump(person_resource(person, base), context, request))


def _read_only(request: HttpRequest) -> None:
    if request.method != "GET":
        raise ScimProblem(405, f"{request.method} is not allowed here: discovery is read-only")


@scim_endpoint
def service_provider(request: HttpRequest) -> HttpResponse:
    _read_only(request)
    return scim_response(service_provider_config(_base(request)))


@scim_endpoint
def resource_types(request: HttpRequest, name: str = "") -> HttpResponse:
    _read_only(request)
    found = [user_resource_type(_base(request))]
    if name:
        if name != "User":
            raise ScimProblem(404, f"no resource type {name}")
        return scim_response(found[0])
    return scim_response(
        {
            "schemas": [_LIST],
            "totalResults": 1,
            "itemsPerPage": 1,
            "startIndex": 1,
            "Resources": found,
        }
    )


@scim_endpoint
def schema_list(request: HttpRequest, urn: str = "") -> HttpResponse:
    _read_only(request)
    found = schemas(_base(request))
    if urn:
        for schema in found:
            if schema["id"] == urn:
                return scim_response(schema)
        raise ScimProblem(404, f"no schema {urn}")
    return scim_response(
        {
            "schemas": [_LIST],
            "totalResults": len(found),
            "itemsPerPage": len(found),
            "startIndex": 1,
            "Resources": found,
        }
    )


@scim_endpoint
def search(request: HttpRequest) -> HttpResponse:
    raise ScimProblem(501, "searching several resource types at once is not supported")


@scim_endpoint
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, f"nothing at /scim/v2/{rest}")
