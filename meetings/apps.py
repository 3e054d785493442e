from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Consultations")

    def ready(self):
        from . import search_index, signals  # noqa: F401 - signals connects its receivers

        search_index.connect()
