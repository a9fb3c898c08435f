"""Cohort allocation pages: start a run, review it beside the current state, apply, discard."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from matching.models import AllocationProposal, AllocationRun, Match, MatchTransition
from tests.frontend.coordinator.conftest import World, client_for

pytestmark = pytest.mark.django_db

LIST = reverse("coordinator:allocations")


def _start(client: Client, **data: object) -> AllocationRun:
    payload: dict[str, object] = {"method": "optimal", "min_score": "0.3", **data}
    response = client.post(LIST, payload)
    assert response.status_code == 302, response.content.decode()
    run = AllocationRun.objects.get()
    assert response["Location"] == reverse("coordinator:allocation-detail", args=[run.pk])
    return run


def test_starting_a_run_stores_a_draft_and_changes_nothing(
    world: World, coordinator_client: Client
) -> None:
    run = _start(coordinator_client, districts=["RS-20"], description="Proljeće")
    assert run.status == AllocationRun.Status.DRAFT
    assert run.created_by == world.coordinator
    assert run.cohort_description == "Proljeće"
    assert set(run.params["candidate_ids"]) == {world.marija.pk, world.jovan.pk}
    assert (world.marija.pk, world.python.pk) in set(
        run.proposals.values_list("candidate_id", "placement_id")
    )
    world.middle.refresh_from_db()
    assert world.middle.status == Match.Status.INTERESTED


def test_the_review_page_shows_both_sides(world: World, coordinator_client: Client) -> None:
    run = _start(coordinator_client)
    response = coordinator_client.get(reverse("coordinator:allocation-detail", args=[run.pk]))
    assert response.status_code == 200
    rows = {item["row"].candidate.pk: item for item in response.context["rows"]}
    marija = rows[world.marija.pk]
    assert marija["row"].current == world.middle  # now: interested in the Python internship
    assert marija["row"].proposal.placement == world.python
    assert marija["explanation"]  # the stored match's breakdown, in words
    page = response.content.decode()
    assert "Candidate interested" in page
    assert "Matches 2 of 3 required skills" in page
    assert "Apply: propose these pairs to the companies" in page


def test_apply_proposes_the_pairs_through_the_workflow(
    world: World, coordinator_client: Client
) -> None:
    run = _start(coordinator_client)
    response = coordinator_client.post(
        reverse("coordinator:allocation-apply", args=[run.pk]), follow=True
    )
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.APPLIED
    world.middle.refresh_from_db()
    assert world.middle.status == Match.Status.PROPOSED
    record = MatchTransition.objects.get(match=world.middle)
    assert record.reason == f"Allocation run {run.pk}"
    assert record.actor == world.coordinator
    proposed = run.proposals.filter(outcome=AllocationProposal.Outcome.PROPOSED).count()
    assert f"Run {run.pk} applied: {proposed} proposed" in response.content.decode()


def test_apply_reports_skipped_pairs_with_the_reason(
    world: World, coordinator_client: Client
) -> None:
    run = _start(coordinator_client)
    Match.objects.filter(pk=world.middle.pk).update(status=Match.Status.REJECTED)
    response = coordinator_client.post(
        reverse("coordinator:allocation-apply", args=[run.pk]), follow=True
    )
    page = response.content.decode()
    assert "1 skipped" in page
    assert "The match is already “Rejected by coordinator”." in page
    world.middle.refresh_from_db()
    assert world.middle.status == Match.Status.REJECTED


def test_discard_sets_the_run_aside(world: World, coordinator_client: Client) -> None:
    run = _start(coordinator_client)
    response = coordinator_client.post(
        reverse("coordinator:allocation-discard", args=[run.pk]), follow=True
    )
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DISCARDED
    assert f"Run {run.pk} discarded; nothing changed." in response.content.decode()
    assert not MatchTransition.objects.exists()
    # A discarded run cannot be applied any more.
    again = coordinator_client.post(
        reverse("coordinator:allocation-apply", args=[run.pk]), follow=True
    )
    assert "This allocation run was already discarded." in again.content.decode()


def test_the_list_shows_the_runs(world: World, coordinator_client: Client) -> None:
    run = _start(coordinator_client)
    response = coordinator_client.get(LIST)
    assert list(response.context["page"]) == [run]
    assert f"Run {run.pk}" in response.content.decode()


def test_an_empty_cohort_is_a_form_error(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(
        LIST, {"method": "optimal", "min_score": "0.3", "categories": ["other_jobseeker"]}
    )
    assert response.status_code == 400
    assert "There is nobody to allocate in this cohort." in response.content.decode()
    assert not AllocationRun.objects.exists()


def test_a_bad_minimum_score_names_the_field(world: World, coordinator_client: Client) -> None:
    response = coordinator_client.post(LIST, {"method": "optimal", "min_score": "2"})
    assert response.status_code == 400
    assert response.context["form"].errors["min_score"]
    assert not AllocationRun.objects.exists()


def test_another_organisations_run_is_404(world: World, coordinator_client: Client) -> None:
    run = _start(coordinator_client)
    other = client_for(world.other_coordinator)
    assert other.get(reverse("coordinator:allocation-detail", args=[run.pk])).status_code == 404
    assert other.post(reverse("coordinator:allocation-apply", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.status == AllocationRun.Status.DRAFT
