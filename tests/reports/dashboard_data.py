"""A small, fully known programme for the dashboard and fairness tests (not a test module)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Organisation, User
from candidates.models import (
    CandidateProfile,
    ConsentRecord,
    Training,
    TrainingParticipation,
)
from candidates.services import consent_grant, programme_data_set
from companies.models import Placement
from matching.models import Match, MatchTransition
from reference.models import District
from tests.factories import (
    CandidateProfileFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

UTC = dt.UTC
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=UTC)


def organisation(short_name: str, *district_codes: str) -> Organisation:
    org = OrganisationFactory.create(short_name=short_name, name=f"{short_name} organisation")
    org.districts.set(District.objects.filter(code__in=district_codes))
    return org


def coordinator(org: Organisation) -> User:
    return UserFactory.create(role=User.Role.COORDINATOR, organisation=org)


def candidate(
    *,
    place: str = "nis",
    category: str = CandidateProfile.Category.GRADUATE,
    registered: dt.datetime | None = None,
    gender: str | None = None,
    returnee: bool = False,
) -> CandidateProfile:
    profile = CandidateProfileFactory.create(municipality=municipality(place), category=category)
    if registered is not None:
        CandidateProfile.objects.filter(pk=profile.pk).update(created_at=registered)
    if gender is not None:
        consent_grant(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
        programme_data_set(profile=profile, gender=gender, is_returnee=returnee)
    return profile


def match(
    profile: CandidateProfile,
    placement: Placement,
    *,
    score: float,
    created: dt.datetime,
    steps: list[tuple[str, dt.datetime]] = (),  # type: ignore[assignment]
) -> Match:
    """A match created at `created` that took the given steps (status, when) in order."""
    status: str = Match.Status.SUGGESTED
    record = Match.objects.create(candidate=profile, placement=placement, score=score)
    for to_status, when in steps:
        transition = MatchTransition.objects.create(
            match=record,
            transition=f"to_{to_status}",
            from_status=status,
            to_status=to_status,
            actor_role="coordinator",
        )
        MatchTransition.objects.filter(pk=transition.pk).update(created_at=when)
        status = to_status
    Match.objects.filter(pk=record.pk).update(created_at=created, status=status)
    record.refresh_from_db()
    return record


def completed_training(org: Organisation, profile: CandidateProfile, on: dt.date) -> None:
    training, _created = Training.objects.get_or_create(
        organisation=org,
        title="Obuka za zapošljavanje",
        start_date=dt.date(2025, 4, 1),
        defaults={"municipality": municipality("nis"), "end_date": dt.date(2025, 6, 30)},
    )
    TrainingParticipation.objects.create(
        training=training,
        candidate=profile,
        status=TrainingParticipation.Status.COMPLETED,
        completed_on=on,
    )


@dataclass
class World:
    eneca: Organisation
    nexus: Organisation
    eneca_coordinator: User
    nexus_coordinator: User
    graduates: list[CandidateProfile] = field(default_factory=list)
    trainees: list[CandidateProfile] = field(default_factory=list)
    older: list[CandidateProfile] = field(default_factory=list)
    vranje: list[CandidateProfile] = field(default_factory=list)


def build_world() -> World:
    """Niš district (ENECA) and Pčinjski (NEXUS); the numbers the tests expect:

    Niš district, period 2025: reached 11 (6 graduates in Niš, 5 trainees in Aleksinac; two
    older registrations do not count), trained 6 (the 5 trainees + one older), placed 2.
    Graduates: female returnees; trainees: male, not returnees; older: no programme data.
    Funnel of the 11 matches created in 2025: 11 suggested, 4 proposed, 3 accepted, 2 placed,
    1 completed; median days: suggested 5, proposed 3, accepted 15, placed 30.
    """
    eneca = organisation("ENECA", "RS-20")
    nexus = organisation("NEXUS", "RS-24")
    world = World(eneca, nexus, coordinator(eneca), coordinator(nexus))
    internship = PlacementFactory.create(kind=Placement.Kind.INTERNSHIP, slots=10)
    job = PlacementFactory.create(kind=Placement.Kind.JOB, title="Posao: magacioner", slots=10)
    for _index in range(6):
        world.graduates.append(
            candidate(registered=at("2025-03-15"), gender="female", returnee=True)
        )
    for _index in range(5):
        world.trainees.append(
            candidate(
                place="aleksinac",
                category=CandidateProfile.Category.TRAINED_BENEFICIARY,
                registered=at("2025-03-15"),
                gender="male",
            )
        )
    for _index in range(2):
        world.older.append(
            candidate(
                category=CandidateProfile.Category.OTHER_JOBSEEKER, registered=at("2024-06-01")
            )
        )
    for _index in range(3):
        world.vranje.append(candidate(place="vranje", registered=at("2025-04-01")))

    created = at("2025-03-20", 0)
    day = dt.timedelta(days=1)
    s = Match.Status
    g = world.graduates
    match(
        g[0],
        internship,
        score=0.8,
        created=created,
        steps=[
            (s.PROPOSED, created + 2 * day),
            (s.COMPANY_ACCEPTED, created + 3 * day),
            (s.CANDIDATE_ACCEPTED, created + 4 * day),
            (s.PLACED, created + 13 * day),
            (s.COMPLETED, created + 43 * day),
        ],
    )
    match(
        g[1],
        internship,
        score=0.8,
        created=created,
        steps=[
            (s.PROPOSED, created + 4 * day),
            (s.COMPANY_ACCEPTED, created + 7 * day),
            (s.CANDIDATE_ACCEPTED, created + 8 * day),
            (s.PLACED, created + 27 * day),
        ],
    )
    match(
        g[2],
        internship,
        score=0.8,
        created=created,
        steps=[(s.PROPOSED, created + 6 * day), (s.COMPANY_ACCEPTED, created + 11 * day)],
    )
    match(g[3], internship, score=0.8, created=created, steps=[(s.PROPOSED, created + 10 * day)])
    match(g[4], internship, score=0.8, created=created)
    match(g[5], internship, score=0.8, created=created)
    for trainee in world.trainees:
        match(trainee, job, score=0.5, created=created)
        completed_training(eneca, trainee, dt.date(2025, 5, 10))
    completed_training(eneca, world.older[0], dt.date(2025, 6, 1))
    for profile in world.vranje:
        match(profile, internship, score=0.9, created=created)
    return world


def localtime_now() -> dt.datetime:
    return timezone.localtime()
