"""Contacts and account stakeholders stored before accounts existed become accounts,
contacts of them and stakeholders that reference them, without loss."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps

from genuinecare.people.accounts import Account, Contact
from genuinecare.practice.models import AccountFollow, CareAction, Stakeholder
from genuinecare.surveys.models import Invitation, Wave

BEFORE = [
    ("people", "0003_privacy_requests"),
    ("surveys", "0004_ledger_batches"),
    ("practice", "0004_follow_up_batches"),
]
OPENS = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _old_world(old: StateApps) -> None:
    """Rows like the demo's: contacts with a company and a responsible unit, account
    stakeholders with domains and a contact, a follow, a care action, an invitation."""
    organisation = old.get_model("people", "Organisation").objects.create(name="Acme", slug="acme")
    sales = old.get_model("people", "Unit").objects.create(organisation=organisation, name="Sales")
    leader = old.get_model("people", "Person").objects.create(
        organisation=organisation, name="Lea", email="lea@acme.test", role="leader"
    )
    Contact_ = old.get_model("surveys", "Contact")
    contacts = [
        Contact_.objects.create(
            organisation=organisation,
            kind=kind,
            name=name,
            email=email,
            account=company,
            unit=unit,
            language=language,
        )
        for kind, name, email, company, unit, language in (
            (
                "customer",
                "Petra Sommer",
                "petra@nordwind.example",
                "Nordwind Handel AG",
                sales,
                "de",
            ),
            ("customer", "Jo", "jo@nordwind.example", "nordwind handel ag", None, "en"),
            ("customer", "Lone", "lone@solo.example", "", None, "en"),
            (
                "supplier",
                "Petra Sommer",
                "petra@nordwind.example",
                "Nordwind Handel AG",
                None,
                "de",
            ),
        )
    ]
    Stakeholder_ = old.get_model("practice", "Stakeholder")
    nordwind = Stakeholder_.objects.create(
        organisation=organisation,
        type="customer",
        circle="customer",
        name="NORDWIND HANDEL AG",
        email_domains="nordwind.example nordwind.de",
        contact_email="einkauf@nordwind.example",
        contact_language="de",
    )
    parish = Stakeholder_.objects.create(
        organisation=organisation, type="other", circle="community", name="Parish Kitchen"
    )
    Stakeholder_.objects.create(
        organisation=organisation,
        type="person",
        circle="individual",
        person=leader,
        name="Lea",
        contact_email="lea@acme.test",
    )
    old.get_model("practice", "AccountFollow").objects.create(leader=leader, stakeholder=parish)
    kind = old.get_model("practice", "CareKind").objects.create(
        organisation=organisation, code="customer_visit", name_en="Visit", name_de="Besuch"
    )
    action = old.get_model("practice", "CareAction").objects.create(
        organisation=organisation, leader=leader, kind=kind, happened_at=OPENS
    )
    action.stakeholders.add(nordwind)
    version = old.get_model("catalog", "CatalogVersion").objects.create(
        catalog_id="care", content_hash="x", version=1, piece="care", content={}
    )
    wave = old.get_model("surveys", "Wave").objects.create(
        organisation=organisation,
        title="Customers",
        audience="customers",
        catalog_version=version,
        threshold=3,
        comment_threshold=3,
        opens_at=OPENS,
        closes_at=OPENS + dt.timedelta(days=10),
        message_en="Hi",
        message_de="Hallo",
    )
    old.get_model("surveys", "Invitation").objects.create(
        wave=wave, contact=contacts[0], email=contacts[0].email, language="de", unit=sales
    )


@pytest.mark.django_db(transaction=True)
def test_contacts_and_stakeholders_become_accounts_without_loss() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    _old_world(executor.loader.project_state(BEFORE).apps)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    accounts = Account.objects.order_by("type", "name").values_list(
        "type", "name", "segment", "email_domains", "language"
    )
    assert list(accounts) == [
        ("customer", "Nordwind Handel AG", "Sales", "nordwind.example nordwind.de", "de"),
        ("customer", "solo.example", "", "", "en"),
        ("other", "Parish Kitchen", "", "", "en"),
        ("supplier", "Nordwind Handel AG", "", "", "de"),
    ]
    contacts = Contact.objects.order_by("account__type", "email").values_list(
        "account__type", "account__name", "name", "email", "language"
    )
    assert list(contacts) == [
        (
            "customer",
            "Nordwind Handel AG",
            "einkauf@nordwind.example",
            "einkauf@nordwind.example",
            "de",
        ),
        ("customer", "Nordwind Handel AG", "Jo", "jo@nordwind.example", "en"),
        ("customer", "solo.example", "Lone", "lone@solo.example", "en"),
        ("customer", "Nordwind Handel AG", "Petra Sommer", "petra@nordwind.example", "de"),
        ("supplier", "Nordwind Handel AG", "Petra Sommer", "petra@nordwind.example", "de"),
    ]
    stakeholders = Stakeholder.objects.order_by("name").values_list(
        "name", "type", "account__name", "person__name"
    )
    assert list(stakeholders) == [
        ("Lea", "person", None, "Lea"),
        ("Nordwind Handel AG", "customer", "Nordwind Handel AG", None),
        ("Parish Kitchen", "other", "Parish Kitchen", None),
    ]
    assert list(AccountFollow.objects.values_list("stakeholder__name", flat=True)) == [
        "Parish Kitchen"
    ]
    action = CareAction.objects.get()
    assert list(action.stakeholders.values_list("account__name", flat=True)) == [
        "Nordwind Handel AG"
    ]
    invitation = Invitation.objects.get()
    assert invitation.contact is not None
    assert (invitation.contact.email, invitation.contact.account.type) == (
        "petra@nordwind.example",
        "customer",
    )
    wave = Wave.objects.get()
    assert (wave.public_title_en, wave.public_title_de, wave.by_account) == (
        "How you experience working with us",
        "Wie Sie die Zusammenarbeit mit uns erleben",
        False,
    )
    assert "surveys_contact" not in connection.introspection.table_names()
