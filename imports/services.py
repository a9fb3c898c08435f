"""Bulk imports: beneficiaries (with their trainings) and companies, with dry runs and batches.

One code path for the dry run and the import: every row is written inside a savepoint, and a
dry run (or an import refused because of errors) rolls the whole transaction back. So the
dry-run report is exactly what the import would do, and the import re-validates every row
against the database as it is then.

Natural keys (what makes a row "the same" as a stored record):
- a beneficiary: the normalised phone (+381…) if the row has one and someone has it; else
  the folded full name (script, case, diacritics and word order ignored: "Đorđe Petrović" =
  "ПЕТРОВИЋ ЂОРЂЕ" = "Petrovic Djordje") in the same municipality;
- a company: its PIB.
A blank cell never clears a stored value.

A name is not an identity: two people in a municipality can share one. So a match on the name
alone never overwrites contact data. It fills a phone or e-mail the person does not have yet;
where the row's phone or e-mail differs from the stored one, the row is a **possible duplicate**:
nothing is written for it, and after the import the coordinator decides (`ImportDuplicate`,
`import_duplicate_resolve`): the same person (take the file's contact data, or keep the stored
ones) or another person (add them).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import (
    coordinates_candidate,
    coordinates_company,
    coordinates_municipality,
    role_of,
)
from accounts.services import user_create
from candidates.models import CandidateProfile, Training, TrainingParticipation
from candidates.services import (
    candidate_profile_create,
    candidate_profile_update,
    training_create,
    training_participation_record,
)
from companies.models import Company
from companies.services import company_create, company_update
from core.choices import NaceSection
from core.exceptions import ApplicationError, IllegalTransition, NotFound, PermissionDeniedError
from core.services import validated_save
from core.validators import mb_is_valid, pib_is_valid, validate_date_in_range
from imports.models import ImportBatch, ImportDuplicate
from imports.parsing import (
    BENEFICIARIES,
    COMPANIES,
    MAX_FILE_BYTES,
    Row,
    Table,
    normalize_phone,
    parse_date,
    read_table,
)
from matching.engine.normalize import fold, slugify_sr
from matching.selectors import municipality_find
from reference.models import Municipality

# Beneficiaries come from training attendance lists, so unless a "Category" column says
# otherwise they are the programme's trained beneficiaries.
DEFAULT_CATEGORY = CandidateProfile.Category.TRAINED_BENEFICIARY

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
ERROR = "error"
DUPLICATE = "duplicate"

# How a coordinator settles a possible duplicate.
SAME_PERSON_UPDATE = "update"
SAME_PERSON_KEEP = "keep"
NEW_PERSON = "new"
RESOLUTIONS = (SAME_PERSON_UPDATE, SAME_PERSON_KEEP, NEW_PERSON)


@dataclass(frozen=True)
class RowError:
    column: str  # the header as the file wrote it (or the column's label)
    message: str


@dataclass
class RowResult:
    number: int
    outcome: str
    label: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicate_of: int | None = None  # the candidate profile a possible duplicate resembles
    differs_in: list[str] = field(default_factory=list)  # "phone", "email"
    note: str = ""


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    valid_only: bool
    rows: list[RowResult] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def valid(self) -> int:
        """Rows the import writes (possible duplicates wait for a decision)."""
        return len(self.rows) - self.errors - self.duplicates


class RowInvalid(Exception):
    """A row's problems, keyed by canonical column name."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class PossibleDuplicate(Exception):
    """The row's name matches a stored person whose phone or e-mail differs."""

    def __init__(
        self,
        profile: CandidateProfile,
        differs_in: list[str],
        label: str,
        *,
        phone: str,
        email: str,
    ) -> None:
        super().__init__(profile.pk, differs_in)
        self.profile = profile
        self.differs_in = differs_in
        self.label = label
        self.phone = phone
        self.email = email

    def note(self) -> str:
        """For the coordinator (who coordinates the person's municipality): what differs."""
        user = self.profile.user
        parts = []
        if "phone" in self.differs_in:
            parts.append(
                _("phone %(stored)s in Spona, %(file)s in the file")
                % {"stored": user.phone, "file": self.phone}
            )
        if "email" in self.differs_in:
            parts.append(
                _("e-mail %(stored)s in Spona, %(file)s in the file")
                % {"stored": user.email, "file": self.email}
            )
        return _(
            "Possibly another person: %(name)s in %(municipality)s is registered with the same "
            "name but %(differences)s. Not imported; you decide after the import."
        ) % {
            "name": user.get_full_name(),
            "municipality": self.profile.municipality.name_latn,
            "differences": "; ".join(parts),
        }


def _add(errors: dict[str, list[str]], column: str, message: str) -> None:
    errors.setdefault(column, []).append(message)


def _require_importer(by: User) -> None:
    if role_of(by) not in (User.Role.COORDINATOR, User.Role.ADMIN):
        raise PermissionDeniedError(_("Only programme coordinators can import data."))


def _municipality(
    row: Row, by: User, errors: dict[str, list[str]], column: str = "municipality"
) -> Municipality | None:
    written = row.text(column)
    if not written:
        _add(errors, column, _("The municipality is missing."))
        return None
    found = municipality_find(written)
    if found is None:
        _add(errors, column, _("Unknown municipality “%(name)s”.") % {"name": written})
        return None
    if not coordinates_municipality(by, found):
        _add(
            errors,
            column,
            _("%(name)s is outside your districts.") % {"name": found.name_latn},
        )
        return None
    return found


def _phone(row: Row, column: str, errors: dict[str, list[str]]) -> str:
    written = row.text(column)
    try:
        return normalize_phone(written)
    except ValueError:
        _add(errors, column, _("“%(value)s” is not a phone number.") % {"value": written})
        return ""


def _email(row: Row, column: str, errors: dict[str, list[str]]) -> str:
    written = row.text(column).lower()
    if written:
        try:
            validate_email(written)
        except ValidationError:
            _add(errors, column, _("“%(value)s” is not an e-mail address.") % {"value": written})
            return ""
    return written


def _date(row: Row, column: str, errors: dict[str, list[str]]) -> Any:
    try:
        value = parse_date(row.cells.get(column))
    except (ValueError, TypeError):
        _add(
            errors,
            column,
            _("“%(value)s” is not a date (write it as dd.mm.yyyy.).") % {"value": row.text(column)},
        )
        return None
    try:
        validate_date_in_range(value)
    except ValidationError as exc:
        _add(errors, column, " ".join(exc.messages))
        return None
    return value


def name_key(first_name: str, last_name: str) -> str:
    """A person's name for comparison: folded words in sorted order."""
    return " ".join(sorted(fold(f"{first_name} {last_name}").split()))


def _split_name(full: str) -> tuple[str, str]:
    """ "Ana Marija Petrović" -> ("Ana Marija", "Petrović"): the last word is the surname."""
    words = full.split()
    if len(words) < 2:
        return (full, "")
    return (" ".join(words[:-1]), words[-1])


@functools.cache
def _category_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {
        "diplomac": CandidateProfile.Category.GRADUATE,
        "diplomirani": CandidateProfile.Category.GRADUATE,
        "polaznik obuke": CandidateProfile.Category.TRAINED_BENEFICIARY,
        "korisnik": CandidateProfile.Category.TRAINED_BENEFICIARY,
        "obuka": CandidateProfile.Category.TRAINED_BENEFICIARY,
        "ostalo": CandidateProfile.Category.OTHER_JOBSEEKER,
        "drugo": CandidateProfile.Category.OTHER_JOBSEEKER,
        "nezaposlen": CandidateProfile.Category.OTHER_JOBSEEKER,
    }
    for value, label in CandidateProfile.Category.choices:
        aliases[fold(value)] = value
        for language in ("en", "sr-latn", "sr"):
            with translation.override(language):
                aliases[fold(str(label))] = value
    return aliases


@functools.cache
def _sector_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for value, label in NaceSection.choices:
        aliases[fold(value)] = value
        for language in ("en", "sr-latn", "sr"):
            with translation.override(language):
                text = str(label)
            aliases[fold(text)] = value
            if "–" in text:
                aliases[fold(text.split("–", 1)[1])] = value
    return aliases


@dataclass
class _Context:
    """What one import run remembers between rows."""

    by: User
    table: Table
    seen: dict[Any, int] = field(default_factory=dict)  # in-file key -> first row number
    people_by_name: dict[tuple[int, str], list[int]] | None = None
    trainings: dict[tuple[str, Any], Training] = field(default_factory=dict)
    touched_profiles: set[int] = field(default_factory=set)
    # A coordinator's decision on a possible duplicate: (row number, resolution, profile id).
    resolution: tuple[int, str, int] | None = None


def _duplicate(ctx: _Context, key: Any, row: Row, column: str, what: str) -> None:
    first = ctx.seen.get(key)
    if first is not None:
        raise RowInvalid(
            {
                column: [
                    _("Rows %(first)d and %(second)d are the same %(what)s.")
                    % {"first": first, "second": row.number, "what": what}
                ]
            }
        )
    ctx.seen[key] = row.number


# --- beneficiaries ------------------------------------------------------------------------


def _people_index(ctx: _Context) -> dict[tuple[int, str], list[int]]:
    """Profile ids by (municipality, folded name): built once per run, kept current."""
    if ctx.people_by_name is None:
        index: dict[tuple[int, str], list[int]] = {}
        for profile_id, municipality_id, first, last in CandidateProfile.objects.values_list(
            "pk", "municipality_id", "user__first_name", "user__last_name"
        ):
            index.setdefault((municipality_id, name_key(first, last)), []).append(profile_id)
        ctx.people_by_name = index
    return ctx.people_by_name


def _remember_person(ctx: _Context, municipality: Municipality, key: str, profile_id: int) -> None:
    _people_index(ctx).setdefault((municipality.pk, key), []).append(profile_id)


def _find_person(
    ctx: _Context, *, phone: str, key: str, municipality: Municipality
) -> tuple[CandidateProfile | None, bool]:
    """The stored person the row is about, and whether they were found by the name alone."""
    profiles = CandidateProfile.objects.select_related("user", "municipality")
    if phone:
        by_phone = list(profiles.filter(user__phone=phone)[:2])
        if len(by_phone) > 1:
            raise RowInvalid({"phone": [_("Several people have this phone number.")]})
        if by_phone:
            return by_phone[0], False
    ids = _people_index(ctx).get((municipality.pk, key), [])
    if len(ids) > 1:
        raise RowInvalid(
            {"full_name": [_("Several people with this name live in this municipality.")]}
        )
    return (profiles.get(pk=ids[0]), True) if ids else (None, False)


def _contact_conflicts(user: User, *, phone: str, email: str) -> list[str]:
    """Contact data the row gives that differ from (not merely fill) the stored ones."""
    differs = []
    if phone and user.phone and user.phone != phone:
        differs.append("phone")
    if email and user.email and user.email.lower() != email:
        differs.append("email")
    return differs


def _unique_username(first_name: str, last_name: str) -> str:
    base = (slugify_sr(f"{first_name} {last_name}") or "korisnik")[:120].replace("-", ".")
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}.{number}"
    return username


def _training(
    ctx: _Context, *, title: str, start: Any, end: Any, municipality: Municipality
) -> tuple[Training, bool]:
    key = (fold(title), start)
    if key in ctx.trainings:
        return ctx.trainings[key], False
    organisation = ctx.by.organisation
    if organisation is None:  # the row check refuses this before
        raise RowInvalid({"training": [_("Your account belongs to no organisation.")]})
    for training in Training.objects.filter(organisation=organisation, start_date=start):
        if fold(training.title) == key[0]:
            ctx.trainings[key] = training
            return training, False
    training = training_create(
        organisation=organisation,
        title=title,
        municipality=municipality,
        start_date=start,
        end_date=end or start,
    )
    ctx.trainings[key] = training
    return training, True


def _beneficiary_row(row: Row, ctx: _Context) -> RowResult:
    errors: dict[str, list[str]] = {}
    headers = ctx.table.headers
    if "full_name" in headers and row.text("full_name"):
        first_name, last_name = _split_name(row.text("full_name"))
        name_column = "full_name"
    else:
        first_name, last_name = row.text("first_name"), row.text("last_name")
        name_column = "full_name" if "full_name" in headers else "first_name"
    label = f"{first_name} {last_name}".strip()
    if not first_name or not last_name:
        _add(errors, name_column, _("Give the first and the last name."))
    municipality = _municipality(row, ctx.by, errors)
    phone = _phone(row, "phone", errors)
    email = _email(row, "email", errors)
    category = ""
    if row.text("category"):
        category = _category_aliases().get(fold(row.text("category")), "")
        if not category:
            _add(
                errors,
                "category",
                _("Unknown category “%(value)s”; use: %(allowed)s.")
                % {
                    "value": row.text("category"),
                    "allowed": ", ".join(str(c.label) for c in CandidateProfile.Category),
                },
            )
    title = row.text("training")
    start = _date(row, "date", errors)
    end = _date(row, "end_date", errors)
    if title and start is None and "date" not in errors:
        _add(errors, "date", _("Give the date of the training."))
    if start is not None and not title:
        _add(errors, "training", _("Give the name of the training."))
    if start and end and end < start:
        _add(errors, "end_date", _("A training cannot end before it starts."))
    if title and ctx.by.organisation_id is None:
        _add(
            errors,
            "training",
            _("Your account belongs to no organisation, so trainings cannot be recorded."),
        )
    if errors or municipality is None:
        raise RowInvalid(errors)
    key = name_key(first_name, last_name)
    person_key = ("phone", phone) if phone else ("name", key, municipality.pk)
    training_key = (fold(title), start) if title else None
    _duplicate(ctx, (person_key, training_key), row, name_column, _("person"))

    resolution = ctx.resolution if ctx.resolution and ctx.resolution[0] == row.number else None
    overwrite_contact = True
    if resolution is None:
        profile, by_name_only = _find_person(ctx, phone=phone, key=key, municipality=municipality)
        if profile is not None and by_name_only:
            differs = _contact_conflicts(profile.user, phone=phone, email=email)
            if differs:
                raise PossibleDuplicate(profile, differs, label, phone=phone, email=email)
    elif resolution[1] == NEW_PERSON:
        profile, by_name_only = _find_person(ctx, phone=phone, key="", municipality=municipality)
    else:
        profile = CandidateProfile.objects.select_related("user").get(pk=resolution[2])
        overwrite_contact = resolution[1] == SAME_PERSON_UPDATE
    changes: list[str] = []
    if profile is None:
        user = user_create(
            username=_unique_username(first_name, last_name),
            password=None,
            role=User.Role.CANDIDATE,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            email=email,
        )
        profile = candidate_profile_create(
            user=user, category=category or DEFAULT_CATEGORY, municipality=municipality
        )
        _remember_person(ctx, municipality, key, profile.pk)
        outcome = CREATED
    else:
        if not coordinates_candidate(ctx.by, profile):
            raise RowInvalid(
                {name_column: [_("This person is registered outside your districts.")]}
            )
        user = profile.user
        user_changes: list[str] = []
        if name_key(user.first_name, user.last_name) != key:
            user.first_name, user.last_name = first_name, last_name
            user_changes += ["first_name", "last_name"]
            changes.append(str(ctx.table.header(name_column)))
        if phone and user.phone != phone and (overwrite_contact or not user.phone):
            user.phone = phone
            user_changes.append("phone")
            changes.append(ctx.table.header("phone"))
        if email and user.email != email and (overwrite_contact or not user.email):
            user.email = email
            user_changes.append("email")
            changes.append(ctx.table.header("email"))
        if user_changes:
            validated_save(user, exclude=["password"])
        profile_changes: dict[str, object] = {}
        if profile.municipality_id != municipality.pk:
            profile_changes["municipality"] = municipality
            changes.append(ctx.table.header("municipality"))
        if category and profile.category != category:
            profile_changes["category"] = category
            changes.append(ctx.table.header("category"))
        if profile_changes:
            candidate_profile_update(profile=profile, **profile_changes)
            if "municipality" in profile_changes:
                _remember_person(ctx, municipality, key, profile.pk)
        outcome = UPDATED if changes else UNCHANGED
    if title:
        training, _new = _training(
            ctx, title=title, start=start, end=end, municipality=municipality
        )
        if not TrainingParticipation.objects.filter(training=training, candidate=profile).exists():
            training_participation_record(training=training, profile=profile)
            if outcome != CREATED:
                changes.append(ctx.table.header("training"))
                outcome = UPDATED
    ctx.touched_profiles.add(profile.pk)
    return RowResult(number=row.number, outcome=outcome, label=label, changes=changes)


BENEFICIARY_FIELD_COLUMNS = {
    "first_name": "full_name",
    "last_name": "full_name",
    "username": "full_name",
    "phone": "phone",
    "email": "email",
    "municipality": "municipality",
    "category": "category",
    "title": "training",
    "start_date": "date",
    "end_date": "end_date",
}


# --- companies ----------------------------------------------------------------------------


def _registration_number(row: Row, column: str, digits: int) -> str:
    text = row.text(column).replace(" ", "")
    if isinstance(row.cells.get(column), int | float) and text.isdigit():
        text = text.zfill(digits)  # Excel dropped the leading zeros of a number cell
    return text


def _company_row(row: Row, ctx: _Context) -> RowResult:
    errors: dict[str, list[str]] = {}
    legal_name = row.text("legal_name")
    if not legal_name:
        _add(errors, "legal_name", _("The company's legal name is missing."))
    pib = _registration_number(row, "pib", 9)
    if not pib:
        _add(errors, "pib", _("The PIB is missing."))
    elif not pib_is_valid(pib):
        _add(
            errors,
            "pib",
            _("“%(value)s” is not a valid PIB (9 digits with a check digit).") % {"value": pib},
        )
    mb = _registration_number(row, "mb", 8)
    if not mb_is_valid(mb):
        _add(errors, "mb", _("“%(value)s” is not a valid MB (8 digits).") % {"value": mb})
    municipality = _municipality(row, ctx.by, errors)
    sector = _sector_aliases().get(fold(row.text("sector")), "")
    if not sector:
        _add(
            errors,
            "sector",
            _("Unknown sector “%(value)s”; use the KD 2010 section letter A–U.")
            % {"value": row.text("sector")},
        )
    contact_email = _email(row, "contact_email", errors)
    contact_phone = _phone(row, "contact_phone", errors)
    if errors or municipality is None:
        raise RowInvalid(errors)
    _duplicate(ctx, ("pib", pib), row, "pib", _("company (same PIB)"))
    _duplicate(ctx, ("mb", mb), row, "mb", _("company (same MB)"))
    wanted: dict[str, object] = {
        "legal_name": legal_name,
        "mb": mb,
        "sector": sector,
        "municipality": municipality,
        "address": row.text("address"),
        "contact_name": row.text("contact_name"),
        "contact_email": contact_email,
        "contact_phone": contact_phone,
    }
    company = Company.objects.filter(pib=pib).first()
    if company is None:
        company_create(pib=pib, **wanted)  # type: ignore[arg-type]
        return RowResult(number=row.number, outcome=CREATED, label=legal_name)
    if not coordinates_company(ctx.by, company):
        raise RowInvalid({"pib": [_("This company is registered outside your districts.")]})
    changed = {
        name: value
        for name, value in wanted.items()
        if value not in ("", None) and getattr(company, name) != value
    }
    if not changed:
        return RowResult(number=row.number, outcome=UNCHANGED, label=legal_name)
    company_update(company=company, **changed)
    return RowResult(
        number=row.number,
        outcome=UPDATED,
        label=legal_name,
        changes=[ctx.table.header(name) for name in changed],
    )


COMPANY_FIELD_COLUMNS = {
    name: name
    for name in (
        "legal_name",
        "pib",
        "mb",
        "sector",
        "municipality",
        "address",
        "contact_name",
        "contact_email",
        "contact_phone",
    )
}


# --- the run --------------------------------------------------------------------------------


def _run(
    *,
    table: Table,
    by: User,
    dry_run: bool,
    valid_only: bool,
    handler: Callable[[Row, _Context], RowResult],
    field_columns: dict[str, str],
) -> ImportReport:
    _require_importer(by)
    report = ImportReport(
        kind=table.kind,
        dry_run=dry_run,
        valid_only=valid_only,
        ignored_headers=list(table.ignored_headers),
    )
    ctx = _Context(by=by, table=table)
    with transaction.atomic():
        for row in table.rows:
            try:
                with transaction.atomic():  # a savepoint: a failed row leaves nothing behind
                    result = handler(row, ctx)
            except RowInvalid as exc:
                result = _error_result(row, table, exc.errors)
            except PossibleDuplicate as exc:
                result = RowResult(
                    number=row.number,
                    outcome=DUPLICATE,
                    label=exc.label,
                    duplicate_of=exc.profile.pk,
                    differs_in=exc.differs_in,
                    note=exc.note(),
                )
            except ValidationError as exc:
                errors = (
                    exc.message_dict if hasattr(exc, "error_dict") else {"": list(exc.messages)}
                )
                mapped: dict[str, list[str]] = {}
                for name, messages in errors.items():
                    column = field_columns.get(name, "" if name == NON_FIELD_ERRORS else name)
                    mapped.setdefault(column, []).extend(messages)
                result = _error_result(row, table, mapped)
            report.rows.append(result)
        if dry_run or (report.errors and not valid_only):
            transaction.set_rollback(True)
        else:
            report.written = True
    return report


def _error_result(row: Row, table: Table, errors: dict[str, list[str]]) -> RowResult:
    return RowResult(
        number=row.number,
        outcome=ERROR,
        errors=[
            RowError(column=table.header(column) if column else "", message=message)
            for column, messages in errors.items()
            for message in messages
        ],
    )


def beneficiaries_import(
    *, rows: Table, by: User, dry_run: bool = True, valid_only: bool = False
) -> ImportReport:
    """Create or update beneficiaries (candidate accounts without a password, profiles) and
    record their training participation; see the module docstring for the natural key."""
    return _run(
        table=rows,
        by=by,
        dry_run=dry_run,
        valid_only=valid_only,
        handler=_beneficiary_row,
        field_columns=BENEFICIARY_FIELD_COLUMNS,
    )


def companies_import(
    *, rows: Table, by: User, dry_run: bool = True, valid_only: bool = False
) -> ImportReport:
    """Create or update companies keyed by PIB."""
    return _run(
        table=rows,
        by=by,
        dry_run=dry_run,
        valid_only=valid_only,
        handler=_company_row,
        field_columns=COMPANY_FIELD_COLUMNS,
    )


IMPORTERS = {BENEFICIARIES: beneficiaries_import, COMPANIES: companies_import}


# --- batches: upload, dry run, confirmed import -----------------------------------------------


@transaction.atomic
def import_batch_create(
    *, kind: str, file_name: str, content: bytes, by: User, sheet: str = ""
) -> ImportBatch:
    """Keep an uploaded file for its dry run and confirmed import (and as the audit record)."""
    _require_importer(by)
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too big: at most %(size)d MB.")
                % {"size": MAX_FILE_BYTES // 2**20}
            }
        )
    batch = ImportBatch(
        kind=kind,
        file_name=file_name[:200],
        sheet=sheet.strip()[:100],
        content=content,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_by=by,
    )
    return validated_save(batch)


def import_batch_get(*, batch_id: int, by: User) -> ImportBatch:
    """The user's own batch (no one imports another coordinator's upload)."""
    batch = ImportBatch.objects.filter(pk=batch_id, created_by=by).first()
    if batch is None:
        raise NotFound(_("No such upload."))
    return batch


def import_batch_table(batch: ImportBatch) -> Table:
    return read_table(bytes(batch.content), kind=batch.kind, sheet=batch.sheet)


def import_batch_dry_run(*, batch: ImportBatch, by: User) -> ImportReport:
    """What importing the batch would do now (nothing is written)."""
    return IMPORTERS[batch.kind](rows=import_batch_table(batch), by=by, dry_run=True)


@transaction.atomic
def import_batch_run(
    *, batch_id: int, sha256: str, by: User, valid_only: bool = False
) -> ImportReport:
    """Import the batch the dry run showed: refused for another user's batch, a batch
    already imported, or bytes that are not the ones the dry run read."""
    _require_importer(by)
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, created_by=by).first()
    if batch is None:
        raise NotFound(_("No such upload."))
    if batch.status == ImportBatch.Status.IMPORTED:
        raise IllegalTransition(_("This file has already been imported."))
    content = bytes(batch.content)
    if sha256 != batch.sha256 or hashlib.sha256(content).hexdigest() != batch.sha256:
        raise ApplicationError(_("This is not the file the dry run checked; upload it again."))
    report = IMPORTERS[batch.kind](
        rows=import_batch_table(batch), by=by, dry_run=False, valid_only=valid_only
    )
    batch.rows_total = len(report.rows)
    batch.created_count = report.created
    batch.updated_count = report.updated
    batch.unchanged_count = report.unchanged
    batch.error_count = report.errors
    batch.duplicate_count = report.duplicates
    if report.written:
        batch.status = ImportBatch.Status.IMPORTED
        batch.valid_only = valid_only
        batch.imported_at = timezone.now()
        ImportDuplicate.objects.bulk_create(
            ImportDuplicate(
                batch=batch,
                row_number=row.number,
                candidate_id=row.duplicate_of,
                differs_in=" ".join(row.differs_in),
            )
            for row in report.rows
            if row.outcome == DUPLICATE and row.duplicate_of is not None
        )
    else:
        batch.status = ImportBatch.Status.FAILED
    batch.save()
    return report


# --- possible duplicates ----------------------------------------------------------------------


@transaction.atomic
def import_duplicate_resolve(*, duplicate_id: int, resolution: str, by: User) -> RowResult:
    """Settle a possible duplicate of the user's own import: `update` (the same person; take
    the file's phone and e-mail), `keep` (the same person; keep the stored ones) or `new`
    (another person with the same name; add them). The row is read again from the kept file
    and written by the same code as the import, so its training is recorded as well."""
    _require_importer(by)
    if resolution not in RESOLUTIONS:
        raise ValidationError({"resolution": _("Choose how to settle this row.")})
    duplicate = (
        ImportDuplicate.objects.select_for_update()
        .select_related("batch", "candidate")
        .filter(pk=duplicate_id, batch__created_by=by)
        .first()
    )
    if duplicate is None:
        raise NotFound(_("No such row."))
    if duplicate.status != ImportDuplicate.Status.OPEN:
        raise IllegalTransition(_("This row has already been settled."))
    batch = duplicate.batch
    if batch.content_erased_at is not None:
        raise IllegalTransition(_("The file of this import is no longer kept; import it again."))
    if not coordinates_candidate(by, duplicate.candidate):
        raise PermissionDeniedError(_("This person is registered outside your districts."))
    table = import_batch_table(batch)
    row = next((row for row in table.rows if row.number == duplicate.row_number), None)
    if row is None:  # pragma: no cover - the file is the one the import read
        raise NotFound(_("No such row."))
    ctx = _Context(by=by, table=table, resolution=(row.number, resolution, duplicate.candidate_id))
    try:
        result = _beneficiary_row(row, ctx)
    except RowInvalid as exc:
        raise ValidationError(
            {
                table.header(column) or NON_FIELD_ERRORS: messages
                for column, messages in exc.errors.items()
            }
        ) from exc
    duplicate.status = {
        SAME_PERSON_UPDATE: ImportDuplicate.Status.UPDATED,
        SAME_PERSON_KEEP: ImportDuplicate.Status.KEPT,
        NEW_PERSON: ImportDuplicate.Status.NEW_PERSON,
    }[resolution]
    duplicate.resolved_by = by
    duplicate.resolved_at = timezone.now()
    duplicate.save(update_fields=["status", "resolved_by", "resolved_at"])
    return result


# --- retention --------------------------------------------------------------------------------


def import_batch_content_erase(*, batch: ImportBatch) -> ImportBatch:
    """Delete an upload's bytes (names, phones): the batch keeps who, when, its hash and
    counts. Open possible duplicates of it can no longer be settled and expire."""
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            content=b"", content_erased_at=timezone.now()
        )
        ImportDuplicate.objects.filter(batch=batch, status=ImportDuplicate.Status.OPEN).update(
            status=ImportDuplicate.Status.EXPIRED, resolved_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def import_batches_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of uploads older than settings.IMPORT_RETENTION_DAYS (the beat task);
    returns how many. Idempotent: an erased file is not touched again."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    expired = 0
    for batch in ImportBatch.objects.filter(
        created_at__lt=cutoff, content_erased_at__isnull=True
    ).only("pk"):
        import_batch_content_erase(batch=batch)
        expired += 1
    return expired
