"""Two organisations with one object of every family each, for the route tables."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from genuinecare.outbox.models import Message, Status
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person, Unit, Upload
from genuinecare.provisioning.tokens import create_token
from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory, make_wave, practice_world
from tests.journey.conftest import journey_of
from tests.mirror.conftest import complete, start
from tests.security.journey import objects as journey_objects

from .routes import Route

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _objects(
    organisation: Organisation, *, admin: Person, leader: Person, unit: Unit, person: Person
) -> dict[str, int]:
    """One object of every family, owned where it matters by ``leader``."""
    practice = practice_world(admin=admin, leader=leader, report=person, now=NOW)

    def upload(kind: str) -> int:
        return Upload.objects.create(
            organisation=organisation,
            kind=kind,
            variant="customer" if kind == "contacts" else "",
            uploaded_by=admin,
            file_name=f"{organisation.slug}-secret.csv",
            content="name;email\nSecret Person;secret@example.org\n",
        ).pk

    message = Message.objects.create(
        organisation=organisation,
        kind="test",
        to_email="someone@example.org",
        subject=f"{organisation.name} secret subject",
        body="",
        status=Status.FAILED,
    )
    journey = journey_objects(journey_of(leader), person)
    return {
        **journey,
        "unit": unit.pk,
        "person": person.pk,
        "people_upload": upload("people"),
        "accounts_upload": practice.accounts_upload.pk,
        "message": message.pk,
        "action": practice.action.pk,
        "commitment": practice.action.commitments.get().pk,
        "stakeholder": practice.supplier.pk,
        "initiative": practice.initiative.pk,
        "impact": practice.impact.pk,
        "proposal": practice.proposal.pk,
        "wave": make_wave(admin).pk,
        "team_leader": leader.pk,
        "assessment": complete(leader).pk,
        "draft": start(leader).pk,
        "scim_token": create_token(created_by=admin, name=f"{organisation.name} secret").token.pk,
    }


@dataclass
class World:
    cast: Cast
    acme: dict[str, int]
    globex: dict[str, int]

    def url(self, route: Route, *, slug: str, objects: dict[str, int]) -> str:
        kwargs: dict[str, Any] = {"org": slug, **route.extra}
        if route.family is not None:
            kwargs[route.kwarg] = objects[route.family]
        return reverse(route.name, kwargs=kwargs)

    def acme_url(self, route: Route) -> str:
        return self.url(route, slug="acme", objects=self.acme)

    def insider(self, route: Route) -> Person:
        """Who in Acme reaches the route with Acme's object.

        The owner; for a member's route with an object (a journey's team pages) the
        member, who is in the leader's team; else the admin.
        """
        if route.owner:
            return self.cast.leader
        if route.role == "member" and route.family is not None:
            return self.cast.member
        return self.cast.admin


@pytest.fixture
def world(cast: Cast) -> World:
    globex = cast.outsider.organisation
    globex_unit = UnitFactory(organisation=globex, name="Globex Ops")
    globex_person = PersonFactory(
        organisation=globex, unit=globex_unit, manager=cast.outsider, role=Role.MEMBER
    )
    cast.outsider.unit = globex_unit
    cast.outsider.save(update_fields=["unit"])
    return World(
        cast=cast,
        acme=_objects(
            cast.organisation,
            admin=cast.admin,
            leader=cast.leader,
            unit=cast.sales_dach,
            person=cast.member,
        ),
        globex=_objects(
            globex,
            admin=cast.outsider,
            leader=cast.outsider,
            unit=globex_unit,
            person=globex_person,
        ),
    )
