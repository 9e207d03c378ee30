"""Attacks on the release ledger through the real results page, exports, PDF and rate page.

Each test plays one attack a viewer (an admin or a leader) can make with what
the pages give them, shows that it fails, and that the page says why: sums of
shown units, reloads while a wave fills, a unit moved between two views, an
item that few answered, exports and the PDF between reloads, and the raw
export. A last, random attacker drives answers, unit moves, combined units,
reloads, exports and the rate page through the guard on the database, then
solves everything it was shown as linear equations over single responses.

k = 3 and a comment threshold of 4 unless stated (``make_wave``'s defaults).
"""

import contextlib
import csv
import io
import itertools
import re
import uuid
from collections import Counter

import numpy as np
import numpy.typing as npt
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from genuinecare.catalog.questionnaire import MISSING
from genuinecare.people.actions import move_unit
from genuinecare.people.models import Unit
from genuinecare.releases.models import Ledger
from genuinecare.surveys.enums import Mode
from genuinecare.surveys.exports import aggregated_rows
from genuinecare.surveys.guard import Guard, Shown, guard_for
from genuinecare.surveys.heatmap import heat_map
from genuinecare.surveys.models import Invitation, Response, Wave
from genuinecare.surveys.rates import response_rates
from genuinecare.surveys.submission import Answers, layout_of, submit_response
from genuinecare.surveys.summary import selection_summary, unit_summary, wave_summary
from tests.conftest import Cast, streamed
from tests.factories import UnitFactory, invite, make_wave

K = 3
HEARD_1 = 0  # the column of the first "Heard" item, the one people skip below
FINGERPRINT = (3, 4, 5)  # columns that carry a response's number in the random attack


def respond(
    wave: Wave,
    unit: Unit | None,
    *,
    value: int = 4,
    skip: tuple[int, ...] = (),
    comment: str | None = None,
    columns: dict[int, int] | None = None,
) -> None:
    """One response through the real submission: ``value`` everywhere, 10 to recommend,
    nothing for the columns in ``skip``, a "Heard" comment if given."""
    layout = layout_of(wave)
    chosen = columns or {}
    vector = bytes(
        MISSING if n in skip else chosen.get(n, value if column.item.scale == "agree5" else 10)
        for n, column in enumerate(layout.columns)
    )
    invitation, _ = invite(wave, unit=unit, email=f"r-{uuid.uuid4().hex[:10]}@x.test")
    invitation = Invitation.objects.select_related("wave").get(pk=invitation.pk)
    comments = {"heard": comment} if comment else {}
    submit_response(invitation=invitation, answers=Answers(vector, comments))


def results_url(wave: Wave, **params: object) -> str:
    url = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    query = "&".join(
        f"{key}={item}"
        for key, value in params.items()
        for item in (value if isinstance(value, list | tuple | set) else [value])
    )
    return f"{url}?{query}" if query else url


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def wave_count(page: str) -> int | None:
    found = re.search(r"data-wave-count>(\d+) response", page)
    return None if found is None else int(found.group(1))


def figures(page: str) -> dict[str, list[str]]:
    """Every number and comment a page shows, without the notes saying as of when."""
    main = _main(page)
    main = re.sub(r"<img[^>]*>", "", main)
    main = re.sub(r'<span class="muted held"[^>]*>.*?</span>', "", main, flags=re.S)
    main = re.sub(r"<p class=\"notice\" data-held>.*?</p>", "", main, flags=re.S)
    main = re.sub(r'<ul class="messages".*?</ul>', "", main, flags=re.S)
    return {
        "count": re.findall(r"data-wave-count>(\d+)", main),
        "figures": re.findall(r'<span class="figure"[^>]*>(.*?)</span>', main, re.S),
        "cells": [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", main, re.S)],
        "comments": re.findall(r"<li>(.*?)</li>", main, re.S),
    }


def heat_rows(page: str) -> dict[str, tuple[int | None, bool, list[str]]]:
    """Heat map rows by unit name: respondents (None when hidden), holding answers back, cells."""
    rows = {}
    for name, hidden, body in re.findall(
        r'<tr data-unit="([^"]*)"( data-hidden)?>(.*?)</tr>', page, re.S
    ):
        count = re.search(r'<td class="num">\s*(\d+)', body)
        cells = re.findall(r'<td class="cell band-\w+">(.*?)</td>', body, re.S)
        rows[name] = (
            None if hidden or count is None else int(count.group(1)),
            'class="muted held"' in body,
            [re.sub(r"<[^>]+>", "", c).strip() for c in cells],
        )
    return rows


def export_rows(client: Client, wave: Wave, kind: str = "aggregated") -> list[list[str]]:
    url = reverse(
        "surveys:export", kwargs={"org": "acme", "pk": wave.pk, "kind": kind, "fmt": "csv"}
    )
    response = client.get(url)
    assert response.status_code == 200
    text = streamed(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def pdf_text(client: Client, wave: Wave) -> str:
    response = client.get(reverse("surveys:report-pdf", kwargs={"org": "acme", "pk": wave.pk}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_heat_rows(text: str, names: tuple[str, ...]) -> dict[str, int]:
    heat = text[text.index("Heat map") :]
    pattern = rf"^({'|'.join(names)}) (\d+)\b"
    return {name: int(n) for name, n in re.findall(pattern, heat, re.M)}


# (a) A sum of shown units that holds a hidden one


def test_combining_shown_units_with_a_hidden_one_between_them_is_refused(cast: Cast) -> None:
    # IT (A) 4 and Ops (C) 4 are shown; Sales (B) has 1 and is hidden; 3 answered at the
    # root itself, so the whole wave (12) is shown too. A+B+C − A − C would be B alone.
    ops = UnitFactory(organisation=cast.organisation, parent=cast.root, name="Ops")
    wave = make_wave(cast.admin)
    for unit, count in ((cast.it, 4), (ops, 4), (cast.sales, 1), (cast.root, 3)):
        for _ in range(count):
            respond(wave, unit, value=4)
    admin = cast.client_for(cast.admin)
    shown = heat_rows(get(admin, results_url(wave, drill=cast.root.pk)))
    assert (shown["IT"][0], shown["Ops"][0]) == (4, 4)
    assert "Sales" not in shown

    attempts: list[list[Unit]] = [
        [cast.it, cast.sales, ops],
        [cast.it, cast.sales],
        [cast.sales, ops],
    ]
    for attempt in attempts:
        page = get(admin, results_url(wave, select=[u.pk for u in attempt]))
        assert "This selection is refused" in page
        assert "could reveal the answers of fewer than 3 people" in page
        assert "data-filtered" not in page
        assert wave_count(page) == 12  # the rest of the page still shows

    # A+C is a union of what is shown: it is answered, and A+B+C stays refused after it.
    both = get(admin, results_url(wave, select=[cast.it.pk, ops.pk]))
    assert "This selection is refused" not in both
    assert re.search(r"data-filtered>.*?data-respondents>8<", both, re.S)
    again = get(admin, results_url(wave, select=[cast.it.pk, cast.sales.pk, ops.pk]))
    assert "This selection is refused" in again


# (b) Reloading while the wave fills


def test_a_reload_while_the_wave_fills_moves_no_figure_until_k_more_answered(
    cast: Cast,
) -> None:
    wave = make_wave(cast.admin)
    for _ in range(4):
        respond(wave, cast.it, value=5, comment="Heard in IT")
    for _ in range(4):
        respond(wave, cast.sales_dach, value=3)
    admin, leader = cast.client_for(cast.admin), cast.client_for(cast.leader)
    urls = [results_url(wave), results_url(wave, drill=cast.root.pk)]
    urls += [results_url(wave, drill=cast.sales.pk), results_url(wave, by="item")]
    before = [get(admin, url) for url in urls]
    leader_before = get(leader, results_url(wave))
    assert wave_count(before[0]) == 8 and "data-held" not in before[0]

    respond(wave, cast.sales_dach, value=1, comment="Only mine")
    after = [get(admin, url) for url in urls]
    for old, new in zip(before, after, strict=True):
        assert figures(new) == figures(old)
        assert "Only mine" not in new
    page = after[0]
    assert wave_count(page) == 8
    assert "Figures marked * hold some newer answers back" in page
    assert "data-held" in page
    assert heat_rows(after[2])["DACH"][:2] == (4, True)
    leader_after = get(leader, results_url(wave))
    assert figures(leader_after) == figures(leader_before)
    assert "data-held" in leader_after and "Only mine" not in leader_after

    # Two more (three new in all, k): the figures move, with all three at once.
    for _ in range(2):
        respond(wave, cast.sales_dach, value=1)
    moved = get(admin, results_url(wave))
    assert wave_count(moved) == 11
    assert figures(moved) != figures(after[0])
    assert heat_rows(get(admin, results_url(wave, drill=cast.sales.pk)))["DACH"][:2] == (7, False)
    assert heat_rows(get(leader, results_url(wave)))["Sales"][0] == 7
    # Three new respondents are fewer than the comment threshold: the comment still waits.
    assert "Only mine" not in moved and "Heard in IT" in moved

    respond(wave, cast.sales_dach, value=1)  # one more: the count holds again
    held = get(admin, results_url(wave))
    assert wave_count(held) == 11
    # Comments have their own track: four new respondents since they were last shown
    # (three counted, one still held back) reach the comment threshold of four.
    assert "Only mine" in held
    assert held.count("<li>Heard in IT</li>") == 4
    for _ in range(2):
        respond(wave, cast.sales_dach, value=1)
    shown = get(admin, results_url(wave))
    assert wave_count(shown) == 14


# (c) A unit moved between two views


def test_a_unit_moved_between_two_views_gives_no_difference_below_k(cast: Cast) -> None:
    # IT 3 (all 5), Sales 3 of its own (all 4), DACH 1 (all 1, hidden): Sales shows 4.
    wave = make_wave(cast.admin)
    for unit, count, value in ((cast.it, 3, 5), (cast.sales, 3, 4), (cast.sales_dach, 1, 1)):
        for _ in range(count):
            respond(wave, unit, value=value)
    admin, leader = cast.client_for(cast.admin), cast.client_for(cast.leader)
    first = heat_rows(get(admin, results_url(wave, drill=cast.root.pk)))
    first_leader = get(leader, results_url(wave))
    assert (first["IT"][0], first["Sales"][0]) == (3, 4)
    assert re.search(r"data-respondents>4<", first_leader)

    # DACH now hangs below IT: IT would be 4 and Sales 3, each differing by DACH's one answer.
    move_unit(unit=cast.sales_dach, parent=cast.it)
    page = get(admin, results_url(wave, drill=cast.root.pk))
    second = heat_rows(page)
    second_leader = get(leader, results_url(wave))
    whole = wave_count(get(admin, results_url(wave)))
    assert whole is not None and second["IT"][0] is not None
    # IT holds DACH's answer back; Sales alone would be Sales with DACH less DACH: hidden.
    assert second["IT"] == (3, True, first["IT"][2])
    assert "Sales" not in second
    assert "data-summary-hidden" in second_leader
    differences = {
        "IT after less IT before": second["IT"][0] - first["IT"][0],  # type: ignore[operator]
        "wave less IT after": whole - second["IT"][0],
    }
    for name, difference in differences.items():
        assert difference == 0 or abs(difference) >= K, (name, difference)
    assert "Figures marked * hold some newer answers back" in page

    # More answers in IT move the whole wave and IT with them, still without DACH's one.
    for _ in range(3):
        respond(wave, cast.it, value=5)
    later = heat_rows(get(admin, results_url(wave, drill=cast.root.pk)))
    assert wave_count(get(admin, results_url(wave))) == 10
    assert later["IT"][:2] == (6, True) and "Sales" not in later


# (d) An item that most of a shown group skipped


def test_an_item_few_answered_is_hidden_while_its_group_shows(cast: Cast) -> None:
    # IT: 5 respondents, 4 skip the first "Heard" item. DACH: 5, all answer it.
    wave = make_wave(cast.admin)
    respond(wave, cast.it, value=2)
    for _ in range(4):
        respond(wave, cast.it, value=2, skip=(HEARD_1,))
    for _ in range(5):
        respond(wave, cast.sales_dach, value=5)
    admin = cast.client_for(cast.admin)
    page = get(admin, results_url(wave, unit=cast.it.pk))
    assert re.search(r"data-respondents>5<", page)
    items = re.findall(r"<tr( data-held)?><td>(.*?)</td>(.*?)</tr>", page, re.S)
    first = items[HEARD_1]
    assert first[0] and "hidden: too few answers to this question" in first[2]
    assert all(not held for held, _text, _cells in items[1:])
    heard = re.search(r'<tr data-dimension="heard"( data-held)?>(.*?)</tr>', page, re.S)
    assert (
        heard
        and heard.group(1)
        and "hidden: too few answers to one of its questions" in heard.group(2)
    )
    assert re.search(r'<tr data-dimension="cared_for"><th', page)  # the other dimensions show

    # By item: IT's cell is empty, and so is Sales' (the wave's 6 answers less Sales' 5
    # would be IT's one); the whole wave shows it.
    by_item = heat_rows(get(admin, results_url(wave, by="item", drill=cast.root.pk)))
    assert by_item["IT"][0] == 5 and by_item["IT"][2][HEARD_1] == "–"
    assert by_item["Sales"][0] == 5 and by_item["Sales"][2][HEARD_1] == "–"
    assert by_item["IT"][2][HEARD_1 + 1] == "0"  # the next item shows
    whole = heat_rows(get(admin, results_url(wave, by="item")))["overall"]
    assert whole[2][HEARD_1] == "83"  # 5 of 6 answers favourable
    assert "hidden: too few answers to this question since it was last shown" in get(
        admin, results_url(wave, by="item", drill=cast.root.pk)
    )
    sales = get(admin, results_url(wave, unit=cast.sales.pk))
    held = re.findall(r"<tr( data-held)?><td>", sales)
    assert held[HEARD_1] and not any(held[1:])


# (e) Exports and the PDF between reloads


def _page_counts(client: Client, wave: Wave, cast: Cast) -> dict[str, int | None]:
    counts: dict[str, int | None] = {"Whole wave": wave_count(get(client, results_url(wave)))}
    for drill in ({}, {"drill": cast.root.pk}, {"drill": cast.sales.pk}):
        for name, (count, _as_of, _cells) in heat_rows(
            get(client, results_url(wave, **drill))
        ).items():
            if name != "overall":
                counts[name] = count
    return counts


def _export_counts(rows: list[list[str]]) -> dict[str, int | None]:
    return {row[0].rsplit(" / ", 1)[-1]: int(row[1]) if row[1] else None for row in rows[1:]}


def test_exports_and_the_pdf_between_reloads_never_show_what_the_page_holds_back(
    cast: Cast,
) -> None:
    wave = make_wave(cast.admin)
    for _ in range(4):
        respond(wave, cast.it, value=5)
    for _ in range(4):
        respond(wave, cast.sales_dach, value=3)
    admin, leader = cast.client_for(cast.admin), cast.client_for(cast.leader)
    released = _page_counts(admin, wave, cast)
    assert released == {"Whole wave": 8, "Acme": 8, "IT": 4, "Sales": 4, "DACH": 4}

    # One more in IT, all 1: IT would show 80 % favourable on "Heard" and the wave 9.
    respond(wave, cast.it, value=1)
    exported = export_rows(admin, wave)
    text = pdf_text(admin, wave)
    assert _export_counts(exported) == released
    assert _page_counts(admin, wave, cast) == released
    assert pdf_heat_rows(text, ("Acme", "IT", "Sales", "DACH")) == {
        "Acme": 8,
        "IT": 4,
        "Sales": 4,
        "DACH": 4,
    }
    assert re.search(r"\b8 respondents", text) and not re.search(r"\b9 respondents", text)
    it_line = next(row for row in exported if row[0] == "Acme / IT")
    assert it_line[2] == "100.0"  # IT's "Heard" share as last shown, not 80
    assert not any("80.0" in cell for row in exported for cell in row)
    assert "held back" in text  # the PDF says so too
    leader_rows = export_rows(leader, wave)
    assert _export_counts(leader_rows) == {"Sales": 4, "DACH": 4}

    # Two more (three new): every path moves, together.
    for _ in range(2):
        respond(wave, cast.it, value=1)
    exported = export_rows(admin, wave)
    moved = {"Whole wave": 11, "Acme": 11, "IT": 7, "Sales": 4, "DACH": 4}
    assert _export_counts(exported) == moved
    assert pdf_heat_rows(pdf_text(admin, wave), ("Acme", "IT", "Sales", "DACH"))["IT"] == 7
    assert _page_counts(admin, wave, cast) == moved
    assert next(row for row in exported if row[0] == "Acme / IT")[2] == "57.1"  # 4 of 7


# (f) The raw export


def _shown_atoms(wave: Wave) -> set[tuple[int, int]]:
    """(unit, batch) pairs of the answers the whole wave's figures rest on."""
    guard = guard_for(wave)
    assert guard.overall is not None
    data = guard.data
    units = np.array(data.tree.unit_ids, dtype=np.int64)[data.positions]
    rows = guard.overall.members
    return set(zip(units[rows].tolist(), data.batches[rows].tolist(), strict=True))


def _check_raw(client: Client, wave: Wave, *, expected: int) -> Counter[str]:
    rows = export_rows(client, wave, kind="raw")[1:]
    assert len(rows) == expected
    shown = _shown_atoms(wave)
    stored = {str(r.pk): (r.unit_id or 0, r.batch) for r in Response.objects.filter(wave=wave)}
    for row in rows:
        assert stored[row[0]] in shown  # every row is in a figure the pages show
    labels = Counter(row[1] for row in rows)
    assert all(n >= K for n in labels.values()), labels
    return labels


def test_the_raw_export_holds_only_shown_responses_in_groups_of_at_least_k(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    for unit, count in ((cast.it, 4), (cast.sales, 3), (cast.sales_dach, 1)):
        for _ in range(count):
            respond(wave, unit, value=4)
    admin = cast.client_for(cast.admin)
    get(admin, results_url(wave))
    labels = _check_raw(admin, wave, expected=8)
    assert labels == {"Acme / IT": 4, "Acme / Sales": 4}  # DACH's one answer is in Sales

    respond(wave, cast.it, value=2)  # nothing shown holds it yet
    _check_raw(admin, wave, expected=8)
    assert not any(row[2] == "2" for row in export_rows(admin, wave, kind="raw")[1:])

    move_unit(unit=cast.sales_dach, parent=cast.it)  # DACH now below IT
    labels = _check_raw(admin, wave, expected=8)
    assert "Acme / IT / DACH" not in labels and "Acme / Sales / DACH" not in labels

    for _ in range(2):
        respond(wave, cast.it, value=2)
    labels = _check_raw(admin, wave, expected=11)
    assert sum(labels.values()) == 11


# Participation: what the rate page holds back


def test_the_rate_page_does_not_tell_that_everyone_invited_in_a_unit_answered(cast: Cast) -> None:
    """The rate page hides how many of Ops' 3 invited answered (fewer than k did not).

    Results still show Ops' respondent count: whoever knows that three were invited then
    knows all three answered (docs/pulse.md, "People who know the audience")."""
    ops = UnitFactory(organisation=cast.organisation, parent=cast.root, name="Ops")
    wave = make_wave(cast.admin)
    for _ in range(3):
        respond(wave, ops, value=4)  # nobody works in Ops: its only invitations are these
    for _ in range(4):
        respond(wave, cast.it, value=4)
    admin = cast.client_for(cast.admin)
    detail = get(admin, reverse("surveys:wave", kwargs={"org": "acme", "pk": wave.pk}))
    rate = re.search(r'Ops</td><td class="num">(\d+)</td>\s*<td class="num">(.*?)</td>', detail)
    assert rate is not None
    invited, answered = int(rate.group(1)), rate.group(2)
    assert invited == 3 and "hidden (too few)" in answered


# What the ledger may hold back, and for how long


def test_a_unit_whose_people_keep_answering_is_shown_current_again(cast: Cast) -> None:
    """A reload after one new answer in IT and two in DACH moves the whole wave (three new)
    and merges those three in one part; IT and Sales then wait for more answers, but no
    number of later answers may ever split that part again, so they must not wait forever."""
    wave = make_wave(cast.admin)
    for unit in (cast.it, cast.sales_dach):
        for _ in range(4):
            respond(wave, unit, value=4)
    admin = cast.client_for(cast.admin)
    get(admin, results_url(wave))
    respond(wave, cast.it, value=4)
    for _ in range(2):
        respond(wave, cast.sales_dach, value=4)
    assert wave_count(get(admin, results_url(wave))) == 11
    for unit in (cast.it, cast.sales_dach):  # six more in each: plenty for both groups
        for _ in range(6):
            respond(wave, unit, value=4)
    assert wave_count(get(admin, results_url(wave))) == 23
    rows = heat_rows(get(admin, results_url(wave, drill=cast.root.pk)))
    # Each moves on with its later answers; only the piece shown with the whole wave
    # (one in IT, two in DACH) stays held back from them, as it must.
    assert rows["IT"][:2] == (10, True), f"IT is stuck at {rows['IT'][0]}"
    assert rows["Sales"][:2] == (10, True), f"Sales is stuck at {rows['Sales'][0]}"


def test_an_item_skipped_once_in_a_batch_comes_back_once_the_group_has_enough_answers(
    cast: Cast,
) -> None:
    """Three new in IT and three in DACH move every group; one of DACH's three skipped the
    first "Heard" item. The wave shows it (five new answers), which merges IT's three and
    DACH's two answers to it in one part: IT's item must not be hidden for good after that."""
    wave = make_wave(cast.admin)
    for unit in (cast.it, cast.sales_dach):
        for _ in range(4):
            respond(wave, unit, value=4)
    admin = cast.client_for(cast.admin)
    get(admin, results_url(wave))
    for _ in range(3):
        respond(wave, cast.it, value=4)
    respond(wave, cast.sales_dach, value=4, skip=(HEARD_1,))
    for _ in range(2):
        respond(wave, cast.sales_dach, value=4)
    page = get(admin, results_url(wave, by="item", drill=cast.root.pk))
    assert heat_rows(page)["IT"][:2] == (7, True)  # the group moves; one item holds back
    for unit in (cast.it, cast.sales_dach):  # many more answers to the item in each
        for _ in range(6):
            respond(wave, unit, value=4)
    rows = heat_rows(get(admin, results_url(wave, by="item", drill=cast.root.pk)))
    assert rows["IT"][:2] == (13, True)
    assert rows["IT"][2][HEARD_1] != "–", "IT's first item stays hidden with 13 answers to it"


# A random attacker on the guard, solving what it was shown


@st.composite
def attacks(draw: st.DrawFn) -> dict[str, object]:
    """Rounds of answers arriving (and maybe a unit moving), each looked at one to three ways."""
    n = draw(st.integers(min_value=2, max_value=4))
    parents = [-1] + [draw(st.integers(min_value=-1, max_value=i - 1)) for i in range(1, n)]
    unit = st.integers(min_value=0, max_value=n - 1)
    arrive = st.tuples(st.just("answer"), unit, st.integers(1, 3), st.integers(0, 3))
    move = st.tuples(st.just("move"), unit, st.integers(-1, n - 1))
    look = st.one_of(
        st.tuples(st.just("view"), st.none() | st.sets(unit, min_size=1, max_size=3)),
        st.tuples(st.just("export")),
        st.tuples(st.just("rates")),
    )
    # The wave starts with 0 to 6 answers per unit, then fills in small steps.
    steps: list[tuple[object, ...]] = [
        ("answer", u, count, draw(st.integers(0, 3)))
        for u, count in enumerate(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)))
        if count
    ]
    for _ in range(draw(st.integers(min_value=2, max_value=4))):
        steps += draw(st.lists(arrive, min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            steps.append(draw(move))
        steps += draw(st.lists(look, min_size=1, max_size=3))
    return {"parents": parents, "k": draw(st.integers(3, 4)), "steps": steps}


class Attacker:
    """Everything the guard's callers returned, as sets of responses with their totals."""

    def __init__(self) -> None:
        self.counts: list[tuple[frozenset[int], int]] = []  # respondents
        self.sums: list[tuple[frozenset[int], float]] = []  # first "Heard" item: sum of answers
        self.value: dict[int, float] = {}  # response number -> its answer to that item

    @staticmethod
    def numbers(guard: Guard) -> npt.NDArray[np.int64]:
        raw = guard.data.answers[:, list(FINGERPRINT)].astype(np.int64) - 1
        return raw[:, 0] + 5 * raw[:, 1] + 25 * raw[:, 2]

    def saw(self, guard: Guard, shown: Shown, *, respondents: int, mean: float | None) -> None:
        number = self.numbers(guard)
        members = shown.members
        assert respondents == int(members.sum())  # what the caller showed is this set's count
        self.counts.append((frozenset(number[members].tolist()), respondents))
        values = guard.data.answers[:, HEARD_1]
        answered = shown.item_members(HEARD_1) & ~np.isnan(values)
        for n, v in zip(number[answered].tolist(), values[answered].tolist(), strict=True):
            self.value[n] = v
        if shown.items[HEARD_1] and answered.any():
            assert mean is not None and mean == pytest.approx(values[answered].mean())
            self.sums.append((frozenset(number[answered].tolist()), mean * int(answered.sum())))
        else:
            assert mean is None  # held back, or nobody in the set answered it

    def view(self, wave: Wave, guard: Guard) -> None:
        summaries = [(guard.overall, wave_summary(wave, guard, language="en"))]
        for position, group in guard.groups.items():
            unit_id = guard.data.tree.unit_ids[position]
            summaries.append((group, unit_summary(wave, guard, unit_id=unit_id, language="en")))
        if guard.selection is not None:
            summaries.append((guard.selection.shown, selection_summary(wave, guard, language="en")))
        for shown, summary in summaries:
            assert (shown is None) == (summary is None)
            if shown is not None and summary is not None:
                mean = summary.items[HEARD_1].figures.mean
                self.saw(guard, shown, respondents=summary.respondents, mean=mean)
        heat = heat_map(guard.data, guard, language="en", by="item", all_units=True)
        for row in heat.rows:
            shown = guard.groups.get(guard.data.position(row.unit_id))
            assert (row.respondents is None) == (shown is None)
            if shown is not None and row.respondents is not None:
                cell = row.cells[HEARD_1].favourable
                if not shown.items[
                    HEARD_1
                ]:  # held back (a shown item nobody answered is empty too)
                    assert cell is None
                self.saw(guard, shown, respondents=row.respondents, mean=self._mean(guard, shown))

    @staticmethod
    def _mean(guard: Guard, shown: Shown) -> float | None:
        values = guard.data.answers[shown.item_members(HEARD_1), HEARD_1]
        values = values[~np.isnan(values)]
        return float(values.mean()) if shown.items[HEARD_1] and values.size else None

    def export(self, guard: Guard) -> None:
        rows = list(aggregated_rows(guard.data, guard, language="en", visible=None))[1:]
        heat = heat_map(guard.data, guard, language="en", all_units=True)
        if guard.overall is not None:
            whole, *rows = rows
            assert whole[0] == "Whole wave"
            assert isinstance(whole[1], int), whole
            self.saw(
                guard, guard.overall, respondents=whole[1], mean=self._mean(guard, guard.overall)
            )
        assert len(rows) == len(heat.rows)
        for line, row in zip(rows, heat.rows, strict=True):
            shown = guard.groups.get(guard.data.position(row.unit_id))
            assert (line[1] is None) == (shown is None)
            if shown is not None:
                self.saw(guard, shown, respondents=line[1], mean=self._mean(guard, shown))  # type: ignore[arg-type]

    def rates(self, wave: Wave, guard: Guard) -> None:
        rates = response_rates(wave, visible=None, guard=guard)
        if rates.answered is not None and guard.overall is not None:
            self.saw(
                guard,
                guard.overall,
                respondents=rates.answered,
                mean=self._mean(guard, guard.overall),
            )
        for row in rates.rows:
            if row.answered is not None:
                shown = guard.groups[guard.data.position(row.unit_id)]
                assert shown.current
                self.saw(guard, shown, respondents=row.answered, mean=self._mean(guard, shown))

    def solvable_small_sets(self, k: int) -> list[tuple[str, list[int]]]:
        """Sets of 1 … k−1 responses whose total follows from what was shown."""
        found = []
        for track, releases in (("respondents", self.counts), ("Heard item", self.sums)):
            sets = sorted({s for s, _ in releases if s}, key=sorted)
            if not sets:
                continue
            people = sorted(set().union(*sets))
            column = {p: i for i, p in enumerate(people)}
            matrix = np.zeros((len(sets), len(people)))
            for r, s in enumerate(sets):
                matrix[r, [column[p] for p in s]] = 1.0
            # Responses no figure tells apart form classes; anything solvable is a union of them.
            _, classes = np.unique(matrix.T, axis=0, return_inverse=True)
            classes = classes.ravel()
            n_classes = int(classes.max()) + 1
            sizes = np.bincount(classes, minlength=n_classes)
            if n_classes <= 12:
                picks = np.array(list(itertools.product([0, 1], repeat=n_classes)), dtype=bool)
            else:
                picks = np.random.default_rng(0).random((4096, n_classes)) < 0.5
                picks = np.vstack([picks, np.eye(n_classes, dtype=bool)])
            totals = picks.astype(np.int64) @ sizes
            rank = np.linalg.matrix_rank(matrix)
            for pick in picks[(totals >= 1) & (totals < k)]:
                s = pick[classes].astype(np.float64)
                if np.linalg.matrix_rank(np.vstack([matrix, s])) == rank:
                    found.append((track, [people[i] for i in np.flatnonzero(s)]))
        return found


def _cleanup(wave: Wave, units: list[Unit]) -> None:
    Ledger.objects.filter(scope=f"wave:{wave.pk}").delete()
    wave.delete()
    for unit in sorted(units, key=lambda u: -len(_ancestors(u))):
        unit.delete()


def _ancestors(unit: Unit) -> list[int]:
    found, node = [], Unit.objects.get(pk=unit.pk)
    while node.parent_id is not None:
        found.append(node.parent_id)
        node = Unit.objects.get(pk=node.parent_id)
    return found


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(attack=attacks())
def test_no_small_set_of_responses_can_be_solved_from_everything_shown(
    cast: Cast, attack: dict[str, object]
) -> None:
    parents: list[int] = attack["parents"]  # type: ignore[assignment]
    k: int = attack["k"]  # type: ignore[assignment]
    tag = uuid.uuid4().hex[:6]
    top = UnitFactory(organisation=cast.organisation, parent=cast.root, name=f"Top {tag}")
    units: list[Unit] = []
    for i, parent in enumerate(parents):
        units.append(
            UnitFactory(
                organisation=cast.organisation,
                parent=top if parent < 0 else units[parent],
                name=f"U{i} {tag}",
            )
        )
    wave = make_wave(cast.admin, threshold=k, comment_threshold=k)
    attacker = Attacker()
    number = 0
    try:
        for step in attack["steps"]:  # type: ignore[attr-defined]
            kind = step[0]
            if kind == "answer":
                _, u, how_many, skip_every = step
                for _ in range(how_many):
                    digits = (number % 5 + 1, number // 5 % 5 + 1, number // 25 % 5 + 1)
                    value = 1 + (number * 7) % 5
                    skipped = skip_every and number % (skip_every + 1) == 0
                    respond(
                        wave,
                        units[u],
                        value=3,
                        skip=(HEARD_1,) if skipped else (),
                        columns={HEARD_1: value, **dict(zip(FINGERPRINT, digits, strict=True))},
                    )
                    number += 1
            elif kind == "move":
                _, u, parent = step
                with contextlib.suppress(ValidationError):  # below itself: nothing moves
                    move_unit(unit=units[u], parent=top if parent < 0 else units[parent])
                units = [Unit.objects.get(pk=x.pk) for x in units]
            elif kind == "view":
                chosen = None if step[1] is None else {units[u].pk for u in step[1]}
                attacker.view(wave, guard_for(wave, selection=chosen))
            elif kind == "export":
                attacker.export(guard_for(wave))
            else:
                attacker.rates(wave, guard_for(wave))
        leaks = attacker.solvable_small_sets(k)
        assert not leaks, f"solvable from what was shown: {leaks[:3]}"
    finally:
        _cleanup(wave, [top, *units])
