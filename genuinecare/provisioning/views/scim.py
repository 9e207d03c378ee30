"""The SCIM 2.0 endpoints at /scim/v2/: discovery and Users, for one organisation per token.

The organisation comes from the bearer token only, never from the URL: a token reaches the
people of its own organisation and nobody else (someone else's id answers 404, as an id
that does not exist). Errors are SCIM Error messages (RFC 7644 §3.12).
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError as PydanticError
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    ETag,
    Filter,
    ListResponse,
    Patch,
    PatchOp,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    SearchRequest,
    ServiceProviderConfig,
    Sort,
)

from genuinecare.people.access import unit_tree
from genuinecare.people.models import Organisation, Person
from genuinecare.provisioning import resources
from genuinecare.provisioning.models import ScimToken
from genuinecare.provisioning.resources import ENTERPRISE, RESOURCE
from genuinecare.provisioning.scimhttp import (
    MAX_RESULTS,
    deleted_before,
    error,
    load_person,
    people_of,
    scim_response,
    to_resource,
)
from genuinecare.provisioning.sync import Held, Problem, write
from genuinecare.provisioning.tokens import token_for

type ScimView = Callable[..., HttpResponse]


def scim_view(methods: tuple[str, ...]) -> Callable[[ScimView], ScimView]:
    """Bearer token required (401 otherwise); SCIM errors for every refusal; no CSRF."""

    def decorate(view: ScimView) -> ScimView:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            token = token_for(request)
            if token is None:
                response = error(401, _("Send a valid SCIM token as “Authorization: Bearer …”."))
                response["WWW-Authenticate"] = 'Bearer realm="SCIM"'
                return response
            if request.method not in methods:
                response = error(
                    405, _("This endpoint does not answer %(method)s.") % {"method": request.method}
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, token, *args, **kwargs)
            except Problem as problem:
                return error(problem.status, problem.detail, problem.scim_type)
            except Held as held:
                response = error(
                    503,
                    _("Held for an admin's confirmation: this would %(change)s within an hour.")
                    % {"change": held.change.describe() or _("continue a held change")},
                )
                response["Retry-After"] = "3600"
                return response
            except SCIMException as refused:
                shape = refused.to_error()
                return error(int(shape.status or 400), shape.detail or "", shape.scim_type)

        return wrapper

    return decorate


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        raise Problem(400, _("The request body is not JSON."), "invalidSyntax") from None
    if not isinstance(data, dict):
        raise Problem(400, _("The request body must be a JSON object."), "invalidSyntax")
    return data


def _manager(value: Any, base: str) -> Any:
    """A manager as the schema wants it: identity providers often send only the id."""
    if isinstance(value, str | int):
        value = {"value": str(value)}
    if isinstance(value, dict) and value.get("value") and not value.get("$ref"):
        value = {**value, "$ref": f"{base}/Users/{value['value']}"}
    return value


def _lenient(data: dict[str, Any], base: str) -> dict[str, Any]:
    extension = data.get(ENTERPRISE)
    if isinstance(extension, dict) and "manager" in extension:
        data[ENTERPRISE] = {**extension, "manager": _manager(extension["manager"], base)}
    for operation in data.get("Operations") or []:
        if isinstance(operation, dict) and str(operation.get("path", "")).endswith("manager"):
            operation["value"] = _manager(operation.get("value"), base)
    return data


def _parsed(data: dict[str, Any], context: Context) -> dict[str, Any]:
    """The payload checked against the User schema, back as JSON (``Problem`` if invalid)."""
    try:
        resource = RESOURCE.model_validate(data, scim_ctx=context)
    except PydanticError as invalid:
        first = invalid.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise Problem(400, f"{where}: {first.get('msg', '')}".strip(": "), "invalidValue") from None
    return resource.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/scim/v2").rstrip("/")


@scim_view(("GET",))
def service_provider_config(request: HttpRequest, token: ScimToken) -> HttpResponse:
    config = ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=True),
        etag=ETag(supported=True),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token an organisation admin creates in Genuine Care.",
                primary=True,
            )
        ],
    )
    config.meta = None
    return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


def _listing(items: list[dict[str, Any]]) -> HttpResponse:
    return scim_response(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": len(items),
            "startIndex": 1,
            "itemsPerPage": len(items),
            "Resources": items,
        }
    )


def _dump(
    obj: Schema | ResourceType, request: HttpRequest, endpoint: str, key: str
) -> dict[str, Any]:
    data = obj.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    data.setdefault("meta", {}).update(
        {"resourceType": endpoint, "location": f"{_base(request)}/{endpoint}s/{key}"}
    )
    return data


@scim_view(("GET",))
def resource_types(request: HttpRequest, token: ScimToken, name: str = "") -> HttpResponse:
    types = {str(t.id or t.name): t for t in resources.resource_types()}
    if name:
        if name not in types:
            return error(404, _("No resource type is called %(name)s.") % {"name": name})
        return scim_response(_dump(types[name], request, "ResourceType", name))
    return _listing([_dump(t, request, "ResourceType", key) for key, t in types.items()])


@scim_view(("GET",))
def schemas(request: HttpRequest, token: ScimToken, uri: str = "") -> HttpResponse:
    by_id = {str(schema.id): schema for schema in resources.schemas()}
    if uri:
        if uri not in by_id:
            return error(404, _("No schema is called %(uri)s.") % {"uri": uri})
        return scim_response(_dump(by_id[uri], request, "Schema", uri))
    return _listing([_dump(schema, request, "Schema", key) for key, schema in by_id.items()])


@scim_view(("GET", "POST"))
def users(request: HttpRequest, token: ScimToken) -> HttpResponse:
    organisation: Organisation = token.organisation
    base = _base(request)
    if request.method == "POST":
        payload = _parsed(_lenient(_body(request), base), Context.RESOURCE_CREATION_REQUEST)
        person = write(
            organisation=organisation, person=deleted_before(organisation, payload), payload=payload
        )
        resource = to_resource(person, base)
        return scim_response(
            resource.model_dump(scim_ctx=Context.RESOURCE_CREATION_RESPONSE),
            status=201,
            resource=resource,
        )
    return _search(organisation, base, {key: request.GET.get(key) for key in request.GET})


@scim_view(("POST",))
def search(request: HttpRequest, token: ScimToken) -> HttpResponse:
    """POST /Users/.search: the same query as GET /Users, sent as a SearchRequest."""
    return _search(token.organisation, _base(request), _body(request))


def _search(organisation: Organisation, base: str, query: dict[str, Any]) -> HttpResponse:
    query.pop("schemas", None)
    try:
        search = SearchRequest[RESOURCE].model_validate(query)
    except PydanticError as invalid:
        detail = invalid.errors()[0].get("msg", "")
        raise Problem(400, detail, "invalidFilter") from None
    tree = unit_tree(organisation.pk)
    found = [to_resource(person, base, tree) for person in people_of(organisation)]
    if search.filter is not None:
        found = [resource for resource in found if search.filter.match(resource)]
    if search.sort_by:
        found = search.sort(found)
    start = search.start_index_0 or 0
    count = search.count if search.count is not None else MAX_RESULTS
    page = found[start : start + min(count, MAX_RESULTS)]
    listing = ListResponse[RESOURCE](
        total_results=len(found),
        start_index=start + 1,
        items_per_page=len(page),
        resources=page,
    )
    return scim_response(
        listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=search)
    )


@scim_view(("GET", "PUT", "PATCH", "DELETE"))
def user(request: HttpRequest, token: ScimToken, pk: str) -> HttpResponse:
    organisation: Organisation = token.organisation
    base = _base(request)
    person = load_person(organisation, pk)
    current = to_resource(person, base)
    if request.method != "GET":
        wanted = request.headers.get("If-Match", "")
        if (
            wanted
            and wanted.strip() != "*"
            and _version(current) not in {tag.strip() for tag in wanted.split(",")}
        ):
            raise Problem(
                412,
                _("The user changed since you read it. Read it again, then send your change."),
            )
    if request.method == "GET":
        try:
            asked = ResponseParameters[RESOURCE].model_validate(
                {key: request.GET.get(key) for key in request.GET}
            )
        except PydanticError as invalid:
            raise Problem(400, invalid.errors()[0].get("msg", ""), "invalidPath") from None
        return scim_response(
            current.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=asked),
            resource=current,
        )
    if request.method == "DELETE":
        payload = current.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
        write(organisation=organisation, person=person, payload=payload, deleted=True)
        return HttpResponse(status=204)
    if request.method == "PUT":
        payload = _parsed(_lenient(_body(request), base), Context.RESOURCE_REPLACEMENT_REQUEST)
    else:
        try:
            patch = PatchOp[RESOURCE].model_validate(
                _lenient(_body(request), base), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
        except PydanticError as invalid:
            raise Problem(400, invalid.errors()[0].get("msg", ""), "invalidSyntax") from None
        patch.patch(current)
        payload = current.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    written = write(organisation=organisation, person=_fresh(person), payload=payload)
    resource = to_resource(written, base)
    return scim_response(
        resource.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_RESPONSE), resource=resource
    )


def _version(resource: RESOURCE) -> str:
    return str(resource.meta.version) if resource.meta is not None else ""


def _fresh(person: Person) -> Person:
    return Person.objects.select_related("organisation", "manager").get(pk=person.pk)


@scim_view(("GET", "POST", "PUT", "PATCH", "DELETE"))
def not_found(request: HttpRequest, token: ScimToken) -> HttpResponse:
    return error(404, _("Nothing is at this address. This server serves /Users only."))
