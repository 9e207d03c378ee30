"""The cast every test module can use: an organisation with an admin, a leader
with a subtree, a member, and an outsider from another organisation."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from genuinecare.people.enums import Function, Role
from genuinecare.people.models import Organisation, Person, Unit
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory

if TYPE_CHECKING:
    # What the test client answers: a response with ``content``, ``context`` and more.
    from django.test.client import _MonkeyPatchedWSGIResponse

    ClientResponse = _MonkeyPatchedWSGIResponse
else:
    ClientResponse = HttpResponseBase


def streamed(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed response (an export, a download)."""
    assert isinstance(response, StreamingHttpResponse), type(response)
    return response.getvalue()


@pytest.fixture(autouse=True)
def _plain_static_files(settings: Settings) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Sign-in's rate limits count in the cache; each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a page a German user or respondent
    opened activates German for the thread, and the next test must not inherit it."""
    translation.deactivate()
    yield
    translation.deactivate()


@dataclass
class Cast:
    organisation: Organisation
    root: Unit
    sales: Unit
    sales_dach: Unit
    it: Unit
    admin: Person
    leader: Person
    member: Person
    colleague_elsewhere: Person
    outsider: Person

    def client_for(self, person: Person) -> Client:
        client = Client()
        assert person.user is not None, f"{person.email} does not sign in"
        client.force_login(person.user)
        return client


@pytest.fixture
def cast(db: None) -> Cast:
    organisation = OrganisationFactory(name="Acme", slug="acme")
    root = UnitFactory(organisation=organisation, name="Acme")
    sales = UnitFactory(organisation=organisation, parent=root, name="Sales")
    sales_dach = UnitFactory(organisation=organisation, parent=sales, name="DACH")
    it = UnitFactory(organisation=organisation, parent=root, name="IT")
    admin = PersonFactory(
        organisation=organisation,
        unit=root,
        role=Role.ADMIN,
        email="admin@acme.test",
        signs_in=True,
    )
    leader = PersonFactory(
        organisation=organisation,
        unit=sales,
        role=Role.LEADER,
        function=Function.SALES,
        email="leader@acme.test",
        signs_in=True,
    )
    member = PersonFactory(
        organisation=organisation,
        unit=sales_dach,
        manager=leader,
        email="member@acme.test",
        signs_in=True,
    )
    colleague_elsewhere = PersonFactory(
        organisation=organisation, unit=it, email="it@acme.test", signs_in=True
    )
    other = OrganisationFactory(name="Globex", slug="globex")
    outsider = PersonFactory(
        organisation=other, role=Role.ADMIN, email="outsider@globex.test", signs_in=True
    )
    return Cast(
        organisation,
        root,
        sales,
        sales_dach,
        it,
        admin,
        leader,
        member,
        colleague_elsewhere,
        outsider,
    )
