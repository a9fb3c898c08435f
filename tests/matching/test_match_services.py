"""Match refresh services: which pairs are stored, idempotency, acted-on matches, and the
on-commit hooks that ask for a refresh when a profile or a placement changes."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from candidates.models import CandidateLanguage, CandidateProfile, CandidateSkill
from candidates.services import (
    SkillEntry,
    candidate_languages_set,
    candidate_profile_update,
    candidate_skills_set,
)
from companies.models import Placement, PlacementLanguage, PlacementSkill
from companies.services import SkillRequirement, placement_create, placement_requirements_set
from config.celery_app import app as celery_app
from matching import tasks
from matching.engine.types import ScoredPair
from matching.mappers import candidates_to_engine, placements_to_engine
from matching.models import Match
from matching.selectors import candidates_for_matching, placements_for_matching
from matching.services import (
    matches_refresh_all,
    matches_refresh_for_candidate,
    matches_refresh_for_placement,
)
from matching.services.matches import SCORE_DECIMALS, get_engine
from matching.tasks import matching_refresh_suspended, refresh_pending_clear
from reference.models import Skill
from tests.factories import CandidateProfileFactory, CompanyFactory, PlacementFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings: Any) -> None:
    """A fresh in-memory cache per test: the 'refresh queued' keys must not leak between tests."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }


def _skill(code: str) -> Skill:
    return Skill.objects.get(code=code)


def _candidate(
    skills: list[tuple[str, int]],
    *,
    where: str = "nis",
    internship: bool = True,
    job: bool = True,
    languages: tuple[tuple[str, str], ...] = (),
    education: int = 6,
) -> CandidateProfile:
    profile = CandidateProfileFactory.create(
        municipality=municipality(where),
        seeks_internship=internship,
        seeks_job=job,
        education_level=education,
    )
    for code, level in skills:
        CandidateSkill.objects.create(candidate=profile, skill=_skill(code), proficiency=level)
    for language, level_name in languages:
        CandidateLanguage.objects.create(candidate=profile, language=language, level=level_name)
    return profile


def _placement(
    required: list[str],
    *,
    kind: str = Placement.Kind.INTERNSHIP,
    where: str = "nis",
    languages: tuple[tuple[str, str], ...] = (),
    status: str = Placement.Status.OPEN,
    title: str = "Praksa",
) -> Placement:
    placement = PlacementFactory.create(
        municipality=municipality(where), kind=kind, status=status, title=title
    )
    for code in required:
        PlacementSkill.objects.create(placement=placement, skill=_skill(code), required=True)
    for language, level_name in languages:
        PlacementLanguage.objects.create(
            placement=placement, language=language, min_level=level_name
        )
    return placement


def _stored() -> dict[tuple[int, int], tuple[int, float, str]]:
    return {
        (candidate_id, placement_id): (pk, score, status)
        for pk, candidate_id, placement_id, score, status in Match.objects.values_list(
            "id", "candidate_id", "placement_id", "score", "status"
        )
    }


def _all_eligible_pairs() -> dict[tuple[int, int], ScoredPair]:
    """Every eligible pair, straight from the engine (the reference the services must agree
    with)."""
    engine = get_engine()
    ranked = engine.rank(
        candidates_to_engine(candidates_for_matching()),
        placements_to_engine(placements_for_matching()),
        top_k=None,
        by="candidate",
    )
    return {
        (int(pair.candidate_id), int(pair.placement_id)): pair
        for pairs in ranked.values()
        for pair in pairs
    }


def _expected_top_k(k: int) -> set[tuple[int, int]]:
    pairs = _all_eligible_pairs()
    by_candidate: dict[int, list[tuple[float, int]]] = {}
    by_placement: dict[int, list[tuple[float, int]]] = {}
    for (candidate_id, placement_id), pair in pairs.items():
        by_candidate.setdefault(candidate_id, []).append((-pair.score, placement_id))
        by_placement.setdefault(placement_id, []).append((-pair.score, candidate_id))
    expected = set()
    for candidate_id, ranked in by_candidate.items():
        expected |= {(candidate_id, pid) for _score, pid in sorted(ranked)[:k]}
    for placement_id, ranked in by_placement.items():
        expected |= {(cid, placement_id) for _score, cid in sorted(ranked)[:k]}
    return expected


@dataclass
class Programme:
    python: CandidateProfile
    welder: CandidateProfile
    cook: CandidateProfile
    german_python: CandidateProfile
    far_python: CandidateProfile
    python_internship: Placement
    welding_job: Placement
    german_internship: Placement
    cooking_job: Placement
    closed: Placement
    draft: Placement
    everyone: list[CandidateProfile] = field(default_factory=list)


@pytest.fixture
def programme() -> Programme:
    """Five candidates and six placements (four open), built without asking for refreshes."""
    with matching_refresh_suspended():
        python = _candidate([("it.python", 4), ("it.sql", 3)])
        welder = _candidate([("metal.welding", 4)], where="leskovac", internship=False)
        cook = _candidate([("hospitality.cooking", 3)], where="vranje")
        german_python = _candidate([("it.python", 3)], languages=(("de", "B2"),))
        far_python = _candidate([("it.python", 5)], where="zajecar")
        made = Programme(
            python=python,
            welder=welder,
            cook=cook,
            german_python=german_python,
            far_python=far_python,
            python_internship=_placement(["it.python"], title="Python praksa"),
            welding_job=_placement(
                ["metal.welding"], kind=Placement.Kind.JOB, where="leskovac", title="Zavarivač"
            ),
            german_internship=_placement(
                ["it.python"], languages=(("de", "B1"),), title="Python i nemački"
            ),
            cooking_job=_placement(
                ["hospitality.cooking"], kind=Placement.Kind.JOB, where="vranje", title="Kuvar"
            ),
            closed=_placement(["it.python"], status=Placement.Status.CLOSED, title="Zatvoreno"),
            draft=_placement(["it.python"], status=Placement.Status.DRAFT, title="Nacrt"),
        )
        made.everyone = [python, welder, cook, german_python, far_python]
    return made


def test_the_skill_codes_these_tests_use_exist() -> None:
    codes = ["it.python", "it.sql", "metal.welding", "hospitality.cooking"]
    assert set(Skill.objects.filter(code__in=codes).values_list("code", flat=True)) == set(codes)


# --- what is stored ----------------------------------------------------------------------


def test_a_full_refresh_stores_only_eligible_pairs_with_explanations(
    programme: Programme, settings: Any
) -> None:
    settings.MATCHING_TOP_K = 20

    report = matches_refresh_all()

    stored = _stored()
    eligible = _all_eligible_pairs()
    assert set(stored) == set(eligible)  # k is larger than either side: every eligible pair
    assert report.created == len(stored) > 0
    assert (report.updated, report.deleted) == (0, 0)
    for key, (_pk, score, status) in stored.items():
        assert status == Match.Status.SUGGESTED
        assert score == round(eligible[key].score, SCORE_DECIMALS)
    for match in Match.objects.all():
        assert match.breakdown["excluded"] == []
        assert set(match.breakdown["components"]) == {
            "skills", "text", "location", "education", "language",
        }  # fmt: skip
        assert match.breakdown["requirements"]


def test_excluded_pairs_are_not_stored(programme: Programme) -> None:
    matches_refresh_all()
    stored = _stored()

    # The welder seeks a job only: no internship.
    assert (programme.welder.pk, programme.python_internship.pk) not in stored
    # German B1 is required; only one candidate speaks German.
    assert (programme.python.pk, programme.german_internship.pk) not in stored
    assert (programme.german_python.pk, programme.german_internship.pk) in stored
    # Placements that are not open are never matched.
    assert not Match.objects.filter(placement__in=[programme.closed, programme.draft]).exists()


@pytest.mark.parametrize("k", [1, 2])
def test_a_full_refresh_stores_exactly_the_union_of_both_sides_top_k(
    programme: Programme, settings: Any, k: int
) -> None:
    settings.MATCHING_TOP_K = k

    matches_refresh_all()

    assert set(_stored()) == _expected_top_k(k)


def test_refreshing_twice_gives_the_same_rows_ids_and_scores(programme: Programme) -> None:
    matches_refresh_all()
    first = _stored()
    breakdowns = dict(Match.objects.values_list("id", "breakdown"))

    again = matches_refresh_all()

    assert _stored() == first
    assert dict(Match.objects.values_list("id", "breakdown")) == breakdowns
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == len(first)


@pytest.mark.parametrize("k", [1, 2, 20])
def test_refreshing_one_candidate_or_placement_after_a_full_refresh_changes_nothing(
    programme: Programme, settings: Any, k: int
) -> None:
    settings.MATCHING_TOP_K = k
    matches_refresh_all()
    before = _stored()

    for profile in programme.everyone:
        report = matches_refresh_for_candidate(candidate_id=profile.pk)
        assert (report.created, report.updated, report.deleted) == (0, 0, 0), profile
    for placement in Placement.objects.all():
        report = matches_refresh_for_placement(placement_id=placement.pk)
        assert (report.created, report.updated, report.deleted) == (0, 0, 0), placement

    assert _stored() == before


def test_refreshing_one_candidate_twice_gives_the_same_rows(programme: Programme) -> None:
    first_report = matches_refresh_for_candidate(candidate_id=programme.python.pk)
    first = _stored()

    second_report = matches_refresh_for_candidate(candidate_id=programme.python.pk)

    assert first_report.created > 0
    assert _stored() == first
    assert (second_report.created, second_report.updated, second_report.deleted) == (0, 0, 0)


def test_a_candidate_refresh_scores_only_open_placements_and_stores_its_top_k(
    programme: Programme, settings: Any
) -> None:
    settings.MATCHING_TOP_K = 20

    matches_refresh_for_candidate(candidate_id=programme.python.pk)

    placements = set(Match.objects.values_list("placement_id", flat=True))
    assert set(Match.objects.values_list("candidate_id", flat=True)) == {programme.python.pk}
    assert placements == {pid for (cid, pid) in _all_eligible_pairs() if cid == programme.python.pk}
    assert programme.closed.pk not in placements


def test_a_placement_refresh_stores_its_top_k_candidates(
    programme: Programme, settings: Any
) -> None:
    settings.MATCHING_TOP_K = 1

    matches_refresh_for_placement(placement_id=programme.python_internship.pk)

    # Nothing else is stored, so each candidate's top 1 is open too: every eligible candidate
    # of the placement is kept (in their own top 1 for now).
    stored = set(_stored())
    expected = {key for key in _all_eligible_pairs() if key[1] == programme.python_internship.pk}
    assert stored == expected


# --- acted-on matches and stale suggestions ----------------------------------------------


def _act(candidate: CandidateProfile, placement: Placement, status: str) -> Match:
    match = Match.objects.get(candidate=candidate, placement=placement)
    Match.objects.filter(pk=match.pk).update(status=status)
    match.refresh_from_db()
    return match


def test_an_acted_on_match_that_becomes_excluded_keeps_its_row_and_status(
    programme: Programme,
) -> None:
    matches_refresh_all()
    match = _act(programme.python, programme.python_internship, Match.Status.SHORTLISTED)
    suggested = Match.objects.get(candidate=programme.python, placement=programme.welding_job)
    with matching_refresh_suspended():
        candidate_profile_update(profile=programme.python, seeks_internship=False)

    report = matches_refresh_for_candidate(candidate_id=programme.python.pk)

    match.refresh_from_db()
    assert match.status == Match.Status.SHORTLISTED
    assert match.score == 0.0
    assert match.breakdown["excluded"] == ["kind_not_sought"]
    assert report.updated >= 1
    assert Match.objects.filter(pk=suggested.pk).exists()  # a job: still sought


def test_an_acted_on_match_that_drops_out_of_the_top_k_keeps_its_row_with_a_fresh_score(
    programme: Programme, settings: Any
) -> None:
    settings.MATCHING_TOP_K = 1
    matches_refresh_all()
    # The cook's only internship-or-job pair is the cooking job; mark it interested.
    match = _act(programme.cook, programme.cooking_job, Match.Status.INTERESTED)
    with matching_refresh_suspended():
        # The cook moves to Zaječar, where a new cooking job opens, and another cook comes
        # to Vranje: the pair drops out of both top 1s.
        candidate_profile_update(
            profile=programme.cook, municipality=municipality("zajecar"), max_commute_km=10
        )
        _placement(
            ["hospitality.cooking"], kind=Placement.Kind.JOB, where="zajecar", title="Kuvar 2"
        )
        _candidate([("hospitality.cooking", 3)], where="vranje")

    matches_refresh_all()

    match.refresh_from_db()
    assert match.status == Match.Status.INTERESTED
    fresh = get_engine().score_one(
        candidates_to_engine(CandidateProfile.objects.filter(pk=programme.cook.pk))[0],
        placements_to_engine(Placement.objects.filter(pk=programme.cooking_job.pk))[0],
    )
    assert match.score == round(fresh.score, SCORE_DECIMALS)
    assert (programme.cook.pk, programme.cooking_job.pk) not in _expected_top_k(1)


def test_suggestions_of_a_placement_that_closes_are_deleted_but_acted_on_ones_stay(
    programme: Programme,
) -> None:
    matches_refresh_all()
    kept = _act(programme.python, programme.python_internship, Match.Status.PROPOSED)
    suggested = set(
        Match.objects.filter(
            placement=programme.python_internship, status=Match.Status.SUGGESTED
        ).values_list("id", flat=True)
    )
    assert suggested
    score_before = kept.score
    with matching_refresh_suspended():
        Placement.objects.filter(pk=programme.python_internship.pk).update(
            status=Placement.Status.FILLED
        )

    report = matches_refresh_for_placement(placement_id=programme.python_internship.pk)

    assert report.deleted == len(suggested)
    assert not Match.objects.filter(id__in=suggested).exists()
    kept.refresh_from_db()
    assert kept.status == Match.Status.PROPOSED
    assert kept.score == score_before  # a closed placement's matches are history


def test_stale_suggestions_go_when_a_candidate_changes(programme: Programme) -> None:
    matches_refresh_all()
    welding = (programme.welder.pk, programme.welding_job.pk)
    assert welding in _stored()
    with matching_refresh_suspended():
        candidate_languages_set(profile=programme.welder, languages=[])
        PlacementLanguage.objects.create(
            placement=programme.welding_job, language="de", min_level="A2"
        )

    matches_refresh_all()

    assert welding not in _stored()


def test_an_inactive_candidate_loses_suggestions_on_refresh(programme: Programme) -> None:
    matches_refresh_all()
    user = programme.python.user
    user.is_active = False
    user.save(update_fields=["is_active"])

    report = matches_refresh_for_candidate(candidate_id=programme.python.pk)

    assert report.deleted > 0
    assert not Match.objects.filter(candidate=programme.python).exists()


def test_the_refresh_writes_in_a_bounded_number_of_queries(
    programme: Programme, django_assert_max_num_queries: Any
) -> None:
    get_engine()  # warm the per-process engine
    matches_refresh_all()
    Match.objects.update(score=0.01)  # every row changes

    with django_assert_max_num_queries(14):
        report = matches_refresh_all()

    assert report.updated == Match.objects.count()


def test_the_command_refreshes_and_prints_the_report(programme: Programme) -> None:
    out = io.StringIO()

    call_command("refresh_matches", stdout=out)
    call_command("refresh_matches", "--candidate", str(programme.python.pk), stdout=out)
    call_command("refresh_matches", "--placement", str(programme.welding_job.pk), stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert "created" in lines[0] and "0 created" not in lines[0]
    assert "0 matches created, 0 updated, 0 deleted" in lines[1]
    assert "0 matches created, 0 updated, 0 deleted" in lines[2]
    assert Match.objects.exists()


# --- hooks: a change asks for one refresh at commit --------------------------------------


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, list[int]]]]:
    """The refresh tasks replaced by recorders of (kind, args)."""
    calls: list[tuple[str, list[int]]] = []

    class Recorder:
        def __init__(self, kind: str) -> None:
            self.kind = kind

        def apply_async(self, args: list[int], countdown: int | None = None) -> None:
            calls.append((self.kind, list(args)))

    for kind in ("candidate", "placement", "all"):
        monkeypatch.setitem(tasks._TASKS, kind, Recorder(kind))
    yield calls


def test_a_profile_change_through_the_services_asks_for_one_refresh_at_commit(
    programme: Programme,
    queued: list[tuple[str, list[int]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    profile = programme.python
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            candidate_profile_update(profile=profile, experience="Tri godine u IT firmi.")
            candidate_skills_set(
                profile=profile, skills=[SkillEntry(skill=_skill("it.python"), proficiency=5)]
            )
            candidate_languages_set(profile=profile, languages=[("en", "C1")])
        assert queued == []  # nothing before the commit

    assert queued == [("candidate", [profile.pk])]


def test_several_changes_in_one_transaction_coalesce_per_candidate_and_placement(
    programme: Programme,
    queued: list[tuple[str, list[int]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for level in (2, 3, 4):
            candidate_skills_set(
                profile=programme.cook,
                skills=[SkillEntry(skill=_skill("hospitality.cooking"), proficiency=level)],
            )
        placement_requirements_set(
            placement=programme.cooking_job,
            skills=[SkillRequirement(skill=_skill("hospitality.cooking"))],
            languages=[("en", "A2")],
        )
        placement_requirements_set(
            placement=programme.cooking_job, skills=[], languages=[("en", "B1")]
        )

    assert sorted(queued) == [
        ("candidate", [programme.cook.pk]),
        ("placement", [programme.cooking_job.pk]),
    ]


def test_a_refresh_already_queued_is_not_queued_again_until_it_starts(
    programme: Programme,
    queued: list[tuple[str, list[int]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    profile = programme.welder
    for experience in ("prvo", "drugo"):
        with django_capture_on_commit_callbacks(execute=True):
            candidate_profile_update(profile=profile, experience=experience)
    assert queued == [("candidate", [profile.pk])]

    refresh_pending_clear("candidate", profile.pk)  # what the task does as it starts
    with django_capture_on_commit_callbacks(execute=True):
        candidate_profile_update(profile=profile, experience="treće")

    assert queued == [("candidate", [profile.pk])] * 2


def test_a_rolled_back_change_asks_for_nothing(
    programme: Programme,
    queued: list[tuple[str, list[int]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    class Undo(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Undo), transaction.atomic():
            candidate_profile_update(profile=programme.cook, experience="poništeno")
            raise Undo
        candidate_profile_update(profile=programme.welder, experience="sačuvano")

    assert queued == [("candidate", [programme.welder.pk])]


def test_nothing_is_asked_for_while_refreshes_are_suspended(
    programme: Programme,
    queued: list[tuple[str, list[int]]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), matching_refresh_suspended():
        candidate_profile_update(profile=programme.cook, experience="tiho")
        placement_requirements_set(placement=programme.cooking_job, skills=[], languages=[])

    assert queued == []


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks run in-process even when the environment configures a broker."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.update(task_always_eager=True)
    try:
        yield
    finally:
        celery_app.conf.update(task_always_eager=before)


@pytest.mark.usefixtures("eager_tasks")
def test_a_new_open_placement_gets_matches_at_commit_with_eager_tasks(
    programme: Programme, django_capture_on_commit_callbacks: Any
) -> None:
    company = CompanyFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        placement = placement_create(
            company=company,
            kind=Placement.Kind.INTERNSHIP,
            title="Nova Python praksa",
            municipality=municipality("nis"),
            duration_months=3,
            status=Placement.Status.OPEN,
            skills=[SkillRequirement(skill=_skill("it.python"))],
        )
        assert not Match.objects.filter(placement=placement).exists()

    assert set(
        Match.objects.filter(placement=placement).values_list("candidate_id", flat=True)
    ) == {cid for (cid, pid) in _all_eligible_pairs() if pid == placement.pk}
