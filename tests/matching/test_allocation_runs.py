"""Allocation runs: the engine's cohort allocation stored as a draft, compared, applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Company, Placement, PlacementSkill
from core.exceptions import IllegalTransition, PermissionDeniedError
from matching import selectors
from matching.models import AllocationProposal, AllocationRun, Match, MatchTransition
from matching.services import (
    Cohort,
    allocation_run_apply,
    allocation_run_create,
    allocation_run_discard,
)
from matching.services import allocation_runs as allocation_module
from reference.models import District, Skill
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

S = Match.Status


@dataclass
class Programme:
    coordinator: User
    colleague: User  # same organisation
    other_coordinator: User  # NEXUS, Pčinjski district
    admin: User
    welder: CandidateProfile
    programmer: CandidateProfile
    newcomer: CandidateProfile  # no skills yet
    vranje_candidate: CandidateProfile
    company: Company
    welding: Placement
    python: Placement

    @property
    def cohort_ids(self) -> list[int]:
        return [self.welder.pk, self.programmer.pk, self.newcomer.pk]


def _candidate(place: str, skill_code: str | None) -> CandidateProfile:
    profile = CandidateProfileFactory.create(municipality=municipality(place), education_level=4)
    if skill_code:
        CandidateSkill.objects.create(
            candidate=profile, skill=Skill.objects.get(code=skill_code), proficiency=5
        )
    return profile


def _placement(company: Company, title: str, skill_code: str, slots: int = 1) -> Placement:
    placement = PlacementFactory.create(company=company, title=title, slots=slots)
    PlacementSkill.objects.create(
        placement=placement, skill=Skill.objects.get(code=skill_code), required=True
    )
    return placement


@pytest.fixture
def programme() -> Programme:
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])
    company = CompanyFactory.create(municipality=municipality("nis"))
    return Programme(
        coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca),
        colleague=UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca),
        other_coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        admin=UserFactory.create(role=User.Role.ADMIN),
        welder=_candidate("nis", "metal.welding"),
        programmer=_candidate("nis", "it.python"),
        newcomer=_candidate("aleksinac", None),
        vranje_candidate=_candidate("vranje", "metal.welding"),
        company=company,
        welding=_placement(company, "Praksa: zavarivač", "metal.welding"),
        python=_placement(company, "Praksa: Python programer", "it.python"),
    )


def _run(programme: Programme, **options: Any) -> AllocationRun:
    options.setdefault("candidate_ids", programme.cohort_ids)
    options.setdefault("placement_ids", [programme.welding.pk, programme.python.pk])
    return allocation_run_create(by=programme.coordinator, **options)


def _pairs(run: AllocationRun) -> set[tuple[int, int]]:
    return set(run.proposals.values_list("candidate_id", "placement_id"))


# --- creating a run ---------------------------------------------------------------------------


def test_a_run_stores_who_goes_where_with_scores_and_the_total_as_a_draft(
    programme: Programme,
) -> None:
    run = _run(programme, min_score=0.3)

    assert run.status == AllocationRun.Status.DRAFT
    assert run.created_by == programme.coordinator
    assert run.organisation == programme.coordinator.organisation
    assert run.method == "optimal"
    assert _pairs(run) == {
        (programme.welder.pk, programme.welding.pk),
        (programme.programmer.pk, programme.python.pk),
    }
    scores = list(run.proposals.values_list("score", flat=True))
    assert all(0.3 <= score <= 1 for score in scores)
    assert run.total_score == pytest.approx(sum(scores))
    assert run.params["candidate_ids"] == sorted(programme.cohort_ids)
    assert run.params["unassigned_candidates"] == [programme.newcomer.pk]
    assert run.params["free_slots"] == {str(programme.welding.pk): 1, str(programme.python.pk): 1}
    assert run.cohort_description == "3 chosen candidates"
    # Nothing in the workflow changed yet.
    assert not Match.objects.exists()


def test_the_stable_method_gives_the_same_obvious_pairs(programme: Programme) -> None:
    run = _run(programme, method="stable")
    assert run.method == "stable"
    assert _pairs(run) == {
        (programme.welder.pk, programme.welding.pk),
        (programme.programmer.pk, programme.python.pk),
    }


def test_a_cohort_filter_stays_within_the_coordinators_districts(programme: Programme) -> None:
    run = allocation_run_create(
        by=programme.coordinator,
        cohort=Cohort(seeking="internship"),
        placement_ids=[programme.welding.pk, programme.python.pk],
    )
    assert programme.vranje_candidate.pk not in run.params["candidate_ids"]
    assert set(run.params["candidate_ids"]) == set(programme.cohort_ids)
    assert run.cohort_description == "seeking: internship"
    assert run.params["cohort"]["seeking"] == "internship"

    by_municipality = allocation_run_create(
        by=programme.coordinator,
        cohort=Cohort(municipality_codes=("aleksinac",)),
        placement_ids=[programme.welding.pk],
        min_score=0.0,
    )
    assert by_municipality.params["candidate_ids"] == [programme.newcomer.pk]


def test_candidates_holding_a_slot_are_left_out_and_only_free_slots_are_offered(
    programme: Programme,
) -> None:
    programme.python.slots = 2
    programme.python.save()
    holder = _candidate("nis", "it.python")
    Match.objects.create(candidate=holder, placement=programme.python, score=0.9, status=S.PLACED)
    run = _run(programme, candidate_ids=[*programme.cohort_ids, holder.pk])
    assert run.params["left_out_holding_a_slot"] == [holder.pk]
    assert holder.pk not in run.params["candidate_ids"]
    assert run.params["free_slots"][str(programme.python.pk)] == 1
    assert run.proposals.filter(placement=programme.python).count() == 1


def test_filled_placements_take_no_part(programme: Programme) -> None:
    programme.welding.status = Placement.Status.FILLED
    programme.welding.save()
    with pytest.raises(ValidationError) as error:
        _run(programme)
    assert "placement_ids" in error.value.message_dict
    run = _run(programme, placement_ids=[programme.python.pk])
    assert {placement for _c, placement in _pairs(run)} == {programme.python.pk}


def test_only_coordinators_and_admins_run_allocations(programme: Programme) -> None:
    with pytest.raises(PermissionDeniedError):
        allocation_run_create(by=programme.welder.user, candidate_ids=programme.cohort_ids)
    assert (
        allocation_run_create(
            by=programme.admin, candidate_ids=[programme.vranje_candidate.pk, programme.welder.pk]
        ).organisation
        is None
    )


def test_a_coordinator_cannot_allocate_candidates_of_another_district(
    programme: Programme,
) -> None:
    with pytest.raises(PermissionDeniedError) as error:
        _run(programme, candidate_ids=[programme.welder.pk, programme.vranje_candidate.pk])
    assert error.value.extra == {"candidate_ids": [programme.vranje_candidate.pk]}
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"method": "random"}, "method"),
        ({"min_score": 1.5}, "min_score"),
        ({"district_quotas": {"RS-20": -1}}, "district_quotas"),
        ({"district_quotas": {"RS-20": 1}, "method": "stable"}, "district_quotas"),
        ({"district_quotas": {"RS-24": 1}}, "district_quotas"),  # no placement there: infeasible
        ({"cohort": Cohort()}, "cohort"),  # and candidate_ids: one or the other
        ({"candidate_ids": []}, "candidate_ids"),
    ],
)
def test_bad_options_are_validation_errors_naming_the_field(
    programme: Programme, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        _run(programme, **options)
    assert field in error.value.message_dict
    assert not AllocationRun.objects.exists()


def test_a_district_quota_that_can_be_met_is_honoured(programme: Programme) -> None:
    run = _run(programme, district_quotas={"RS-20": 2}, min_score=0.0)
    assert run.params["district_quotas"] == {"RS-20": 2}
    assert run.proposals.count() == 2


# --- the side-by-side view --------------------------------------------------------------------


def test_the_comparison_shows_each_cohort_candidate_now_and_as_proposed(
    programme: Programme,
) -> None:
    current = Match.objects.create(
        candidate=programme.welder, placement=programme.python, score=0.4, status=S.PROPOSED
    )
    Match.objects.create(
        candidate=programme.welder, placement=programme.welding, score=0.9, status=S.SUGGESTED
    )
    run = _run(programme)
    rows = selectors.allocation_run_comparison(run=run)

    assert [row.candidate for row in rows][-1] == programme.newcomer  # unassigned last
    by_candidate = {row.candidate.pk: row for row in rows}
    welder = by_candidate[programme.welder.pk]
    assert welder.current == current  # the most advanced match, not the best score
    assert welder.proposal is not None
    assert welder.proposal.placement == programme.welding
    assert welder.changes_anything
    programmer = by_candidate[programme.programmer.pk]
    assert programmer.current is None
    assert programmer.changes_anything
    newcomer = by_candidate[programme.newcomer.pk]
    assert newcomer.proposal is None
    assert not newcomer.changes_anything


def test_the_comparison_takes_a_fixed_number_of_queries(
    programme: Programme, django_assert_max_num_queries: Any
) -> None:
    run = _run(programme)
    with django_assert_max_num_queries(4):
        rows = selectors.allocation_run_comparison(run=run)
        for row in rows:
            _ = (row.candidate.user.last_name, row.proposal and row.proposal.placement.company)


def test_runs_are_listed_to_their_organisation_and_admins(programme: Programme) -> None:
    run = _run(programme)
    assert list(selectors.allocation_run_list(user=programme.colleague)) == [run]
    assert list(selectors.allocation_run_list(user=programme.admin)) == [run]
    assert not selectors.allocation_run_list(user=programme.other_coordinator).exists()
    assert not selectors.allocation_run_list(user=programme.welder.user).exists()
    assert [r.proposal_count for r in selectors.allocation_run_list(user=programme.admin)] == [2]


# --- applying and discarding ------------------------------------------------------------------


def test_applying_proposes_each_pair_through_the_state_machine(programme: Programme) -> None:
    existing = Match.objects.create(
        candidate=programme.programmer,
        placement=programme.python,
        score=0.55,
        status=S.INTERESTED,
    )
    run = _run(programme)
    proposals = {p.candidate_id: p for p in run.proposals.all()}

    report = allocation_run_apply(run=run, by=programme.colleague)

    run.refresh_from_db()
    assert run.status == AllocationRun.Status.APPLIED
    assert run.applied_at is not None
    assert run.applied_by == programme.colleague
    assert report.skipped == []
    assert len(report.proposed) == 2
    welder_match = Match.objects.get(candidate=programme.welder, placement=programme.welding)
    assert welder_match.status == S.PROPOSED
    assert welder_match.score == proposals[programme.welder.pk].score  # created with its score
    existing.refresh_from_db()
    assert existing.status == S.PROPOSED
    assert existing.score == 0.55  # a stored score is not overwritten
    records = MatchTransition.objects.filter(match__in=[welder_match, existing])
    assert {(r.transition, r.actor, r.actor_role, r.reason) for r in records} == {
        ("propose", programme.colleague, "coordinator", f"Allocation run {run.pk}")
    }
    assert {r.from_status for r in records} == {S.SUGGESTED, S.INTERESTED}
    assert set(run.proposals.values_list("outcome", flat=True)) == {"proposed"}
    assert set(run.proposals.values_list("match", flat=True)) == {welder_match.pk, existing.pk}


def test_applying_skips_pairs_that_moved_on_and_reports_why(programme: Programme) -> None:
    run = _run(programme)
    rejected = Match.objects.create(
        candidate=programme.welder, placement=programme.welding, score=0.8, status=S.REJECTED
    )
    programme.python.status = Placement.Status.CLOSED
    programme.python.save()

    report = allocation_run_apply(run=run, by=programme.coordinator)

    assert report.proposed == []
    skipped = {(s.candidate_id, s.placement_id): s.reason for s in report.skipped}
    assert "Rejected" in skipped[(programme.welder.pk, programme.welding.pk)]
    assert "not open" in skipped[(programme.programmer.pk, programme.python.pk)]
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED
    # The skipped pair of a closed placement leaves no half-made match behind.
    assert not Match.objects.filter(candidate=programme.programmer).exists()
    assert set(run.proposals.values_list("outcome", flat=True)) == {"skipped"}
    assert not MatchTransition.objects.exists()
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.APPLIED


def test_applying_skips_a_candidate_who_took_a_slot_elsewhere_meanwhile(
    programme: Programme,
) -> None:
    run = _run(programme)
    elsewhere = PlacementFactory.create(company=programme.company, slots=1)
    Match.objects.create(
        candidate=programme.welder, placement=elsewhere, score=0.5, status=S.COMPANY_ACCEPTED
    )
    already = Match.objects.create(
        candidate=programme.programmer, placement=programme.python, score=0.7, status=S.PROPOSED
    )
    report = allocation_run_apply(run=run, by=programme.coordinator)
    assert [s.candidate_id for s in report.skipped] == [programme.welder.pk]
    assert "another placement" in report.skipped[0].reason
    assert report.already_proposed == [already.pk]


def test_a_run_is_applied_once_and_a_discarded_run_never(programme: Programme) -> None:
    run = _run(programme)
    allocation_run_apply(run=run, by=programme.coordinator)
    with pytest.raises(IllegalTransition):
        allocation_run_apply(run=run, by=programme.coordinator)
    with pytest.raises(IllegalTransition):
        allocation_run_discard(run=run, by=programme.coordinator)

    second = _run(programme, placement_ids=[programme.welding.pk], min_score=0.0)
    assert allocation_run_discard(run=second, by=programme.coordinator).status == "discarded"
    with pytest.raises(IllegalTransition):
        allocation_run_apply(run=second, by=programme.coordinator)


def test_another_organisation_cannot_apply_or_discard_a_run(programme: Programme) -> None:
    run = _run(programme)
    for action in (allocation_run_apply, allocation_run_discard):
        with pytest.raises(PermissionDeniedError):
            action(run=run, by=programme.other_coordinator)
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT


def test_applying_is_all_or_nothing_when_something_unexpected_fails(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _run(programme)
    real = allocation_module.match_transition
    calls = []

    def failing_second(**kwargs: Any) -> Match:
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(allocation_module, "match_transition", failing_second)
    with pytest.raises(RuntimeError):
        allocation_run_apply(run=run, by=programme.coordinator)
    assert len(calls) == 2
    assert not Match.objects.exists()
    assert not MatchTransition.objects.exists()
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT
    assert set(run.proposals.values_list("outcome", flat=True)) == {"pending"}


def test_a_proposal_is_unique_per_run_and_candidate(programme: Programme) -> None:
    from django.db import IntegrityError, transaction

    run = _run(programme)
    proposal = run.proposals.first()
    assert proposal is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationProposal.objects.create(
            run=run, candidate=proposal.candidate, placement=programme.python, score=0.1
        )


def test_the_admin_shows_runs_proposals_and_audit_records_read_only(
    programme: Programme, client: Any
) -> None:
    from django.urls import reverse

    run = _run(programme)
    allocation_run_apply(run=run, by=programme.coordinator)
    superuser = UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    record = MatchTransition.objects.first()
    proposal = run.proposals.first()
    assert record is not None
    assert proposal is not None
    for name, pk in (
        ("allocationrun", run.pk),
        ("allocationproposal", proposal.pk),
        ("matchtransition", record.pk),
    ):
        listing = client.get(reverse(f"admin:matching_{name}_changelist"), {"q": "a"})
        assert listing.status_code == 200
        page = client.get(reverse(f"admin:matching_{name}_change", args=[pk]))
        assert page.status_code == 200
        assert b'name="_save"' not in page.content  # view only
        assert client.get(reverse(f"admin:matching_{name}_add")).status_code == 403
