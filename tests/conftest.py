"""The cast every test module can use: an organisation with an admin, a leader
with a subtree, a member, and an outsider from another organisation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from genuinecare.people.enums import Function, Role
from genuinecare.people.models import Organisation, Person, Unit
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    """A page that switched to a signed-in user's language leaves the next test English."""
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
