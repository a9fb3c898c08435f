"""Who may open the coordinator pages: coordinators and admins; others 403; visitors log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.frontend.coordinator.conftest import World, client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "coordinator:queue",
    "coordinator:companies",
    "coordinator:placements",
    "coordinator:candidates",
    "coordinator:allocations",
]


@pytest.mark.parametrize("name", PAGES)
def test_company_members_and_candidates_get_403(world: World, name: str) -> None:
    assert client_for(world.company_user).get(reverse(name)).status_code == 403
    assert client_for(world.marija.user).get(reverse(name)).status_code == 403


def test_a_candidate_cannot_take_a_coordinators_step(world: World) -> None:
    url = reverse("coordinator:match-step", args=[world.middle.pk])
    assert client_for(world.marija.user).post(url, {"transition": "propose"}).status_code == 403
    detail = reverse("coordinator:candidate-detail", args=[world.marija.pk])
    assert client_for(world.company_user).get(detail).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_visitors_are_sent_to_log_in(world: World, name: str) -> None:
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("frontend:login"))


@pytest.mark.parametrize("name", PAGES)
def test_coordinators_and_admins_open_the_pages(world: World, name: str) -> None:
    assert client_for(world.coordinator).get(reverse(name)).status_code == 200
    assert client_for(world.admin).get(reverse(name)).status_code == 200


def test_the_menu_lists_the_coordinator_pages(world: World) -> None:
    page = client_for(world.coordinator).get(reverse("coordinator:companies")).content.decode()
    for name in PAGES:
        assert f'href="{reverse(name)}"' in page
    assert f'href="{reverse("coordinator:companies")}" aria-current="page"' in page


def test_the_pages_render_in_cyrillic(world: World) -> None:
    page = client_for(world.coordinator, "sr").get(reverse("coordinator:candidates")).content
    assert "Алексинац" in page.decode()
