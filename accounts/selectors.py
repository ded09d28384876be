from django.db.models import Max, Q

from .models import User


def two_factor_users(*, viewer: User) -> list[dict]:
    """Active users with a confirmed authenticator, with when it was set up and last used (one query).

    IT accounts (superusers) are listed to superusers only: only they may reset them.
    """
    users = User.objects.filter(is_active=True, totpdevice__confirmed=True)
    if not viewer.is_superuser:
        users = users.filter(is_superuser=False)
    rows = users.annotate(
        set_up=Max("totpdevice__created_at", filter=Q(totpdevice__confirmed=True)),
        last_used=Max("totpdevice__last_used_at", filter=Q(totpdevice__confirmed=True)),
    ).order_by("display_name", "username")
    return [{"user": u, "set_up": u.set_up, "last_used": u.last_used} for u in rows]
