"""`{% status_badge obj %}`: a match's, placement's or allocation run's status as a badge;
`placement|placement_step_open:"approve"`: whether the placement lifecycle allows a step now."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from companies import lifecycle
from companies.models import Placement
from frontend.workflow_words import badge_class
from matching.models import AllocationRun, Match

register = template.Library()


@register.simple_tag
def status_badge(obj: Match | Placement | AllocationRun, words: str = "") -> SafeString:
    """The badge coloured by frontend.workflow_words; `words` replaces the status's label."""
    colour = badge_class(obj)
    return format_html(
        '<span class="badge{}">{}</span>',
        f" {colour}" if colour else "",
        words or obj.get_status_display(),
    )


@register.filter
def placement_step_open(placement: Placement, step: str) -> bool:
    """The placement is in a status the step starts from (who may take it, the view decides)."""
    return placement.status in lifecycle.STEPS[step].sources
