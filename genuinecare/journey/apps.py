from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JourneyConfig(AppConfig):
    name = "genuinecare.journey"
    label = "journey"
    verbose_name = _("Journey")

    def ready(self) -> None:
        # The weekly digest (practice, a floor below) carries the journey's nudges.
        from genuinecare.journey.nudges import digest_items
        from genuinecare.practice.digest import register_digest_items

        register_digest_items(digest_items)
