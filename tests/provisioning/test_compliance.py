"""The SCIM endpoints against scim2-tester, the RFC 7643/7644 compliance checker.

The checker drives the real Django application in-process (scim2-client's WSGI engine),
so every check runs through the token, the views, the people verbs and the database.
"""

from collections.abc import Iterator

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import Status, check_server

from tests.conftest import Cast
from tests.factories import PersonFactory

from .helpers import token_for


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """The test's database connection stays open across requests, as with the test client."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_connection_kept")
def test_the_compliance_checker_finds_no_error(cast: Cast) -> None:
    """Every check the checker runs passes; Groups are not published, so none is tried."""
    # A realistic population, so the checker's own deletions stay below the safety valve.
    PersonFactory.create_batch(60, organisation=cast.organisation)
    client = WSGISCIMClient(
        WSGIHandler(),
        base_url="http://localhost/scim/v2",
        headers={"Authorization": f"Bearer {token_for(cast.admin)}"},
    )
    client.discover()
    results = check_server(client)
    failed = [(r.title, r.reason) for r in results if r.status == Status.ERROR]
    assert failed == []
    passed = {r.title for r in results if r.status == Status.SUCCESS}
    for check in (
        "object_creation",
        "object_query",
        "object_replacement",
        "object_deletion",
        "check_add_attribute",
        "check_replace_attribute",
        "check_remove_attribute",
        "search_with_attributes",
        "access_invalid_schema",
        "random_url",
    ):
        assert check in passed, check
    assert {r.resource_type for r in results if r.resource_type} == {"User"}
