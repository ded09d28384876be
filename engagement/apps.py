from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Community engagement")

    def ready(self):
        from reports import icpi
        from reports.figures import SECTIONS

        from .report import blockwatch_initiatives, engagement_initiative, engagement_section

        if engagement_section not in SECTIONS:
            SECTIONS.append(engagement_section)
        for provider in (engagement_initiative, blockwatch_initiatives):
            if provider not in icpi.PROVIDERS:
                icpi.PROVIDERS.append(provider)
