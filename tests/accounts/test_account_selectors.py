"""Who works for a company and who coordinates a district."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.selectors import company_members, district_coordinators
from companies.models import CompanyMembership
from reference.models import District
from tests.factories import CompanyFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_active_members_of_that_company_are_listed() -> None:
    company, other = CompanyFactory.create(), CompanyFactory.create()
    active = UserFactory.create(role=User.Role.COMPANY)
    gone = UserFactory.create(role=User.Role.COMPANY, is_active=False)
    elsewhere = UserFactory.create(role=User.Role.COMPANY)
    for user, firm in ((active, company), (gone, company), (elsewhere, other)):
        CompanyMembership.objects.create(user=user, company=firm)
    assert company_members(company.pk) == [active]


def test_coordinators_of_organisations_covering_the_district() -> None:
    pcinjski = District.objects.get(code="RS-24")
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([pcinjski])
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    vranje = UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus)
    UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca)
    UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus, is_active=False)
    assert district_coordinators(pcinjski.pk) == [vranje]
