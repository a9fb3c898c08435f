"""Writes the planned demo organisations, companies, placements and candidates via the services."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from accounts.models import Organisation, User
from accounts.services import organisation_create, user_create
from candidates.models import ConsentRecord, Training
from candidates.services import (
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
from demo.common import DemoSeedError, SeedReport, _mobile, _rng, _Writable
from demo.plans import (
    _CandidatePlan,
    _CompanyPlan,
    _Place,
    _PlacementPlan,
    _plan_candidate,
    _plan_companies,
    _plan_placements,
)
from demo.writing import _SkillCatalogue
from matching.engine.normalize import latin_to_cyrillic
from reference.models import District, Municipality

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
