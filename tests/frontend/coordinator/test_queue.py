"""The coordinator's work queue: ordering, filters, scope and the one-click workflow steps."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Placement
from matching.models import Match, MatchTransition
from tests.frontend.coordinator.conftest import World, client_for

pytestmark = pytest.mark.django_db

QUEUE = reverse("coordinator:queue")


def _step(match: Match) -> str:
    return reverse("coordinator:match-step", args=[match.pk])


def _queue_ids(client: Client, **params: str) -> list[int]:
    response = client.get(QUEUE, params)
    assert response.status_code == 200
    return [row["match"].pk for row in response.context["rows"]]


def test_the_queue_lists_the_districts_matches_best_first(
    world: World, coordinator_client: Client
) -> None:
    assert _queue_ids(coordinator_client) == [world.best.pk, world.middle.pk, world.low.pk]


def test_the_queue_shows_names_placement_company_place_score_and_explanation(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.get(QUEUE)
    page = response.content.decode()
    assert "Jovan Đorđević" in page
    assert "Praksa: Python programer" in page
    assert "Niški kod d.o.o." in page
    assert "Niš" in page
    assert "Score 0.90" in page
    assert "Matches 2 of 3 required skills (Python, SQL); missing: Docker." in page
    assert "the candidate&#x27;s 30 km" in page


def test_the_explanation_follows_the_language(world: World) -> None:
    page = client_for(world.coordinator, "sr").get(QUEUE).content.decode()
    assert "Одговара: 2 од 3 тражене вештине (Python, SQL); недостаје: Docker." in page


def test_the_queue_leaves_out_matches_outside_the_coordinators_districts(
    world: World, coordinator_client: Client
) -> None:
    page = coordinator_client.get(QUEUE).content.decode()
    assert world.outside.pk not in _queue_ids(coordinator_client)
    assert "Stojanović" not in page


def test_an_admin_sees_every_district(world: World) -> None:
    ids = _queue_ids(client_for(world.admin))
    assert ids[0] == world.outside.pk
    assert set(ids) == {world.outside.pk, world.best.pk, world.middle.pk, world.low.pk}


def test_filters_by_status_kind_placement_and_district(
    world: World, coordinator_client: Client
) -> None:
    assert _queue_ids(coordinator_client, status="interested") == [world.middle.pk]
    assert _queue_ids(coordinator_client, status="suggested") == [world.best.pk, world.low.pk]
    assert _queue_ids(coordinator_client, kind="job") == [world.low.pk]
    assert _queue_ids(coordinator_client, placement=str(world.python.pk)) == [
        world.best.pk,
        world.middle.pk,
    ]
    assert _queue_ids(coordinator_client, district="RS-20") == [
        world.best.pk,
        world.middle.pk,
        world.low.pk,
    ]
    # The admin narrows to one district.
    assert _queue_ids(client_for(world.admin), district="RS-24") == [world.outside.pk]


def test_waiting_for_the_company_and_for_the_candidate(
    world: World, coordinator_client: Client
) -> None:
    Match.objects.filter(pk=world.best.pk).update(status=Match.Status.PROPOSED)
    Match.objects.filter(pk=world.low.pk).update(status=Match.Status.COMPANY_ACCEPTED)
    assert _queue_ids(coordinator_client, status="waiting_company") == [world.best.pk]
    assert _queue_ids(coordinator_client, status="waiting_candidate") == [world.low.pk]


def test_finished_matches_and_suggestions_for_closed_placements_leave_the_queue(
    world: World, coordinator_client: Client
) -> None:
    Match.objects.filter(pk=world.best.pk).update(status=Match.Status.REJECTED)
    Placement.objects.filter(pk=world.welding.pk).update(status=Placement.Status.CLOSED)
    assert _queue_ids(coordinator_client) == [world.middle.pk]


def test_the_queue_is_paginated(world: World, coordinator_client: Client) -> None:
    for index in range(22):
        placement = Placement.objects.create(
            company=world.company,
            kind=Placement.Kind.JOB,
            title=f"Posao {index}",
            municipality=world.python.municipality,
            status=Placement.Status.OPEN,
        )
        Match.objects.create(candidate=world.marija, placement=placement, score=0.1)
    first = coordinator_client.get(QUEUE)
    assert len(first.context["rows"]) == 20
    assert first.context["page"].paginator.count == 25
    second = coordinator_client.get(QUEUE, {"page": "2"})
    assert len(second.context["rows"]) == 5


def test_the_queue_does_not_query_per_row(
    world: World, coordinator_client: Client, django_assert_max_num_queries: object
) -> None:
    for index in range(10):
        placement = Placement.objects.create(
            company=world.company,
            kind=Placement.Kind.JOB,
            title=f"Posao {index}",
            municipality=world.python.municipality,
            status=Placement.Status.OPEN,
        )
        Match.objects.create(candidate=world.marija, placement=placement, score=0.1)
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        coordinator_client.get(QUEUE)


def test_the_row_offers_the_coordinators_steps(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.get(QUEUE)
    row = next(r for r in response.context["rows"] if r["match"].pk == world.best.pk)
    assert [action["name"] for action in row["actions"]] == ["shortlist", "propose", "reject"]
    page = response.content.decode()
    assert 'value="propose"' in page
    assert f'hx-post="{_step(world.best)}"' in page


# --- steps -----------------------------------------------------------------------------------


def test_shortlist_by_plain_post_redirects_back_with_a_message(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        _step(world.best), {"transition": "shortlist", "next": QUEUE + "?kind=internship"}
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?kind=internship"
    world.best.refresh_from_db()
    assert world.best.status == Match.Status.SHORTLISTED
    record = MatchTransition.objects.get(match=world.best)
    assert (record.transition, record.actor, record.actor_role) == (
        "shortlist",
        world.coordinator,
        "coordinator",
    )
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "now “Shortlisted by coordinator”" in page


def test_propose_moves_the_match_to_the_company(world: World, coordinator_client: Client) -> None:
    coordinator_client.post(_step(world.middle), {"transition": "propose"})
    world.middle.refresh_from_db()
    assert world.middle.status == Match.Status.PROPOSED
    assert MatchTransition.objects.filter(
        match=world.middle, transition="propose", from_status="interested"
    ).exists()


def test_reject_with_a_chosen_reason_and_text_stores_both(
    world: World, coordinator_client: Client
) -> None:
    coordinator_client.post(
        _step(world.low),
        {"transition": "reject", "reason_code": "found_work", "reason_text": "Radi u Nišu"},
    )
    world.low.refresh_from_db()
    assert world.low.status == Match.Status.REJECTED
    record = MatchTransition.objects.get(match=world.low)
    assert record.reason == "The candidate found work elsewhere: Radi u Nišu"


def test_reject_without_a_reason_is_refused_and_changes_nothing(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.post(_step(world.low), {"transition": "reject"}, follow=True)
    world.low.refresh_from_db()
    assert world.low.status == Match.Status.SUGGESTED
    assert not MatchTransition.objects.exists()
    assert "Reason: Please give a reason for this step." in response.content.decode()


def test_other_reason_needs_the_text(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        _step(world.low), {"transition": "reject", "reason_code": "other"}, follow=True
    )
    world.low.refresh_from_db()
    assert world.low.status == Match.Status.SUGGESTED
    assert "Please describe the reason." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("sr-latn", "Navedite razlog za ovaj korak."), ("sr", "Наведите разлог за овај корак.")],
)
def test_the_reason_error_is_in_the_pages_language(world: World, language: str, text: str) -> None:
    response = client_for(world.coordinator, language).post(
        _step(world.low), {"transition": "reject"}, follow=True
    )
    assert text in response.content.decode()


def test_the_htmx_step_returns_only_the_row(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        _step(world.best), {"transition": "propose"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<li class="card queue-row" id="match-{world.best.pk}">')
    assert "<html" not in page
    assert "Proposed to company" in page
    world.best.refresh_from_db()
    assert world.best.status == Match.Status.PROPOSED
    # The redrawn row offers what is left: only rejecting.
    assert 'value="propose"' not in page
    assert 'name="transition" value="reject"' in page


def test_an_illegal_step_shows_an_error_and_changes_nothing(
    world: World, coordinator_client: Client
) -> None:
    Match.objects.filter(pk=world.best.pk).update(status=Match.Status.REJECTED)
    response = coordinator_client.post(_step(world.best), {"transition": "propose"}, follow=True)
    world.best.refresh_from_db()
    assert world.best.status == Match.Status.REJECTED
    assert not MatchTransition.objects.exists()
    page = response.content.decode()
    assert 'class="message error"' in page
    assert "cannot be moved by “propose”" in page


def test_a_companys_step_is_illegal_for_a_coordinator(
    world: World, coordinator_client: Client
) -> None:
    Match.objects.filter(pk=world.best.pk).update(status=Match.Status.PROPOSED)
    response = coordinator_client.post(
        _step(world.best), {"transition": "company_accept"}, headers={"HX-Request": "true"}
    )
    world.best.refresh_from_db()
    assert world.best.status == Match.Status.PROPOSED
    assert 'role="alert"' in response.content.decode()
    assert "cannot take the step “company_accept”" in response.content.decode()


def test_a_full_placement_is_a_clear_message(world: World, coordinator_client: Client) -> None:
    Placement.objects.filter(pk=world.python.pk).update(status=Placement.Status.FILLED)
    response = coordinator_client.post(_step(world.middle), {"transition": "propose"}, follow=True)
    world.middle.refresh_from_db()
    assert world.middle.status == Match.Status.INTERESTED
    assert "Every slot of this placement is taken." in response.content.decode()


def test_a_step_on_a_match_outside_the_districts_is_404(
    world: World, coordinator_client: Client
) -> None:
    response = coordinator_client.post(_step(world.outside), {"transition": "shortlist"})
    assert response.status_code == 404
    world.outside.refresh_from_db()
    assert world.outside.status == Match.Status.SUGGESTED


def test_steps_need_post(world: World, coordinator_client: Client) -> None:
    assert coordinator_client.get(_step(world.best)).status_code == 405


def test_an_offsite_next_is_ignored(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        _step(world.best), {"transition": "shortlist", "next": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE
