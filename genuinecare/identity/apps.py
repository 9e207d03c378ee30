from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "genuinecare.identity"
    label = "identity"
    verbose_name = _("Sign-in and activation")

    def ready(self) -> None:
        # Connect the import's invite option, the people list's sign-in column and sign-in's
        # audit entries.
        from genuinecare.identity import columns, events, receivers  # noqa: F401
