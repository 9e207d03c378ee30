from typing import Any

from django.http import HttpRequest


def current_membership(request: HttpRequest) -> dict[str, Any]:
    """The membership resolved by the view (if any), for navigation."""
    return {"membership": getattr(request, "membership", None)}
