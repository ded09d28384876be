from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Awareness weeks and events")

    def ready(self) -> None:
        # The five weeks are reference data: a data migration creates them, and this puts them back after a
        # database flush (which also emits post_migrate), as accounts does for the role groups.
        post_migrate.connect(ensure_default_weeks, sender=self)
        from . import signals  # noqa: F401  (feed links are revoked with the password or the account)


def ensure_default_weeks(sender=None, using="default", **kwargs) -> None:
    from .models import AwarenessWeek
    from .weeks import DEFAULT_WEEKS

    for code, name_en, name_fr, description, rule in DEFAULT_WEEKS:
        AwarenessWeek.objects.using(using).get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr, "description": description, "rule": rule}
        )
