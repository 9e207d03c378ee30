"""The journey's team pages."""

from typing import Any

from django.urls import URLPattern

from genuinecare.journey.models import Journey
from genuinecare.people.models import Person

urlpatterns: list[URLPattern] = []


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of this part."""
    return {}
