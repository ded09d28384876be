"""The officers whose kept dashboard panel a drill or follow-up action saved concerns (csu.cache scoped topic
"officer_drills"): the drill's lead officer and the officers assigned now to its school, before and after the
save, so that a drill moved to another school or officer leaves the previous officer's panel too."""

from django.db.models.signals import post_delete, post_save

from csu import cache


def _officers(school_ids, lead_ids) -> set[int]:
    from schools.models import Assignment

    school_ids = {pk for pk in school_ids if pk}
    assigned = Assignment.objects.current().filter(school_id__in=school_ids).values_list("officer_id", flat=True)
    return {pk for pk in lead_ids if pk} | (set(assigned) if school_ids else set())


def _bump(officer_ids) -> None:
    for officer_id in officer_ids:
        cache.changed("officer_drills", scope=officer_id)


def drill_changed(sender, instance, **kwargs) -> None:
    # The school and lead officer as read too: a save that moves the drill away refreshes the previous officer's
    # kept dashboard panel as well.
    school_before, lead_before = instance.loaded_value("school_id"), instance.loaded_value("lead_officer_id")
    _bump(_officers((instance.school_id, school_before), (instance.lead_officer_id, lead_before)))


def followup_changed(sender, instance, **kwargs) -> None:
    from .models import Drill

    owners = Drill.objects.filter(pk=instance.drill_id).values_list("school_id", "lead_officer_id").first()
    if owners is not None:
        _bump(_officers((owners[0],), (owners[1],)))


def connect() -> None:
    from .models import Drill, FollowUpAction

    for signal in (post_save, post_delete):
        signal.connect(drill_changed, sender=Drill, dispatch_uid=f"drills.signals.drill.{signal is post_save}")
        signal.connect(
            followup_changed, sender=FollowUpAction, dispatch_uid=f"drills.signals.followup.{signal is post_save}"
        )
