import datetime as dt
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from drills.models import FollowUpAction

from . import factories as f

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _drill(officer, *, board_code="OCDSB"):
    school = f.school("Aspen Public School", officer=officer, board_code=board_code)
    school.name_fr = "École publique Aspen"
    school.contact_email = "principal@aspen.example"
    school.save()
    drill = f.drill(
        school,
        officer,
        when=f.at(2025, 10, 1, 10, 5),
        time_to_secure=95,
        problems_found="Room 12 door would not lock.",
        outcome="follow_up",
        police_role="observed",
    )
    FollowUpAction.objects.create(
        drill=drill, description="Repair the door closer", owner="Head custodian", due_on=dt.date(2025, 10, 15)
    )
    return drill


def test_officer_downloads_a_one_page_copy(officer_client, officer, tmp_path):
    drill = _drill(officer)
    response = officer_client.get(reverse("drills:drill_principal_copy", args=[drill.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "Aspen Public School" in text and "10:05" in text and "95 seconds" in text
    assert "Room 12 door would not lock." in text
    assert "Repair the door closer" in text and "Head custodian" in text and "2025-10-15" in text
    assert "Led by the school, officer observing" in text
    assert text.count("\f") <= 1  # one page


def test_french_school_gets_a_french_copy_by_email(officer_client, officer, tmp_path):
    f.board("CEPEO").__class__.objects.filter(code="CEPEO").update(language="fr")
    drill = _drill(officer, board_code="CEPEO")
    response = officer_client.post(reverse("drills:drill_principal_copy_send", args=[drill.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["principal@aspen.example"] and "École publique Aspen" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    text = _pdf_text(content, tmp_path)
    assert "Problèmes relevés" in text and "Responsable" in text and "Agent des services communautaires" in text


def test_no_copy_of_a_scheduled_drill_and_no_send_by_get(officer_client, officer, coordinator_client):
    school = f.school("Birch", officer=officer)
    drill = f.drill(school, officer, when=f.at(2026, 5, 1), status="scheduled")
    assert officer_client.get(reverse("drills:drill_principal_copy", args=[drill.pk])).status_code == 404
    done = _drill(officer)
    assert officer_client.get(reverse("drills:drill_principal_copy_send", args=[done.pk])).status_code == 405
    assert coordinator_client.post(reverse("drills:drill_principal_copy_send", args=[done.pk])).status_code == 403
