import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import AwarenessWeek, Event
from events.services import event_cancel, event_save
from tests.committees import factories as f

D = dt.date


def _event(**kw):
    kw.setdefault("title", "Mall display")
    return Event(**kw)


@pytest.mark.django_db
def test_event_must_fall_within_its_awareness_week():
    crime = AwarenessWeek.objects.get(code="crime-prevention-week")  # 2025: Nov 2–8
    inside = _event(awareness_week=crime, starts_at=f.aware(D(2025, 11, 8), 10), ends_at=f.aware(D(2025, 11, 8), 12))
    event_save(event=inside)
    outside = _event(awareness_week=crime, starts_at=f.aware(D(2025, 11, 9), 10), ends_at=f.aware(D(2025, 11, 9), 12))
    with pytest.raises(ValidationError) as exc:
        event_save(event=outside)
    assert exc.value.message_dict["awareness_week"] == [
        "Crime Prevention Week 2025 runs from 2025-11-02 to 2025-11-08; the event must take place within it."
    ]
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_event_must_end_after_it_starts():
    same = f.aware(D(2025, 6, 1), 10)
    with pytest.raises(ValidationError):
        event_save(event=_event(starts_at=same, ends_at=same))


@pytest.mark.django_db
def test_event_cancel_keeps_the_row_with_its_reason():
    event = event_save(event=_event(starts_at=f.aware(D(2025, 6, 1), 10), ends_at=f.aware(D(2025, 6, 1), 12)))
    with pytest.raises(ValidationError):
        event_cancel(event=event, reason="")
    event_cancel(event=event, reason="Thunderstorm warning")
    event.refresh_from_db()
    assert (event.status, event.cancel_reason, event.version) == ("cancelled", "Thunderstorm warning", 2)
    assert event.history.count() == 2


@pytest.mark.django_db
def test_event_form_rejects_negative_attendance_and_out_of_week_dates(coordinator_client):
    crime = AwarenessWeek.objects.get(code="crime-prevention-week")
    response = coordinator_client.post(
        "/events/new/",
        {
            "title": "Display",
            "type": "awareness_week",
            "awareness_week": crime.pk,
            "starts_at": "2025-11-20T10:00",
            "ends_at": "2025-11-20T12:00",
            "expected_attendance": "-5",
            "status": "planned",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in html
    assert not Event.objects.exists()
    response = coordinator_client.post(
        "/events/new/",
        {
            "title": "Display",
            "type": "awareness_week",
            "awareness_week": crime.pk,
            "starts_at": "2025-11-20T10:00",
            "ends_at": "2025-11-20T12:00",
            "status": "planned",
        },
    )
    assert "runs from 2025-11-02 to 2025-11-08" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_stale_event_edit_is_refused(coordinator_client):
    event = event_save(event=_event(starts_at=f.aware(D(2025, 6, 1), 10), ends_at=f.aware(D(2025, 6, 1), 12)))
    data = {
        "title": "Renamed",
        "type": "community",
        "starts_at": "2025-06-01T10:00",
        "ends_at": "2025-06-01T12:00",
        "status": "planned",
        "version": 1,
    }
    assert coordinator_client.post(f"/events/{event.pk}/edit/", data).status_code == 302
    data["title"] = "Overwrite"
    response = coordinator_client.post(f"/events/{event.pk}/edit/", data)
    assert "changed by someone else" in response.content.decode()
    event.refresh_from_db()
    assert (event.title, event.version) == ("Renamed", 2)
