"""Turn django-simple-history rows into "who, when, what changed" for the record pages."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

_ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
# Bookkeeping fields whose changes say nothing to a reader.
_HIDDEN_FIELDS = {"version", "updated_at"}


def history_entries(obj, limit: int = 100) -> list[dict]:
    """Newest first. Two queries (history rows with their users), plus one per many-to-many field and one per
    related model of a foreign key that changed.

    Foreign keys and many-to-many changes (recorded by simple-history as ids and lists of through rows) are shown
    as the related objects' names; a related row that no longer exists shows as "#id (deleted)".
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    m2m_fields = {f.name: f for f in obj._meta.many_to_many}
    entries = []
    wanted_ids: dict[str, set] = defaultdict(set)
    # A model naming whose work a record is (`history_on_behalf_of = "responding_officer"`) shows "X for Y" when
    # the person who typed it is not that person.
    on_behalf_of = getattr(type(obj), "history_on_behalf_of", "")
    wanted_fk: dict[type, set] = defaultdict(set)
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in _HIDDEN_FIELDS:
                    continue
                field = record.instance_type._meta.get_field(change.field)
                if change.field in m2m_fields:
                    key = m2m_fields[change.field].m2m_reverse_field_name()
                    old, new = _through_ids(change.old, key), _through_ids(change.new, key)
                    wanted_ids[change.field] |= old | new
                    changes.append({"field": field.verbose_name, "m2m": change.field, "old": old, "new": new})
                    continue
                if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
                    related = field.related_model
                    ids = {v for v in (change.old, change.new) if v not in (None, "")}
                    wanted_fk[related] |= ids
                    changes.append({"field": field.verbose_name, "fk": related, "old": change.old, "new": change.new})
                    continue
                changes.append(
                    {
                        "field": getattr(field, "verbose_name", change.field),
                        "old": _display(field, change.old),
                        "new": _display(field, change.new),
                    }
                )
        worker_id = getattr(record, f"{on_behalf_of}_id", None) if on_behalf_of else None
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "for_id": worker_id if worker_id is not None and worker_id != record.history_user_id else None,
                "action": _ACTIONS.get(record.history_type, record.history_type),
                "changes": changes,
            }
        )
    names = {
        name: {o.pk: str(o) for o in m2m_fields[name].related_model._default_manager.filter(pk__in=ids)}
        for name, ids in wanted_ids.items()
    }
    worker_ids = {e["for_id"] for e in entries if e["for_id"]}
    workers = {}
    if worker_ids:
        model = type(obj)._meta.get_field(on_behalf_of).related_model
        workers = {u.pk: str(u) for u in model._default_manager.filter(pk__in=worker_ids)}
    # One query per related model, whatever the number of rows and changes.
    fk_names = {
        model: {o.pk: str(o) for o in model._default_manager.filter(pk__in=ids)}
        for model, ids in wanted_fk.items()
        if ids
    }
    for entry in entries:
        entry["for"] = workers.get(entry.pop("for_id"), "")
        for change in entry["changes"]:
            field_name = change.pop("m2m", None)
            if field_name:
                for side in ("old", "new"):
                    change[side] = ", ".join(sorted(_name(names[field_name], i) for i in change[side]))
            related = change.pop("fk", None)
            if related is not None:
                for side in ("old", "new"):
                    value = change[side]
                    change[side] = "" if value in (None, "") else _name(fk_names.get(related, {}), value)
    return entries


def _name(names: dict, pk) -> str:
    """The related object's name, or its id marked as deleted when the row is gone."""
    if pk in names:
        return names[pk]
    return str(_("#%(id)s (deleted)") % {"id": pk})


def _through_ids(value, key: str) -> set:
    if not isinstance(value, list):
        return set()
    return {row.get(key) for row in value if isinstance(row, dict) and row.get(key) is not None}


def _display(field, value):
    if value in (None, ""):
        return ""
    choices = getattr(field, "flatchoices", None)
    if choices:
        return dict(choices).get(value, value)
    return value


def recent_changes(limit: int = 50) -> list[dict]:
    """The latest `limit` history rows across EVERY model with HistoricalRecords, newest first, in ONE query
    (a UNION of the history tables), whatever the number of models or rows."""
    from django.apps import apps
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast

    parts = []
    tracked = [m for m in apps.get_models() if getattr(m._meta, "simple_history_manager_attribute", None)]
    for model in sorted(tracked, key=lambda m: m._meta.label):
        history_model = getattr(model, model._meta.simple_history_manager_attribute).model
        parts.append(
            history_model.objects.annotate(
                model_label=Value(str(model._meta.verbose_name), output_field=CharField()),
                object_id=Cast(model._meta.pk.attname, output_field=CharField()),
                who=F("history_user__username"),
            ).values_list("history_date", "history_type", "model_label", "object_id", "who", "history_change_reason")
        )
    if not parts:
        return []
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = query.order_by("-history_date")[:limit]
    return [
        {
            "when": when,
            "action": _ACTIONS.get(kind, kind),
            "model": label,
            "object_id": object_id,
            "who": who or "",
            "reason": reason or "",
        }
        for when, kind, label, object_id, who, reason in rows
    ]
