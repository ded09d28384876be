from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreatsConfig(AppConfig):
    name = "threats"
    verbose_name = _("Threat assessments")

    def ready(self) -> None:
        # The annual report's sections are a list in reports.figures; this app appends its own from here, so that
        # the list's module may become a package without losing it. Once only, should ready() run twice.
        from reports import figures

        from .report import threat_assessments

        if threat_assessments not in figures.SECTIONS:
            figures.SECTIONS.append(threat_assessments)
