"""A small grant scheme for tests: one call of each kind run by ENECA (Niš), its committee, and
the people who apply.

* ENECA covers Nišavski (RS-20): `manager` (counsellor of Niš beneficiaries and manager of the
  calls) and `evaluator_a`; NEXUS covers Pčinjski (RS-24): `evaluator_b` (on the committee) and
  `outsider` (not). `admin` is a superuser.
* `beneficiary` (Niš, completed a training), `untrained` (Niš, no training), `far_away`
  (Vranje, completed a training: eligible district), `employee` (Niš, accepted an offer of
  `company`, so the company may name her).
* `company` (Niš, verified) with `member`; `other_member` of `other_company` (Vranje).
* `self_call`: self-employment, budget 2,000,000 RSD, at most 1,200,000 per grant, own
  contribution ≥ 10 %, a completed training required, Nišavski and Pčinjski, three criteria,
  two evaluators. `subsidy_call`: employment subsidy, same committee, 1,000,000 RSD.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from candidates.models import CandidateProfile, TrainingParticipation
from candidates.services import training_create, training_participation_record
from companies.models import Company, CompanyMembership
from grants import services
from grants.models import GrantApplication, GrantCall
from grants.services import BudgetLineSpec, CriterionSpec
from matching.models import Match
from reference.models import District
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@dataclass
class GrantWorld:
    manager: User
    evaluator_a: User
    evaluator_b: User
    outsider: User
    admin: User
    beneficiary: CandidateProfile
    untrained: CandidateProfile
    far_away: CandidateProfile
    employee: CandidateProfile
    company: Company
    member: User
    other_company: Company
    other_member: User
    self_call: GrantCall
    subsidy_call: GrantCall
    today: dt.date


def _trained(profile: CandidateProfile, training: object, day: dt.date) -> None:
    training_participation_record(
        training=training,  # type: ignore[arg-type]
        profile=profile,
        status=TrainingParticipation.Status.COMPLETED,
        completed_on=day,
    )


def build_grant_world() -> GrantWorld:
    today = timezone.localdate()
    nis, vranje = District.objects.get(code="RS-20"), District.objects.get(code="RS-24")
    eneca = OrganisationFactory.create(short_name="ENECA", name="ENECA Niš")
    eneca.districts.set([nis])
    nexus = OrganisationFactory.create(short_name="NEXUS", name="NEXUS Vranje")
    nexus.districts.set([vranje])
    manager = UserFactory.create(
        role=User.Role.COORDINATOR, organisation=eneca, first_name="Milica", last_name="Jović"
    )
    evaluator_a = UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca)
    evaluator_b = UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus)
    outsider = UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus)
    admin = UserFactory.create(role=User.Role.ADMIN, is_superuser=True, is_staff=True)

    beneficiary = CandidateProfileFactory.create(
        municipality=municipality("nis"),
        category=CandidateProfile.Category.TRAINED_BENEFICIARY,
        user__first_name="Dragana",
        user__last_name="Mitić",
        user__phone="+381641112223",
        user__email="dragana.mitic@example.org",
        user__preferred_language="sr",
    )
    untrained = CandidateProfileFactory.create(municipality=municipality("nis"))
    far_away = CandidateProfileFactory.create(
        municipality=municipality("vranje"),
        category=CandidateProfile.Category.TRAINED_BENEFICIARY,
    )
    employee = CandidateProfileFactory.create(
        municipality=municipality("nis"), user__first_name="Ivana", user__last_name="Ristić"
    )
    training = training_create(
        organisation=eneca,
        title="Pokretanje sopstvenog posla",
        municipality=municipality("nis"),
        start_date=today - dt.timedelta(days=90),
        end_date=today - dt.timedelta(days=60),
    )
    for person in (beneficiary, far_away, employee):
        _trained(person, training, today - dt.timedelta(days=60))

    company = CompanyFactory.create(
        municipality=municipality("nis"), verified=True, verified_at=timezone.now()
    )
    member = UserFactory.create(role=User.Role.COMPANY, preferred_language="en")
    CompanyMembership.objects.create(user=member, company=company)
    other_company = CompanyFactory.create(municipality=municipality("vranje"))
    other_member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=other_member, company=other_company)
    placement = PlacementFactory.create(company=company)
    Match.objects.create(
        candidate=employee, placement=placement, score=0.7, status=Match.Status.CANDIDATE_ACCEPTED
    )

    criteria = [
        CriterionSpec("Održivost poslovne ideje", Decimal("3"), 10),
        CriterionSpec("Iskustvo i veštine", Decimal("2"), 10),
        CriterionSpec("Uticaj na zapošljavanje", Decimal("1"), 5),
    ]
    self_call = services.grant_call_create(
        actor=manager,
        title="Samozapošljavanje 2026",
        kind=GrantCall.Kind.SELF_EMPLOYMENT,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        budget_rsd=Decimal("2000000.00"),
        max_grant_rsd=Decimal("1200000.00"),
        min_own_contribution_percent=Decimal("10"),
        requires_completed_training=True,
        eligible_districts=[nis, vranje],
        criteria=criteria,
        committee=[evaluator_a, evaluator_b],
    )
    services.grant_call_transition(call_id=self_call.pk, transition="open", actor=manager)
    subsidy_call = services.grant_call_create(
        actor=manager,
        title="Subvencije za zapošljavanje 2026",
        kind=GrantCall.Kind.EMPLOYMENT_SUBSIDY,
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        budget_rsd=Decimal("1000000.00"),
        max_grant_rsd=Decimal("600000.00"),
        eligible_districts=[nis, vranje],
        criteria=criteria,
        committee=[evaluator_a, evaluator_b],
    )
    services.grant_call_transition(call_id=subsidy_call.pk, transition="open", actor=manager)
    self_call.refresh_from_db()
    subsidy_call.refresh_from_db()
    return GrantWorld(
        manager=manager,
        evaluator_a=evaluator_a,
        evaluator_b=evaluator_b,
        outsider=outsider,
        admin=admin,
        beneficiary=beneficiary,
        untrained=untrained,
        far_away=far_away,
        employee=employee,
        company=company,
        member=member,
        other_company=other_company,
        other_member=other_member,
        self_call=self_call,
        subsidy_call=subsidy_call,
        today=today,
    )


BUDGET = [
    BudgetLineSpec("equipment", "Šivaća mašina i overlok", Decimal("700000.00"), "grant"),
    BudgetLineSpec(
        "materials", "Tkanine i konac za prva tri meseca", Decimal("200000.00"), "grant"
    ),
    BudgetLineSpec("premises", "Zakup lokala, prva godina", Decimal("120000.00"), "own"),
]


def self_employment_draft(
    world: GrantWorld, *, actor: User | None = None, profile: CandidateProfile | None = None
) -> GrantApplication:
    """A complete draft for `profile` (the beneficiary): idea, budget (900,000 asked, 120,000
    own = 11.76 %), a business plan."""
    profile = profile or world.beneficiary
    actor = actor or profile.user
    application = services.grant_application_create(
        call_id=world.self_call.pk,
        actor=actor,
        beneficiary_id=profile.pk,
        business_name="Krojačka radnja Igla",
        business_idea="Šivenje i prepravke odeće za komšiluk i lokalne firme.",
    )
    services.grant_application_budget_set(application_id=application.pk, actor=actor, lines=BUDGET)
    services.grant_document_upload(
        application_id=application.pk, actor=actor, kind="business_plan", uploaded_file=pdf()
    )
    application.refresh_from_db()
    return application


def submitted(world: GrantWorld, **kwargs: object) -> GrantApplication:
    draft = self_employment_draft(world, **kwargs)  # type: ignore[arg-type]
    return services.grant_application_submit(application_id=draft.pk, actor=draft.beneficiary.user)


def evaluate(
    world: GrantWorld, application: GrantApplication, scores: dict[str, list[int]]
) -> None:
    """Both evaluators declare no conflict and submit their scores (criteria in order)."""
    criteria = list(application.call.criteria.order_by("position"))
    for name, values in scores.items():
        evaluator = getattr(world, name)
        services.evaluation_declare(
            application_id=application.pk, actor=evaluator, conflict_of_interest=False
        )
        services.evaluation_scores_save(
            application_id=application.pk,
            actor=evaluator,
            scores={criterion.pk: value for criterion, value in zip(criteria, values, strict=True)},
        )
        services.evaluation_submit(application_id=application.pk, actor=evaluator)
