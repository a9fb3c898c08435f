"""The skill picker shared by the candidate's and the company's forms.

Progressive enhancement: without JavaScript the person types skills into one text box, one
per line or separated by commas, and each is matched to the taxonomy on the server (either
script, with or without diacritics, typos allowed; the rule is
reference.skill_search.skill_resolve_typed). With htmx the same
box offers suggestions while typing and a picked suggestion becomes a chip holding the
skill's code. Both arrive in one form field that cleans to a list of PickedSkill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.languages import current_language
from reference.models import Skill
from reference.skill_search import skill_display_name, skill_resolve_typed, skills_suggest

MAX_SKILLS = 60
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class PickedSkill:
    skill: Skill | None
    written_as: str


def split_typed(text: str) -> list[str]:
    """Skills typed into the box: one per line or comma/semicolon separated."""
    parts = re.split(r"[\n,;]+", text)
    return [" ".join(part.split()) for part in parts if part.strip()]


def resolve_typed(text: str) -> PickedSkill:
    return PickedSkill(skill=skill_resolve_typed(text=text), written_as=text)


class SkillPickerWidget(forms.Widget):
    """Chips (hidden inputs named after the field, holding codes) plus a text box
    named `<field>_text`, with an htmx suggestion list under it."""

    template_name = "frontend/partials/skill_picker.html"

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_text" if id_ else id_

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, Any]:
        codes = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        return {"codes": [c for c in codes if c], "text": data.get(f"{name}_text", "")}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_text" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen: list[tuple[str, str]] = []
        text = ""
        if isinstance(value, dict):
            codes = value.get("codes", [])
            skills = {s.code: s for s in Skill.objects.filter(code__in=codes)}
            chosen = [(c, skill_display_name(skills[c])) for c in codes if c in skills]
            text = value.get("text", "")
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, PickedSkill) and item.skill is not None:
                    chosen.append((item.skill.code, skill_display_name(item.skill)))
                elif isinstance(item, PickedSkill):
                    text = f"{text}\n{item.written_as}".strip()
        context["widget"].update({"chosen": chosen, "text": text})
        return context


class SkillPickerField(forms.Field):
    widget = SkillPickerWidget
    default_error_messages = {
        "unknown": _("Unknown skill code: %(code)s."),
        "too_many": _("Pick at most %(limit)d skills."),
        "too_long": _("“%(text)s” is too long for a skill name (at most 200 characters)."),
    }

    def to_python(self, value: Any) -> list[PickedSkill]:
        if not value:
            return []
        codes: list[str] = list(dict.fromkeys(value.get("codes", [])))
        skills = {s.code: s for s in Skill.objects.filter(code__in=codes)}
        picked: list[PickedSkill] = []
        for code in codes:
            if code not in skills:
                raise forms.ValidationError(
                    self.error_messages["unknown"], code="unknown", params={"code": code}
                )
            picked.append(PickedSkill(skill=skills[code], written_as=""))
        for typed in split_typed(value.get("text", "")):
            if len(typed) > 200:
                raise forms.ValidationError(
                    self.error_messages["too_long"], code="too_long", params={"text": typed[:40]}
                )
            picked.append(resolve_typed(typed))
        seen: set[Any] = set()
        unique = []
        for item in picked:
            key = item.skill.pk if item.skill else item.written_as.casefold()
            if key not in seen:
                seen.add(key)
                unique.append(item)
        if len(unique) > MAX_SKILLS:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": MAX_SKILLS}
            )
        return unique

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


@require_GET
def skill_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: suggestions for what is being typed (the last line/comma part of the box)."""
    field = request.GET.get("field", "skills")
    if not re.fullmatch(r"[a-z_]{1,40}", field):
        field = "skills"
    typed = split_typed(request.GET.get(f"{field}_text", request.GET.get("q", "")))
    query = typed[-1][:MAX_QUERY_LENGTH] if typed else ""
    suggestions = skills_suggest(query=query, limit=8, language=current_language())
    return render(
        request,
        "frontend/partials/skill_suggestions.html",
        {"suggestions": suggestions, "field": field, "query": query},
    )


@require_GET
def skill_chip(request: HttpRequest) -> HttpResponse:
    """htmx: one chosen skill as a chip (hidden input + remove button)."""
    field = request.GET.get("field", "skills")
    if not re.fullmatch(r"[a-z_]{1,40}", field):
        field = "skills"
    skill = Skill.objects.filter(code=request.GET.get("code", "")).first()
    if skill is None:
        return HttpResponse(status=404)
    return HttpResponse(render_chip(field, skill.code, skill_display_name(skill)))


def render_chip(field: str, code: str, label: str) -> SafeString:
    return SafeString(
        render_to_string(
            "frontend/partials/skill_chip.html", {"field": field, "code": code, "label": label}
        )
    )
