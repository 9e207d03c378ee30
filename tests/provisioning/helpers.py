"""SCIM requests in tests: a token for an organisation, and requests that carry it."""

import json
from typing import Any

from django.test import Client

from genuinecare.people.models import Person
from genuinecare.provisioning.tokens import create_token

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def token_for(admin: Person, name: str = "Entra ID") -> str:
    return create_token(created_by=admin, name=name).secret


class Scim:
    """A SCIM client that speaks through Django's test client with one bearer token."""

    def __init__(self, token: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"}

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        data = json.dumps(body) if body is not None else ""
        return self.client.generic(
            method,
            f"/scim/v2/{path}",
            data,
            content_type="application/scim+json",
            headers={**self.headers, **headers},
        )

    def get(self, path: str, **headers: str) -> Any:
        return self.request("GET", path, **headers)

    def post(self, path: str, body: Any, **headers: str) -> Any:
        return self.request("POST", path, body, **headers)

    def put(self, path: str, body: Any, **headers: str) -> Any:
        return self.request("PUT", path, body, **headers)

    def patch(self, path: str, operations: list[dict[str, Any]], **headers: str) -> Any:
        return self.request(
            "PATCH", path, {"schemas": [PATCH], "Operations": operations}, **headers
        )

    def delete(self, path: str, **headers: str) -> Any:
        return self.request("DELETE", path, **headers)


def user_body(email: str, name: str = "Ada Lovelace", **extra: Any) -> dict[str, Any]:
    return {"schemas": [USER, ENTERPRISE], "userName": email, "name": {"formatted": name}, **extra}
