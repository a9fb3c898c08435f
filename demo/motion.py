"""Sets the demo programme in motion: targets, workflow steps, follow-up outcomes (and, demo-only,
back-dated so the dashboard has history)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from companies.models import Company, CompanyMembership, Placement
from demo import data
from demo.common import DemoSeedError, SeedReport, _rng, _weighted, _Writable
from followup.models import OutcomeCheck
from followup.services import (
    outcome_check_record,
    outcome_checks_schedule,
    outcome_completion_record_from_transition,
)
from matching.models import Match, MatchTransition
from matching.services.workflow import match_transition
from reports.models import ProgrammeTarget
from reports.services import programme_target_set

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
