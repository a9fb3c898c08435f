"""Pieces every role's pages share: log in/out, the home redirect, role access, the menu,
and the skill picker (server-side resolution without JS, htmx suggestions and chips)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.access import candidate_required, coordinator_required
from accounts.models import User
from frontend import navigation
from frontend.skills import PickedSkill, SkillPickerField, split_typed
from reference.models import Skill
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class SkillsForm(forms.Form):
    skills = SkillPickerField(required=False)


def _clean(data: dict[str, str | list[str]]) -> list[PickedSkill]:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    form = SkillsForm(query)
    assert form.is_valid(), form.errors
    return list(form.cleaned_data["skills"])


def test_typed_skills_split_on_lines_commas_and_semicolons() -> None:
    assert split_typed("Python, SQL\n  Git ;Linux,, ") == ["Python", "SQL", "Git", "Linux"]


@pytest.mark.parametrize("typed", ["Python", "пајтон", "pyhton", "PYTHON"])
def test_a_typed_skill_in_either_script_or_with_a_typo_resolves_to_the_taxonomy(
    typed: str,
) -> None:
    picked = _clean({"skills_text": typed})
    assert [p.skill.code if p.skill else None for p in picked] == ["it.python"]
    assert picked[0].written_as == typed


def test_an_unknown_typed_skill_is_kept_in_the_persons_words() -> None:
    picked = _clean({"skills_text": "pletenje korpi od pruća"})
    assert picked == [PickedSkill(skill=None, written_as="pletenje korpi od pruća")]


def test_chosen_codes_and_typed_text_combine_without_duplicates() -> None:
    picked = _clean({"skills": ["it.python"], "skills_text": "python, Git"})
    codes = [p.skill.code for p in picked if p.skill]
    assert codes.count("it.python") == 1
    assert len(picked) == 2


def test_an_unknown_code_is_an_error_naming_it() -> None:
    form = SkillsForm({"skills": ["no.such.skill"]})
    assert not form.is_valid()
    assert "no.such.skill" in str(form.errors["skills"])


def test_suggestions_answer_in_the_page_language_and_script() -> None:
    client = Client()
    client.cookies["django_language"] = "sr"
    page = client.get("/skills/suggest/", {"field": "skills", "skills_text": "Git, pyth"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-code="it.python"' in text
    assert "code=it.python" in text and 'hx-target="#skills-chosen"' in text


def test_no_suggestion_says_the_skill_is_kept_in_the_persons_words() -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    text = client.get("/skills/suggest/", {"q": "qqqqqqqq"}).content.decode()
    assert "keep it in your words" in text


def test_a_chip_holds_the_code_and_the_localised_name() -> None:
    skill = Skill.objects.get(code="it.python")
    chip = Client().get("/skills/chip/", {"field": "required_skills", "code": skill.code})
    text = chip.content.decode()
    assert 'name="required_skills" value="it.python"' in text
    assert Client().get("/skills/chip/", {"code": "nope"}).status_code == 404


def test_a_picker_field_name_outside_the_safe_pattern_falls_back() -> None:
    text = Client().get("/skills/chip/", {"field": '"><script>', "code": "it.python"})
    assert "<script>" not in text.content.decode()
    assert 'name="skills"' in text.content.decode()


def _ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_role_required_sends_visitors_to_login_and_refuses_other_roles() -> None:
    factory = RequestFactory()
    request = factory.get("/me/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = candidate_required(_ok)(request)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    request.user = UserFactory.create(role=User.Role.COMPANY)
    with pytest.raises(PermissionDenied):
        candidate_required(_ok)(request)

    request.user = UserFactory.create(role=User.Role.ADMIN)
    assert coordinator_required(_ok)(request).status_code == 200
    with pytest.raises(PermissionDenied):
        candidate_required(_ok)(request)


def test_login_then_home_sends_each_role_to_its_start_page() -> None:
    user = UserFactory.create(username="ana", role=User.Role.CANDIDATE)
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "correct horse battery"}
    )
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert client.get("/home/")["Location"] == reverse("candidate:matches")
    assert Client().get("/home/")["Location"] == "/"
    assert user.is_authenticated


def test_a_wrong_password_shows_the_form_again_with_an_error() -> None:
    UserFactory.create(username="ana")
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert "Please correct the marked fields." in response.content.decode()


def test_logout_is_a_post() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_menu_entry_resolves_and_the_longest_prefix_is_active() -> None:
    for role in (User.Role.CANDIDATE, User.Role.COMPANY, User.Role.COORDINATOR):
        user = UserFactory.build(role=role)
        user.is_superuser = False
        items = navigation.nav_items(user, "/")
        assert len(items) == len(navigation.MENUS[role])
        for url, _label, _active in items:
            assert url.startswith("/")
        for url, _label, _active in items:
            active = [item for item in navigation.nav_items(user, url) if item[2]]
            assert [item[0] for item in active] == [url]


def test_the_language_of_the_menu_follows_the_page() -> None:
    with translation.override("en"):
        assert navigation.nav_items(None, "/") == []


def test_serbian_latin_is_the_product_default_language() -> None:
    from django.test import override_settings

    from config.settings import base

    assert base.LANGUAGE_CODE == "sr-latn"
    with override_settings(LANGUAGE_CODE=base.LANGUAGE_CODE):
        page = Client().get("/accounts/login/").content.decode()
    assert 'lang="sr-Latn"' in page


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/me/matches/", "/me/matches/"),
        ("https://evil.example/phish", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_safe_next_keeps_only_addresses_on_this_site(target: str, expected: str) -> None:
    from accounts.access import safe_next

    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "/fallback/") == expected
    assert safe_next(RequestFactory().get("/x/", {"next": target}), "/fallback/") == expected
