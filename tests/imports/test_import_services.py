"""Beneficiary and company imports: create, update, unchanged, errors, dry run, valid only."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.models import User
from candidates.models import CandidateProfile, Training, TrainingParticipation
from companies.models import Company
from core.exceptions import PermissionDeniedError
from imports.parsing import BENEFICIARIES, COMPANIES, read_table
from imports.services import ImportReport, beneficiaries_import, companies_import
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
    pib_with_check_digit,
)

pytestmark = pytest.mark.django_db

HEADER = "Ime i prezime;Opština;Telefon;Obuka;Datum\n"
PIB_A = pib_with_check_digit("10170150")
PIB_B = pib_with_check_digit("10170151")


@pytest.fixture
def coordinator() -> User:
    organisation = OrganisationFactory.create(short_name="ENECA")
    organisation.districts.set([municipality("nis").district, municipality("pirot").district])
    return UserFactory.create(
        username="koordinator", role=User.Role.COORDINATOR, organisation=organisation
    )


def run(text: str, by: User, *, dry_run: bool = False, valid_only: bool = False) -> ImportReport:
    table = read_table(text.encode("utf-8"), kind=BENEFICIARIES)
    return beneficiaries_import(rows=table, by=by, dry_run=dry_run, valid_only=valid_only)


def run_companies(
    text: str, by: User, *, dry_run: bool = False, valid_only: bool = False
) -> ImportReport:
    table = read_table(text.encode("utf-8"), kind=COMPANIES)
    return companies_import(rows=table, by=by, dry_run=dry_run, valid_only=valid_only)


def errors_of(report: ImportReport) -> list[tuple[int, str, str]]:
    return [
        (row.number, error.column, error.message) for row in report.rows for error in row.errors
    ]


GOOD = (
    HEADER
    + "Marija Petrović;Niš;064 123 4567;Osnove rada na računaru;15.03.2027.\n"
    + "Jelena Stojanovic;Pirot;;Osnove rada na racunaru;15.03.2027.\n"
    + "Стефан Николић;Ниш;+381 63 765 4321;Kuvar;01.04.2027.\n"
)


def test_beneficiaries_are_created_with_profile_training_and_participation(
    coordinator: User,
) -> None:
    report = run(GOOD, coordinator)
    assert (report.created, report.updated, report.unchanged, report.errors) == (3, 0, 0, 0)
    assert report.written
    marija = CandidateProfile.objects.get(user__last_name="Petrović")
    assert marija.user.first_name == "Marija"
    assert marija.user.phone == "+381641234567"
    assert not marija.user.has_usable_password()
    assert marija.category == CandidateProfile.Category.TRAINED_BENEFICIARY
    assert marija.municipality.code == "nis"
    jelena = CandidateProfile.objects.get(user__last_name="Stojanovic")
    assert jelena.municipality.code == "pirot"
    stefan = CandidateProfile.objects.get(user__last_name="Николић")
    assert stefan.municipality.code == "nis"
    # "računaru" and "racunaru" on the same date are one training of the organisation.
    training = Training.objects.get(start_date=dt.date(2027, 3, 15))
    assert training.organisation == coordinator.organisation
    assert set(training.participations.values_list("candidate_id", flat=True)) == {
        marija.pk,
        jelena.pk,
    }
    assert Training.objects.count() == 2


def test_reimporting_the_same_file_changes_nothing(coordinator: User) -> None:
    run(GOOD, coordinator)
    before = (User.objects.count(), Training.objects.count(), TrainingParticipation.objects.count())
    again = run(GOOD, coordinator)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 3, 0)
    after = (User.objects.count(), Training.objects.count(), TrainingParticipation.objects.count())
    assert after == before


def test_the_same_person_in_the_other_script_without_diacritics_is_unchanged(
    coordinator: User,
) -> None:
    run(HEADER + "Ђорђе Петровић;Пирот;;;\n", coordinator)
    report = run(HEADER + "Djordje Petrovic;PIROT;;;\n", coordinator)
    assert report.unchanged == 1
    assert CandidateProfile.objects.get().user.first_name == "Ђорђе"


def test_a_person_found_by_phone_is_updated_even_with_another_name_or_municipality(
    coordinator: User,
) -> None:
    run(HEADER + "Ana Ilić;Niš;064 111 2222;;\n", coordinator)
    moved = run(HEADER + "Ana Ilić;Pirot;064 111 2222;;\n", coordinator)
    assert moved.updated == 1 and moved.rows[0].changes == ["Opština"]
    married = run(HEADER + "Ana Jović;Pirot;064 111 2222;;\n", coordinator)
    assert married.updated == 1 and married.rows[0].changes == ["Ime i prezime"]
    profile = CandidateProfile.objects.get()
    assert (profile.user.last_name, profile.municipality.code) == ("Jović", "pirot")
    assert User.objects.filter(role=User.Role.CANDIDATE).count() == 1


def test_a_new_training_for_a_known_person_is_an_update(coordinator: User) -> None:
    run(HEADER + "Ana Ilić;Niš;064 111 2222;Kuvar;01.04.2027.\n", coordinator)
    report = run(HEADER + "Ana Ilić;Niš;064 111 2222;Konobar;01.05.2027.\n", coordinator)
    assert report.updated == 1 and report.rows[0].changes == ["Obuka"]
    assert TrainingParticipation.objects.count() == 2


def test_every_kind_of_bad_row_is_reported_and_nothing_is_saved(coordinator: User) -> None:
    text = (
        HEADER
        + "Marija Petrović;Niš;064 123 4567;Kuvar;15.03.2027.\n"  # 2: fine
        + ";Niš;;;\n"  # 3: no name
        + "Ana Ilić;Atlantida;;;\n"  # 4: unknown municipality
        + "Iva Ilić;Niš;12345;;\n"  # 5: bad phone
        + "Eva Ilić;Niš;;Kuvar;35.03.2027.\n"  # 6: bad date
        + "Marija Petrovic;Nis;0641234567;kuvar;15.03.2027\n"  # 7: repeats row 2
        + "Mila Ilić;Vranje;;;\n"  # 8: outside the coordinator's districts
    )
    report = run(text, coordinator)
    assert not report.written
    assert report.errors == 6
    assert errors_of(report) == [
        (3, "Ime i prezime", "Give the first and the last name."),
        (4, "Opština", "Unknown municipality “Atlantida”."),
        (5, "Telefon", "“12345” is not a phone number."),
        (6, "Datum", "“35.03.2027.” is not a date (write it as dd.mm.yyyy.)."),
        (7, "Ime i prezime", "Rows 2 and 7 are the same person."),
        (8, "Opština", "Vranje is outside your districts."),
    ]
    assert not CandidateProfile.objects.exists()
    assert not Training.objects.exists()


def test_valid_only_imports_exactly_the_valid_rows(coordinator: User) -> None:
    text = HEADER + "Marija Petrović;Niš;;;\n" + "Ana Ilić;Atlantida;;;\n" + "Iva Ilić;Pirot;;;\n"
    report = run(text, coordinator, valid_only=True)
    assert report.written and (report.created, report.errors) == (2, 1)
    assert sorted(CandidateProfile.objects.values_list("user__first_name", flat=True)) == [
        "Iva",
        "Marija",
    ]


def test_dry_run_writes_nothing_but_reports_what_would_happen(coordinator: User) -> None:
    users = User.objects.count()
    report = run(GOOD, coordinator, dry_run=True)
    assert (report.created, report.errors, report.written) == (3, 0, False)
    assert User.objects.count() == users
    assert not Training.objects.exists()


def test_a_person_registered_outside_the_districts_is_not_touched(coordinator: User) -> None:
    CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Ana", last_name="Ilić", phone="+381641112222"),
        municipality=municipality("vranje"),
    )
    report = run(HEADER + "Ana Ilić;Niš;064 111 2222;;\n", coordinator)
    assert errors_of(report) == [
        (2, "Ime i prezime", "This person is registered outside your districts.")
    ]
    assert CandidateProfile.objects.get().municipality.code == "vranje"


def test_an_unknown_category_and_a_training_without_date_are_errors(coordinator: User) -> None:
    text = "Ime;Prezime;Opština;Kategorija;Obuka\nAna;Ilić;Niš;astronaut;Kuvar\n"
    report = run(text, coordinator)
    columns = [column for _number, column, _message in errors_of(report)]
    assert columns == ["Kategorija", "Date"]  # no date column: its English label


def test_category_column_accepts_words_in_either_language(coordinator: User) -> None:
    text = "Ime;Prezime;Opština;Kategorija\nAna;Ilić;Niš;Graduate\nIva;Ilić;Niš;ostalo\n"
    run(text, coordinator)
    assert dict(CandidateProfile.objects.values_list("user__first_name", "category")) == {
        "Ana": "graduate",
        "Iva": "other_jobseeker",
    }


def test_only_coordinators_import(coordinator: User) -> None:
    candidate = UserFactory.create()
    with pytest.raises(PermissionDeniedError):
        run(GOOD, candidate)


# --- companies ----------------------------------------------------------------------------

COMPANY_HEADER = "Naziv;PIB;MB;Opština;Delatnost;E-mail;Telefon\n"


def test_companies_are_created_and_reimport_is_unchanged(coordinator: User) -> None:
    text = (
        COMPANY_HEADER
        + f"Južna pekara d.o.o.;{PIB_A};20000001;Niš;C;info@pekara.rs;018 123 456\n"
        + f"Tekstil d.o.o.;{PIB_B};20000002;Пирот;Manufacturing;;\n"
    )
    report = run_companies(text, coordinator)
    assert (report.created, report.errors) == (2, 0)
    pekara = Company.objects.get(pib=PIB_A)
    assert (pekara.sector, pekara.contact_phone, pekara.municipality.code) == (
        "C",
        "+38118123456",
        "nis",
    )
    assert Company.objects.get(pib=PIB_B).sector == "C"
    again = run_companies(text, coordinator)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_changed_company_is_updated_by_pib(coordinator: User) -> None:
    CompanyFactory.create(pib=PIB_A, mb="20000001", legal_name="Stari naziv", sector="C")
    report = run_companies(
        COMPANY_HEADER + f"Novi naziv d.o.o.;{PIB_A};20000001;Niš;I;;\n", coordinator
    )
    assert report.updated == 1
    assert report.rows[0].changes == ["Naziv", "Delatnost"]
    company = Company.objects.get(pib=PIB_A)
    assert (company.legal_name, company.sector) == ("Novi naziv d.o.o.", "I")


def test_bad_company_rows_are_reported_and_nothing_saved(coordinator: User) -> None:
    text = (
        COMPANY_HEADER
        + f"Dobra firma;{PIB_A};20000001;Niš;C;;\n"
        + "Losa firma;100000033;20000003;Niš;C;;\n"
        + f"Ponovo;{PIB_A};20000004;Niš;C;;\n"
        + f"Bez sektora;{PIB_B};2000;Niš;Z;nije-mejl;\n"
    )
    report = run_companies(text, coordinator)
    assert errors_of(report) == [
        (3, "PIB", "“100000033” is not a valid PIB (9 digits with a check digit)."),
        (4, "PIB", "Rows 2 and 4 are the same company (same PIB)."),
        (5, "MB", "“2000” is not a valid MB (8 digits)."),
        (5, "Delatnost", "Unknown sector “Z”; use the KD 2010 section letter A–U."),
        (5, "E-mail", "“nije-mejl” is not an e-mail address."),
    ]
    assert not Company.objects.exists()


def test_a_company_mb_taken_by_another_is_a_row_error(coordinator: User) -> None:
    CompanyFactory.create(pib=PIB_B, mb="20000001")
    report = run_companies(COMPANY_HEADER + f"Firma;{PIB_A};20000001;Niš;C;;\n", coordinator)
    [(number, column, _message)] = errors_of(report)
    assert (number, column) == (2, "MB")
