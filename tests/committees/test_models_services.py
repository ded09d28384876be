import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from committees import services
from committees.models import Meeting, MeetingAttachment
from committees.selectors import committees_represented_on
from csu.locking import StaleVersion
from tests.committees import factories as f
from tests.conftest import make_user
from tests.files import real_image, real_pdf

D = dt.date


@pytest.mark.django_db
def test_committees_represented_on_counts_committees_not_people(officer, other_officer, coordinator):
    drug = f.committee("Drug Strategy", active_from=D(2020, 1, 1))
    youth = f.committee("Youth Planning", active_from=D(2020, 1, 1))
    housing = f.committee("Housing Advisory", active_from=D(2020, 1, 1), active_to=D(2024, 12, 31))
    f.committee("Nobody There", active_from=D(2020, 1, 1))
    # Two people on the same committee count once.
    f.representation(drug, officer, D(2021, 1, 1))
    f.representation(drug, coordinator, D(2023, 6, 1), D(2024, 6, 30))
    f.representation(youth, other_officer, D(2024, 3, 1), D(2024, 8, 31))
    f.representation(housing, coordinator, D(2022, 1, 1))  # open-ended, but the committee ends 2024-12-31

    assert committees_represented_on(D(2020, 12, 31)) == 0
    assert committees_represented_on(D(2021, 1, 1)) == 1
    assert committees_represented_on(D(2024, 3, 1)) == 3
    assert committees_represented_on(D(2024, 8, 31)) == 3
    assert committees_represented_on(D(2024, 9, 1)) == 2
    assert committees_represented_on(D(2025, 1, 1)) == 1


@pytest.mark.django_db
def test_overlapping_representation_of_the_same_person_is_refused(officer):
    drug = f.committee()
    f.representation(drug, officer, D(2024, 1, 1), D(2024, 12, 31))
    from committees.models import Representation

    with pytest.raises(ValidationError):
        services.representation_save(
            representation=Representation(committee=drug, staff=officer, start=D(2024, 6, 1), role="member")
        )
    services.representation_save(
        representation=Representation(committee=drug, staff=officer, start=D(2025, 1, 1), role="chair")
    )


@pytest.mark.django_db
def test_meeting_outside_the_committee_active_period_is_refused():
    housing = f.committee("Housing", active_from=D(2022, 1, 1), active_to=D(2024, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.meeting_save(meeting=Meeting(committee=housing, starts_at=f.aware(D(2025, 1, 15))))
    assert "not active" in str(exc.value.message_dict["starts_at"])
    with pytest.raises(ValidationError):
        services.meeting_save(meeting=Meeting(committee=housing, starts_at=f.aware(D(2021, 12, 31))))
    services.meeting_save(meeting=Meeting(committee=housing, starts_at=f.aware(D(2024, 12, 31))))
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_stale_version_is_refused_and_the_row_unchanged():
    drug = f.committee()
    meeting = f.meeting(drug, f.aware(D(2025, 3, 3)), location="City Hall")
    first = Meeting.objects.get(pk=meeting.pk)
    second = Meeting.objects.get(pk=meeting.pk)
    first.location = "Police HQ"
    services.meeting_save(meeting=first, expected_version=1)
    second.location = "Library"
    with pytest.raises(StaleVersion):
        services.meeting_save(meeting=second, expected_version=1)
    meeting.refresh_from_db()
    assert (meeting.location, meeting.version) == ("Police HQ", 2)


@pytest.mark.django_db
def test_cancelling_needs_a_reason():
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason="  ")
    services.meeting_cancel(meeting=meeting, reason="No quorum")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "No quorum")


# --- Attachments ----------------------------------------------------------------------------------------

PDF = real_pdf()
PNG = real_image("PNG")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("agenda.pdf", PDF),
        ("photo.png", PNG),
        ("photo.JPG", real_image("JPEG")),
        ("minutes.docx", _docx()),
    ],
)
@pytest.mark.django_db
def test_attachment_accepted_when_content_matches(name, content, coordinator, settings):
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    attachment = services.attachment_add(
        meeting=meeting, uploaded=SimpleUploadedFile(name, content), kind="agenda", by=coordinator
    )
    assert attachment.size == len(content)
    assert attachment.original_name == name
    # Stored under MEDIA_ROOT with a random name, not the user's.
    assert str(settings.MEDIA_ROOT) in attachment.file.path
    assert name not in attachment.file.name


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("agenda.pdf", b"MZ\x90\x00 this is an exe", "content"),  # wrong magic bytes
        ("minutes.docx", PDF, "content"),  # a PDF renamed .docx
        ("sheet.xlsx", _docx(), "content"),  # a Word zip renamed .xlsx
        ("script.exe", PDF, "type"),
        ("notes.txt", b"hello", "type"),
        ("empty.pdf", b"", "content"),
    ],
)
@pytest.mark.django_db
def test_attachment_refused_by_type_or_content(name, content, code, coordinator):
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            meeting=meeting, uploaded=SimpleUploadedFile(name, content), kind="other", by=coordinator
        )
    assert exc.value.error_dict["file"][0].code == code
    assert MeetingAttachment.objects.count() == 0


@pytest.mark.django_db
def test_attachment_over_10_mb_is_refused(coordinator):
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(meeting=meeting, uploaded=big, kind="other", by=coordinator)
    assert exc.value.error_dict["file"][0].code == "size"
    exactly = SimpleUploadedFile("ok.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
    services.attachment_add(meeting=meeting, uploaded=exactly, kind="other", by=coordinator)
    assert MeetingAttachment.objects.count() == 1


@pytest.mark.django_db
def test_attachment_download_is_access_checked(coordinator, coordinator_client, officer_client, client):
    norole = make_user("norole")  # a signed-in account with no role holds no permission
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    attachment = services.attachment_add(
        meeting=meeting, uploaded=SimpleUploadedFile("agenda.pdf", PDF), kind="agenda", by=coordinator
    )
    url = f"/committees/attachments/{attachment.pk}/download/"
    response = officer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(norole)  # django-axes' backend refuses login() without a request
    assert client.get(url).status_code == 403
    assert coordinator_client.get("/committees/attachments/999999/download/").status_code == 404


@pytest.mark.django_db
def test_attachment_upload_view_shows_the_error_next_to_the_field(coordinator_client, officer_client):
    meeting = f.meeting(f.committee(), f.aware(D(2025, 3, 3)))
    url = f"/committees/meetings/{meeting.pk}/attachments/"
    fake = SimpleUploadedFile("agenda.pdf", b"not a pdf at all")
    response = coordinator_client.post(url, {"file": fake, "kind": "agenda"})
    assert response.status_code == 400
    assert "is not a .pdf file" in response.content.decode()
    assert officer_client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "agenda"}).status_code == 403
    assert MeetingAttachment.objects.count() == 0
    assert coordinator_client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "kind": "agenda"}).status_code == 302
    assert MeetingAttachment.objects.count() == 1
