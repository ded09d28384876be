from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DrillsConfig(AppConfig):
    name = "drills"
    verbose_name = _("Lockdown drills")

    def ready(self) -> None:
        from . import signals

        signals.connect()
        # Appended here rather than listed in reports.figures, so that the list may move into a package.
        from reports import figures

        from .report_quality import drill_quality

        if drill_quality not in figures.SECTIONS:
            figures.SECTIONS.append(drill_quality)
