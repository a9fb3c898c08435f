"""Grant files (application documents and receipts) checked the way CVs are: by content.

`candidates.privacy.upload_check` bounds the size while reading and rejects empty files; the
type is judged here from the bytes: PDF and Word (.docx) as for CVs, and — because receipts
and quotes are often photographed with a phone — JPEG and PNG images, opened with Pillow and
verified (a truncated or disguised file fails), with a pixel limit against decompression bombs.
"""

from __future__ import annotations

import warnings
from typing import IO, Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from candidates.privacy import CheckedUpload, detect_document_type, upload_check
from grants.models import DocumentType

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# 40 megapixels: any phone photo; far below what would exhaust memory when decoded.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": DocumentType.JPEG, "PNG": DocumentType.PNG}


def _image_type(upload: IO[bytes]) -> str | None:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                expected = IMAGE_FORMATS.get(str(image.format))
                width, height = image.size
                if expected is None or width * height > MAX_IMAGE_PIXELS:
                    return None
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    except Image.DecompressionBombWarning:
        return None
    return expected


def detect_grant_file_type(upload: IO[bytes]) -> str | None:
    """PDF, DOCX, JPEG or PNG by the file's content; None for anything else."""
    upload.seek(0)
    head = upload.read(len(PNG_MAGIC))
    if head.startswith(JPEG_MAGIC) or head.startswith(PNG_MAGIC):
        return _image_type(upload)
    return detect_document_type(upload)


def grant_file_check(uploaded_file: Any) -> CheckedUpload:
    """Raises ValidationError({"file": ...}) naming why a file is refused."""
    return upload_check(
        uploaded_file,
        type_message=_("Upload a PDF, a Word (.docx) document or a photo (JPEG or PNG)."),
        detect=detect_grant_file_type,
    )
