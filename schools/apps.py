from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools")

    def ready(self) -> None:
        # Appended here rather than listed in reports.figures, so that the list may move into a package.
        from reports import figures

        from .report_outcomes import call_outcomes

        if call_outcomes not in figures.SECTIONS:
            figures.SECTIONS.append(call_outcomes)
