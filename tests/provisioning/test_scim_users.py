"""SCIM Users: what a provisioning client writes lands on the person, by the import's rules."""

import pytest

from genuinecare.people.enums import Function, Language, Role
from genuinecare.people.models import Person
from tests.conftest import Cast

from .helpers import ENTERPRISE, Scim, token_for, user_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scim(cast: Cast) -> Scim:
    return Scim(token_for(cast.admin))


def test_a_new_user_becomes_a_person_with_unit_manager_and_language(cast: Cast, scim: Scim) -> None:
    body = user_body(
        "Grace@Acme.test",
        "Grace Hopper",
        preferredLanguage="de-DE",
        externalId="entra-42",
        **{
            ENTERPRISE: {
                "department": "Acme / Sales / Inside",
                "manager": {"value": str(cast.leader.pk)},
            }
        },
    )
    response = scim.post("Users", body)
    assert response.status_code == 201, response.content
    created = response.json()
    person = Person.objects.get(pk=int(created["id"]))
    assert person.organisation == cast.organisation
    assert (person.name, person.email, person.language) == (
        "Grace Hopper",
        "grace@acme.test",
        Language.DE,
    )
    assert person.manager == cast.leader
    assert person.role == Role.MEMBER
    # The unit path is read as the import reads it: Acme / Sales exist, Inside is new below.
    assert person.unit is not None and person.unit.name == "Inside"
    assert person.unit.parent == cast.sales
    assert person.user is not None and person.user.email == "grace@acme.test"
    assert created["externalId"] == "entra-42"
    assert created[ENTERPRISE]["manager"]["value"] == str(cast.leader.pk)
    assert created[ENTERPRISE]["department"] == "Acme / Sales / Inside"
    assert response["ETag"] == created["meta"]["version"]
    assert response["Location"].endswith(f"/scim/v2/Users/{person.pk}")


def test_reading_shows_the_persons_own_fields(cast: Cast, scim: Scim) -> None:
    got = scim.get(f"Users/{cast.member.pk}").json()
    assert got["userName"] == "member@acme.test"
    assert got["name"]["formatted"] == cast.member.name
    assert got[ENTERPRISE]["department"] == "Acme / Sales / DACH"
    assert got[ENTERPRISE]["manager"]["value"] == str(cast.leader.pk)
    assert got["emails"] == [{"value": "member@acme.test", "type": "work", "primary": True}]


def test_filter_and_pages(cast: Cast, scim: Scim) -> None:
    found = scim.get('Users?filter=userName eq "LEADER@acme.test"').json()
    assert found["totalResults"] == 1
    assert found["Resources"][0]["id"] == str(cast.leader.pk)
    everyone = scim.get("Users").json()
    assert everyone["totalResults"] == 4  # Acme's four people, not Globex's
    page = scim.get("Users?startIndex=2&count=2").json()
    assert (page["startIndex"], page["itemsPerPage"], page["totalResults"]) == (2, 2, 4)
    ids = [user["id"] for user in everyone["Resources"]]
    assert [user["id"] for user in page["Resources"]] == ids[1:3]
    bad = scim.get('Users?filter=userName eq "unterminated')
    assert bad.status_code == 400
    assert bad.json()["scimType"] == "invalidFilter"


def test_put_replaces_and_keeps_what_scim_does_not_manage(cast: Cast, scim: Scim) -> None:
    cast.leader.function = Function.SALES
    cast.leader.save()
    body = user_body("leader@acme.test", "Lee Leader", **{ENTERPRISE: {"department": "Acme / IT"}})
    response = scim.put(f"Users/{cast.leader.pk}", body)
    assert response.status_code == 200, response.content
    cast.leader.refresh_from_db()
    assert cast.leader.name == "Lee Leader"
    assert cast.leader.unit == cast.it
    assert (cast.leader.role, cast.leader.function) == (Role.LEADER, Function.SALES)


def test_a_manager_loop_is_refused_with_the_imports_words(cast: Cast, scim: Scim) -> None:
    body = user_body(
        "leader@acme.test",
        cast.leader.name,
        **{ENTERPRISE: {"department": "Acme / Sales", "manager": {"value": str(cast.member.pk)}}},
    )
    response = scim.put(f"Users/{cast.leader.pk}", body)
    assert response.status_code == 400
    assert response.json()["scimType"] == "invalidValue"
    assert "manager chain loops" in response.json()["detail"]
    cast.leader.refresh_from_db()
    assert cast.leader.manager is None


def test_an_unknown_manager_is_refused(cast: Cast, scim: Scim) -> None:
    outsider_id = str(cast.outsider.pk)
    body = user_body("new@acme.test", "New", **{ENTERPRISE: {"manager": {"value": outsider_id}}})
    response = scim.post("Users", body)
    assert response.status_code == 400
    assert outsider_id in response.json()["detail"]
    assert not Person.objects.filter(email="new@acme.test").exists()


def test_an_address_someone_has_is_a_uniqueness_conflict(cast: Cast, scim: Scim) -> None:
    response = scim.post("Users", user_body("member@acme.test", "Second Member"))
    assert response.status_code == 409
    assert response.json()["scimType"] == "uniqueness"
    moved = scim.put(f"Users/{cast.leader.pk}", user_body("it@acme.test", cast.leader.name))
    assert moved.status_code == 409
    assert moved.json()["scimType"] == "uniqueness"
    cast.leader.refresh_from_db()
    assert cast.leader.email == "leader@acme.test"
    assert Person.objects.filter(name="Second Member").count() == 0


def test_a_new_address_moves_the_sign_in_account_too(cast: Cast, scim: Scim) -> None:
    response = scim.patch(
        f"Users/{cast.member.pk}",
        [{"op": "replace", "path": "userName", "value": "m.new@acme.test"}],
    )
    assert response.status_code == 200, response.content
    cast.member.refresh_from_db()
    assert cast.member.email == "m.new@acme.test"
    assert cast.member.user.email == "m.new@acme.test"


def test_etags_guard_against_lost_updates(cast: Cast, scim: Scim) -> None:
    first = scim.get(f"Users/{cast.member.pk}")
    etag = first["ETag"]
    assert etag.startswith('W/"')
    rename = [{"op": "replace", "path": "name.formatted", "value": "Renamed Once"}]
    assert scim.patch(f"Users/{cast.member.pk}", rename, HTTP_IF_MATCH=etag).status_code == 200
    again = [{"op": "replace", "path": "name.formatted", "value": "Renamed Twice"}]
    stale = scim.patch(f"Users/{cast.member.pk}", again, **{"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["status"] == "412"
    cast.member.refresh_from_db()
    assert cast.member.name == "Renamed Once"
    assert scim.get(f"Users/{cast.member.pk}")["ETag"] != etag


def test_active_false_deactivates_and_true_brings_back(cast: Cast, scim: Scim) -> None:
    off = [{"op": "replace", "path": "active", "value": False}]
    assert scim.patch(f"Users/{cast.leader.pk}", off).status_code == 200
    cast.leader.refresh_from_db()
    cast.member.refresh_from_db()
    assert cast.leader.archived_at is not None
    assert cast.member.manager is None  # reports move up to the leaver's own manager
    assert scim.get(f"Users/{cast.leader.pk}").json()["active"] is False
    on = [{"op": "replace", "path": "active", "value": True}]
    assert scim.patch(f"Users/{cast.leader.pk}", on).status_code == 200
    cast.leader.refresh_from_db()
    assert cast.leader.archived_at is None


def test_delete_deactivates_keeps_the_history_and_hides_the_user(cast: Cast, scim: Scim) -> None:
    assert scim.delete(f"Users/{cast.member.pk}").status_code == 204
    cast.member.refresh_from_db()
    assert cast.member.archived_at is not None  # the person stays, with their history
    assert scim.get(f"Users/{cast.member.pk}").status_code == 404
    assert str(cast.member.pk) not in {u["id"] for u in scim.get("Users").json()["Resources"]}


def test_bad_bodies_get_a_scim_error_not_a_crash(cast: Cast, scim: Scim) -> None:
    broken = scim.client.generic(
        "POST",
        "/scim/v2/Users",
        "{not json",
        content_type="application/scim+json",
        headers=scim.headers,
    )
    assert broken.status_code == 400
    assert broken.json()["scimType"] == "invalidSyntax"
    nameless = scim.post("Users", {"schemas": [], "userName": "not-an-address"})
    assert nameless.status_code == 400
    assert nameless.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert scim.get("Users/abc").status_code == 404
    assert scim.get("Groups").status_code == 404


def test_a_deleted_user_created_again_comes_back_as_the_same_person(cast: Cast, scim: Scim) -> None:
    scim.delete(f"Users/{cast.member.pk}")
    response = scim.post("Users", user_body("member@acme.test", "Back Again"))
    assert response.status_code == 201, response.content
    assert response.json()["id"] == str(cast.member.pk)
    cast.member.refresh_from_db()
    assert (cast.member.archived_at, cast.member.name) == (None, "Back Again")
    assert scim.get(f"Users/{cast.member.pk}").status_code == 200


def test_listing_reads_the_unit_tree_once(cast: Cast, scim: Scim) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory

    PersonFactory.create_batch(30, organisation=cast.organisation, unit=cast.it)
    with CaptureQueriesContext(connection) as few:
        assert scim.get("Users").json()["totalResults"] == 34
    assert len(few.captured_queries) < 10
