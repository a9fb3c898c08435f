"""A name is not an identity: the import never overwrites contact data on a name match alone.

Found while using the product: a row "Ana Ilić; Niš; 065 333 4444" matched the registered Ana
Ilić of Niš (phone 064 111 2222) by name and municipality and overwrote her phone. Now such a
row is a possible duplicate: nothing is written for it and the coordinator decides.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, TrainingParticipation
from core.exceptions import IllegalTransition, NotFound
from imports.models import ImportBatch, ImportDuplicate
from imports.parsing import BENEFICIARIES, read_table
from imports.services import (
    DUPLICATE,
    ImportReport,
    beneficiaries_import,
    import_batch_create,
    import_batch_run,
    import_batches_expire,
    import_duplicate_resolve,
)
from tests.factories import CandidateProfileFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

HEADER = "Ime i prezime;Opština;Telefon;E-mail;Obuka;Datum\n"
ROW = "Ana Ilić;Niš;065 333 4444;;Kuvar;01.04.2027.\n"


@pytest.fixture
def coordinator() -> User:
    organisation = OrganisationFactory.create(short_name="ENECA")
    organisation.districts.set([municipality("nis").district])
    return UserFactory.create(
        username="koordinator", role=User.Role.COORDINATOR, organisation=organisation
    )


@pytest.fixture
def ana() -> CandidateProfile:
    return CandidateProfileFactory.create(
        user=UserFactory.create(
            first_name="Ana", last_name="Ilić", phone="+381641112222", email="ana@example.org"
        ),
        municipality=municipality("nis"),
    )


def run(text: str, by: User, *, dry_run: bool = False) -> ImportReport:
    table = read_table(text.encode("utf-8"), kind=BENEFICIARIES)
    return beneficiaries_import(rows=table, by=by, dry_run=dry_run)


def imported_batch(text: str, by: User) -> ImportBatch:
    batch = import_batch_create(
        kind=BENEFICIARIES, file_name="lista.csv", content=text.encode("utf-8"), by=by
    )
    import_batch_run(batch_id=batch.pk, sha256=batch.sha256, by=by)
    batch.refresh_from_db()
    return batch


def test_a_name_match_with_another_phone_is_a_possible_duplicate_and_writes_nothing(
    coordinator: User, ana: CandidateProfile
) -> None:
    report = run(HEADER + ROW, coordinator)
    [row] = report.rows
    assert row.outcome == DUPLICATE and row.duplicate_of == ana.pk and row.differs_in == ["phone"]
    assert "+381641112222 in Spona, +381653334444 in the file" in row.note
    assert report.written and report.duplicates == 1 and report.valid == 0
    ana.user.refresh_from_db()
    assert ana.user.phone == "+381641112222"
    assert CandidateProfile.objects.count() == 1
    assert not TrainingParticipation.objects.exists()


def test_a_name_match_with_another_email_is_a_possible_duplicate(
    coordinator: User, ana: CandidateProfile
) -> None:
    report = run(HEADER + "Ana Ilić;Niš;;druga.ana@example.org;;\n", coordinator)
    assert report.rows[0].outcome == DUPLICATE and report.rows[0].differs_in == ["email"]
    ana.user.refresh_from_db()
    assert ana.user.email == "ana@example.org"


def test_a_name_match_fills_contact_data_the_person_does_not_have(coordinator: User) -> None:
    profile = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Ana", last_name="Ilić", phone="", email=""),
        municipality=municipality("nis"),
    )
    report = run(HEADER + "Ana Ilić;Niš;065 333 4444;ana@example.org;;\n", coordinator)
    assert report.updated == 1
    profile.user.refresh_from_db()
    assert (profile.user.phone, profile.user.email) == ("+381653334444", "ana@example.org")


def test_a_name_match_without_contact_data_in_the_row_is_the_same_person(
    coordinator: User, ana: CandidateProfile
) -> None:
    report = run(HEADER + "ANA ILIC;Niš;;;Kuvar;01.04.2027.\n", coordinator)
    assert report.updated == 1 and report.rows[0].changes == ["Obuka"]
    assert TrainingParticipation.objects.get().candidate == ana


def test_the_import_keeps_possible_duplicates_for_the_coordinator(
    coordinator: User, ana: CandidateProfile
) -> None:
    batch = imported_batch(HEADER + ROW + "Iva Ilić;Niš;;;;\n", coordinator)
    assert (batch.status, batch.created_count, batch.duplicate_count) == ("imported", 1, 1)
    duplicate = ImportDuplicate.objects.get()
    assert (duplicate.batch, duplicate.row_number, duplicate.candidate) == (batch, 2, ana)
    assert (duplicate.differs_in, duplicate.status) == ("phone", "open")


@pytest.mark.parametrize(
    ("resolution", "phone", "people", "status"),
    [
        ("update", "+381653334444", 1, ImportDuplicate.Status.UPDATED),
        ("keep", "+381641112222", 1, ImportDuplicate.Status.KEPT),
        ("new", "+381641112222", 2, ImportDuplicate.Status.NEW_PERSON),
    ],
)
def test_the_coordinator_settles_a_possible_duplicate(
    coordinator: User,
    ana: CandidateProfile,
    resolution: str,
    phone: str,
    people: int,
    status: str,
) -> None:
    imported_batch(HEADER + ROW, coordinator)
    duplicate = ImportDuplicate.objects.get()
    import_duplicate_resolve(duplicate_id=duplicate.pk, resolution=resolution, by=coordinator)
    ana.user.refresh_from_db()
    assert ana.user.phone == phone
    assert CandidateProfile.objects.count() == people
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.resolved_by) == (status, coordinator)
    # The row's training is recorded for whoever the row turned out to be.
    participant = TrainingParticipation.objects.get().candidate
    if resolution == "new":
        assert participant != ana and participant.user.phone == "+381653334444"
    else:
        assert participant == ana
    with pytest.raises(IllegalTransition):
        import_duplicate_resolve(duplicate_id=duplicate.pk, resolution="keep", by=coordinator)


def test_only_the_importer_settles_and_only_with_a_known_decision(
    coordinator: User, ana: CandidateProfile
) -> None:
    imported_batch(HEADER + ROW, coordinator)
    duplicate = ImportDuplicate.objects.get()
    other = UserFactory.create(role=User.Role.COORDINATOR, organisation=coordinator.organisation)
    with pytest.raises(NotFound):
        import_duplicate_resolve(duplicate_id=duplicate.pk, resolution="keep", by=other)
    with pytest.raises(ValidationError):
        import_duplicate_resolve(duplicate_id=duplicate.pk, resolution="merge", by=coordinator)


def test_uploads_past_the_retention_period_lose_their_file_and_open_duplicates_expire(
    coordinator: User, ana: CandidateProfile, settings: object
) -> None:
    old = imported_batch(HEADER + ROW, coordinator)
    recent = import_batch_create(
        kind=BENEFICIARIES, file_name="nova.csv", content=(HEADER + ROW).encode(), by=coordinator
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
    assert import_batches_expire() == 1
    assert import_batches_expire() == 0  # idempotent
    old.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(old.content) == b"" and old.content_erased_at is not None
    assert old.sha256 and old.duplicate_count == 1  # the record of the import remains
    assert bytes(recent.content) and recent.content_erased_at is None
    duplicate = ImportDuplicate.objects.get()
    assert duplicate.status == ImportDuplicate.Status.EXPIRED
    with pytest.raises(IllegalTransition):
        import_duplicate_resolve(duplicate_id=duplicate.pk, resolution="keep", by=coordinator)


def test_the_beat_task_expires_uploads(coordinator: User, eager_celery: None) -> None:
    from config.celery_app import app
    from imports.tasks import expire_uploads

    batch = import_batch_create(
        kind=BENEFICIARIES, file_name="a.csv", content=(HEADER + ROW).encode(), by=coordinator
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - dt.timedelta(days=365)
    )
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "imports.expire_uploads" in schedule
    assert expire_uploads.delay().get() == 1


def test_the_batch_page_shows_duplicates_and_settles_them(
    coordinator: User, ana: CandidateProfile
) -> None:
    batch = imported_batch(HEADER + ROW, coordinator)
    client = Client()
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "Possible duplicates" in page
    assert "+381653334444" in page and "+381641112222" in page
    duplicate = ImportDuplicate.objects.get()
    response = client.post(
        f"/coordinator/imports/batches/{batch.pk}/duplicates/{duplicate.pk}/",
        {"resolution": "update"},
    )
    assert response.status_code == 302
    ana.user.refresh_from_db()
    assert ana.user.phone == "+381653334444"
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "Same person, contact data updated from the file" in page


def test_the_dry_run_page_says_which_rows_are_possible_duplicates(
    coordinator: User, ana: CandidateProfile
) -> None:
    batch = import_batch_create(
        kind=BENEFICIARIES, file_name="lista.csv", content=(HEADER + ROW).encode(), by=coordinator
    )
    client = Client()
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(f"/coordinator/imports/batches/{batch.pk}/").content.decode()
    assert "possible duplicate" in page and "Possibly another person" in page
