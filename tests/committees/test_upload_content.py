"""What a file really is (issue 15): a PDF must parse, images must decode, and an Office zip that would expand
past the limit (or absurdly) is refused. Each case passed the old magic-bytes check."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from committees import services
from committees.models import MeetingAttachment
from tests.committees import factories as f
from tests.files import real_image, real_pdf, small_docx, zip_bomb

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def _add(name: str, content: bytes, coordinator):
    meeting = f.meeting(f.committee(), f.aware(dt.date(2025, 3, 3)))
    return services.attachment_add(
        meeting=meeting, uploaded=SimpleUploadedFile(name, content), kind="other", by=coordinator
    )


def _refused(name: str, content: bytes, coordinator) -> str:
    with pytest.raises(ValidationError) as exc:
        _add(name, content, coordinator)
    assert MeetingAttachment.objects.count() == 0
    return exc.value.error_dict["file"][0].code


@pytest.mark.parametrize(
    "name,content",
    [
        ("payload.pdf", b"%PDF-1.7\n" + ELF),
        ("payload.pdf", b"%PDF-1.4\n%%EOF\n" + ELF),
        ("payload.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),  # no xref, no pages
        ("photo.png", b"\x89PNG\r\n\x1a\n" + ELF),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + ELF),
    ],
)
def test_magic_bytes_followed_by_something_else_are_refused(name, content, coordinator):
    assert _refused(name, content, coordinator) == "content"


def test_a_zip_bomb_declaring_4_gib_is_refused_without_being_expanded(coordinator):
    bomb = zip_bomb(size=4 * 1024**3)
    assert len(bomb) < 10_000
    assert _refused("minutes.docx", bomb, coordinator) == "expanded_size"


def test_an_absurdly_compressed_office_file_is_refused(coordinator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))  # 20 MB of zeros
    data = buffer.getvalue()
    assert len(data) < 100_000
    assert _refused("sheet.xlsx", data, coordinator) == "expanded_size"


@pytest.mark.parametrize(
    "name,content",
    [
        ("agenda.pdf", real_pdf()),
        ("photo.png", real_image("PNG")),
        ("photo.jpeg", real_image("JPEG")),
        ("minutes.docx", small_docx()),
    ],
)
def test_real_files_are_accepted(name, content, coordinator):
    assert _add(name, content, coordinator).size == len(content)
