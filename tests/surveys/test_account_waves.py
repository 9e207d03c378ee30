"""Supplier waves end to end: the accounts' contacts are invited, answer through the real
pages under a title written for them, and results are grouped by segment and account
with the same thresholds and ledger as units."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from genuinecare.outbox.models import Message
from genuinecare.people.accounts import Account
from genuinecare.practice.importing import AccountImporter
from genuinecare.surveys.actions import open_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.matrix import NO_UNIT, segment_id
from genuinecare.surveys.models import Invitation, Response, Wave
from genuinecare.surveys.submission import questionnaire_of
from tests.conftest import Cast
from tests.factories import make_wave, page_post

pytestmark = pytest.mark.django_db

SUPPLIERS = (
    "account;type;segment;contact;email\n"
    + "".join(f"Big Pack;supplier;Packaging;B{n};b{n}@bigpack.test\n" for n in range(4))
    + "Small Pack;supplier;Packaging;S0;s0@smallpack.test\n"
    + "".join(f"Fleet Co;supplier;Fleet;F{n};f{n}@fleet.test\n" for n in range(3))
    + "Buyer AG;customer;Retail;C0;c0@buyer.test\n"
)


def _tokens() -> dict[str, str]:
    """Each invited address's token, read from its queued invitation e-mail."""
    found = {}
    for to, body in Message.objects.filter(kind="survey-invitation").values_list(
        "to_email", "body"
    ):
        match = re.search(r"/r/([^/\s]+)/", body)
        assert match is not None
        found[to] = match.group(1)
    return found


def _answer(client: Client, wave: Wave, token: str) -> str:
    """Answer every page with 4 and submit; returns the first page as shown."""
    first = client.get(reverse("respond", kwargs={"token": token}), follow=True).content.decode()
    pages = questionnaire_of(wave).pages
    for number in range(1, len(pages) + 1):
        client.post(reverse("respond-save", kwargs={"token": token}), page_post(wave, number))
    done = client.post(reverse("respond-submit", kwargs={"token": token}), page_post(wave, 1))
    assert done.status_code == 302
    return first


def _answered_supplier_wave(cast: Cast) -> tuple[Wave, list[str]]:
    """The supplier wave of SUPPLIERS, answered by 7 of its 8 contacts; and the first
    page as each saw it."""
    AccountImporter(organisation=cast.organisation).apply(SUPPLIERS)
    wave = make_wave(
        cast.admin, title="Q2 supplier check", audience=Audience.SUPPLIERS, catalog_id="suppliers"
    )
    assert (wave.by_account, wave.public_title_en) == (True, "How you experience us as a customer")
    assert wave.item_keys[-1] == ["recommend", "customer"]
    assert {key[0] for key in wave.item_keys} == {"suppliers", "recommend"}

    assert open_wave(wave=wave) == 8  # the customer contact is not asked
    invited = Invitation.objects.filter(wave=wave).values_list("email", "account__name")
    assert sorted(invited) == sorted(
        [
            *((f"b{n}@bigpack.test", "Big Pack") for n in range(4)),
            ("s0@smallpack.test", "Small Pack"),
        ]
        + [(f"f{n}@fleet.test", "Fleet Co") for n in range(3)]
    )
    tokens = _tokens()
    answering = ["b0@bigpack.test", "b1@bigpack.test", "b2@bigpack.test", "s0@smallpack.test"]
    answering += [f"f{n}@fleet.test" for n in range(3)]
    client = Client()
    pages = []
    for email in answering:
        invitation = Invitation.objects.get(wave=wave, email=email)
        pages.append(_answer(client, wave, tokens[email]))
        assert invitation.account_id is not None
    return wave, pages


def test_a_supplier_wave_invites_the_contacts_and_groups_answers_by_segment_and_account(
    cast: Cast,
) -> None:
    wave, pages = _answered_supplier_wave(cast)
    assert "How you experience us as a customer" in pages[0]
    assert "Q2 supplier check" not in pages[0]
    assert "CARE with our suppliers" not in pages[0]
    stored = Response.objects.filter(wave=wave).values_list("account__name", "unit_id")
    expected: list[tuple[str, int | None]] = [
        (name, None) for name in ["Big Pack"] * 3 + ["Small Pack"] + ["Fleet Co"] * 3
    ]
    assert sorted(stored) == sorted(expected)

    guard = guard_for(wave)
    tree = guard.data.tree
    accounts = dict(Account.objects.values_list("name", "pk"))
    shown = {tree.names[p]: s.respondents for p, s in guard.groups.items()}
    assert tree.unit_ids[tree.parents[tree.position(accounts["Big Pack"])]] == segment_id(
        "Packaging"
    )
    assert tree.unit_ids[0] == NO_UNIT
    assert guard.respondents == 7
    # Small Pack (one answer) is hidden, and so is Big Pack: with Packaging shown, Big
    # Pack's figure would give Small Pack's one answer away by subtraction.
    assert shown == {"Packaging": 4, "Fleet": 3, "Fleet Co": 3}


def test_a_leader_reads_an_account_wave_by_account_never_by_their_unit_id(cast: Cast) -> None:
    """Groups of a customer or supplier wave are segments and accounts: the leader's page
    opens on the whole wave (not on their unit's id, which may be an account's number), and
    an account is read as the admin reads it."""
    wave, _pages = _answered_supplier_wave(cast)
    fleet = Account.objects.get(name="Fleet Co")
    url = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    as_leader, as_admin = cast.client_for(cast.leader), cast.client_for(cast.admin)

    whole = as_leader.get(url)
    assert (whole.status_code, whole.context["unit_id"]) == (200, None)
    assert whole.context["summary"].respondents == 7
    for client in (as_leader, as_admin):
        assert client.get(url, {"unit": fleet.pk}).context["summary"].respondents == 3
    # An id that is no segment or account of this wave is a 404 for everyone.
    stranger = max(Account.objects.values_list("pk", flat=True)) + 1
    assert as_admin.get(url, {"unit": stranger}).status_code == 404
    assert as_admin.get(url, {"select": [stranger]}).status_code == 404
    # Choosing an account is a selection of this wave's groups: Fleet Co's 3 answers.
    chosen = as_admin.get(url, {"select": [fleet.pk]}).context["guard"].selection
    assert chosen is not None and chosen.shown is not None
    assert chosen.shown.respondents == 3
