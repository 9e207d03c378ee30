from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The house's shell, on the top floor: root URLs, base layout, home page, ``care`` console.

    It may import every app; no app imports it.
    """

    name = "genuinecare.site"
    label = "site"
