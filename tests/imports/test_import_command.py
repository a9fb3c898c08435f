"""The import_beneficiaries management command."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from candidates.models import CandidateProfile
from tests.factories import OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

TEXT = "Ime i prezime;Opština;Telefon\nAna Ilić;Niš;064 111 2222\nIva Ilić;Atlantida;\n"


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "lista.csv"
    path.write_text(TEXT, encoding="utf-8")
    organisation = OrganisationFactory.create(short_name="NEXUS")
    organisation.districts.set([municipality("nis").district])
    UserFactory.create(username="koord", role=User.Role.COORDINATOR, organisation=organisation)
    return path


def test_dry_run_reports_and_writes_nothing(csv_file: Path) -> None:
    out = io.StringIO()
    call_command("import_beneficiaries", str(csv_file), "--as", "koord", "--dry-run", stdout=out)
    assert "row 3 [Opština]: Unknown municipality “Atlantida”." in out.getvalue()
    assert "dry run, nothing written: created 1" in out.getvalue()
    assert not CandidateProfile.objects.exists()


def test_errors_refuse_the_import_unless_valid_only(csv_file: Path) -> None:
    with pytest.raises(CommandError, match="nothing written"):
        call_command("import_beneficiaries", str(csv_file), "--as", "koord", stdout=io.StringIO())
    assert not CandidateProfile.objects.exists()
    call_command(
        "import_beneficiaries", str(csv_file), "--as", "koord", "--valid-only", stdout=io.StringIO()
    )
    assert CandidateProfile.objects.get().user.phone == "+381641112222"
