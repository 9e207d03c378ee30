"""The pulse benchmark: a synthetic wave in a throwaway organisation, measured end to end.

Run through ``care benchmark-pulse``; it prints figures and removes everything
it created, even when interrupted. Not a test: nothing here asserts a speed.
"""

import http.client
import re
import secrets
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, cast

import numpy as np
from django.db import connection
from django.utils import timezone

from genuinecare.lib.tokens import new_token
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person, Unit
from genuinecare.surveys.actions import create_wave
from genuinecare.surveys.enums import Mode
from genuinecare.surveys.exports import csv_response, raw_rows
from genuinecare.surveys.guard import Guard, guard_for
from genuinecare.surveys.heatmap import heat_map
from genuinecare.surveys.matrix import WaveData, load_wave_data
from genuinecare.surveys.models import Invitation, InvitationLink, Response, Wave
from genuinecare.surveys.submission import Draft, questionnaire_of

BATCH = 5000
CLIENT_THREADS = 4

Say = Callable[[str], None]


def build_units(organisation: Organisation, count: int) -> list[Unit]:
    """About sqrt(count) departments, the rest as teams below them."""
    top = max(1, int(count**0.5))
    departments = Unit.objects.bulk_create(
        Unit(organisation=organisation, name=f"Department {n:03d}") for n in range(top)
    )
    teams = Unit.objects.bulk_create(
        Unit(organisation=organisation, parent=departments[n % top], name=f"Team {n:04d}")
        for n in range(count - top)
    )
    return [*departments, *teams]


def build_wave(*, responses: int, items: int, units: int, say: Say) -> Wave:
    """A synthetic wave in a fresh organisation, with this many responses, items and units."""
    slug = f"benchmark-{secrets.token_hex(4)}"
    organisation = Organisation.objects.create(name="Benchmark", slug=slug)
    admin = Person.objects.create(
        organisation=organisation, name="Benchmark", email=f"admin@{slug}.test", role=Role.ADMIN
    )
    unit_list = build_units(organisation, units)
    now = timezone.now()
    wave = create_wave(
        created_by=admin,
        title="Benchmark",
        audience="employees",
        catalog_id="care",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        mode=Mode.CONFIDENTIAL,
        include_recommend=False,
    )
    Wave.objects.filter(pk=wave.pk).update(item_keys=wave.item_keys[:items], invited_at=now)
    wave.refresh_from_db()
    rng = np.random.default_rng(2026)
    n_items = len(wave.item_keys)
    unit_ids = np.array([u.pk for u in unit_list])
    started = time.perf_counter()
    for start in range(0, responses, BATCH):
        size = min(BATCH, responses - start)
        answers = rng.integers(1, 6, size=(size, n_items), dtype=np.uint8)
        chosen = unit_ids[rng.integers(0, len(unit_ids), size=size)]
        # Answers arrive in batches between releases, as while a wave fills.
        batches = LEDGER_BATCHES[rng.integers(0, len(LEDGER_BATCHES), size=size)]
        Response.objects.bulk_create(
            Response(
                wave=wave,
                unit_id=int(u),
                submitted_on=now.date(),
                answers=a.tobytes(),
                batch=int(b),
            )
            for u, a, b in zip(chosen, answers, batches, strict=True)
        )
    say(
        f"built {responses} responses x {n_items} items in {len(unit_list)} units "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return wave


LEDGER_BATCHES = np.array([2**40 + 7919 * n for n in range(20)], dtype=np.int64)


def _draft(wave: Wave) -> dict[str, Any]:
    """Every page but the last answered, as if the respondent had gone through the form."""
    questionnaire = questionnaire_of(wave)
    vectors = {p.key: bytes(1 + n % 5 for n in range(p.width)) for p in questionnaire.parts}
    return Draft(vectors, {}).to_json()


def make_links(wave: Wave, count: int) -> list[str]:
    """``count`` fresh answer links to the wave, as tokens."""
    units = list(
        Unit.objects.filter(organisation=wave.organisation_id).values_list("pk", flat=True)
    )
    batch = secrets.token_hex(3)
    draft = _draft(wave)
    invitations = Invitation.objects.bulk_create(
        Invitation(
            wave=wave,
            email=f"r{n}-{batch}@bench.test",
            language="en",
            unit_id=units[n % len(units)],
            draft=draft,
        )
        for n in range(count)
    )
    tokens = [new_token() for _ in invitations]
    InvitationLink.objects.bulk_create(
        InvitationLink(wave=wave, invitation=i, token_hash=h)
        for i, (_, h) in zip(invitations, tokens, strict=True)
    )
    return [token for token, _ in tokens]


def _form(wave: Wave) -> dict[str, str]:
    """The POST of the last page with its submit button: every question answered."""
    page = questionnaire_of(wave).pages[-1]
    data = {"page": str(page.number), "version": page.part.key, "lang": "en"}
    data.update({q.field: str(1 + n % 5) for n, q in enumerate(page.questions)})
    return data


def queries_per_submission(wave: Wave) -> int:
    """How many database queries one submission through the answer page costs."""
    (token,) = make_links(wave, 1)
    questionnaire_of(wave)  # the form is read once per process, not per submission
    # The test client is loaded only when measuring: it is no part of running the app.
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        reply = Client(SERVER_NAME="127.0.0.1").post(f"/r/{token}/submit/", _form(wave))
    if reply.status_code != 302:
        raise RuntimeError(f"the submission was refused ({reply.status_code})")
    return len(queries)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on port {port}")


def _csrf(port: int) -> tuple[str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    reply = conn.getresponse()
    page = reply.read().decode()
    cookie = reply.getheader("Set-Cookie") or ""
    value = re.search(r"csrftoken=([^;]+)", cookie)
    field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if value is None or field is None:
        raise RuntimeError("no CSRF token from the login page")
    return value.group(1), field.group(1)


def http_submissions(wave: Wave, count: int, *, say: Say) -> float:
    """Submissions per second through ``care serve`` (gunicorn) on a free loopback port."""
    tokens = make_links(wave, count)
    port = _free_port()
    command = [sys.executable, "-m", "genuinecare.cli", "serve", f"--bind=127.0.0.1:{port}"]
    server = subprocess.Popen(  # noqa: S603 - our own command
        [*command, "--workers=2", "--threads=4"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, server)
        cookie, field = _csrf(port)
        body = urllib.parse.urlencode({**_form(wave), "csrfmiddlewaretoken": field})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers["Cookie"] = f"csrftoken={cookie}"

        def post(chunk: list[str]) -> int:
            conn, ok = http.client.HTTPConnection("127.0.0.1", port, timeout=60), 0
            for token in chunk:
                conn.request("POST", f"/r/{token}/submit/", body=body, headers=headers)
                reply = conn.getresponse()
                reply.read()
                ok += reply.status == 302
            conn.close()
            return ok

        chunks = [tokens[n::CLIENT_THREADS] for n in range(CLIENT_THREADS)]
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENT_THREADS) as pool:
            stored = sum(pool.map(post, chunks))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    say(
        f"submissions through HTTP: {stored} of {count} stored in {elapsed:.2f} s "
        f"({CLIENT_THREADS} clients, 2 gunicorn workers x 4 threads)"
    )
    return stored / elapsed


def heat_map_seconds(wave: Wave) -> tuple[float, int]:
    """Seconds for the guard and both heat maps of every unit, and how many rows showed."""
    started = time.perf_counter()
    guard = guard_for(wave)
    for by in ("dimension", "item"):
        heat = heat_map(guard.data, guard, language="en", by=by, all_units=True)
    return time.perf_counter() - started, sum(1 for row in heat.rows if row.shown)


def ledger_seconds(wave: Wave) -> dict[str, float]:
    """What a full tree's release costs, next to loading the answers it rests on.

    Each figure is a whole ``guard_for`` (load, ledger, decision): the first
    release (the ledger is written under its lock), the same release again (read
    only), and a release after one more batch of answers arrived (refined again).
    """
    timings = {"load": _seconds(load_wave_data, wave)}
    timings.update(first=_seconds(guard_for, wave), again=_seconds(guard_for, wave))
    extra = Response.objects.filter(wave=wave).values_list("unit_id", "answers")[:500]
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit_id=u,
            submitted_on=timezone.localdate(),
            answers=bytes(a),
            batch=int(LEDGER_BATCHES[0]) + 1,
        )
        for u, a in extra
    )
    timings["new batch"] = _seconds(guard_for, wave)
    return timings


def _seconds(measured: Callable[[Wave], object], wave: Wave) -> float:
    started = time.perf_counter()
    measured(wave)
    return time.perf_counter() - started


def _stream_raw_csv(wave: Wave, data: WaveData, guard: Guard) -> int:
    response = csv_response(raw_rows(wave, data, guard), filename="raw")
    return sum(len(chunk) for chunk in cast(Iterator[bytes], response.streaming_content))


def raw_csv(wave: Wave) -> tuple[float, int, int]:
    """Seconds and bytes to stream the raw CSV once the guard is known, then its peak traced
    memory in a second run (tracemalloc slows every allocation, so time is taken without it)."""
    guard = guard_for(wave)
    data = guard.data
    started = time.perf_counter()
    size = _stream_raw_csv(wave, data, guard)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    _stream_raw_csv(wave, data, guard)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, size, peak


def clean_up(wave: Wave) -> None:
    """Remove the throwaway organisation and everything in it."""
    organisation = wave.organisation
    Response.objects.filter(wave=wave).delete()
    Wave.objects.filter(organisation=organisation).delete()
    Person.objects.filter(organisation=organisation).delete()
    Unit.objects.filter(organisation=organisation, parent__isnull=False).delete()
    organisation.delete()


def run(*, responses: int, items: int, units: int, submissions: int, say: Say) -> dict[str, Any]:
    """Build a synthetic wave, measure it, and return the figures (the wave is removed again)."""
    wave = build_wave(responses=responses, items=items, units=units, say=say)
    figures: dict[str, Any] = {}
    try:
        figures["queries_per_submission"] = queries_per_submission(wave)
        say(f"queries per submission: {figures['queries_per_submission']}")
        if submissions:
            figures["submissions_per_second"] = http_submissions(wave, submissions, say=say)
            say(f"submissions per second: {figures['submissions_per_second']:.0f}")
        ledger = ledger_seconds(wave)
        figures["ledger_seconds"] = ledger
        say(
            f"guard with the release ledger over the full tree (loading the answers alone: "
            f"{ledger['load']:.2f} s): first release {ledger['first']:.2f} s, "
            f"same release again {ledger['again']:.2f} s, "
            f"after a new batch of 500 {ledger['new batch']:.2f} s"
        )
        seconds, shown = heat_map_seconds(wave)
        figures["heat_map_seconds"] = seconds
        say(
            f"full heat map (load, guard, units x dimensions and x items): {seconds:.2f} s, "
            f"{shown} unit groups shown"
        )
        seconds, size, peak = raw_csv(wave)
        figures.update(raw_csv_seconds=seconds, raw_csv_bytes=size, raw_csv_peak=peak)
        say(
            f"raw CSV: {size / 1e6:.1f} MB streamed in {seconds:.2f} s, "
            f"peak traced memory {peak / 1e6:.1f} MB"
        )
    finally:
        clean_up(wave)
    return figures
