"""Promise 1: nobody sees data of another organisation, on any route, by any method.

Table-driven over ``routes.ORGANISATION_ROUTES``; the first test walks the URL
resolver so that a new organisation-scoped route without a row here fails loudly.
"""

import pytest
from django.test import Client

from genuinecare.outbox.models import Message
from genuinecare.people.models import Person, Unit, Upload
from genuinecare.practice.models import ProposedAction
from tests.conftest import ClientResponse

from .conftest import World
from .routes import ORGANISATION_ROUTES, POST, PUBLIC_ROUTES, Route, every_route

pytestmark = pytest.mark.django_db

# What the right person gets from a route with an empty request: the page, or for a
# POST-only route the redirect after acting; these few answer otherwise.
# The world's stakeholder is an account, whose old stakeholder address moves on to
# the account page of the same organisation.
ANSWERS = {
    "mirror:resume": 302,
    "mirror:save": 400,
    "mirror:submit": 400,
    "practice:stakeholder": 302,
    # an empty request names no suggestion and no step title: refused, nothing written
    "journey:focus-decide": 400,
    "journey:focus-step": 400,
}
BY_NAME = {route.name: route for route in ORGANISATION_ROUTES}
IDS = [route.name for route in ORGANISATION_ROUTES]


def test_every_route_has_a_rule() -> None:
    served = every_route()
    unnamed = [pattern for name, pattern in served if not name]
    assert unnamed == []
    scoped = {name for name, pattern in served if pattern.startswith("o/<slug:org>/")}
    others = {name for name, pattern in served if not pattern.startswith("o/<slug:org>/")}
    assert scoped - BY_NAME.keys() == set(), "add the new routes to tests/security/routes.py"
    assert BY_NAME.keys() - scoped == set(), "routes.py names routes that no longer exist"
    assert others ^ PUBLIC_ROUTES.keys() == set(), "add the new public routes to PUBLIC_ROUTES"
    assert len(ORGANISATION_ROUTES) == len(BY_NAME)


def _state(world: World) -> tuple[object, ...]:
    """What an outsider's request might change in Acme."""
    acme = world.cast.organisation
    return (
        sorted(Unit.objects.filter(organisation=acme).values_list("pk", "name", "archived_at")),
        sorted(Person.objects.filter(organisation=acme).values_list("pk", "name", "archived_at")),
        sorted(Upload.objects.filter(organisation=acme).values_list("pk", "applied_at")),
        sorted(Message.objects.filter(organisation=acme).values_list("pk", "status")),
        sorted(ProposedAction.objects.values_list("pk", "status")),
    )


def _reached(response: ClientResponse, route: Route, *, slug: str) -> None:
    """The route answered as it does for the right person of organisation ``slug``."""
    expected = ANSWERS.get(route.name, 302 if route.methods == (POST,) else 200)
    assert response.status_code == expected, (route.name, response.status_code)
    if expected == 302:  # on to a page of the same organisation, not to the sign-in page
        assert response["Location"].startswith(f"/o/{slug}/"), (route.name, response["Location"])
    if expected == 400:  # the form is refused with the page that says so
        assert response["Content-Type"] == "text/html; charset=utf-8", route.name


@pytest.mark.parametrize("name", IDS)
def test_outsider_gets_404_by_every_method(world: World, name: str) -> None:
    route = BY_NAME[name]
    url = world.acme_url(route)
    before = _state(world)
    client = world.cast.client_for(world.cast.outsider)
    for response in (client.get(url), client.post(url, {"name": "Hacked", "confirm": "x"})):
        assert response.status_code == 404, (url, response.request["REQUEST_METHOD"])
        assert b"Acme" not in response.content
        assert b"secret" not in response.content
    assert _state(world) == before


@pytest.mark.parametrize("name", [r.name for r in ORGANISATION_ROUTES if r.family])
def test_objects_do_not_cross_organisations(world: World, name: str) -> None:
    """An id of one organisation under the other's address is not found, either way."""
    route = BY_NAME[name]
    method = "post" if route.methods == (POST,) else "get"
    acme_insider = world.cast.client_for(world.insider(route))
    foreign = world.url(route, slug="acme", objects=world.globex)
    assert getattr(acme_insider, method)(foreign).status_code == 404, foreign
    outsider = world.cast.client_for(world.cast.outsider)
    foreign = world.url(route, slug="globex", objects=world.acme)
    assert getattr(outsider, method)(foreign).status_code == 404, foreign
    # The same outsider reaches the same route with their own object: the 404 above is
    # about the organisation, not a route that is broken for everyone.
    own = world.url(route, slug="globex", objects=world.globex)
    _reached(getattr(outsider, method)(own), route, slug="globex")


@pytest.mark.parametrize("name", IDS)
def test_insider_reaches_the_route(world: World, name: str) -> None:
    """The control for every table: the right person of Acme gets through."""
    route = BY_NAME[name]
    url = world.acme_url(route)
    client = world.cast.client_for(world.insider(route))
    response = client.post(url) if route.methods == (POST,) else client.get(url)
    _reached(response, route, slug="acme")


@pytest.mark.parametrize("name", IDS)
def test_anonymous_visitor_is_sent_to_sign_in(world: World, name: str) -> None:
    url = world.acme_url(BY_NAME[name])
    for response in (Client().get(url), Client().post(url)):
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


def test_a_route_of_an_unknown_organisation_looks_the_same(world: World) -> None:
    client = world.cast.client_for(world.cast.outsider)
    for route in (BY_NAME["people:person-archive"], BY_NAME["surveys:wave-open"]):
        missing = world.url(route, slug="nowhere", objects=world.acme)
        assert client.get(missing).status_code == client.get(world.acme_url(route)).status_code
