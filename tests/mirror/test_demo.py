"""The demo organisation carries completed self-assessments with a trend for the CIO."""

from io import StringIO

import pytest
from django.core.management import call_command

from genuinecare.mirror.access import shared_assessments
from genuinecare.mirror.models import Assessment
from genuinecare.mirror.report import build_trend
from genuinecare.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_has_a_cio_trend_and_a_shared_self_assessment() -> None:
    call_command("demo", stdout=StringIO())

    cio = Person.objects.get(email="cio@lindenhof.example")
    attempts = list(Assessment.objects.filter(person=cio).order_by("submitted_at"))
    assert len(attempts) == 2 and all(a.is_submitted for a in attempts)
    trend = build_trend(attempts, language="en")
    assert trend is not None and trend.series[0] == "Soil index"
    first, second = (row.values[0] for row in trend.rows)
    assert first is not None and second is not None and second > first
    admin = Person.objects.get(email="admin@lindenhof.example")
    shared = shared_assessments(admin)
    assert attempts[1] in shared and attempts[0] not in shared
    assert Assessment.objects.filter(submitted_at__isnull=False).count() == 4
