from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MirrorConfig(AppConfig):
    name = "genuinecare.mirror"
    label = "mirror"
    verbose_name = _("Mirror")
