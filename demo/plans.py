"""Deterministic plans of the demo's people, companies and placements (no database writes).

Just over 500 lines, on purpose: the company, placement and candidate plans are one recipe
(each draws on the districts and seeds the previous one chose), read best in one place.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from candidates.models import TrainingParticipation
from candidates.services import (
    SkillEntry,
)
from companies.models import Placement
from demo import data
from demo.common import (
    CYRILLIC_WRITER_SHARE,
    INTERNSHIP_SHARE,
    NO_DIACRITICS_SHARE,
    PROGRAMME_DATA_CONSENT_SHARE,
    SHARE_WITH_COMPANIES_CONSENT_SHARE,
    VERIFIED_COMPANY_SHARE,
    _capitalise,
    _mobile,
    _random_mb,
    _random_pib,
    _rng,
    _weighted,
    _years_phrase,
)
from demo.writing import _SkillCatalogue, _Writing, _written_skill

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
