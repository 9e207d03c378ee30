"""Thresholds below the organisation's come only from an admin, and never below 3.

The cast's organisation keeps the defaults: 5 people for results, 10 for comments.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from genuinecare.mirror.team import build_team_mirror
from genuinecare.people.models import Person
from genuinecare.surveys.actions import close_wave, create_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.models import Wave
from tests.conftest import Cast, ClientResponse
from tests.factories import answer
from tests.mirror.conftest import complete

LEADER_REFUSED = (
    "Your waves use the organisation's thresholds: 5 people for results and 10 for comments. "
    "Only an admin can set other ones."
)


LEADER_REFUSED_DE = (
    "Ihre Wellen verwenden die Schwellen der Organisation: 5 Personen für Ergebnisse und 10 "
    "für Kommentare. Nur die Administration der Organisation kann andere festlegen."
)


def _wave(created_by: Person, **options: Any) -> Wave:
    now = timezone.now()
    chosen = {
        "title": "Team pulse",
        "audience": Audience.TEAM,
        "leader": created_by,
        "catalog_id": "care",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14),
        **options,
    }
    return create_wave(created_by=created_by, **chosen)


def _post(cast: Cast, person: Person, **fields: str) -> ClientResponse:
    now = timezone.localtime()
    form = {
        "title": "Our team",
        "audience": "team",
        "leader": str(cast.leader.pk),
        "catalog": "care",
        "languages": ["en", "de"],
        "mode": "anonymous",
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "reminder_days": "",
        **fields,
    }
    return cast.client_for(person).post(
        reverse("surveys:wave-create", kwargs={"org": "acme"}), form
    )


def _stored(cast: Cast) -> list[tuple[int, int]]:
    return list(Wave.objects.values_list("threshold", "comment_threshold"))


def test_a_leaders_wave_has_the_organisations_thresholds(cast: Cast) -> None:
    wave = _wave(cast.leader)
    assert (wave.threshold, wave.comment_threshold) == (5, 10)
    same = _wave(cast.leader, threshold=5, comment_threshold=10)
    assert (same.threshold, same.comment_threshold) == (5, 10)


@pytest.mark.parametrize(("k", "comments"), [(3, 3), (3, None), (None, 5), (5, 12), (6, 10)])
def test_a_leader_cannot_lower_or_raise_them(
    cast: Cast, k: int | None, comments: int | None
) -> None:
    with pytest.raises(ValidationError) as refused:
        _wave(cast.leader, threshold=k, comment_threshold=comments)
    assert refused.value.messages == [LEADER_REFUSED]
    assert _stored(cast) == []


def test_an_organisation_with_a_lower_comment_threshold_lends_its_anonymity_threshold(
    cast: Cast,
) -> None:
    cast.organisation.comment_threshold = 4
    cast.organisation.save()
    wave = _wave(cast.leader)
    assert (wave.threshold, wave.comment_threshold) == (5, 5)


def test_an_admin_may_lower_the_anonymity_threshold_to_three(cast: Cast) -> None:
    wave = _wave(cast.admin, threshold=3, comment_threshold=10)
    assert (wave.threshold, wave.comment_threshold) == (3, 10)
    default = _wave(cast.admin, threshold=3)
    assert (default.threshold, default.comment_threshold) == (3, 10)
    higher = _wave(cast.admin, threshold=12)
    assert (higher.threshold, higher.comment_threshold) == (12, 12)


@pytest.mark.parametrize(
    ("k", "comments", "message"),
    [
        (2, 10, "The anonymity threshold must be at least 3."),
        (3, 3, "The comment threshold cannot be lower than the organisation's (10)."),
        (3, 9, "The comment threshold cannot be lower than the organisation's (10)."),
        (12, 10, "The comment threshold cannot be lower than the anonymity threshold (12)."),
    ],
)
def test_an_admin_stays_above_the_floors(cast: Cast, k: int, comments: int, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _wave(cast.admin, threshold=k, comment_threshold=comments)
    assert refused.value.messages == [message]
    assert _stored(cast) == []


def test_the_form_shows_a_leader_the_inherited_values_read_only(cast: Cast) -> None:
    page = cast.client_for(cast.leader).get(reverse("surveys:wave-create", kwargs={"org": "acme"}))
    html = page.content.decode()
    assert '<input type="number" name="threshold" value="5"' in html
    assert '<input type="number" name="comment_threshold" value="10"' in html
    assert html.count(" disabled ") + html.count(" disabled>") == 2
    assert html.count("Your organisation&#x27;s; only an admin can set another one.") == 2


def test_a_leaders_tampered_post_is_refused_and_stores_nothing(cast: Cast) -> None:
    refused = _post(cast, cast.leader, threshold="3", comment_threshold="3")
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [LEADER_REFUSED]
    assert _stored(cast) == []
    cast.leader.user.language = "de"
    cast.leader.user.save()
    with translation.override("en"):  # the request activates German in this thread
        german = _post(cast, cast.leader, comment_threshold="11")
    assert german.context["form"].non_field_errors() == [LEADER_REFUSED_DE]
    assert _stored(cast) == []


def test_a_leaders_post_as_the_browser_sends_it_stores_the_organisations(cast: Cast) -> None:
    created = _post(cast, cast.leader)
    assert created.status_code == 302
    assert _stored(cast) == [(5, 10)]
    echoed = _post(cast, cast.leader, threshold="5", comment_threshold="10")
    assert echoed.status_code == 302
    assert _stored(cast) == [(5, 10), (5, 10)]


def test_an_admin_posts_3_and_10_but_not_a_comment_threshold_of_3(cast: Cast) -> None:
    refused = _post(cast, cast.admin, threshold="3", comment_threshold="3")
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "The comment threshold cannot be lower than the organisation's (10)."
    ]
    assert _stored(cast) == []
    assert _post(cast, cast.admin, threshold="3", comment_threshold="10").status_code == 302
    assert _stored(cast) == [(3, 10)]


def _answered_team_wave(cast: Cast, created_by: Person, **options: Any) -> Wave:
    wave = _wave(created_by, leader=cast.leader, include_recommend=False, **options)
    for n in range(3):
        answer(wave, unit=cast.sales_dach, value=3, email=f"team{n}@x.test")
    return close_wave(wave=wave)


def test_the_team_mirror_still_needs_three_raters(cast: Cast) -> None:
    """An admin's team wave at 3 shows a team of 3; a leader's own wave (at 5) does not."""
    assessment = complete(cast.leader, answer=lambda item: 3)
    by_admin = _answered_team_wave(cast, cast.admin, threshold=3)
    mirror = build_team_mirror(wave=by_admin, assessment=assessment, language="en")
    assert mirror is not None and mirror.respondents == 3
    assert {row.gap.raters for row in mirror.items if row.gap} == {3}
    by_leader = _answered_team_wave(cast, cast.leader)
    assert (by_leader.threshold, by_leader.comment_threshold) == (5, 10)
    assert guard_for(by_leader).overall is None
    assert build_team_mirror(wave=by_leader, assessment=assessment, language="en") is None
