"""factory_boy factories for tests (they bypass services on purpose: fast setup only)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import Organisation, User
from candidates.models import CandidateProfile
from companies.models import Company, Placement
from reference.models import Municipality


def municipality(code: str = "nis") -> Municipality:
    return Municipality.objects.get(code=code)


def pib_with_check_digit(base8: str) -> str:
    product = 10
    for char in base8:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return base8 + str((11 - product) % 10)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Marija"
    last_name = "Petrović"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = User.Role.CANDIDATE
    password = factory.django.Password("correct horse battery")


class CandidateProfileFactory(DjangoModelFactory[CandidateProfile]):
    class Meta:
        model = CandidateProfile

    user = factory.SubFactory(UserFactory)
    category = CandidateProfile.Category.GRADUATE
    municipality = factory.LazyFunction(lambda: municipality("nis"))
    education_level = 6


class CompanyFactory(DjangoModelFactory[Company]):
    class Meta:
        model = Company

    legal_name = factory.Sequence(lambda n: f"Firma {n} d.o.o.")
    pib = factory.Sequence(lambda n: pib_with_check_digit(f"{10000000 + n:08d}"))
    mb = factory.Sequence(lambda n: f"{20000000 + n:08d}")
    sector = "J"
    municipality = factory.LazyFunction(lambda: municipality("nis"))


class PlacementFactory(DjangoModelFactory[Placement]):
    class Meta:
        model = Placement

    company = factory.SubFactory(CompanyFactory)
    kind = Placement.Kind.INTERNSHIP
    title = "Praksa: junior programer"
    municipality = factory.LazyFunction(lambda: municipality("nis"))
    slots = 2
    duration_months = 6
    start_date = dt.date(2027, 3, 1)
    status = Placement.Status.OPEN
