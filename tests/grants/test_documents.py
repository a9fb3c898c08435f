"""Grant files are judged by content like CVs, and phone photos of receipts are accepted."""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grants.documents import grant_file_check
from grants.models import DocumentType


def image_bytes(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=kind)
    return buffer.getvalue()


def upload(data: bytes, name: str = "racun.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("kind", "expected"), [("JPEG", DocumentType.JPEG), ("PNG", DocumentType.PNG)]
)
def test_a_photo_is_accepted_by_its_content_whatever_its_name(kind: str, expected: str) -> None:
    checked = grant_file_check(upload(image_bytes(kind), "scan.pdf"))
    assert checked.content_type == expected
    assert checked.original_name == "scan.pdf"
    assert len(checked.sha256) == 64


def test_a_pdf_is_accepted() -> None:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert grant_file_check(upload(data, "plan.pdf")).content_type == DocumentType.PDF


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 10,  # a JPEG header and nothing after
        image_bytes("PNG")[:60],  # a truncated PNG
        b"MZ\x90\x00" + b"\x00" * 200,  # a Windows program named .jpg
        image_bytes("GIF"),  # a real image of a type we do not take
    ],
    ids=["fake-jpeg", "truncated-png", "executable", "gif"],
)
def test_disguised_or_broken_files_are_refused_naming_the_file(data: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        grant_file_check(upload(data))
    assert "file" in error.value.message_dict


def test_a_decompression_bomb_png_is_refused() -> None:
    # A PNG header claiming 20000 × 20000 pixels (400 megapixels) with a tiny body.
    def chunk(tag: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + tag + body + zlib.crc32(tag + body).to_bytes(4, "big")

    header = (20000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(ValidationError):
        grant_file_check(upload(data, "bomb.png"))


def test_an_empty_or_oversized_file_is_refused(settings: object) -> None:
    with pytest.raises(ValidationError, match="empty"):
        grant_file_check(upload(b""))
    settings.CV_MAX_BYTES = 100  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="larger"):
        grant_file_check(upload(image_bytes("PNG", (200, 200))))
