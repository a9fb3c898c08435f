"""One module says how the pages show the workflow: labels, dangerous steps, badge colours."""

from __future__ import annotations

from django.template import Context, Template

from companies.models import Placement
from frontend.workflow_words import (
    TRANSITION_LABELS,
    UNSUCCESSFUL_STATUSES,
    badge_class,
    transition_is_danger,
)
from matching import workflow
from matching.models import AllocationRun, Match


def test_every_step_an_audience_may_take_has_a_label_for_it() -> None:
    for transition in workflow.TRANSITIONS.values():
        for audience in ("candidate", "company", "coordinator"):
            if audience in transition.roles:
                assert transition.name in TRANSITION_LABELS[audience], (audience, transition.name)


def test_steps_that_end_a_match_without_success_look_dangerous() -> None:
    dangerous = {t.name for t in workflow.TRANSITIONS.values() if transition_is_danger(t)}
    assert dangerous == {"company_decline", "candidate_decline", "end_early", "reject"}
    assert Match.Status.COMPLETED not in UNSUCCESSFUL_STATUSES


def test_each_status_has_one_badge_colour_everywhere() -> None:
    colours = {status: badge_class(Match(status=status)) for status in Match.Status.values}
    assert colours["proposed"] == "warn"
    assert {s for s, c in colours.items() if c == "ok"} == set(workflow.SLOT_HOLDING_STATUSES)
    assert {s for s, c in colours.items() if c == "bad"} == set(UNSUCCESSFUL_STATUSES)
    assert badge_class(Placement(status=Placement.Status.CLOSED)) == "bad"
    assert badge_class(AllocationRun(status=AllocationRun.Status.APPLIED)) == "ok"


def test_the_template_tag_renders_the_badge_with_the_status_label() -> None:
    html = Template("{% load workflow_words %}{% status_badge match %}").render(
        Context({"match": Match(status=Match.Status.REJECTED)})
    )
    assert html == '<span class="badge bad">Rejected by coordinator</span>'


def test_the_pages_offer_placement_steps_from_the_lifecycle_table() -> None:
    html = Template(
        "{% load workflow_words %}"
        '{% if placement|placement_step_open:"approve" %}approve{% endif %}'
    )
    review = Placement(status=Placement.Status.PENDING_REVIEW)
    assert html.render(Context({"placement": review})) == "approve"
    assert html.render(Context({"placement": Placement(status=Placement.Status.OPEN)})) == ""
