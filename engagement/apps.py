from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Community engagement")

    def ready(self):
        from csu.services import address_refused
        from reports import icpi
        from reports.figures import SECTIONS

        from .report import blockwatch_initiatives, engagement_initiative, engagement_section
        from .services import on_address_refused

        address_refused.connect(on_address_refused, dispatch_uid="engagement.on_address_refused")

        if engagement_section not in SECTIONS:
            SECTIONS.append(engagement_section)
        for provider in (engagement_initiative, blockwatch_initiatives):
            if provider not in icpi.PROVIDERS:
                icpi.PROVIDERS.append(provider)
