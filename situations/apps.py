from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationsConfig(AppConfig):
    name = "situations"
    verbose_name = _("Situation table")

    def ready(self) -> None:
        # Plug into the annual report and the ICPI export without editing them (both are lists read at run time).
        from reports import icpi
        from reports.figures import SECTIONS

        from .icpi import situation_tables
        from .report import situations_section

        if situations_section not in SECTIONS:
            SECTIONS.append(situations_section)
        if situation_tables not in icpi.PROVIDERS:
            icpi.PROVIDERS.append(situation_tables)
