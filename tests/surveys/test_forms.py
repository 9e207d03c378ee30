"""The wave form reads reminder days as ASCII whole numbers only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from genuinecare.surveys.models import Wave
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _form(cast: Cast, reminder_days: str) -> dict[str, object]:
    now = timezone.localtime()
    return {
        "title": "Autumn pulse",
        "audience": "employees",
        "catalog": "care",
        "languages": ["en"],
        "mode": "anonymous",
        "threshold": "3",
        # the organisation's: nobody may go below it
        "comment_threshold": "10",
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "reminder_days": reminder_days,
        "units": [str(cast.sales.pk)],
    }


@pytest.mark.parametrize("days", ["2, ²", "①", "٣", "3; 5.5", "-1"])
def test_reminder_days_in_other_digits_are_explained_and_nothing_is_created(
    cast: Cast, days: str
) -> None:
    client = cast.client_for(cast.admin)

    response = client.post(
        reverse("surveys:wave-create", kwargs={"org": "acme"}), _form(cast, days)
    )

    assert response.status_code == 200
    assert "Write whole numbers of days, separated by commas." in response.content.decode()
    assert Wave.objects.count() == 0


def test_ascii_reminder_days_are_kept(cast: Cast) -> None:
    client = cast.client_for(cast.admin)

    response = client.post(
        reverse("surveys:wave-create", kwargs={"org": "acme"}), _form(cast, "5; 2, 5")
    )

    assert response.status_code == 302
    assert Wave.objects.get().reminder_days == [2, 5]
