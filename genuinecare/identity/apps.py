from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "genuinecare.identity"
    label = "identity"
    verbose_name = _("Sign-in and activation")

    def ready(self) -> None:
        # Connects the import's invite option and the people list's sign-in column.
        from genuinecare.identity import columns, receivers  # noqa: F401
