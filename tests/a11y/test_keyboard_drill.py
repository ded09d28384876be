"""Log a drill with the keyboard only, on a phone-sized screen, as an officer in a school would."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from drills.models import Drill

from .browser import PHONE, complete_form_by_keyboard, new_context, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_a_drill_with_the_keyboard_only(demo, browser, live_server):
    officer = demo["officer"]
    school = officer.assignments.filter(end__isnull=True).select_related("school").first().school
    # The form proposes today; 09:30 must be in the past, so the clock (server thread included) is moved to 15:00
    # of this same day: nothing else about the demo data changes.
    afternoon = timezone.localtime().replace(hour=15, minute=0, second=0, microsecond=0)
    today = afternoon.date()
    before = Drill.objects.filter(school=school, status=Drill.Status.COMPLETED).count()
    context = new_context(browser, viewport=PHONE)
    page = context.new_page()
    with time_machine.travel(afternoon, tick=True):
        # Signed in at the moved time: a session from the real "now" may look idle for hours at 15:00.
        sign_in_by_cookie(context, live_server, officer)
        page.goto(f"{live_server.url}{reverse('drills:drill_log')}?school={school.pk}")
        stops = complete_form_by_keyboard(
            page,
            {
                "Start time": "0930A",
                "End time": "0942A",
                "Time to secure (seconds)": "95",
                "Students taking part (count)": "412",
                "Satisfactory": "yes",
            },
            submit="Save",
        )
    drill = Drill.objects.filter(school=school, status=Drill.Status.COMPLETED).order_by("-pk").first()
    errors = page.locator(".invalid-feedback, #form-errors").all_inner_texts()
    assert Drill.objects.filter(school=school, status=Drill.Status.COMPLETED).count() == before + 1, (errors, stops)
    start = timezone.localtime(drill.conducted_start)
    assert (start.date(), start.hour, start.minute) == (today, 9, 30)
    assert timezone.localtime(drill.conducted_end).minute == 42
    assert (drill.time_to_secure, drill.students_count, drill.outcome) == (95, 412, "satisfactory")
    assert drill.lead_officer == officer
    context.close()
