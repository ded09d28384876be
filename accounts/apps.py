from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from .middleware import on_signed_in
        from .roles import sync_role_permissions

        user_logged_in.connect(on_signed_in, dispatch_uid="accounts.on_signed_in")

        # Keep the role groups in step after every migrate or flush. Once (sender=self), not once per app:
        # the sync makes every app's content types and permissions itself (a flush took 10 s when it ran 44 times).
        post_migrate.connect(sync_role_permissions, sender=self, dispatch_uid="accounts.sync_role_permissions")
