from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CsuConfig(AppConfig):
    name = "csu"
    verbose_name = _("CSU core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import audit, cache  # noqa: F401  (audit: its receivers connect on import)
        from .seeds import restore_reference_data

        cache.connect()
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="csu.restore_reference_data")
