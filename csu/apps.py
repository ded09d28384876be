from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CsuConfig(AppConfig):
    name = "csu"
    verbose_name = _("CSU core")

    def ready(self) -> None:
        from . import audit, cache  # noqa: F401  (audit: its receivers connect on import)

        cache.connect()
