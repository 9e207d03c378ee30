"""Practice objects for tests, made through the domain verbs where it matters."""

import datetime as dt
from dataclasses import dataclass

from genuinecare.people.models import Organisation, Person, Upload
from genuinecare.practice import actions, registers
from genuinecare.practice.models import (
    CareAction,
    CareKind,
    Initiative,
    ProposedAction,
    Stakeholder,
    SupplierImpact,
)


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


@dataclass(frozen=True)
class PracticeWorld:
    """One object of every practice family in one organisation, owned by ``leader``."""

    report: Stakeholder
    supplier: Stakeholder
    action: CareAction
    impact: SupplierImpact
    initiative: Initiative
    proposal: ProposedAction
    accounts_upload: Upload


def practice_world(
    *, admin: Person, leader: Person, report: Person, now: dt.datetime
) -> PracticeWorld:
    """The leader's one-on-one with ``report`` (a private note with "secret" and one
    commitment), a supplier with a recorded impact and a proposed meeting, an
    initiative, and an accounts upload not yet applied — each named after the
    organisation, so a page that shows another organisation's object is caught.
    """
    organisation = leader.organisation
    stakeholder = person_stakeholder(leader, report)
    supplier = account(organisation, f"{organisation.name} Parts", type="supplier")
    action = log(
        leader,
        "one_on_one",
        [stakeholder],
        now,
        note=f"{organisation.name} secret note",
        commitments=[("call back", now.date())],
    )
    impact = registers.record_supplier_impact(
        owner=leader,
        supplier=supplier,
        decision="Drop part",
        revenue_effect=0.0,
        decided_on=now.date(),
        told_on=None,
        today=now.date(),
    )
    initiative = registers.save_initiative(
        organisation=organisation,
        name="New CRM",
        sponsor=None,
        business_case="",
        end_customer_impact="",
        affects_end_customers=False,
        affects_internal_users=True,
        affects_suppliers=False,
    )
    proposal = ProposedAction.objects.create(
        leader=leader,
        stakeholder=supplier,
        kind=kind(organisation, "supplier_update"),
        uid=f"uid-{organisation.slug}",
        starts_at=now,
        summary="Call",
    )
    upload = Upload.objects.create(
        organisation=organisation,
        kind="accounts",
        uploaded_by=admin,
        file_name=f"{organisation.slug}-secret.csv",
        content="name;type\nSecret Account;customer\n",
    )
    return PracticeWorld(stakeholder, supplier, action, impact, initiative, proposal, upload)
