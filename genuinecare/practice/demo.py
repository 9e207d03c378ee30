"""A year of care at Lindenhof Logistics, told so the practice pages have a story.

Sales meets customers all the time; of the other leaders only the CEO and the COO did
in the last twelve months (the summit chart shows it). The CIO's career conversations are
overdue, a cloud initiative has no business case, a supplier learnt late that it loses
its label business, and enough follow-ups came back to fill the genuineness view. Leaders'
maps hold the accounts they cared for; the CIO also follows one customer they never met.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from genuinecare.lib.tokens import new_token
from genuinecare.people.accounts import Account
from genuinecare.people.enums import Function, Role
from genuinecare.people.models import Organisation, Person
from genuinecare.practice import actions, registers
from genuinecare.practice.enums import StakeholderType
from genuinecare.practice.following import set_following
from genuinecare.practice.models import (
    CareAction,
    CareKind,
    Commitment,
    FollowUp,
    Stakeholder,
    SupplierImpact,
)
from genuinecare.practice.tasks import queue_digest

# Leaders outside Sales who met a customer in the last 12 months, and how long ago (days).
RARE_CUSTOMER_CONTACT: dict[str, int] = {Function.CEO: 40, Function.COO: 150}


def _accounts(organisation: Organisation) -> tuple[list[Stakeholder], list[Stakeholder]]:
    """The demo's customer and supplier accounts (the people demo's) on the practice loop."""
    accounts = Account.objects.filter(organisation=organisation).order_by("pk")
    made = [actions.stakeholder_for(account) for account in accounts]
    customers = [s for s in made if s.type == StakeholderType.CUSTOMER]
    return customers, [s for s in made if s.type == StakeholderType.SUPPLIER]


class _Year:
    """Collects care actions, then writes them in bulk."""

    def __init__(self, organisation: Organisation, now: dt.datetime, rng: random.Random) -> None:
        self.organisation, self.now, self.rng = organisation, now, rng
        self.kinds = {k.code: k for k in CareKind.objects.filter(organisation=organisation)}
        self.rows: list[tuple[CareAction, list[Stakeholder]]] = []

    def add(
        self,
        leader: Person,
        code: str,
        stakeholders: list[Stakeholder],
        days_ago: float,
        note: str = "",
    ) -> CareAction:
        happened = self.now - dt.timedelta(days=days_ago, hours=self.rng.randint(0, 8))
        action = CareAction(
            organisation=self.organisation,
            leader=leader,
            kind=self.kinds[code],
            happened_at=happened,
            note=note,
        )
        self.rows.append((action, stakeholders))
        return action

    def write(self) -> None:
        created = CareAction.objects.bulk_create([action for action, _s in self.rows])
        through = CareAction.stakeholders.through
        through.objects.bulk_create(
            through(careaction_id=action.pk, stakeholder_id=s.pk)
            for action, (_a, stakeholders) in zip(created, self.rows, strict=True)
            for s in stakeholders
        )


def _people_care(year: _Year, leader: Person, reports: list[Stakeholder], overdue: bool) -> None:
    rng = year.rng
    for report in reports:
        last = rng.randint(100, 200) if overdue else rng.randint(5, 70)
        year.add(leader, "career_conversation", [report], last, "Talked about next steps.")
        for days in range(rng.randint(10, 25), 360, rng.randint(25, 45)):
            year.add(leader, "one_on_one", [report], days)
        if rng.random() < 0.5:
            year.add(leader, "recognition", [report], rng.randint(3, 200))


def _customer_care(year: _Year, leader: Person, customers: list[Stakeholder]) -> None:
    if leader.function == Function.SALES:
        for days in range(year.rng.randint(3, 20), 365, year.rng.randint(18, 40)):
            year.add(leader, "customer_visit", [year.rng.choice(customers)], days)
    elif leader.function in RARE_CUSTOMER_CONTACT:
        code = "service_shadowing" if leader.function == Function.COO else "customer_visit"
        year.add(leader, code, [customers[0]], RARE_CUSTOMER_CONTACT[leader.function])
    elif leader.function == Function.CMO:
        year.add(leader, "customer_visit", [customers[1]], 420)  # just outside the window


def _registers(
    organisation: Organisation,
    leaders: dict[str, Person],
    suppliers: list[Stakeholder],
    year: _Year,
) -> None:
    cio, coo = leaders[Function.CIO], leaders[Function.COO]
    registers.save_initiative(
        organisation=organisation,
        name="Cloud migration of the warehouse system",
        sponsor=cio,
        business_case="",
        end_customer_impact="",
        affects_end_customers=False,
        affects_internal_users=True,
        affects_suppliers=False,
    )
    registers.save_initiative(
        organisation=organisation,
        name="Same-day delivery in Hamburg",
        sponsor=coo,
        business_case="2.1 M EUR extra revenue per year at 0.6 M EUR cost.",
        end_customer_impact="Orders before 11:00 arrive the same day.",
        affects_end_customers=True,
        affects_internal_users=True,
        affects_suppliers=True,
    )
    today = year.now.date()
    impact = SupplierImpact.objects.create(
        organisation=organisation,
        supplier=suppliers[0],
        owner=coo,
        decision="Print pallet labels in-house from next quarter",
        revenue_effect=-180000,
        decided_on=today - dt.timedelta(days=75),
        told_on=today - dt.timedelta(days=47),
    )
    update = year.add(coo, "supplier_update", [suppliers[0]], 45, "Explained the timeline.")
    update.supplier_impact = impact


COMMENTS = (
    "Hat sich Zeit genommen und wirklich zugehört.",
    "",
    "Gutes Gespräch, aber die Zusage zur Weiterbildung steht noch aus.",
    "Ich hätte mir etwas mehr Vorbereitung gewünscht.",
    "",
    "Endlich hat jemand nach meinen Zielen gefragt.",
    "Kurz, aber ehrlich.",
    "Das Feedback war konkret, damit kann ich arbeiten.",
    "",
    "Zwischendurch ging es mehr um das Projekt als um mich.",
    "Schön, dass meine Idee zur Tourenplanung aufgegriffen wurde.",
    "",
)


def _follow_ups(year: _Year, leader: Person, answers: int) -> None:
    """Answered follow-ups on the leader's latest one-on-one with each of up to ``answers``
    reports (written after the actions), some with a comment."""
    mine = [a for a, s in year.rows if a.leader_id == leader.pk and a.kind.code == "one_on_one"]
    latest: dict[int, tuple[CareAction, Stakeholder]] = {}
    for action in sorted(mine, key=lambda a: a.happened_at, reverse=True):
        stakeholder = next(s for a, s in year.rows if a is action)[0]
        latest.setdefault(stakeholder.pk, (action, stakeholder))
    follow_ups = []
    for n, (action, stakeholder) in enumerate(list(latest.values())[:answers]):
        follow_ups.append(
            FollowUp(
                action=action,
                stakeholder=stakeholder,
                circle="individual",
                email=stakeholder.person.email if stakeholder.person else "",
                language="de",
                token_hash=new_token()[1],
                answered_on=(action.happened_at + dt.timedelta(days=1)).date(),
                score=year.rng.choice(
                    [3, 4, 4, 5, 5] if leader.function != Function.CIO else [2, 3, 3, 4]
                ),
                comment=COMMENTS[n % len(COMMENTS)],
            )
        )
    FollowUp.objects.bulk_create(follow_ups)


@transaction.atomic
def seed(organisation: Organisation) -> None:
    """Add a year of care actions, registers, follow-ups and this week's digests."""
    rng = random.Random(5)  # noqa: S311 - repeatable demo data, not security
    now = timezone.now()
    actions.ensure_practice(organisation=organisation)
    customers, suppliers = _accounts(organisation)
    leaders = list(
        Person.objects.filter(organisation=organisation, role=Role.LEADER).select_related(
            "organisation"
        )
    )
    for leader in leaders:
        actions.ensure_people_on_map(leader=leader)
    by_person = {
        s.person_id: s
        for s in Stakeholder.objects.filter(organisation=organisation, person__isnull=False)
    }
    year = _Year(organisation, now, rng)
    heads = {leader.function: leader for leader in leaders if leader.function != Function.SALES}
    for leader in leaders:
        reports = [
            by_person[p] for p in leader.reports.values_list("pk", flat=True) if p in by_person
        ]
        _people_care(year, leader, reports, overdue=leader.function in (Function.CIO, Function.CMO))
        _customer_care(year, leader, customers)
    _registers(organisation, heads, suppliers, year)
    # The CIO owns the care of the customer whose EDI link IT runs, but has not met them.
    set_following(leader=heads[Function.CIO], account=customers[2], following=True)
    year.write()
    # Most leaders asked a couple of reports; the CIO and the COO asked all of theirs, and
    # the leader with the largest team asked enough people for their comments to show.
    largest = max(leaders, key=lambda leader: leader.reports.count())
    for leader in leaders:
        asked = 8 if leader.function in (Function.CIO, Function.COO) else 2
        _follow_ups(year, leader, answers=12 if leader == largest else asked)
    cio = heads[Function.CIO]
    latest = CareAction.objects.filter(leader=cio).order_by("-happened_at").first()
    if latest is not None:
        Commitment.objects.create(
            action=latest,
            leader=cio,
            text="Send the training budget for the cloud course",
            due_on=(now - dt.timedelta(days=4)).date(),
        )
    for leader in leaders:
        queue_digest(leader=leader, now=now)
