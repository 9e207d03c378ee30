from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibConfig(AppConfig):
    """Shared helpers that know nothing of the apps (no models); registers the deployment checks."""

    name = "genuinecare.lib"
    label = "lib"
    verbose_name = _("Genuine Care")

    def ready(self) -> None:
        from genuinecare.lib import checks  # noqa: F401 - registers the deployment checks
