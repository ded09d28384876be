"""Giving records to another person with their history kept (who, and why), for the apps' `handover.py`."""


def reassign(queryset, *, field: str, to_user, by, reason: str) -> int:
    """Set `field` to `to_user` on each row of `queryset`, one save each so that the history says who and why;
    the optimistic-locking `version` moves too, so that a form opened before the hand-over is told it is stale."""
    moved = 0
    for obj in queryset.select_for_update():
        setattr(obj, field, to_user)
        obj._history_user = by
        obj._change_reason = reason
        update_fields = [field]
        if hasattr(obj, "version"):
            obj.version += 1  # the row is locked (select_for_update): no lost increment
            update_fields.append("version")
        obj.save(update_fields=update_fields)
        moved += 1
    return moved
