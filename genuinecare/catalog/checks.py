from typing import Any

from django.core.checks import CheckMessage, Error, register

from genuinecare.catalog.registry import load_all
from genuinecare.catalog.schema import CatalogError


@register()
def catalogs_are_valid(**kwargs: Any) -> list[CheckMessage]:
    """Refuse to start with a broken catalog, naming file, item and problem."""
    try:
        load_all()
    except CatalogError as error:
        return [Error(problem, id="catalog.E001") for problem in error.problems]
    return []
