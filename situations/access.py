"""Who may see the situation table's records: one helper for every view of the app.

Without `situations.view_situation` the whole app does not exist for the user (404, not 403: an officer who does
not sit at the table should not learn what is recorded there). With it but without the permission a change needs
(supervisors read only), the answer is 403.
"""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

VIEW = "situations.view_situation"


def check(user, permission: str | None = None) -> None:
    if not user.is_authenticated or not user.has_perm(VIEW):
        raise Http404
    if permission and not user.has_perm(permission):
        raise PermissionDenied


class SituationAccessMixin(AccessMixin):
    """For class-based views: `permission_required` is the change permission (or empty for reading)."""

    permission_required: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check(request.user, self.permission_required or None)
        return super().dispatch(request, *args, **kwargs)
