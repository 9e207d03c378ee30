from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers, base templates and project-wide commands (no models)."""

    name = "genuinecare.lib"
    label = "lib"
    verbose_name = _("Genuine Care")

    def ready(self) -> None:
        from genuinecare.lib import checks  # noqa: F401 - registers the deployment checks
