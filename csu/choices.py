"""Classifications shared by several apps: the unit's four pillars and the areas of Ontario's Community Safety and
Well-Being planning framework."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    EDUCATION = "education", _("Education")
    INCLUSION = "inclusion", _("Inclusion")
    OPPORTUNITY = "opportunity", _("Opportunity")
    FUNCTIONING_FAMILIES = "families", _("Functioning families")


class CswbArea(models.TextChoices):
    SOCIAL_DEVELOPMENT = "social_development", _("Social development")
    PREVENTION = "prevention", _("Prevention")
    RISK_INTERVENTION = "risk_intervention", _("Risk intervention")
    INCIDENT_RESPONSE = "incident_response", _("Incident response")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
