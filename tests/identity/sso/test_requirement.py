""" "Single sign-on required": who must use it, the password way refused, consultants."""

import pytest
from django.test import Client

from genuinecare.identity.enums import SsoRequirement
from genuinecare.people.enums import Role
from tests.conftest import Cast
from tests.factories import PersonFactory

from .conftest import set_up
from .provider import Provider
from .test_sign_in import sign_in

pytestmark = pytest.mark.django_db

LEADER_PAGE = "/o/acme/practice/"
MEMBER_PAGE = "/o/acme/"


def test_with_sso_required_for_leaders_a_password_session_is_sent_to_sso(
    cast: Cast, idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.LEADERS)
    leader = cast.client_for(cast.leader)  # signed in with a password
    response = leader.get(LEADER_PAGE)
    assert (response.status_code, response["Location"]) == (302, "/sso/acme/")
    page = leader.get(response["Location"])
    assert "Your organisation asks you to sign in through its own sign-in." in page.text
    assert cast.client_for(cast.member).get(MEMBER_PAGE).status_code == 200
    admin = cast.client_for(cast.admin)
    assert admin.get(MEMBER_PAGE)["Location"] == "/sso/acme/"
    # The organisation's single sign-on page stays open, so a broken provider can be fixed.
    assert admin.get("/o/acme/sign-in/sso/").status_code == 200
    # Another organisation's rule does not reach Globex.
    assert cast.client_for(cast.outsider).get("/o/globex/").status_code == 200


def test_with_sso_required_for_everyone_members_too_and_sso_opens_the_pages(
    cast: Cast, idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.EVERYONE)
    member = cast.client_for(cast.member)
    assert member.get(MEMBER_PAGE)["Location"] == "/sso/acme/"
    sub = idp.user("mem-1", email="member@acme.test", email_verified=True)
    client = Client()
    assert sign_in(client, idp, sub)[0].status_code == 302
    assert client.get(MEMBER_PAGE).status_code == 200


def test_an_outsider_learns_nothing_from_the_requirement(cast: Cast, idp: Provider) -> None:
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.EVERYONE)
    outsider = cast.client_for(cast.outsider)
    assert outsider.get(MEMBER_PAGE).status_code == 404
    assert outsider.get(LEADER_PAGE).status_code == 404


def test_a_consultant_signs_in_once_per_provider_and_switches_organisations(
    cast: Cast, idp: Provider, other_idp: Provider
) -> None:
    globex_admin = cast.outsider
    consultant = PersonFactory(
        organisation=cast.organisation, role=Role.LEADER, email="kim@consult.test", signs_in=True
    )
    PersonFactory(
        organisation=globex_admin.organisation,
        role=Role.LEADER,
        email="kim@consult.test",
        user=consultant.user,
    )
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.LEADERS)
    set_up(globex_admin, other_idp.issuer, requirement=SsoRequirement.LEADERS)
    client = Client()
    assert (
        sign_in(client, idp, idp.user("kim", email="kim@consult.test", email_verified=True))[
            0
        ].status_code
        == 302
    )
    assert client.get(LEADER_PAGE).status_code == 200
    assert client.get("/o/globex/practice/")["Location"] == "/sso/globex/"
    kim = other_idp.user("kim-g", email="kim@consult.test", email_verified=True)
    assert sign_in(client, other_idp, kim, slug="globex")[0].status_code == 302
    assert client.get("/o/globex/practice/").status_code == 200
    assert client.get(LEADER_PAGE).status_code == 200
