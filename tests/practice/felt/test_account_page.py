"""The account page: care given to one account beside whether its people feel cared for,
each under the rules of its own loop (notes stay their leader's, figures come from the
guard and the ledgers)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from genuinecare.catalog.enums import Scale
from genuinecare.lib.tokens import new_token
from genuinecare.people.accounts import Account
from genuinecare.practice.felt.followups import answer_follow_up
from genuinecare.practice.following import set_following
from genuinecare.practice.importing import AccountImporter
from genuinecare.practice.models import FollowUp, Stakeholder
from genuinecare.surveys.actions import close_wave, open_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.models import Invitation, Wave
from genuinecare.surveys.submission import Answers, layout_of, submit_response
from tests.conftest import Cast
from tests.factories import log, make_wave, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
HIDDEN = "Too few responses to show results for this group without risking anyone's anonymity."

CUSTOMERS = (
    "account;type;segment;contact;email\n"
    + "".join(f"Big Retail;customer;Retail;B{n};b{n}@big.test\n" for n in range(4))
    + "Small Shop;customer;Retail;S0;s0@small.test\n"
    + "".join(f"Solo GmbH;customer;;O{n};o{n}@solo.test\n" for n in range(4))
)


def _answer(wave: Wave, email: str, value: int) -> None:
    """The invited contact at ``email`` answers so that every agreement item scores
    ``value`` after reverse keying, and 10 to recommend."""
    invitation = Invitation.objects.select_related("wave").get(wave=wave, email=email)
    layout = layout_of(wave)
    keyed = {False: value, True: 6 - value}
    vector = bytes(
        keyed[c.item.reverse] if c.item.scale == Scale.AGREE5 else 10 for c in layout.columns
    )
    submit_response(invitation=invitation, answers=Answers(vector, {}))


def _world(cast: Cast) -> tuple[Wave, dict[str, Stakeholder]]:
    """A closed customer wave: Big Retail 4 answers (4), Small Shop 1 (2), both in
    Retail; Solo GmbH without a segment 3 answers (5) shown once, then a fourth (1)
    that arrived after that release and before the close."""
    AccountImporter(organisation=cast.organisation).apply(CUSTOMERS)
    wave = make_wave(cast.admin, title="Customer pulse", audience=Audience.CUSTOMERS)
    assert wave.by_account
    assert open_wave(wave=wave) == 9
    for email, value in [*((f"b{n}@big.test", 4) for n in range(4)), ("s0@small.test", 2)]:
        _answer(wave, email, value)
    for n in range(3):
        _answer(wave, f"o{n}@solo.test", 5)
    guard_for(wave)  # the results page is opened while the wave runs
    _answer(wave, "o3@solo.test", 1)
    close_wave(wave=wave)
    accounts = {s.name: s for s in Stakeholder.objects.filter(account__isnull=False)}
    return wave, accounts


def _group(page: str, wave: Wave, group: str) -> str:
    found = re.search(
        rf'data-wave="{wave.pk}".*?<tr data-group="{group}"[^>]*>(.*?)</tr>', page, re.S
    )
    assert found is not None, group
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_an_admin_sees_each_group_as_the_results_page_releases_it(cast: Cast) -> None:
    wave, accounts = _world(cast)
    client = cast.client_for(cast.admin)
    solo = client.get(accounts["Solo GmbH"].get_absolute_url()).content.decode()
    # Solo's fourth answer came alone after Solo was shown: held back, marked *.
    assert _group(solo, wave, "account") == "Solo GmbH 3 * 100 100"
    assert "Figures marked * hold some newer answers back" in solo
    assert 'data-group="segment"' not in solo
    small = client.get(accounts["Small Shop"].get_absolute_url()).content.decode()
    # One answer: hidden, and said in the results page's words; Retail is shown.
    assert _group(small, wave, "account") == f"Small Shop {HIDDEN}"
    assert _group(small, wave, "segment") == "Retail 5 65 100"
    assert "Figures marked *" not in small
    big = client.get(accounts["Big Retail"].get_absolute_url()).content.decode()
    # Four answers, but Retail − Big Retail would be Small Shop's one answer.
    assert _group(big, wave, "account") == f"Big Retail {HIDDEN}"
    assert _group(big, wave, "segment") == "Retail 5 65 100"
    # The results page shows the same groups with the same figures.
    results = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    ids = dict(Account.objects.values_list("name", "pk"))
    shown = client.get(results, {"unit": ids["Solo GmbH"]}).context["summary"]
    assert (shown.respondents, shown.piece.score, shown.held) == (3, 100.0, True)
    for hidden in ("Big Retail", "Small Shop"):
        assert client.get(results, {"unit": ids[hidden]}).context["summary"] is None


def test_care_given_keeps_each_leaders_notes_and_counts_everyones(cast: Cast) -> None:
    _wave, accounts = _world(cast)
    solo = accounts["Solo GmbH"]
    mine = log(cast.leader, "customer_visit", [solo], NOW, note="Wants EDI by spring")
    mine.commitments.create(leader=cast.leader, text="send the offer", due_on=NOW.date())
    log(cast.admin, "customer_visit", [solo], NOW - dt.timedelta(days=3), note="Admin's note")
    FollowUp.objects.create(
        action=mine,
        stakeholder=solo,
        circle="customer",
        email="o0@solo.test",
        token_hash=new_token()[1],
    )
    leader = cast.client_for(cast.leader).get(solo.get_absolute_url()).content.decode()
    assert "Wants EDI by spring" in leader
    assert "Promised: send the offer, due by 20 Nov 2026" in leader
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert leader.count(f"follow-up asked on {today}") == 1
    assert "Admin&#x27;s note" not in leader
    assert "Care by every leader" not in leader
    admin = cast.client_for(cast.admin).get(solo.get_absolute_url()).content.decode()
    assert "Admin&#x27;s note" in admin
    assert "Wants EDI" not in admin and "send the offer" not in admin
    rows = re.findall(
        r'<tr data-leader="\d+"><th scope="row">([^<]+)</th>'
        r'<td class="num">(\d+)</td><td class="num">(\d+)</td>',
        admin,
    )
    assert sorted(rows) == sorted([(cast.admin.name, "1", "0"), (cast.leader.name, "1", "1")])
    owners = re.search(r"<p data-owners>(.*?)</p>", admin, re.S)
    assert owners is not None
    assert owners.group(1).count(",") == 1  # both leaders logged care with it


def test_a_leader_sees_care_felt_only_for_accounts_on_their_map(cast: Cast) -> None:
    wave, accounts = _world(cast)
    client = cast.client_for(cast.leader)
    closed = client.get(accounts["Small Shop"].get_absolute_url()).content.decode()
    assert "data-felt-closed" in closed
    assert f'data-wave="{wave.pk}"' not in closed
    set_following(leader=cast.leader, account=accounts["Small Shop"], following=True)
    opened = client.get(accounts["Small Shop"].get_absolute_url()).content.decode()
    assert _group(opened, wave, "account") == f"Small Shop {HIDDEN}"
    assert _group(opened, wave, "segment") == "Retail 5 65 100"
    assert reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk}) not in opened


def test_follow_ups_show_the_care_felt_ledgers_figures_for_the_accounts_circle(
    cast: Cast,
) -> None:
    cast.organisation.anonymity_threshold = 3
    cast.organisation.save(update_fields=["anonymity_threshold"])
    _wave, accounts = _world(cast)
    for n, (name, score) in enumerate([("Solo GmbH", 4), ("Big Retail", 5), ("Small Shop", 3)]):
        action = log(cast.leader, "customer_visit", [accounts[name]], NOW)
        token, token_hash = new_token()
        FollowUp.objects.create(
            action=action,
            stakeholder=accounts[name],
            circle="customer",
            email=f"x{n}@example.test",
            token_hash=token_hash,
        )
        answer_follow_up(token=token, score=score, comment="", today=NOW.date())
    page = cast.client_for(cast.leader).get(accounts["Solo GmbH"].get_absolute_url())
    text = page.content.decode()
    own = re.search(r"<dd data-felt-own>(.*?)</dd>", text, re.S)
    everyone = re.search(r"<dd data-felt-everyone>(.*?)</dd>", text, re.S)
    assert own is not None and everyone is not None
    # Three different people at 4, 5 and 3: mean 4, score 75, two of three favourable.
    assert "75.0 / 100 · 66.7 % felt heard" in own.group(1)
    assert "75.0 / 100 · 66.7 % felt heard" in everyone.group(1)
    admin = cast.client_for(cast.admin).get(accounts["Solo GmbH"].get_absolute_url())
    admin_own = re.search(r"<dd data-felt-own>(.*?)</dd>", admin.content.decode(), re.S)
    assert admin_own is not None and "no follow-ups asked yet" in admin_own.group(1)


def test_an_account_page_in_german(cast: Cast) -> None:
    wave, accounts = _world(cast)
    user = cast.admin.user
    assert user is not None
    user.language = "de"
    user.save(update_fields=["language"])
    page = cast.client_for(cast.admin).get(accounts["Small Shop"].get_absolute_url())
    text = page.content.decode()
    assert "Gegebene Fürsorge" in text and "Gefühlte Fürsorge" in text
    assert _group(text, wave, "segment") == "Retail 5 65 100"


def test_members_and_outsiders_get_404_and_a_person_has_no_account_page(cast: Cast) -> None:
    _wave, accounts = _world(cast)
    url = accounts["Solo GmbH"].get_absolute_url()
    assert url == f"/o/acme/practice/accounts/{accounts['Solo GmbH'].pk}/"
    for person in (cast.member, cast.outsider):
        assert cast.client_for(person).get(url).status_code == 404
    admin = cast.client_for(cast.admin)
    old = f"/o/acme/practice/stakeholders/{accounts['Solo GmbH'].pk}/"
    assert admin.get(old)["Location"] == url
    member = person_stakeholder(cast.leader, cast.member)
    leader = cast.client_for(cast.leader)
    assert leader.get(f"/o/acme/practice/accounts/{member.pk}/").status_code == 404
    # A person on the map keeps their own stakeholder page.
    assert cast.member.name in leader.get(member.get_absolute_url()).text


def _queries(cast: Cast, url: str) -> int:
    client = cast.client_for(cast.leader)
    client.get(url)  # the first view may record releases; later views only read
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_one_care_action_as_for_many(cast: Cast) -> None:
    _wave, accounts = _world(cast)
    solo = accounts["Solo GmbH"]
    set_following(leader=cast.leader, account=solo, following=True)
    first = log(cast.leader, "customer_visit", [solo], timezone.now() - dt.timedelta(days=9))
    first.commitments.create(leader=cast.leader, text="call", due_on=NOW.date())
    one = _queries(cast, solo.get_absolute_url())
    for n in range(6):
        action = log(cast.leader, "customer_visit", [solo], NOW - dt.timedelta(days=n))
        action.commitments.create(leader=cast.leader, text=f"c{n}", due_on=NOW.date())
        FollowUp.objects.create(
            action=action,
            stakeholder=solo,
            circle="customer",
            email="o1@solo.test",
            token_hash=new_token()[1],
        )
    assert _queries(cast, solo.get_absolute_url()) == one
