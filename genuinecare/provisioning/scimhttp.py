"""The HTTP side of SCIM shared by its views: responses, errors, finding people."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from genuinecare.people.access import unit_tree
from genuinecare.people.models import Organisation, Person, normalise_email
from genuinecare.people.tree import UnitTree
from genuinecare.provisioning import resources
from genuinecare.provisioning.models import ScimUser
from genuinecare.provisioning.resources import RESOURCE
from genuinecare.provisioning.sync import Problem

MAX_RESULTS = 200  # the most resources one page of a listing holds
CONTENT_TYPE = "application/scim+json"


def scim_response(
    data: dict[str, Any], *, status: int = 200, resource: RESOURCE | None = None
) -> HttpResponse:
    response = HttpResponse(json.dumps(data), status=status, content_type=CONTENT_TYPE)
    if resource is not None and resource.meta is not None:
        response["ETag"] = resource.meta.version or ""
        if resource.meta.location:
            response["Location"] = str(resource.meta.location)
    return response


def error(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    """A SCIM Error message (RFC 7644 §3.12)."""
    data: dict[str, Any] = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": str(status),
        "detail": detail,
    }
    if scim_type:
        data["scimType"] = scim_type
    return scim_response(data, status=status)


def people_of(organisation: Organisation) -> list[Person]:
    """Everyone of the organisation SCIM shows: all but those a client deleted."""
    return list(
        Person.objects.filter(organisation=organisation)
        .exclude(scim__deleted_at__isnull=False)
        .select_related("manager", "scim")
        .order_by("pk")
    )


def deleted_before(organisation: Organisation, payload: dict[str, Any]) -> Person | None:
    """The person a client deleted whose address a new User names: a returning colleague
    comes back as the same person, with their history, rather than as a conflict."""
    email = normalise_email(resources.email_from(payload))
    return (
        Person.objects.filter(
            organisation=organisation, email=email, scim__deleted_at__isnull=False
        )
        .select_related("organisation", "manager")
        .first()
    )


def load_person(organisation: Organisation, pk: str) -> Person:
    """The person with SCIM id ``pk`` in this organisation, or a SCIM 404."""
    person = (
        Person.objects.filter(organisation=organisation, pk=int(pk))
        .exclude(scim__deleted_at__isnull=False)
        .select_related("organisation", "manager")
        .first()
        if pk.isdigit()
        else None
    )
    if person is None:
        raise Problem(404, _("No user has the id %(id)s.") % {"id": pk})
    return person


def to_resource(person: Person, base: str, tree: UnitTree | None = None) -> RESOURCE:
    try:
        payload = person.scim.payload
    except ScimUser.DoesNotExist:
        payload = {}
    return resources.to_resource(person, payload, tree or unit_tree(person.organisation_id), base)
