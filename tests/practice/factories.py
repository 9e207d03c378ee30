"""Practice objects for tests, made through the domain verbs where it matters."""

import datetime as dt

from genuinecare.people.models import Organisation, Person
from genuinecare.practice import actions
from genuinecare.practice.models import CareAction, CareKind, Stakeholder


def kind(organisation: Organisation, code: str) -> CareKind:
    actions.ensure_practice(organisation=organisation)
    return CareKind.objects.get(organisation=organisation, code=code)


def person_stakeholder(leader: Person, person: Person) -> Stakeholder:
    actions.ensure_practice(organisation=leader.organisation)
    actions.ensure_people_on_map(leader=leader)
    return Stakeholder.objects.get(person=person)


def account(
    organisation: Organisation,
    name: str,
    type: str = "customer",
    follower: Person | None = None,
    **extra: str,
) -> Stakeholder:
    actions.ensure_practice(organisation=organisation)
    return actions.add_account(
        organisation=organisation, type=type, name=name, follower=follower, **extra
    )


def log(
    leader: Person,
    code: str,
    stakeholders: list[Stakeholder],
    happened_at: dt.datetime,
    **extra: object,
) -> CareAction:
    return actions.log_care(
        leader=leader,
        kind=kind(leader.organisation, code),
        stakeholders=stakeholders,
        happened_at=happened_at,
        now=max(happened_at, dt.datetime.now(dt.UTC)),
        **extra,  # type: ignore[arg-type]
    )
