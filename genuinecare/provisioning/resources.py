"""People as SCIM 2.0 User resources (with the enterprise extension), and back.

What Genuine Care keeps of a User: ``userName`` (the e-mail address; a user name that is
not an address is kept as written and the primary of ``emails`` is the address),
``name``/``displayName`` (the person's name), ``active``, ``preferredLanguage``/``locale``
(English or German), ``externalId``, and from the
enterprise extension ``department`` (the unit, as a path like the people import reads it)
and ``manager`` (another person, by SCIM id). The published schemas list only these, so a
client knows that anything else is not kept.
"""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from scim2_models import (
    Context,
    Email,
    EnterpriseUser,
    Meta,
    Required,
    ResourceType,
    Schema,
    User,
)

from genuinecare.lib.i18n import parse_language_cell
from genuinecare.people.models import Person, normalise_email
from genuinecare.people.tree import UnitTree, folded, format_path, split_path

RESOURCE = User[EnterpriseUser]

# The attributes of the published schemas (and of ``ScimUser.payload``).
USER_ATTRIBUTES = (
    "userName",
    "name",
    "displayName",
    "emails",
    "active",
    "preferredLanguage",
    "locale",
)
NAME_PARTS = ("formatted", "givenName", "familyName", "middleName")
ENTERPRISE_ATTRIBUTES = ("department", "manager")
ENTERPRISE = str(EnterpriseUser.__schema__)


def _trimmed(schema: Schema, keep: tuple[str, ...]) -> Schema:
    attributes = [a for a in schema.attributes or [] if a.name in keep]
    for attribute in attributes:
        if attribute.name == "name":
            attribute.sub_attributes = [
                sub for sub in attribute.sub_attributes or [] if sub.name in NAME_PARTS
            ]
        if attribute.name == "emails":
            # Every person has an address (surveys and follow-ups are sent to it).
            attribute.required = Required.true
            attribute.sub_attributes = [
                sub
                for sub in attribute.sub_attributes or []
                if sub.name in ("value", "type", "primary", "display")
            ]
            for sub in attribute.sub_attributes:
                if sub.name == "value":
                    sub.required = Required.true
    schema.attributes = attributes
    return schema


def schemas() -> list[Schema]:
    """The User schema and the enterprise extension, trimmed to what is kept."""
    return [
        _trimmed(User.to_schema(), USER_ATTRIBUTES),
        _trimmed(EnterpriseUser.to_schema(), ENTERPRISE_ATTRIBUTES),
    ]


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(RESOURCE)]


def name_from(payload: dict[str, Any]) -> str:
    """The person's name a SCIM payload gives: formatted name, given and family, display
    name, or else the user name."""
    name = payload.get("name") or {}
    parts = [name.get("givenName"), name.get("middleName"), name.get("familyName")]
    return " ".join(
        (
            name.get("formatted")
            or " ".join(part for part in parts if part)
            or payload.get("displayName")
            or payload.get("userName")
            or ""
        ).split()
    )


def email_from(payload: dict[str, Any]) -> str:
    """The person's e-mail address: the user name if it is one, else the primary e-mail."""
    user_name = str(payload.get("userName") or "")
    try:
        validate_email(user_name)
    except ValidationError:
        emails = payload.get("emails") or []
        primary = [e for e in emails if e.get("primary")] or emails
        return str(primary[0].get("value", "")) if primary else user_name
    return user_name


def language_from(payload: dict[str, Any]) -> str:
    """The language code a payload asks for ("" if it names none Genuine Care speaks)."""
    for key in ("preferredLanguage", "locale"):
        value = str(payload.get(key) or "")
        code = parse_language_cell(value) or parse_language_cell(value.split("-")[0].split("_")[0])
        if code:
            return code
    return ""


def kept(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload's attributes that Genuine Care keeps (see the module docstring)."""
    out = {key: payload[key] for key in (*USER_ATTRIBUTES, "externalId") if key in payload}
    extension = payload.get(ENTERPRISE) or {}
    out[ENTERPRISE] = {key: extension[key] for key in ENTERPRISE_ATTRIBUTES if key in extension}
    return out


def to_resource(person: Person, payload: dict[str, Any], tree: UnitTree, base: str) -> RESOURCE:
    """The person as a SCIM User; the person's own fields win over the stored payload."""
    data: dict[str, Any] = {key: value for key, value in payload.items() if key != ENTERPRISE}
    # A user name that is not an address reads back as written while the address it named
    # is still the person's.
    if normalise_email(email_from(payload)) != person.email:
        data["userName"] = person.email
    # Active unless said otherwise: a client that left ``active`` out reads it back without.
    if "active" in payload or person.archived_at is not None:
        data["active"] = person.archived_at is None
    if name_from(payload) != person.name:
        data["name"] = {"formatted": person.name}
        data["displayName"] = person.name
    emails = data.get("emails") or []
    if not any(str(email.get("value", "")).lower() == person.email for email in emails):
        emails = [{"value": person.email, "type": "work", "primary": True}]
    # Stored addresses were checked when they were written; reserved domains such as
    # .local pass Genuine Care's check but not pydantic's, so they are not checked again.
    data["emails"] = [_email(email) for email in emails]
    # A language Genuine Care does not speak is kept as written (the person reads English).
    if language_from(payload) not in ("", person.language):
        data["preferredLanguage"] = person.language
        data.pop("locale", None)
    extension = dict(payload.get(ENTERPRISE) or {})
    path = tree.names(person.unit_id) if person.unit_id and person.unit_id in tree.nodes else ()
    if folded(tuple(split_path(str(extension.get("department") or "")))) != folded(path):
        extension["department"] = format_path(path) if path else None
    if person.manager_id is not None:
        extension["manager"] = {
            "value": str(person.manager_id),
            "$ref": f"{base}/Users/{person.manager_id}",
        }
    else:
        extension.pop("manager", None)
    data[ENTERPRISE] = {key: value for key, value in extension.items() if value is not None}
    resource = RESOURCE.model_validate(data)
    resource.id = str(person.pk)
    resource.meta = Meta(
        resource_type="User",
        created=person.created_at,
        last_modified=person.updated_at,
        location=f"{base}/Users/{person.pk}",
    )
    resource.meta.version = version_of(resource)
    return resource


def _email(email: dict[str, Any]) -> Email:
    fields: dict[str, Any] = {
        key: email[key] for key in ("value", "display", "primary") if key in email
    }
    if email.get("type"):
        fields["type"] = Email.Type(email["type"])
    return Email.model_construct(**fields)


def version_of(resource: RESOURCE) -> str:
    """A weak ETag over everything the resource says (meta.version left out)."""
    dumped = resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    dumped.get("meta", {}).pop("version", None)
    dumped.get("meta", {}).pop("lastModified", None)
    digest = hashlib.sha256(json.dumps(dumped, sort_keys=True, default=str).encode()).hexdigest()
    return f'W/"{digest[:20]}"'
