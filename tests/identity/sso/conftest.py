"""What the single sign-on tests share: running providers, an organisation that uses one."""

from collections.abc import Iterator
from datetime import timedelta

import pytest

from genuinecare.identity import sso
from genuinecare.identity.enums import SsoRequirement
from genuinecare.identity.models import SingleSignOn
from genuinecare.people.models import Person
from tests.conftest import Cast

from . import provider
from .provider import Provider

SECRET = "acme-client-secret-7f3c"


@pytest.fixture(scope="session")
def idp() -> Iterator[Provider]:
    """Acme's provider."""
    with provider.running() as running:
        yield running


@pytest.fixture(scope="session")
def other_idp() -> Iterator[Provider]:
    """Globex's provider: another issuer with another signing key."""
    with provider.running() as running:
        yield running


@pytest.fixture(scope="session")
def stale_idp() -> Iterator[Provider]:
    """A provider whose ID tokens have expired by the time anyone receives them."""
    with provider.running(token_max_age=timedelta(minutes=-5)) as running:
        yield running


def set_up(
    admin: Person,
    issuer: str,
    *,
    requirement: str = SsoRequirement.OPTIONAL,
    domains: str = "",
    create_people: bool = False,
    client_id: str = "genuine-care",
) -> SingleSignOn:
    return sso.configure(
        organisation=admin.organisation,
        by=admin,
        issuer=issuer,
        client_id=client_id,
        secret=SECRET,
        domains=domains,
        create_people=create_people,
        requirement=requirement,
    )


@pytest.fixture
def acme_sso(cast: Cast, idp: Provider) -> SingleSignOn:
    return set_up(cast.admin, idp.issuer)
