"""Verifying companies and approving placements, scoped to the coordinator's districts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Company, CompanyMembership, Placement
from tests.factories import CompanyFactory, UserFactory, municipality
from tests.frontend.coordinator.conftest import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(world: World) -> Company:
    return CompanyFactory.create(
        legal_name="Aleksinačka pekara", municipality=municipality("aleksinac")
    )


def test_the_company_list_shows_the_unverified_first_with_pib_and_mb(
    world: World, unverified: Company, coordinator_client: Client
) -> None:
    response = coordinator_client.get(reverse("coordinator:companies"))
    companies = list(response.context["page"])
    assert companies == [unverified, world.company]
    page = response.content.decode()
    assert unverified.pib in page and unverified.mb in page
    assert "Vranjska firma" not in page


def test_the_filter_shows_only_the_unverified(
    world: World, unverified: Company, coordinator_client: Client
) -> None:
    response = coordinator_client.get(reverse("coordinator:companies"), {"verified": "no"})
    assert list(response.context["page"]) == [unverified]


def test_verify_marks_the_company_verified_by_the_coordinator(
    world: World, unverified: Company, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("coordinator:company-verify", args=[unverified.pk]), follow=True
    )
    unverified.refresh_from_db()
    assert unverified.verified
    assert unverified.verified_by == world.coordinator
    assert unverified.verified_at is not None
    assert "Aleksinačka pekara is verified." in response.content.decode()


def test_a_company_outside_the_districts_is_404(world: World, coordinator_client: Client) -> None:
    detail = reverse("coordinator:company-detail", args=[world.vranje_company.pk])
    verify = reverse("coordinator:company-verify", args=[world.vranje_company.pk])
    assert coordinator_client.get(detail).status_code == 404
    assert coordinator_client.post(verify).status_code == 404
    world.vranje_company.refresh_from_db()
    assert not world.vranje_company.verified


def test_the_company_page_shows_data_members_and_placements(
    world: World, coordinator_client: Client
) -> None:
    member = UserFactory.create(
        role="company", first_name="Ana", last_name="Ilić", email="ana@nisikod.rs"
    )
    CompanyMembership.objects.create(company=world.company, user=member)
    page = coordinator_client.get(
        reverse("coordinator:company-detail", args=[world.company.pk])
    ).content.decode()
    assert world.company.pib in page
    assert "Ana Ilić" in page and "ana@nisikod.rs" in page
    assert "Praksa: Python programer" in page and "Zavarivač" in page


# --- placements ------------------------------------------------------------------------------


@pytest.fixture
def pending(world: World) -> Placement:
    return Placement.objects.create(
        company=world.company,
        kind=Placement.Kind.INTERNSHIP,
        title="Praksa: knjigovođa",
        municipality=municipality("nis"),
        duration_months=3,
        status=Placement.Status.PENDING_REVIEW,
    )


def test_the_placement_list_shows_those_pending_review(
    world: World, pending: Placement, coordinator_client: Client
) -> None:
    response = coordinator_client.get(reverse("coordinator:placements"))
    assert list(response.context["page"]) == [pending]
    assert "Approve and publish" in response.content.decode()


def test_approve_opens_the_placement(
    world: World, pending: Placement, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("coordinator:placement-approve", args=[pending.pk]), follow=True
    )
    pending.refresh_from_db()
    assert pending.status == Placement.Status.OPEN
    assert "“Praksa: knjigovođa” is approved and open." in response.content.decode()


def test_a_placement_of_an_unverified_company_cannot_be_approved(
    world: World, pending: Placement, coordinator_client: Client
) -> None:
    Company.objects.filter(pk=world.company.pk).update(verified=False, verified_at=None)
    response = coordinator_client.post(
        reverse("coordinator:placement-approve", args=[pending.pk]), follow=True
    )
    pending.refresh_from_db()
    assert pending.status == Placement.Status.PENDING_REVIEW
    assert "Verify the company before approving its placements." in response.content.decode()


def test_approving_twice_is_a_clear_message(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        reverse("coordinator:placement-approve", args=[world.python.pk]), follow=True
    )
    assert "The placement is “Open”." in response.content.decode()


def test_close_takes_the_placement_off(
    world: World, pending: Placement, coordinator_client: Client
) -> None:
    coordinator_client.post(reverse("coordinator:placement-close", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == Placement.Status.CLOSED


def test_a_pending_placement_outside_the_districts_is_404(
    world: World, coordinator_client: Client
) -> None:
    Placement.objects.filter(pk=world.vranje_placement.pk).update(
        status=Placement.Status.PENDING_REVIEW
    )
    detail = reverse("coordinator:placement-detail", args=[world.vranje_placement.pk])
    approve = reverse("coordinator:placement-approve", args=[world.vranje_placement.pk])
    assert coordinator_client.get(detail).status_code == 404
    assert coordinator_client.post(approve).status_code == 404
    world.vranje_placement.refresh_from_db()
    assert world.vranje_placement.status == Placement.Status.PENDING_REVIEW


def test_the_placement_page_lists_its_matches_in_the_districts(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.get(
        reverse("coordinator:placement-detail", args=[world.python.pk])
    )
    assert [row["match"].pk for row in response.context["rows"]] == [
        world.best.pk,
        world.middle.pk,
    ]
    page = response.content.decode()
    assert "Jovan Đorđević" in page and "Marija Petrović" in page
    assert "Python" in page


def test_the_admin_approves_anywhere(world: World) -> None:
    Placement.objects.filter(pk=world.vranje_placement.pk).update(
        status=Placement.Status.PENDING_REVIEW
    )
    Company.objects.filter(pk=world.vranje_company.pk).update(
        verified=True, verified_at=world.company.verified_at
    )
    client_for(world.admin).post(
        reverse("coordinator:placement-approve", args=[world.vranje_placement.pk])
    )
    world.vranje_placement.refresh_from_db()
    assert world.vranje_placement.status == Placement.Status.OPEN
