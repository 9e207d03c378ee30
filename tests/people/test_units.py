import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from genuinecare.people import actions
from genuinecare.people.models import Unit
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_admin_creates_nested_unit_through_the_page(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    url = reverse("people:units", kwargs={"org": "acme"})
    response = client.post(url, {"name": "  Key   Accounts ", "parent": cast.sales_dach.pk})
    assert response.status_code == 302
    unit = Unit.objects.get(name="Key Accounts")
    assert unit.parent == cast.sales_dach and unit.organisation == cast.organisation


def test_sibling_names_stay_unique_ignoring_case(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="already exists"):
        actions.create_unit(organisation=cast.organisation, name="dach", parent=cast.sales)
    with pytest.raises(ValidationError, match="already exists"):
        actions.rename_unit(unit=cast.it, name="SALES")


def test_unit_cannot_move_below_itself(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="below itself"):
        actions.move_unit(unit=cast.sales, parent=cast.sales_dach)
    cast.sales.refresh_from_db()
    assert cast.sales.parent == cast.root


def test_move_and_rename_through_the_page(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    client.post(
        reverse("people:unit-move", kwargs={"org": "acme", "pk": cast.it.pk}),
        {"parent": cast.sales.pk},
    )
    client.post(
        reverse("people:unit-rename", kwargs={"org": "acme", "pk": cast.it.pk}),
        {"name": "Sales IT"},
    )
    cast.it.refresh_from_db()
    assert (cast.it.parent, cast.it.name) == (cast.sales, "Sales IT")


def test_moving_into_another_organisation_is_refused(cast: Cast) -> None:
    foreign = Unit.objects.create(organisation=cast.outsider.organisation, name="Foreign")
    with pytest.raises(ValidationError):
        actions.move_unit(unit=cast.it, parent=foreign)


def test_archive_refuses_units_with_people_then_archives_empty_ones(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    url = reverse("people:unit-archive", kwargs={"org": "acme", "pk": cast.sales_dach.pk})
    page = client.post(url, follow=True).content.decode()
    assert "Move the person of this unit to another unit first." in page
    cast.member.unit = cast.it
    cast.member.save()
    client.post(url)
    cast.sales_dach.refresh_from_db()
    assert cast.sales_dach.archived_at is not None
    listing = client.get(reverse("people:units", kwargs={"org": "acme"})).content.decode()
    assert f"/units/{cast.sales_dach.pk}/" not in listing
    assert f"/units/{cast.sales.pk}/" in listing
