"""CV upload (type by content, size, zip-bomb guards), private storage and the guarded download."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from candidates.models import CandidateDocument, CandidateProfile, SensitiveDataAccess
from candidates.privacy import (
    MAX_DOCUMENTS_PER_CANDIDATE,
    candidate_document_delete,
    candidate_document_upload,
    document_download_name,
    sanitised_original_name,
)
from candidates.storage import private_storage
from companies.models import CompanyMembership
from matching.models import Match
from reference.models import District
from tests.factories import (
    CandidateProfileFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

DOCX_TYPE = CandidateDocument.ContentType.DOCX
PDF_TYPE = CandidateDocument.ContentType.PDF
MAIN_PART = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_PART = "application/vnd.ms-word.document.macroEnabled.main+xml"


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def content_types_xml(main: str = MAIN_PART, padding: int = 0) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        + " " * padding
        + "</Types>"
    )


def docx_bytes(
    *, main: str = MAIN_PART, with_document: bool = True, extra_members: int = 0, padding: int = 0
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types_xml(main, padding))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"/>',
        )
        if with_document:
            archive.writestr(
                "word/document.xml",
                '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
                "Marija Petrović – zavarivač</w:t></w:r></w:p></w:body></w:document>",
            )
        for index in range(extra_members):
            archive.writestr(f"word/media/part{index}.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "private"
    settings.PRIVATE_STORAGE_ROOT = root
    settings.MEDIA_ROOT = tmp_path / "media"
    return root


@pytest.fixture
def profile() -> CandidateProfile:
    return CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Marija", last_name="Petrović")
    )


# --- accepted files --------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_under_a_random_name(
    profile: CandidateProfile, private_root: Path
) -> None:
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("Marija Petrović CV.pdf", pdf_bytes())
    )
    assert document.content_type == PDF_TYPE
    assert document.size_bytes == len(pdf_bytes())
    assert document.original_name == "Marija Petrović CV.pdf"
    path = Path(private_storage.path(document.file.name))
    assert path.is_relative_to(private_root) and path.read_bytes() == pdf_bytes()
    assert "Marija" not in document.file.name and "Petrovi" not in document.file.name
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)


def test_a_docx_built_with_zipfile_is_accepted(profile: CandidateProfile) -> None:
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("cv.docx", docx_bytes())
    )
    assert document.content_type == DOCX_TYPE
    assert document.file.name.endswith(".docx")


def test_a_pdf_named_docx_is_accepted_as_the_pdf_it_is(profile: CandidateProfile) -> None:
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("cv.docx", pdf_bytes())
    )
    assert document.content_type == PDF_TYPE
    assert document.file.name.endswith(".pdf")
    assert document_download_name(document) == "cv.pdf"


def test_private_files_have_no_public_url(profile: CandidateProfile) -> None:
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("cv.pdf", pdf_bytes())
    )
    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url


# --- refused files ---------------------------------------------------------------------------


def _refused(profile: CandidateProfile, file: SimpleUploadedFile, private_root: Path) -> str:
    with pytest.raises(ValidationError) as error:
        candidate_document_upload(profile=profile, uploaded_file=file)
    assert not CandidateDocument.objects.exists()
    assert stored_files(private_root) == []
    messages = error.value.message_dict["file"]
    assert str(file.name) not in " ".join(messages)  # messages name the problem, not the file
    return messages[0]


def test_an_exe_named_pdf_is_refused(profile: CandidateProfile, private_root: Path) -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program cannot be run in DOS"
    message = _refused(profile, upload("životopis.pdf", exe), private_root)
    assert "PDF" in message and "docx" in message


def test_an_oversized_file_is_refused(
    profile: CandidateProfile, private_root: Path, settings: Any
) -> None:
    settings.CV_MAX_BYTES = 1024
    big = pdf_bytes() + b"%" * 2000
    message = _refused(profile, upload("cv.pdf", big), private_root)
    assert "larger than" in message


class LyingUpload(io.BytesIO):
    """An upload whose declared size is smaller than its content."""

    name = "cv.pdf"
    size = 10


def test_the_size_limit_counts_the_bytes_not_the_declared_size(
    profile: CandidateProfile, private_root: Path, settings: Any
) -> None:
    settings.CV_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        candidate_document_upload(profile=profile, uploaded_file=LyingUpload(pdf_bytes() * 50))
    assert "larger than" in error.value.message_dict["file"][0]
    assert stored_files(private_root) == []


def test_an_empty_file_is_refused(profile: CandidateProfile, private_root: Path) -> None:
    assert "empty" in _refused(profile, upload("cv.pdf", b""), private_root)


def test_a_zip_without_word_document_is_refused(
    profile: CandidateProfile, private_root: Path
) -> None:
    _refused(profile, upload("cv.docx", docx_bytes(with_document=False)), private_root)


def test_a_plain_zip_is_refused(profile: CandidateProfile, private_root: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _refused(profile, upload("cv.docx", buffer.getvalue()), private_root)


def test_a_macro_enabled_word_file_is_refused(
    profile: CandidateProfile, private_root: Path
) -> None:
    _refused(profile, upload("cv.docx", docx_bytes(main=MACRO_PART)), private_root)


def test_a_zip_bomb_content_types_part_is_refused_without_inflating_it(
    profile: CandidateProfile, private_root: Path
) -> None:
    bomb = docx_bytes(padding=20 * 1024 * 1024)  # 20 MiB of spaces, a few KiB compressed
    assert len(bomb) < 100 * 1024
    _refused(profile, upload("cv.docx", bomb), private_root)


def test_a_zip_with_too_many_members_is_refused(
    profile: CandidateProfile, private_root: Path
) -> None:
    _refused(profile, upload("cv.docx", docx_bytes(extra_members=1001)), private_root)


def test_a_truncated_docx_is_refused(profile: CandidateProfile, private_root: Path) -> None:
    _refused(profile, upload("cv.docx", docx_bytes()[:200]), private_root)


def test_a_candidate_keeps_a_bounded_number_of_documents(profile: CandidateProfile) -> None:
    for index in range(MAX_DOCUMENTS_PER_CANDIDATE):
        candidate_document_upload(
            profile=profile, uploaded_file=upload(f"{index}.pdf", pdf_bytes())
        )
    with pytest.raises(ValidationError) as error:
        candidate_document_upload(profile=profile, uploaded_file=upload("more.pdf", pdf_bytes()))
    assert "at most" in error.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\marija\\Марија ЦВ.docx", "Марија ЦВ.docx"),
        ('cv<img src="x" onerror=alert(1)>.pdf', "cvimg srcx onerroralert(1).pdf"),
        ("<b>cv</b>.pdf", "b.pdf"),  # a slash is a path separator: only the last part stays
        ("cv\x00\r\n.pdf", "cv.pdf"),
        ("   ..  ", ""),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_original_names_are_sanitised(given: str, kept: str) -> None:
    assert sanitised_original_name(given) == kept


# --- deletion --------------------------------------------------------------------------------


def test_deleting_a_document_removes_its_file_on_commit(
    profile: CandidateProfile,
    private_root: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("cv.pdf", pdf_bytes())
    )
    assert len(stored_files(private_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        candidate_document_delete(document=document)
    assert not CandidateDocument.objects.exists()
    assert stored_files(private_root) == []


def test_a_cascade_deletion_removes_files_too(
    profile: CandidateProfile,
    private_root: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    candidate_document_upload(profile=profile, uploaded_file=upload("cv.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        profile.user.delete()
    assert stored_files(private_root) == []


# --- download --------------------------------------------------------------------------------


@pytest.fixture
def world(profile: CandidateProfile) -> dict[str, Any]:
    """A Niš candidate with a CV, and people who may or may not download it."""
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])  # Nišavski
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])  # Pčinjski
    placement = PlacementFactory.create()
    company_member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=company_member, company=placement.company)
    match = Match.objects.create(
        candidate=profile, placement=placement, score=0.8, status=Match.Status.PROPOSED
    )
    document = candidate_document_upload(
        profile=profile, uploaded_file=upload("Marija CV.docx", pdf_bytes())
    )
    return {
        "document": document,
        "url": reverse("candidates:document-download", args=[document.pk]),
        "owner": profile.user,
        "other_candidate": CandidateProfileFactory.create(municipality=municipality("nis")).user,
        "coordinator": UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca),
        "other_coordinator": UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        "admin": UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True),
        "company_member": company_member,
        "match": match,
    }


def _get(user: User | None, url: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_the_owner_downloads_their_cv_as_an_attachment(world: dict[str, Any]) -> None:
    response = _get(world["owner"], world["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Marija CV.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert not SensitiveDataAccess.objects.exists()  # the candidate reading their own file


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_coordinators_of_the_district_and_admins_download_and_are_logged(
    world: dict[str, Any], who: str
) -> None:
    response = _get(world[who], world["url"])
    assert response.status_code == 200
    access = SensitiveDataAccess.objects.get()
    assert access.reader == world[who] and access.candidate == world["document"].candidate
    assert access.purpose == "document_download"
    assert access.outcome == SensitiveDataAccess.Outcome.GRANTED


@pytest.mark.parametrize("who", ["other_candidate", "other_coordinator", "company_member"])
def test_anyone_else_gets_404_as_if_there_were_no_document(world: dict[str, Any], who: str) -> None:
    assert _get(world[who], world["url"]).status_code == 404
    assert SensitiveDataAccess.objects.get().outcome == SensitiveDataAccess.Outcome.DENIED
    missing = reverse("candidates:document-download", args=[world["document"].pk + 1000])
    assert _get(world[who], missing).status_code == 404


def test_the_company_downloads_once_the_candidate_accepted(world: dict[str, Any]) -> None:
    assert _get(world["company_member"], world["url"]).status_code == 404
    Match.objects.filter(pk=world["match"].pk).update(status=Match.Status.CANDIDATE_ACCEPTED)
    assert _get(world["company_member"], world["url"]).status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(world: dict[str, Any]) -> None:
    response = _get(None, world["url"])
    assert response.status_code == 302
    assert not SensitiveDataAccess.objects.exists()
