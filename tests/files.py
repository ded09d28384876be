"""Small real files for upload tests: the upload check parses PDFs and images, so magic bytes alone do not pass."""

import io
import zipfile


def real_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def real_image(kind: str = "PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format=kind)
    return buffer.getvalue()


def zip_bomb(name: str = "word/document.xml", size: int = 4 * 1024**3) -> bytes:
    """A docx-shaped zip, a few kilobytes on disk, whose central directory declares `size` bytes for one entry
    (the declared size is what extracting it would write; the check must refuse it without extracting)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, b"\x00" * (1024 * 1024))
    data = bytearray(buffer.getvalue())
    # Patch the entry's uncompressed size in the central directory (and its local header) to `size` (ZIP64 is not
    # needed below 4 GiB; 0xFFFFFFFF is the largest 32-bit value).
    declared = min(size, 0xFFFFFFFF).to_bytes(4, "little")
    encoded = name.encode()
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
        if bytes(data[offset + 46 : offset + 46 + name_length]) == encoded:
            data[offset + 24 : offset + 28] = declared
        offset += 4
    return bytes(data)


def small_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" * 20)
    return buffer.getvalue()
