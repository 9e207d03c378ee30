"""List pages cost the same number of queries whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def queries_for(cast: Cast, url: str) -> int:
    client = cast.client_for(cast.admin)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("people:people", {}),
        ("people:units", {}),
        ("people:dashboard", {}),
        ("people:unit", {"pk": "it"}),
        ("people:person", {"pk": "admin"}),
    ],
)
def test_list_pages_do_not_grow_with_their_rows(
    cast: Cast, name: str, page: dict[str, str]
) -> None:
    kwargs = {"org": "acme", **{key: getattr(cast, value).pk for key, value in page.items()}}
    url = reverse(name, kwargs=kwargs)
    PersonFactory(organisation=cast.organisation, unit=cast.it, manager=cast.admin)
    before = queries_for(cast, url)
    for i in range(3):
        UnitFactory(organisation=cast.organisation, parent=cast.it, name=f"Team {i}")
        PersonFactory(organisation=cast.organisation, unit=cast.it, manager=cast.admin)
    assert queries_for(cast, url) == before


def test_a_leaders_subtree_is_loaded_once_per_request(cast: Cast) -> None:
    from genuinecare.people.access import people_visible_to, units_visible_to

    with CaptureQueriesContext(connection) as first:
        list(people_visible_to(cast.leader))
    with CaptureQueriesContext(connection) as second:
        list(units_visible_to(cast.leader))
        list(people_visible_to(cast.leader))
    assert len(first) == 2  # the unit tree, then the people
    assert len(second) == 2  # the tree is not loaded again
