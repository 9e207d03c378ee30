from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "genuinecare.identity"
    label = "identity"
    verbose_name = _("Sign-in and activation")

    def ready(self) -> None:
        # Connect the import's invite option and sign-in's audit entries.
        from genuinecare.identity import events, receivers  # noqa: F401
