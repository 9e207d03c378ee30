from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "genuinecare.catalog"
    label = "catalog"
    verbose_name = _("Question catalogs")

    def ready(self) -> None:
        from genuinecare.catalog import checks  # noqa: F401 - registers the start-up check
