from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "genuinecare.identity"
    label = "identity"
    verbose_name = _("Sign-in and activation")

    def ready(self) -> None:
        from genuinecare.identity import receivers  # noqa: F401  (connects the import option)
