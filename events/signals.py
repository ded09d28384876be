"""Feed links die with the credentials that made them: a password change or a deactivation revokes them.

A receiver rather than a call in each service on purpose: passwords and the active flag are changed by the
password pages, the admin's user and password forms, `manage.py changepassword` and shell scripts; the links must
be revoked whichever path saved the user.
"""

from django.contrib.auth.hashers import check_password
from django.db.models.signals import pre_save
from django.dispatch import receiver

from accounts.models import CalendarToken, User


def _same_password(user: User, old_hash: str) -> bool:
    """A new hash of the same password (Django re-hashes at sign-in when its hasher settings change) is no change."""
    raw = getattr(user, "_password", None)
    return raw is not None and check_password(raw, old_hash)


@receiver(pre_save, sender=User, dispatch_uid="events.revoke_feed_links")
def revoke_feed_links(sender, instance: User, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login at each sign-in: no extra query
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    from .services import calendar_tokens_revoke_all

    if before["password"] != instance.password and not _same_password(instance, before["password"]):
        calendar_tokens_revoke_all(user=instance, reason=CalendarToken.RevokedBecause.PASSWORD_CHANGED)
    elif before["is_active"] and not instance.is_active:
        calendar_tokens_revoke_all(user=instance, reason=CalendarToken.RevokedBecause.DEACTIVATED)
