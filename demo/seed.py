"""Seed a deterministic, idempotent demo programme through the services, so validation applies."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import organisation_create, user_create
from candidates.models import ConsentRecord, Training, TrainingParticipation
from candidates.services import (
    SkillEntry,
    candidate_profile_create,
    consent_grant,
    programme_data_set,
    training_create,
    training_participation_record,
)
from companies.models import Company, CompanyMembership, Placement
from companies.services import (
    SkillRequirement,
    company_create,
    company_verify,
    placement_create,
)
from demo import data
from followup.models import OutcomeCheck
from followup.services import (
    outcome_check_record,
    outcome_checks_schedule,
    outcome_completion_record_from_transition,
)
from matching.engine.normalize import fold, latin_to_cyrillic
from matching.models import Match, MatchTransition
from matching.services.workflow import match_transition
from matching.tasks import matches_refresh_enqueue, matching_refresh_suspended
from reference.models import District, Municipality, Skill, SkillLabel
from reports.models import ProgrammeTarget
from reports.services import programme_target_set

T = TypeVar("T")

# How candidates write their skills down.
CYRILLIC_WRITER_SHARE = 0.25
NO_DIACRITICS_SHARE = 0.35  # of those writing in Latin script
TYPO_SHARE = 0.12  # of written skills
PROGRAMME_DATA_CONSENT_SHARE = 0.7
SHARE_WITH_COMPANIES_CONSENT_SHARE = 0.85
VERIFIED_COMPANY_SHARE = 0.75
INTERNSHIP_SHARE = 0.6


class DemoSeedError(Exception):
    """The demo programme cannot be seeded (bad arguments or missing reference data)."""


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass
class SeedReport:
    """What one run created and what it found already there."""

    seed: int
    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def summary_lines(self) -> list[str]:
        created = self.created
        lines = [
            f"Demo programme (seed {self.seed}) — created: "
            f"{created['organisations']} organisations, {created['staff users']} staff users, "
            f"{created['companies']} companies ({created['verified companies']} verified), "
            f"{created['placements']} placements, {created['candidates']} candidates "
            f"({created['candidate skills']} written skills, "
            f"{created['unlinked skills']} not linked to the taxonomy), "
            f"{created['programme data']} programme data records, "
            f"{created['trainings']} trainings, {created['participations']} participations.",
        ]
        if created["worked matches"] or created["targets"]:
            stories = ", ".join(
                f"{count} {name.removeprefix('story ')}"
                for name, count in sorted(created.items())
                if name.startswith("story ")
            )
            lines.append(
                f"Programme in motion: {created['targets']} targets, "
                f"{created['worked matches']} matches through {created['workflow steps']} "
                f"workflow steps ({stories}), {created['outcome checks']} follow-up checks "
                f"({created['outcomes recorded']} recorded)."
            )
        if self.existing:
            found = ", ".join(f"{count} {name}" for name, count in sorted(self.existing.items()))
            lines.append(f"Already there (skipped): {found}.")
        lines.append(f"Took {self.seconds:.1f} s.")
        return lines


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("candidate", f"{data.CANDIDATE_USERNAME_PREFIX}001"),
    DemoLogin("company", f"{data.COMPANY_USERNAME_PREFIX}01"),
    DemoLogin("coordinator", data.ORGANISATIONS[0].coordinator_username),
    DemoLogin("admin", data.ADMIN_USERNAME),
)


def seed_demo_programme(
    *,
    candidates: int = 300,
    companies: int = 40,
    placements: int = 80,
    seed: int = 2020,
    workflow: bool = False,
    stdout: _Writable | None = None,
) -> SeedReport:
    """Create the demo programme, skipping whatever already exists (by username, PIB, title).

    Everything random comes from ``random.Random`` instances derived from ``seed``, so the
    same arguments always produce the same people, companies and placements. Each candidate
    and company has its own stream, so a larger run extends a smaller one instead of
    reshuffling it.

    With ``workflow`` (the default) the programme is also set in motion, once: the year's
    targets, the matches computed at once (no worker needed), the best matches of each open
    placement taken through the workflow with dates spread over the past months, and the
    follow-up checks of the placed ones, most of those due recorded.
    """
    if min(candidates, companies, placements) < 0:
        raise DemoSeedError("Counts cannot be negative.")
    if placements and not companies:
        raise DemoSeedError("Placements need at least one company.")
    started = time.perf_counter()
    report = SeedReport(seed=seed)
    motion = _ProgrammeInMotion(seed=seed, report=report, out=stdout)
    refresh_later = not workflow
    with transaction.atomic():
        with matching_refresh_suspended():  # no refresh per saved row...
            _Seeder(seed=seed, report=report, out=stdout).run(
                candidates=candidates, companies=companies, placements=placements
            )
            if workflow:
                motion.seed_targets()
                if motion.already_in_motion():
                    report.existing["matches in motion"] += motion.matches_in_motion()
                    refresh_later = bool(report.total_created)
                else:
                    # The stories need the matches now, whether or not a worker runs.
                    from matching.services.matches import matches_refresh_all

                    matches_refresh_all()
                    motion.seed_outcomes(motion.seed_workflow())
        # ...but one full refresh (a Celery task) once the programme is committed.
        if refresh_later and (report.total_created or not Match.objects.exists()):
            matches_refresh_enqueue("all")
    if workflow:
        # After the commit, once the notifications of the steps went out.
        report.created["recorded dates settled"] += motion.settle_recorded_dates()
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------
# Small deterministic helpers
# ---------------------------------------------------------------------------


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent, reproducible stream for one entity (str seeds hash with SHA-512)."""
    return random.Random(":".join(str(part) for part in (seed, *parts)))


def _weighted(rng: random.Random, weights: Mapping[T, float] | Sequence[tuple[T, float]]) -> T:
    pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def pib_check_digit(first_eight: str) -> str:
    """The ISO 7064 MOD 11,10 check digit that completes a PIB."""
    product = 10
    for char in first_eight:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def _random_pib(rng: random.Random) -> str:
    # Issued PIBs start with 1 (100000000-11xxxxxxx); the rest is random, the last a check.
    first_eight = "1" + "".join(str(rng.randrange(10)) for _ in range(7))
    return first_eight + pib_check_digit(first_eight)


def _random_mb(rng: random.Random) -> str:
    # Companies registered since 2005 have MBs starting with 2.
    return "2" + "".join(str(rng.randrange(10)) for _ in range(7))


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(data.MOBILE_PREFIXES)[1:]
    return f"+381 {prefix} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"


_DIACRITICS = str.maketrans(
    {
        "č": "c",
        "ć": "c",
        "š": "s",
        "ž": "z",
        "đ": "dj",
        "Č": "C",
        "Ć": "C",
        "Š": "S",
        "Ž": "Z",
        "Đ": "Dj",
    }
)


def strip_diacritics(text: str) -> str:
    """Write Serbian Latin the way a phone keyboard does: č ć -> c, š -> s, ž -> z, đ -> dj."""
    return text.translate(_DIACRITICS)


_TYPO_WORD_RE = re.compile(r"[^\W\d_]{4,}")


def make_typo(rng: random.Random, text: str) -> str:
    """Swap, drop or double one letter (never the first) of a longer word: Python -> Pyhton."""
    words = [match.span() for match in _TYPO_WORD_RE.finditer(text)]
    if not words:
        return text
    start, end = rng.choice(words)
    word = text[start:end]
    position = rng.randrange(1, len(word) - 1)
    operation = rng.choice(("swap", "drop", "double"))
    if operation == "swap":
        typo = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif operation == "drop":
        typo = word[:position] + word[position + 1 :]
    else:
        typo = word[:position] + word[position] + word[position:]
    return text[:start] + typo + text[end:]


def _years_phrase(years: int) -> str:
    if years == 1:
        return "godinu dana"
    return f"{years} godine" if 2 <= years <= 4 else f"{years} godina"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------
# Reference data the seeder needs
# ---------------------------------------------------------------------------


def _all_skill_codes() -> set[str]:
    codes = set(data.TRANSVERSAL_SKILLS) | {data.DRIVING_LICENCE_SKILL}
    for occupation in data.OCCUPATIONS:
        codes.update(occupation.skills)
    for templates in data.PLACEMENT_TEMPLATES.values():
        for template in templates:
            codes.update(template.required)
            codes.update(template.preferred)
    for training in data.TRAININGS:
        codes.update(training.skills)
    return codes


class _SkillCatalogue:
    """The curated skills the demo uses, their labels, and lookups by folded key."""

    def __init__(self) -> None:
        codes = _all_skill_codes()
        self._skills = {
            skill.code: skill
            for skill in Skill.objects.filter(code__in=codes, source=Skill.Source.CURATED)
        }
        missing = sorted(codes - self._skills.keys())
        if missing:
            raise DemoSeedError(
                f"{len(missing)} curated skills are missing ({', '.join(missing[:8])}"
                f"{', …' if len(missing) > 8 else ''}); run `manage.py load_reference_data`."
            )
        self._latin: dict[str, list[str]] = {code: [] for code in codes}
        self._english: dict[str, list[str]] = {code: [] for code in codes}
        labels = (
            SkillLabel.objects.filter(
                skill__code__in=codes, source=Skill.Source.CURATED, language__in=["sr-Latn", "en"]
            )
            .order_by("skill__code", "language", "-kind", "text")  # preferred before aliases
            .values_list("skill__code", "language", "text")
        )
        for code, language, text in labels:
            (self._latin if language == "sr-Latn" else self._english)[code].append(text)
        self._keys: dict[str, frozenset[int]] = {}
        self._by_pk = {skill.pk: skill for skill in self._skills.values()}

    def get(self, code: str) -> Skill:
        return self._skills[code]

    def latin_forms(self, code: str) -> list[str]:
        """Preferred Serbian Latin label first, then the aliases."""
        return self._latin[code] or [self._skills[code].label_sr or self._skills[code].label_en]

    def english_forms(self, code: str) -> list[str]:
        return self._english[code]

    def resolve(self, text: str) -> frozenset[int]:
        """Ids of every skill (curated or ESCO) with a label whose folded key equals the text's."""
        key = fold(text)
        if key not in self._keys:
            self._keys[key] = frozenset(
                SkillLabel.objects.filter(key=key).values_list("skill_id", flat=True)
            )
        return self._keys[key]

    def skill_by_pk(self, pk: int) -> Skill:
        if pk not in self._by_pk:
            self._by_pk[pk] = Skill.objects.get(pk=pk)
        return self._by_pk[pk]


@dataclass(frozen=True)
class _Writing:
    """How one candidate writes: script, diacritics, and the grammatical gender of nouns."""

    cyrillic: bool
    no_diacritics: bool
    female: bool

    def apply(self, text: str) -> str:
        if self.no_diacritics:
            text = strip_diacritics(text)
        if self.cyrillic:
            text = latin_to_cyrillic(text)
        return text


_FEMININE_SUFFIXES = ("ica", "ka", "kinja")


def _fits_gender(text: str, forms: Sequence[str], female: bool) -> bool:
    """False for "konobarica" written by a man, or "konobar" by a woman, when both are listed."""
    for other in forms:
        for suffix in _FEMININE_SUFFIXES:
            if (not female and text == other + suffix) or (female and other == text + suffix):
                return False
    return True


def _written_skill(
    rng: random.Random, catalogue: _SkillCatalogue, code: str, writing: _Writing
) -> SkillEntry:
    """A skill as a person writes it; linked only when the text's folded key finds a skill."""
    english = catalogue.english_forms(code)
    in_english = bool(english) and code.startswith("it.") and rng.random() < 0.3
    forms = english if in_english else catalogue.latin_forms(code)
    aliases = [form for form in forms[1:] if _fits_gender(form, forms, writing.female)]
    text = forms[0] if not aliases or rng.random() < 0.3 else rng.choice(aliases)
    if rng.random() < TYPO_SHARE:
        for _attempt in range(6):
            typo = make_typo(rng, text)
            if fold(typo) != fold(text) and not catalogue.resolve(typo):
                text = typo
                break
    if not in_english:  # English terms stay in Latin script even in Cyrillic text
        text = writing.apply(text)
    proficiency = rng.choice((2, 3, 3, 4, 4, 5))
    ids = catalogue.resolve(text)
    intended = catalogue.get(code)
    if not ids:
        return SkillEntry(skill=None, written_as=text, proficiency=proficiency)
    skill = intended if intended.pk in ids else catalogue.skill_by_pk(min(ids))
    return SkillEntry(skill=skill, written_as=text, proficiency=proficiency)


# ---------------------------------------------------------------------------
# Plans: what to create, decided before touching the database
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    first_name: str
    last_name: str
    gender: str  # "male" / "female"
    community: str  # "serbian", "roma", "albanian", "bulgarian"


def _person(
    rng: random.Random,
    *,
    female_share: float = 0.5,
    municipality: str = "",
    roma_share: float = 0.0,
) -> _Person:
    gender = "female" if rng.random() < female_share else "male"
    community = "serbian"
    minority = data.MINORITY_SHARES.get(municipality)
    if minority is not None and rng.random() < minority[1]:
        community = minority[0]
    elif rng.random() < roma_share:
        community = "roma"
    female = gender == "female"
    if community == "roma":
        first = rng.choice(data.ROMA_FEMALE_FIRST_NAMES if female else data.ROMA_MALE_FIRST_NAMES)
        surnames = (
            data.SURNAMES if rng.random() < data.ROMA_SERBIAN_SURNAME_SHARE else data.ROMA_SURNAMES
        )
        last = rng.choice(surnames)
    elif community == "albanian":
        first = rng.choice(
            data.ALBANIAN_FEMALE_FIRST_NAMES if female else data.ALBANIAN_MALE_FIRST_NAMES
        )
        last = rng.choice(data.ALBANIAN_SURNAMES)
    elif community == "bulgarian":
        first = rng.choice(
            data.BULGARIAN_FEMALE_FIRST_NAMES if female else data.BULGARIAN_MALE_FIRST_NAMES
        )
        last = rng.choice(data.BULGARIAN_SURNAMES)
        if female:
            last += "a"  # Ivanova, Petrova
    else:
        first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
        last = rng.choice(data.SURNAMES)
    return _Person(first, last, gender, community)


@dataclass(frozen=True)
class _CompanyPlan:
    index: int
    username: str
    template: data.CompanyTemplate
    legal_name: str
    pib: str
    mb: str
    owner: _Person
    owner_phone: str
    phone: str
    address: str
    verified: bool
    verifier: str  # OrganisationSpec.short_name


def _company_order(seed: int) -> list[int]:
    """Template order for this seed: a weighted shuffle, so large employers tend to come first."""
    rng = _rng(seed, "company-order")
    keys = [
        (rng.random() ** (1 / template.weight), index)
        for index, template in enumerate(data.COMPANY_TEMPLATES)
    ]
    return [index for _, index in sorted(keys, reverse=True)]


def _plan_companies(seed: int, count: int, district_of: dict[str, str]) -> list[_CompanyPlan]:
    order = _company_order(seed)
    plans: list[_CompanyPlan] = []
    pibs: set[str] = set()
    mbs: set[str] = set()
    for index in range(1, count + 1):
        rng = _rng(seed, "company", index)
        template = data.COMPANY_TEMPLATES[order[(index - 1) % len(order)]]
        round_ = (index - 1) // len(order)
        legal_name = (
            template.legal_name if round_ == 0 else (f"{template.legal_name} – pogon {round_ + 1}")
        )
        pib = _random_pib(rng)
        while pib in pibs:
            pib = _random_pib(rng)
        mb = _random_mb(rng)
        while mb in mbs:
            mb = _random_mb(rng)
        pibs.add(pib)
        mbs.add(mb)
        district = district_of[template.municipality]
        if rng.random() < 0.2:
            verifier = "CARE"
        elif district in (data.PCINJSKI, data.JABLANICKI):
            verifier = "NEXUS"
        else:
            verifier = "ENECA"
        street = rng.choice(data.STREETS)
        number = "bb" if street == "Industrijska zona" else str(rng.randint(1, 120))
        plans.append(
            _CompanyPlan(
                index=index,
                username=f"{data.COMPANY_USERNAME_PREFIX}{index:02d}",
                template=template,
                legal_name=legal_name,
                pib=pib,
                mb=mb,
                owner=_person(rng),
                owner_phone=_mobile(rng),
                phone=f"{data.DISTRICT_AREA_CODES[district]} {rng.randrange(100, 1000)} "
                f"{rng.randrange(100, 1000)}",
                address=f"{street} {number}",
                verified=rng.random() < VERIFIED_COMPANY_SHARE,
                verifier=verifier,
            )
        )
    return plans


@dataclass(frozen=True)
class _PlacementPlan:
    company_index: int
    kind: str
    title: str
    template: data.PlacementTemplate
    remote: bool
    slots: int
    start_date: dt.date
    application_deadline: dt.date
    duration_months: int | None
    pay_min_rsd: int | None
    pay_max_rsd: int | None
    status: str
    required: tuple[tuple[str, int | None], ...]  # (code, min proficiency)
    preferred: tuple[str, ...]
    closing: str


def _plan_placements(
    seed: int, count: int, companies: Sequence[_CompanyPlan]
) -> list[_PlacementPlan]:
    rng = _rng(seed, "placements")
    used: dict[int, set[str]] = {plan.index: set() for plan in companies}
    plans: list[_PlacementPlan] = []
    company_weights = [(plan, float(plan.template.weight)) for plan in companies]
    for _number in range(count):
        company = _weighted(rng, company_weights)
        templates = data.PLACEMENT_TEMPLATES[company.template.sector]
        wants_internship = rng.random() < INTERNSHIP_SHARE
        options = [
            (template, kind)
            for template in templates
            for kind in (Placement.Kind.INTERNSHIP, Placement.Kind.JOB)
            if kind == Placement.Kind.JOB or template.internship
        ]
        preferred_kind = Placement.Kind.INTERNSHIP if wants_internship else Placement.Kind.JOB
        fresh = [
            (template, kind)
            for template, kind in options
            if _placement_title(template, kind) not in used[company.index]
        ]
        pool = [option for option in fresh if option[1] == preferred_kind] or fresh or options
        template, kind = rng.choice(pool)
        title = _placement_title(template, kind)
        repeat = 2
        while title in used[company.index]:  # every title taken: a new call for applications
            title = f"{_placement_title(template, kind)} ({repeat}. poziv)"
            repeat += 1
        used[company.index].add(title)

        if company.verified:
            status = _weighted(
                rng,
                {
                    Placement.Status.OPEN: 80,
                    Placement.Status.FILLED: 10,
                    Placement.Status.PENDING_REVIEW: 5,
                    Placement.Status.DRAFT: 5,
                },
            )
        else:
            status = _weighted(
                rng, {Placement.Status.PENDING_REVIEW: 60, Placement.Status.DRAFT: 40}
            )
        if status == Placement.Status.FILLED:
            start = data.REFERENCE_DATE - dt.timedelta(days=rng.randint(10, 90))
        else:
            start = data.REFERENCE_DATE + dt.timedelta(days=rng.randint(30, 120))
        deadline = start - dt.timedelta(days=rng.randint(10, 25))
        internship = kind == Placement.Kind.INTERNSHIP
        duration = rng.choice((3, 6, 6)) if internship else (12 if rng.random() < 0.2 else None)
        pay_min: int | None
        pay_max: int | None
        if internship:
            pay_min, pay_max = data.INTERNSHIP_PAY_RSD
        elif rng.random() < 0.3:
            pay_min = pay_max = None  # "po dogovoru"
        else:
            low, high = template.pay_rsd
            pay_min = low + 1000 * rng.randint(-3, 3)
            pay_max = max(pay_min, high + 1000 * rng.randint(-5, 5))

        extra_required = list(template.required[2:])
        required_count = rng.randint(2, min(5, len(template.required)))
        required_codes = list(template.required[:2]) + rng.sample(
            extra_required, required_count - 2
        )
        preferred_codes = rng.sample(
            list(template.preferred), rng.randint(0, min(3, len(template.preferred)))
        )
        plans.append(
            _PlacementPlan(
                company_index=company.index,
                kind=kind,
                title=title,
                template=template,
                remote=template.remote_possible and rng.random() < 0.35,
                slots=_weighted(rng, {1: 45, 2: 30, 3: 15, 4: 10}),
                start_date=start,
                application_deadline=deadline,
                duration_months=duration,
                pay_min_rsd=pay_min,
                pay_max_rsd=pay_max,
                status=status,
                required=tuple((code, rng.choice((None, 2, 3, 3, 4))) for code in required_codes),
                preferred=tuple(preferred_codes),
                closing=rng.choice(
                    data.INTERNSHIP_CLOSINGS if internship else data.JOB_CLOSINGS
                ).format(months=duration),
            )
        )
    return plans


def _placement_title(template: data.PlacementTemplate, kind: str) -> str:
    return f"Praksa: {template.title}" if kind == Placement.Kind.INTERNSHIP else template.title


@dataclass(frozen=True)
class _Place:
    code: str
    name: str
    district: str
    is_city: bool


@dataclass(frozen=True)
class _ProfileFields:
    category: str
    municipality: str
    max_commute_km: int
    willing_to_relocate: bool
    seeks_internship: bool
    seeks_job: bool
    seeks_self_employment: bool
    education_level: int | None
    education_field: str
    institution: str
    graduation_year: int | None
    experience: str
    availability_date: dt.date | None


@dataclass(frozen=True)
class _ProgrammeFields:
    is_returnee: bool
    returned_from_country: str
    returned_year: int | None
    vulnerabilities: tuple[str, ...]
    gender: str


@dataclass
class _CandidatePlan:
    username: str
    person: _Person
    writing: _Writing
    profile: _ProfileFields
    skills: list[SkillEntry]
    languages: list[tuple[str, str]]
    programme_data: _ProgrammeFields | None
    shares_with_companies: bool
    trainings: list[tuple[int, str, dt.date | None]]  # (index in TRAININGS, status, completed)


def _plan_candidate(
    seed: int, index: int, *, places: dict[str, _Place], catalogue: _SkillCatalogue
) -> _CandidatePlan:
    rng = _rng(seed, "candidate", index)
    municipality = _weighted(rng, data.MUNICIPALITY_POPULATION)
    place = places[municipality]
    category = _weighted(rng, data.CATEGORY_WEIGHTS)
    occupation = _weighted(
        rng,
        [
            (occupation, float(occupation.weights[category]))
            for occupation in data.OCCUPATIONS
            if occupation.weights.get(category)
        ],
    )
    person = _person(
        rng,
        female_share=occupation.female_share,
        municipality=municipality,
        roma_share=data.ROMA_SHARE,
    )
    roma = person.community == "roma"
    cyrillic = person.community != "albanian" and rng.random() < (
        0.15 if roma else CYRILLIC_WRITER_SHARE
    )
    female = person.gender == "female"
    writing = _Writing(
        cyrillic=cyrillic,
        no_diacritics=not cyrillic and rng.random() < NO_DIACRITICS_SHARE,
        female=female,
    )
    graduate = category == data.GRADUATE

    returnee = rng.random() < (data.RETURNEE_SHARE_ROMA if roma else data.RETURNEE_SHARE_OTHERS)
    country = _weighted(rng, [(c, float(c.weight)) for c in data.RETURN_COUNTRIES])
    return_year = rng.randint(2012, data.REFERENCE_DATE.year)
    years_abroad = rng.randint(1, 12)

    education_level = rng.choice(occupation.education_levels)
    institution, education_field = rng.choice(occupation.studies)
    if education_level is None or education_level <= 2:
        institution = education_field = ""
    graduation_year: int | None = None
    if education_level is not None:
        graduation_year = (
            rng.randint(2020, data.REFERENCE_DATE.year) if graduate else rng.randint(1995, 2024)
        )

    forms = dict(data.GENDER_FORMS["female" if female else "male"])
    noun = occupation.noun[1 if female else 0]
    extra = rng.choice(occupation.extras + data.GENERIC_EXTRAS)
    if returnee:
        template = rng.choice(data.RETURNEE_EXPERIENCE)
        years = years_abroad
    elif graduate:
        template = rng.choice(data.GRADUATE_EXPERIENCE)
        years = 1
    elif rng.random() < 0.75:
        template = rng.choice(data.LOCAL_EXPERIENCE)
        years = rng.randint(1, 12)
    else:
        template = rng.choice(data.NO_EXPERIENCE)
        years = 0
    experience = ""
    if rng.random() > 0.08:  # some people write nothing at all
        experience = _capitalise(
            template.replace("{extra}", extra)
            .format_map(
                {
                    **forms,
                    "years": _years_phrase(years),
                    "noun": noun,
                    "workplace": rng.choice(occupation.workplaces),
                    "field": education_field or noun,
                    "country": country.locative,
                    "Country": _capitalise(country.locative),
                    "return_year": return_year,
                }
            )
            .strip()
        )

    codes = list(occupation.skills)
    core_count = rng.randint(2, min(6, len(codes)))
    chosen = codes[:1] + rng.sample(codes[1:], core_count - 1)
    transversal_count = rng.choice((0, 0, 1, 1, 2))
    transversal = [
        code
        for code in data.TRANSVERSAL_SKILLS
        if not (graduate and code in data.MANUAL_WORK_SKILLS)
    ]
    chosen += rng.sample(transversal, transversal_count)
    if data.DRIVING_LICENCE_SKILL not in chosen and rng.random() < 0.3:
        chosen.append(data.DRIVING_LICENCE_SKILL)
    chosen = list(dict.fromkeys(chosen))[:8]
    skills = [_written_skill(rng, catalogue, code, writing) for code in chosen]

    languages = _candidate_languages(
        rng,
        person,
        graduate=graduate,
        occupation=occupation,
        returned_from=country if returnee else None,
    )

    seeks_internship = (
        graduate or (not occupation.job_only and rng.random() < 0.4) or (rng.random() < 0.15)
    )
    self_employment_share = (
        0.35 if occupation.key in ("hairdresser", "farm_worker", "woodworker") else 0.08
    )
    profile = _ProfileFields(
        category=category,
        municipality=municipality,
        max_commute_km=rng.choice((10, 15, 20, 30, 30, 40, 50, 60)),
        willing_to_relocate=rng.random() < (0.25 if returnee else 0.12),
        seeks_internship=seeks_internship,
        seeks_job=not graduate or rng.random() < 0.8,
        seeks_self_employment=rng.random() < self_employment_share,
        education_level=education_level,
        education_field=writing.apply(education_field),
        institution=writing.apply(institution),
        graduation_year=graduation_year,
        experience=writing.apply(experience),
        availability_date=(
            data.REFERENCE_DATE + dt.timedelta(days=rng.randint(0, 60))
            if rng.random() < 0.7
            else None
        ),
    )

    programme: _ProgrammeFields | None = None
    if rng.random() < PROGRAMME_DATA_CONSENT_SHARE:
        vulnerabilities = ["roma"] if roma else []
        if rng.random() < (0.1 if graduate else 0.35):
            vulnerabilities.append("long_term_unemployed")
        if not graduate and rng.random() < 0.2:
            vulnerabilities.append("youth_neet")
        if female and rng.random() < 0.08:
            vulnerabilities.append("single_parent")
        if rng.random() < 0.05:
            vulnerabilities.append("disability")
        if rng.random() < (0.4 if roma else 0.08):
            vulnerabilities.append("social_assistance")
        if not place.is_city and rng.random() < 0.6:
            vulnerabilities.append("rural")
        programme = _ProgrammeFields(
            is_returnee=returnee,
            returned_from_country=country.code if returnee else "",
            returned_year=return_year if returnee else None,
            vulnerabilities=tuple(vulnerabilities),
            gender="undisclosed" if rng.random() < 0.03 else person.gender,
        )

    trainings: list[tuple[int, str, dt.date | None]] = []
    if category == data.TRAINED:
        trainings = _pick_trainings(rng, occupation.key, place, places)

    return _CandidatePlan(
        username=f"{data.CANDIDATE_USERNAME_PREFIX}{index:03d}",
        person=person,
        writing=writing,
        profile=profile,
        skills=skills,
        languages=languages,
        programme_data=programme,
        shares_with_companies=rng.random() < SHARE_WITH_COMPANIES_CONSENT_SHARE,
        trainings=trainings,
    )


def _candidate_languages(
    rng: random.Random,
    person: _Person,
    *,
    graduate: bool,
    occupation: data.Occupation,
    returned_from: data.ReturnCountry | None,
) -> list[tuple[str, str]]:
    levels: dict[str, str] = {}
    if person.community == "albanian":
        levels["sq"] = "C2"
        levels["sr"] = rng.choice(("A2", "B1", "B1", "B2"))
    else:
        levels["sr"] = "C2"
    if person.community == "bulgarian":
        levels["bg"] = "C2"
    if person.community == "roma" and rng.random() < 0.8:
        levels["rom"] = rng.choice(("C2", "C2", "C1", "B2"))
    if returned_from is not None:
        levels[returned_from.language] = _weighted(rng, {"A2": 15, "B1": 40, "B2": 30, "C1": 15})
    elif rng.random() < 0.1:
        levels.setdefault("de", rng.choice(("A1", "A2", "B1")))
    if graduate:
        english = (
            ("B2", "B2", "C1")
            if occupation.key in ("it_dev", "designer")
            else ("B1", "B2", "B2", "C1")
        )
        levels.setdefault("en", rng.choice(english))
    elif rng.random() < 0.3:
        levels.setdefault("en", rng.choice(("A1", "A2", "A2", "B1")))
    return sorted(levels.items())


def _pick_trainings(
    rng: random.Random, occupation: str, place: _Place, places: dict[str, _Place]
) -> list[tuple[int, str, dt.date | None]]:
    weights: list[tuple[int, float]] = []
    for index, spec in enumerate(data.TRAININGS):
        weight = 1.0
        if places[spec.municipality].district == place.district:
            weight += 4
        if occupation in spec.occupations:
            weight += 6
        elif not spec.occupations:
            weight += 1
        weights.append((index, weight))
    first = _weighted(rng, weights)
    picked = [first]
    if rng.random() < 0.45:
        second = _weighted(rng, [(index, weight) for index, weight in weights if index != first])
        picked.append(second)
    outcomes: list[tuple[int, str, dt.date | None]] = []
    for index in sorted(picked):
        spec = data.TRAININGS[index]
        if spec.end_date >= data.REFERENCE_DATE:
            outcomes.append((index, TrainingParticipation.Status.ENROLLED, None))
        elif rng.random() < 0.9:
            outcomes.append((index, TrainingParticipation.Status.COMPLETED, spec.end_date))
        else:
            outcomes.append((index, TrainingParticipation.Status.DROPPED_OUT, None))
    return outcomes


# ---------------------------------------------------------------------------
# Writing to the database, through the services
# ---------------------------------------------------------------------------


class _Seeder:
    def __init__(self, *, seed: int, report: SeedReport, out: _Writable | None) -> None:
        self.seed = seed
        self.report = report
        self.out = out
        self._password_hash: str | None = None

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message + "\n")

    def run(self, *, candidates: int, companies: int, placements: int) -> None:
        self._load_places()
        self.catalogue = _SkillCatalogue()
        organisations = self._seed_organisations()
        coordinators = self._seed_staff(organisations)
        company_plans = _plan_companies(
            self.seed, companies, {code: place.district for code, place in self.places.items()}
        )
        company_objects = self._seed_companies(company_plans, coordinators)
        self._seed_placements(
            _plan_placements(self.seed, placements, company_plans), company_objects
        )
        trainings = self._seed_trainings(organisations)
        self._seed_candidates(candidates, trainings)

    # -- reference data ------------------------------------------------------

    def _load_places(self) -> None:
        codes = set(data.MUNICIPALITY_POPULATION)
        rows = Municipality.objects.filter(code__in=codes).select_related("district")
        self.municipalities = {row.code: row for row in rows}
        missing = sorted(codes - self.municipalities.keys())
        if missing:
            raise DemoSeedError(
                f"Municipalities missing ({', '.join(missing[:5])}); "
                "run `manage.py load_reference_data`."
            )
        outside = sorted(
            code
            for code, row in self.municipalities.items()
            if row.district.code not in data.SOUTH_EAST_DISTRICTS
        )
        if outside:
            raise DemoSeedError(f"Not in the south-eastern districts: {', '.join(outside)}")
        self.places = {
            code: _Place(code, row.name_latn, row.district.code, row.kind == Municipality.Kind.CITY)
            for code, row in self.municipalities.items()
        }

    # -- users ---------------------------------------------------------------

    def _demo_password_hash(self) -> str:
        # PBKDF2 costs ~0.25 s a call; hashing once keeps 340 accounts well under a minute.
        if self._password_hash is None:
            validate_password(data.DEMO_PASSWORD)
            self._password_hash = make_password(data.DEMO_PASSWORD)
        return self._password_hash

    def _user(
        self,
        *,
        username: str,
        role: str,
        first_name: str,
        last_name: str,
        phone: str = "",
        organisation: Organisation | None = None,
        preferred_language: str = "sr-latn",
        own_hash: bool = False,
    ) -> User:
        """Create a demo user; `own_hash` hashes the password for this user (staff accounts)."""
        email = f"{username}@{data.EMAIL_DOMAIN}"
        if own_hash:
            return user_create(
                username=username,
                password=data.DEMO_PASSWORD,
                check_password=True,
                role=role,
                email=email,
                first_name=first_name,
                last_name=last_name,
                phone=phone,
                organisation=organisation,
                preferred_language=preferred_language,
            )
        # One hash for every account (checked once against the validators): hashing each
        # account's password would take most of the seeding time.
        return user_create(
            username=username,
            password=None,
            password_hash=self._demo_password_hash(),
            role=role,
            email=email,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            organisation=organisation,
            preferred_language=preferred_language,
        )

    def _seed_organisations(self) -> dict[str, Organisation]:
        organisations: dict[str, Organisation] = {}
        districts = {district.code: district for district in District.objects.all()}
        for spec in data.ORGANISATIONS:
            found = Organisation.objects.filter(short_name=spec.short_name).first()
            if found is not None:
                self.report.existing["organisations"] += 1
                organisations[spec.short_name] = found
                continue
            organisations[spec.short_name] = organisation_create(
                name=spec.name,
                short_name=spec.short_name,
                seat=self.municipalities[spec.seat],
                districts=[districts[code] for code in spec.districts],
            )
            self.report.created["organisations"] += 1
        return organisations

    def _seed_staff(self, organisations: dict[str, Organisation]) -> dict[str, User]:
        coordinators: dict[str, User] = {}
        for spec in data.ORGANISATIONS:
            coordinators[spec.short_name] = self._staff_user(
                username=spec.coordinator_username,
                role=User.Role.COORDINATOR,
                first_name=spec.coordinator_first_name,
                last_name=spec.coordinator_last_name,
                organisation=organisations[spec.short_name],
            )
        self._staff_user(
            username=data.ADMIN_USERNAME,
            role=User.Role.ADMIN,
            first_name=data.ADMIN_FIRST_NAME,
            last_name=data.ADMIN_LAST_NAME,
            organisation=organisations["CARE"],
        )
        return coordinators

    def _staff_user(
        self,
        *,
        username: str,
        role: str,
        first_name: str,
        last_name: str,
        organisation: Organisation,
    ) -> User:
        found = User.objects.filter(username=username).first()
        if found is not None:
            self.report.existing["staff users"] += 1
            return found
        self.report.created["staff users"] += 1
        return self._user(
            username=username,
            role=role,
            first_name=first_name,
            last_name=last_name,
            organisation=organisation,
            own_hash=True,
        )

    # -- companies and placements -------------------------------------------

    def _seed_companies(
        self, plans: Sequence[_CompanyPlan], coordinators: dict[str, User]
    ) -> dict[int, Company]:
        by_pib = {
            company.pib: company
            for company in Company.objects.filter(pib__in=[plan.pib for plan in plans])
        }
        users = {
            user.username: user
            for user in User.objects.filter(username__in=[plan.username for plan in plans])
        }
        companies: dict[int, Company] = {}
        for plan in plans:
            company = by_pib.get(plan.pib)
            owner = users.get(plan.username)
            if company is None and owner is not None:
                membership = (
                    CompanyMembership.objects.filter(user=owner, role=CompanyMembership.Role.OWNER)
                    .select_related("company")
                    .first()
                )
                company = membership.company if membership is not None else None
            if company is not None:
                self.report.existing["companies"] += 1
                companies[plan.index] = company
                continue
            if owner is None:
                owner = self._user(
                    username=plan.username,
                    role=User.Role.COMPANY,
                    first_name=plan.owner.first_name,
                    last_name=plan.owner.last_name,
                    phone=plan.owner_phone,
                )
            company = company_create(
                legal_name=plan.legal_name,
                pib=plan.pib,
                mb=plan.mb,
                sector=data.SECTOR_NACE[plan.template.sector],
                municipality=self.municipalities[plan.template.municipality],
                address=plan.address,
                description=plan.template.description,
                contact_name=f"{plan.owner.first_name} {plan.owner.last_name}",
                contact_email=owner.email,
                contact_phone=plan.phone,
                owner=owner,
            )
            self.report.created["companies"] += 1
            if plan.verified:
                company = company_verify(company=company, by=coordinators[plan.verifier])
                self.report.created["verified companies"] += 1
            companies[plan.index] = company
        self.say(f"companies: {self.report.created['companies']} created")
        return companies

    def _seed_placements(
        self, plans: Sequence[_PlacementPlan], companies: dict[int, Company]
    ) -> None:
        existing = set(
            Placement.objects.filter(company__in=list(companies.values())).values_list(
                "company_id", "title"
            )
        )
        for plan in plans:
            company = companies[plan.company_index]
            if (company.pk, plan.title) in existing:
                self.report.existing["placements"] += 1
                continue
            place = self.places[company.municipality.code]
            where = (
                f"Moguć rad od kuće; kancelarija: {place.name}."
                if plan.remote
                else f"Mesto rada: {place.name}."
            )
            skills = [
                SkillRequirement(
                    skill=self.catalogue.get(code), required=True, min_proficiency=level
                )
                for code, level in plan.required
            ] + [
                SkillRequirement(skill=self.catalogue.get(code), required=False)
                for code in plan.preferred
            ]
            placement_create(
                company=company,
                kind=plan.kind,
                title=plan.title,
                description=f"{plan.template.description} {plan.closing} {where}",
                municipality=company.municipality,
                remote=plan.remote,
                min_education_level=plan.template.min_education_level,
                slots=plan.slots,
                start_date=plan.start_date,
                duration_months=plan.duration_months,
                pay_min_rsd=plan.pay_min_rsd,
                pay_max_rsd=plan.pay_max_rsd,
                application_deadline=plan.application_deadline,
                status=plan.status,
                skills=skills,
                languages=plan.template.languages,
            )
            existing.add((company.pk, plan.title))
            self.report.created["placements"] += 1
        self.say(f"placements: {self.report.created['placements']} created")

    # -- trainings and candidates -------------------------------------------

    def _seed_trainings(self, organisations: dict[str, Organisation]) -> list[Training]:
        trainings: list[Training] = []
        for spec in data.TRAININGS:
            organisation = organisations[spec.organisation]
            found = Training.objects.filter(
                organisation=organisation, title=spec.title, start_date=spec.start_date
            ).first()
            if found is not None:
                self.report.existing["trainings"] += 1
                trainings.append(found)
                continue
            trainings.append(
                training_create(
                    organisation=organisation,
                    title=spec.title,
                    topic=spec.topic,
                    municipality=self.municipalities[spec.municipality],
                    start_date=spec.start_date,
                    end_date=spec.end_date,
                    skills=[self.catalogue.get(code) for code in spec.skills],
                )
            )
            self.report.created["trainings"] += 1
        return trainings

    def _seed_candidates(self, count: int, trainings: Sequence[Training]) -> None:
        usernames = [
            f"{data.CANDIDATE_USERNAME_PREFIX}{index:03d}" for index in range(1, count + 1)
        ]
        taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        for index, username in enumerate(usernames, start=1):
            if username in taken:
                self.report.existing["candidates"] += 1
                continue
            plan = _plan_candidate(self.seed, index, places=self.places, catalogue=self.catalogue)
            self._create_candidate(plan, trainings)
            if index % 100 == 0:
                self.say(f"candidates: {index}/{count}")

    def _create_candidate(self, plan: _CandidatePlan, trainings: Sequence[Training]) -> None:
        person = plan.person
        first_name, last_name = person.first_name, person.last_name
        if plan.writing.cyrillic:
            first_name, last_name = latin_to_cyrillic(first_name), latin_to_cyrillic(last_name)
        rng = _rng(self.seed, "candidate-contact", plan.username)
        user = self._user(
            username=plan.username,
            role=User.Role.CANDIDATE,
            first_name=first_name,
            last_name=last_name,
            phone=_mobile(rng) if rng.random() < 0.9 else "",
            preferred_language="sr" if plan.writing.cyrillic else "sr-latn",
        )
        fields = plan.profile
        profile = candidate_profile_create(
            user=user,
            category=fields.category,
            municipality=self.municipalities[fields.municipality],
            max_commute_km=fields.max_commute_km,
            willing_to_relocate=fields.willing_to_relocate,
            seeks_internship=fields.seeks_internship,
            seeks_job=fields.seeks_job,
            seeks_self_employment=fields.seeks_self_employment,
            education_level=fields.education_level,
            education_field=fields.education_field,
            institution=fields.institution,
            graduation_year=fields.graduation_year,
            experience=fields.experience,
            availability_date=fields.availability_date,
            skills=plan.skills,
            languages=plan.languages,
        )
        self.report.created["candidates"] += 1
        self.report.created["candidate skills"] += len(plan.skills)
        self.report.created["unlinked skills"] += sum(
            1 for entry in plan.skills if entry.skill is None
        )
        if plan.programme_data is not None:
            consent_grant(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
            programme = plan.programme_data
            programme_data_set(
                profile=profile,
                is_returnee=programme.is_returnee,
                returned_from_country=programme.returned_from_country,
                returned_year=programme.returned_year,
                vulnerabilities=programme.vulnerabilities,
                gender=programme.gender,
            )
            self.report.created["programme data"] += 1
        if plan.shares_with_companies:
            consent_grant(profile=profile, purpose=ConsentRecord.Purpose.SHARE_WITH_COMPANIES)
        for training_index, status, completed_on in plan.trainings:
            training_participation_record(
                training=trainings[training_index],
                profile=profile,
                status=status,
                completed_on=completed_on,
            )
            self.report.created["participations"] += 1


# ---------------------------------------------------------------------------
# The programme in motion: targets, the workflow, follow-up outcomes
# ---------------------------------------------------------------------------
#
# Every step goes through the services (`programme_target_set`, `match_transition`,
# `outcome_checks_schedule`, `outcome_completion_record_from_transition`,
# `outcome_check_record`), so the workflow's rules, capacity and audit rows apply. The
# services stamp everything with "now"; a demo that happened in one second shows empty "time
# in stage" and "over time" charts, so afterwards — and only in this demo seeder — the audit
# rows and a few dates are moved into the past with plain UPDATEs (see `_backdate` and
# `_settle_recorded_dates`). Nothing else in Spona changes timestamps like this.

SLOT_HOLDING_STORIES = frozenset({"company_accepted", "candidate_accepted", "placed", "completed"})
PLACED_STORIES = frozenset({"placed", "completed", "ended_early"})

# Steps of each story: (transition, who takes it).
_BEFORE_OFFER = (("propose", "coordinator"), ("company_accept", "company"))
STORY_STEPS: dict[str, tuple[tuple[str, str], ...]] = {
    "shortlisted": (("shortlist", "coordinator"),),
    "proposed": (("propose", "coordinator"),),
    "company_declined": (("propose", "coordinator"), ("company_decline", "company")),
    "rejected": (("shortlist", "coordinator"), ("reject", "coordinator")),
    "company_accepted": _BEFORE_OFFER,
    "candidate_declined": (*_BEFORE_OFFER, ("candidate_decline", "candidate")),
    "candidate_accepted": (*_BEFORE_OFFER, ("candidate_accept", "candidate")),
    "placed": (*_BEFORE_OFFER, ("candidate_accept", "candidate"), ("place", "company")),
    "completed": (
        *_BEFORE_OFFER,
        ("candidate_accept", "candidate"),
        ("place", "company"),
        ("complete", "company"),
    ),
    "ended_early": (
        *_BEFORE_OFFER,
        ("candidate_accept", "candidate"),
        ("place", "coordinator"),
        ("end_early", "company"),
    ),
}
_REASONS: dict[str, tuple[str, ...]] = {
    "company_decline": data.COMPANY_DECLINE_REASONS,
    "reject": data.COORDINATOR_REJECT_REASONS,
    "candidate_decline": data.CANDIDATE_DECLINE_REASONS,
    "end_early": data.END_EARLY_REASONS,
}


@dataclass
class _Story:
    match: Match
    story: str
    days_ago: list[float] = field(default_factory=list)  # of each step, decreasing


def _story_days_ago(rng: random.Random, story: str, duration_months: int | None) -> list[float]:
    """When each step of the story happened, in days before now (oldest first)."""
    steps = STORY_STEPS[story]
    gaps = [float(rng.randint(2, 12)) for _ in steps[1:]]  # days between steps
    if story in PLACED_STORIES:
        before_place = gaps[:3]
        if story == "completed":
            months = duration_months or 3
            placed = float(rng.randint(months * 31 + 10, 290))
            after = [months * 30.5]  # the internship ran its course
        elif story == "ended_early":
            placed = float(rng.randint(60, 240))
            after = [float(rng.randint(14, 45))]
        else:  # still running: an internship within its planned months
            longest = (duration_months * 30 - 10) if duration_months else 200
            placed = float(rng.randint(7, max(8, longest)))
            after = []
        first = placed + sum(before_place)
        gaps = before_place + after
    elif story in ("proposed", "company_accepted", "candidate_accepted", "shortlisted"):
        first = float(rng.randint(3, 30)) + sum(gaps)  # still waiting: recent
    else:
        first = float(rng.randint(10, 240)) + sum(gaps)
    days = [first]
    for gap in gaps:
        days.append(days[-1] - gap)
    # Working hours: a fraction of a day keeps the steps of one match apart and in order.
    return [day - rng.uniform(0.33, 0.66) for day in days]


class _ProgrammeInMotion:
    """Targets, workflow stories and follow-up outcomes on top of the seeded programme."""

    def __init__(self, *, seed: int, report: SeedReport, out: _Writable | None) -> None:
        self.seed = seed
        self.report = report
        self.out = out
        self.now = timezone.now()

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message + "\n")

    # -- targets ---------------------------------------------------------------

    def seed_targets(self) -> None:
        year = timezone.localdate().year
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        admin = User.objects.get(username=data.ADMIN_USERNAME)
        organisations = {
            org.short_name: org
            for org in Organisation.objects.filter(short_name__in=data.ORGANISATION_TARGET_SHARES)
        }
        coordinators = {
            spec.short_name: User.objects.get(username=spec.coordinator_username)
            for spec in data.ORGANISATIONS
        }
        existing = set(
            ProgrammeTarget.objects.filter(period_start=start, period_end=end).values_list(
                "organisation__short_name", "indicator"
            )
        )
        wanted: list[tuple[str | None, str, int]] = []
        for indicator, value in data.PROGRAMME_TARGETS.items():
            wanted.append((None, indicator, value))
            for org_name, share in data.ORGANISATION_TARGET_SHARES.items():
                wanted.append((org_name, indicator, round(value * share)))
        for short_name, indicator, value in wanted:
            if (short_name, indicator) in existing:
                self.report.existing["targets"] += 1
                continue
            programme_target_set(
                by=admin if short_name is None else coordinators[short_name],
                organisation=None if short_name is None else organisations[short_name],
                period_start=start,
                period_end=end,
                indicator=indicator,
                value=value,
            )
            self.report.created["targets"] += 1

    # -- workflow --------------------------------------------------------------

    def _demo_matches(self) -> QuerySet[Match]:
        return Match.objects.filter(
            candidate__user__username__startswith=data.CANDIDATE_USERNAME_PREFIX
        )

    def matches_in_motion(self) -> int:
        return self._demo_matches().exclude(status=Match.Status.SUGGESTED).count()

    def already_in_motion(self) -> bool:
        return MatchTransition.objects.filter(match__in=self._demo_matches()).exists()

    def seed_workflow(self) -> list[_Story]:
        """Take the top matches of each open placement through the workflow (once)."""
        placements = list(
            Placement.objects.filter(
                status=Placement.Status.OPEN,
                company__memberships__user__username__startswith=data.COMPANY_USERNAME_PREFIX,
            )
            .select_related("company")
            .distinct()
            .order_by("company__pib", "title")
        )
        suggested = list(
            self._demo_matches()
            .filter(placement__in=placements, status=Match.Status.SUGGESTED)
            .select_related("candidate__user", "candidate__municipality", "placement")
            .order_by("-score", "candidate__user__username", "placement_id")
        )
        by_placement: dict[int, list[Match]] = {}
        for match in suggested:
            by_placement.setdefault(match.placement_id, []).append(match)
        free = {placement.pk: placement.slots for placement in placements}
        used: set[int] = set()  # candidates: one story each
        stories: list[_Story] = []

        def take(match: Match, story: str) -> None:
            used.add(match.candidate_id)
            if story in SLOT_HOLDING_STORIES:
                free[match.placement_id] -= 1
            stories.append(_Story(match=match, story=story))

        # The demo logins must show the offer and the proposal waiting for an answer.
        first_candidate = f"{data.CANDIDATE_USERNAME_PREFIX}001"
        offer = next((m for m in suggested if m.candidate.user.username == first_candidate), None)
        if offer is not None:
            take(offer, "company_accepted")
        first_company = Company.objects.filter(
            memberships__user__username=f"{data.COMPANY_USERNAME_PREFIX}01"
        ).first()
        proposal = next(
            (
                m
                for m in suggested
                if first_company is not None
                and m.placement.company_id == first_company.pk
                and m.candidate_id not in used
            ),
            None,
        )
        if proposal is not None:
            take(proposal, "proposed")

        rng = _rng(self.seed, "workflow")
        for placement in placements:
            weights = (
                data.INTERNSHIP_STORY_WEIGHTS
                if placement.kind == Placement.Kind.INTERNSHIP
                else data.JOB_STORY_WEIGHTS
            )
            wanted = _weighted(rng, data.MATCHES_WORKED_PER_PLACEMENT)
            worked = sum(1 for story in stories if story.match.placement_id == placement.pk)
            for match in by_placement.get(placement.pk, []):
                if worked >= wanted:
                    break
                if match.candidate_id in used:
                    continue
                choices = {
                    story: weight
                    for story, weight in weights.items()
                    if free[placement.pk] > 0 or story not in SLOT_HOLDING_STORIES
                }
                take(match, _weighted(rng, choices))
                worked += 1

        for story in stories:
            story.days_ago = _story_days_ago(
                _rng(self.seed, "story", story.match.pk),
                story.story,
                story.match.placement.duration_months,
            )
        self._run_steps(stories)
        self._backdate(stories)
        counts = Counter(story.story for story in stories)
        self.report.created["worked matches"] += len(stories)
        for name, count in counts.items():
            self.report.created[f"story {name}"] += count
        self.say(f"workflow: {len(stories)} matches, {self.report.created['workflow steps']} steps")
        return stories

    def _actors(self) -> tuple[list[User], dict[int, User]]:
        coordinators = [
            User.objects.select_related("organisation").get(username=spec.coordinator_username)
            for spec in data.ORGANISATIONS
        ]
        # The regional organisations (NEXUS, ENECA) act in their districts, CARE elsewhere.
        coordinators = coordinators[1:] + coordinators[:1]
        owners = {
            membership.company_id: membership.user
            for membership in CompanyMembership.objects.filter(
                role=CompanyMembership.Role.OWNER
            ).select_related("user")
        }
        return coordinators, owners

    def _coordinator_for(self, coordinators: list[User], match: Match) -> User:
        for coordinator in coordinators:
            if permissions.coordinates_candidate(coordinator, match.candidate):
                return coordinator
        raise DemoSeedError(f"No demo coordinator covers {match.candidate.municipality}.")

    def _run_steps(self, stories: Sequence[_Story]) -> None:
        coordinators, owners = self._actors()
        # Within a placement the stories that hold no slot go first: the last accepted offer
        # fills the placement, and a filled placement takes no more proposals.
        ordered = sorted(
            stories,
            key=lambda s: (s.match.placement_id, s.story in SLOT_HOLDING_STORIES, s.match.pk),
        )
        for story in ordered:
            match = story.match
            rng = _rng(self.seed, "reasons", match.pk)
            for transition, who in STORY_STEPS[story.story]:
                if who == "coordinator":
                    actor = self._coordinator_for(coordinators, match)
                elif who == "company":
                    actor = owners[match.placement.company_id]
                else:
                    actor = match.candidate.user
                reasons = _REASONS.get(transition)
                match_transition(
                    match_id=match.pk,
                    transition=transition,
                    actor=actor,
                    reason=rng.choice(reasons) if reasons else "",
                )
                self.report.created["workflow steps"] += 1

    def _at(self, days_ago: float) -> dt.datetime:
        """`days_ago` before now, moved into working hours of that day."""
        moment = self.now - dt.timedelta(days=days_ago)
        local = timezone.localtime(moment)
        hour = 8 + int((days_ago % 1) * 8)  # deterministic per step: 08:00–15:59
        return local.replace(hour=hour, minute=int(days_ago * 997) % 60, second=0, microsecond=0)

    def _backdate(self, stories: Sequence[_Story]) -> None:
        """Demo-only: move each worked match's audit rows, status date and creation into the
        past, and let the placements with a placed intern start on the first placement day."""
        placement_start: dict[int, dt.date] = {}
        for story in stories:
            match = story.match
            moments = [self._at(days) for days in story.days_ago]
            records = list(match.transitions.order_by("id").values_list("pk", flat=True))
            for pk, moment in zip(records, moments, strict=True):
                MatchTransition.objects.filter(pk=pk).update(created_at=moment)
            created = moments[0] - dt.timedelta(days=2 + match.pk % 12)
            Match.objects.filter(pk=match.pk).update(
                status_changed_at=moments[-1], created_at=created, scored_at=created
            )
            if story.story in PLACED_STORIES:
                placed_on = timezone.localdate(moments[3])
                start = placement_start.get(match.placement_id)
                placement_start[match.placement_id] = min(start or placed_on, placed_on)
        # The steps scheduled the placed matches' outcome checks from the day of seeding (the
        # workflow does it inside each step); nothing is recorded on them yet, so they are
        # dropped here and scheduled again from the back-dated days by seed_outcomes.
        OutcomeCheck.objects.filter(
            match_id__in=[story.match.pk for story in stories if story.story in PLACED_STORIES]
        ).delete()
        for placement in Placement.objects.filter(pk__in=placement_start):
            start = placement_start[placement.pk]
            deadline = placement.application_deadline
            if deadline is None or deadline > start - dt.timedelta(days=7):
                deadline = start - dt.timedelta(days=7 + placement.pk % 10)
            Placement.objects.filter(pk=placement.pk).update(
                start_date=start, application_deadline=deadline
            )

    # -- follow-up ---------------------------------------------------------------

    def seed_outcomes(self, stories: Sequence[_Story]) -> None:
        """Schedule the checks of placed matches from their back-dated days, record
        completions and most employment checks due."""
        coordinators, _owners = self._actors()
        today = timezone.localdate()
        for story in stories:
            if story.story not in PLACED_STORIES:
                continue
            match = Match.objects.select_related("placement", "candidate__municipality").get(
                pk=story.match.pk
            )
            checks = outcome_checks_schedule(match=match)
            self.report.created["outcome checks"] += len(checks)
            if story.story in ("completed", "ended_early"):
                record = match.transitions.order_by("-id").first()
                if record is None:
                    raise DemoSeedError(f"Match {match.pk} ended without an audit row.")
                outcome_completion_record_from_transition(
                    match=match,
                    to_status=record.to_status,
                    actor=record.actor,
                    reason=record.reason,
                )
                self.report.created["outcomes recorded"] += 1
            weights = data.OUTCOME_WEIGHTS.get(story.story)
            if weights is None or (
                story.story == "placed" and match.placement.duration_months
            ):  # an internship still running: its checks wait for the coordinator
                continue
            coordinator = self._coordinator_for(coordinators, match)
            rng = _rng(self.seed, "outcomes", match.pk)
            for check in checks:
                if check.months == OutcomeCheck.Months.COMPLETION:
                    continue
                if (today - check.due_date).days < data.OUTCOME_LEAVE_DUE_DAYS:
                    continue
                if rng.random() < data.OUTCOME_LEFT_OPEN_SHARE:
                    continue
                outcome = _weighted(rng, weights)
                outcome_check_record(
                    check_id=check.pk,
                    actor=coordinator,
                    outcome="" if outcome == "unreachable" else outcome,
                    unreachable=outcome == "unreachable",
                    today=today,
                )
                self.report.created["outcomes recorded"] += 1

    def settle_recorded_dates(self) -> int:
        """Demo-only: a recorded check gets the day it would have been recorded on — the
        completion check the day of the `complete`/`end_early` step, an employment check a
        few days after it fell due. Derived from stored data only, so running it again
        changes nothing; it runs after the services recorded the completions with the time
        of seeding."""
        checks = OutcomeCheck.objects.filter(
            match__in=self._demo_matches(),
            status__in=[OutcomeCheck.Status.RECORDED, OutcomeCheck.Status.UNREACHABLE],
        ).values_list("pk", "match_id", "months", "due_date", "recorded_at")
        ended = dict(
            MatchTransition.objects.filter(
                match__in=self._demo_matches(),
                to_status__in=[Match.Status.COMPLETED, Match.Status.ENDED_EARLY],
            ).values_list("match_id", "created_at")
        )
        changed = 0
        for pk, match_id, months, due_date, recorded_at in checks:
            if months == OutcomeCheck.Months.COMPLETION and match_id in ended:
                wanted = ended[match_id]
            else:
                day = min(
                    due_date + dt.timedelta(days=(match_id + months) % 9), timezone.localdate()
                )
                wanted = timezone.make_aware(
                    dt.datetime.combine(day, dt.time(9 + (match_id % 7), (pk * 13) % 60))
                )
                wanted = min(wanted, self.now)
            if recorded_at != wanted:
                OutcomeCheck.objects.filter(pk=pk).update(recorded_at=wanted)
                changed += 1
        return changed


__all__ = [
    "DEMO_LOGINS",
    "DemoLogin",
    "DemoSeedError",
    "SeedReport",
    "make_typo",
    "pib_check_digit",
    "seed_demo_programme",
    "strip_diacritics",
]
