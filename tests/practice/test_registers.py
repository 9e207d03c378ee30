"""The initiative and supplier impact registers: saving, and a refused change on the form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from genuinecare.practice.models import Initiative
from tests.conftest import Cast
from tests.factories import practice_world

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def test_a_saved_initiative_opens_its_page(cast: Cast) -> None:
    url = reverse("practice:initiatives", kwargs={"org": cast.organisation.slug})
    reply = cast.client_for(cast.leader).post(url, {"name": "  New   warehouse  "}, follow=True)
    initiative = Initiative.objects.get(organisation=cast.organisation, name="New warehouse")
    assert reply.redirect_chain == [(initiative.get_absolute_url(), 302)]
    assert "Initiative saved." in reply.content.decode()


def test_an_impact_decided_in_the_future_is_refused_on_the_form(cast: Cast) -> None:
    world = practice_world(admin=cast.admin, leader=cast.leader, report=cast.member, now=NOW)
    url = reverse("practice:impacts", kwargs={"org": cast.organisation.slug})
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    reply = cast.client_for(cast.leader).post(
        url,
        {
            "supplier": world.supplier.pk,
            "decision": "Order less",
            "revenue_effect": "-100",
            "decided_on": tomorrow.isoformat(),
        },
    )
    assert reply.status_code == 200
    assert "Dates cannot lie in the future." in reply.content.decode()
    assert world.supplier.impacts.count() == 1


def test_the_owner_cannot_tell_a_supplier_before_the_decision(cast: Cast) -> None:
    world = practice_world(admin=cast.admin, leader=cast.leader, report=cast.member, now=NOW)
    impact = world.impact
    url = reverse("practice:impact", kwargs={"org": cast.organisation.slug, "pk": impact.pk})
    before = (impact.decided_on - dt.timedelta(days=1)).isoformat()
    reply = cast.client_for(impact.owner).post(url, {"told_on": before})
    assert reply.status_code == 200
    assert "The supplier was told before the decision? Check both dates." in reply.content.decode()
    impact.refresh_from_db()
    assert impact.told_on != dt.date.fromisoformat(before)
