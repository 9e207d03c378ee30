"""Who reaches /scim/v2/: a live token of the organisation, and nobody else."""

import pytest

from genuinecare.provisioning.models import ScimToken
from genuinecare.provisioning.tokens import revoke_token
from tests.conftest import Cast

from .helpers import Scim, token_for, user_body

pytestmark = pytest.mark.django_db


def _refused(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.content  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/scim+json"  # type: ignore[index]
    body = response.json()  # type: ignore[attr-defined]
    assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert body["status"] == str(status)
    return body  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer scim_not-a-token", "Basic YWRtaW46YWRtaW4="]
)
def test_no_valid_token_gets_401_and_nothing(cast: Cast, header: str) -> None:
    token_for(cast.admin)
    scim = Scim("")
    scim.headers = {"Authorization": header} if header else {}
    for response in (
        scim.get("Users"),
        scim.get(f"Users/{cast.member.pk}"),
        scim.post("Users", user_body("intruder@acme.test")),
        scim.delete(f"Users/{cast.member.pk}"),
    ):
        _refused(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert b"acme" not in response.content
    cast.member.refresh_from_db()
    assert cast.member.archived_at is None


def test_a_revoked_token_stops_working_at_once(cast: Cast) -> None:
    secret = token_for(cast.admin)
    scim = Scim(secret)
    assert scim.get("Users").status_code == 200
    revoke_token(token=ScimToken.objects.get(), revoked_by=cast.admin)
    _refused(scim.get("Users"), 401)


def test_another_organisations_token_never_reaches_these_people(cast: Cast) -> None:
    globex = Scim(token_for(cast.outsider, "Globex IdP"))
    listing = globex.get("Users").json()
    assert [user["userName"] for user in listing["Resources"]] == ["outsider@globex.test"]
    assert globex.get('Users?filter=userName eq "member@acme.test"').json()["totalResults"] == 0
    for response in (
        globex.get(f"Users/{cast.member.pk}"),
        globex.put(f"Users/{cast.member.pk}", user_body("member@acme.test", "Hacked")),
        globex.patch(
            f"Users/{cast.member.pk}", [{"op": "replace", "path": "active", "value": False}]
        ),
        globex.delete(f"Users/{cast.member.pk}"),
    ):
        body = _refused(response, 404)
        assert "acme" not in str(body).lower()
    cast.member.refresh_from_db()
    assert cast.member.archived_at is None
    assert cast.member.name != "Hacked"
    # Creating someone with Acme's address makes a Globex person, never touches Acme's.
    created = globex.post("Users", user_body("member@acme.test", "Globex Twin")).json()
    assert created["id"] != str(cast.member.pk)
    assert cast.outsider.organisation.people.filter(email="member@acme.test").exists()


def test_the_scim_endpoints_ignore_csrf_but_need_the_bearer(cast: Cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert cast.admin.user is not None
    client.force_login(cast.admin.user)  # a session is not a token
    response = client.get("/scim/v2/Users")
    _refused(response, 401)
    scim = Scim(token_for(cast.admin))
    scim.client = Client(enforce_csrf_checks=True)
    assert scim.post("Users", user_body("new@acme.test")).status_code == 201
