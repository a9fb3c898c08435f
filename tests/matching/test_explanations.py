"""Match explanations in words (frontend/explanations.py): pure, no database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine.normalize import latin_to_cyrillic
from matching.explanations import explanation_sentences, plural_form


def requirement(
    text: str,
    *,
    required: bool = True,
    matched_by: str | None = "exact",
    candidate_term: str | None = None,
) -> dict[str, Any]:
    return {
        "requirement": text,
        "skill": None,
        "required": required,
        "matched_by": matched_by,
        "candidate_term": candidate_term if candidate_term is not None else text,
        "similarity": 1.0 if matched_by else 0.0,
        "credit": 1.0 if matched_by else 0.0,
    }


def breakdown(**overrides: Any) -> dict[str, Any]:
    """The issue's example: 4 of 5 required skills met, Docker missing, 12 km away."""
    base: dict[str, Any] = {
        "total": 0.83,
        "components": {"skills": 0.8, "text": 0.4, "location": 1.0},
        "requirements": [
            requirement("Python", matched_by="fuzzy", candidate_term="Pyhton"),
            requirement("SQL"),
            requirement("Git", matched_by="alias"),
            requirement("Linux"),
            requirement("Docker", matched_by=None),
        ],
        "missing_required": ["Docker"],
        "distance_km": 12.3,
        "location_tier": "same_district",
        "excluded": [],
    }
    base.update(overrides)
    return base


LATIN_EXAMPLE = [
    "Odgovara: 4 od 5 traženih veština (Python, SQL, Git, Linux); nedostaje: Docker.",
    "Udaljenost 12 km (u okviru vaših 30 km).",
]


def test_the_issue_example_in_serbian_latin() -> None:
    sentences = explanation_sentences(breakdown(), language="sr-latn", commute_km=30)
    assert " ".join(sentences) == (
        "Odgovara: 4 od 5 traženih veština (Python, SQL, Git, Linux); nedostaje: Docker. "
        "Udaljenost 12 km (u okviru vaših 30 km)."
    )


def test_the_issue_example_in_serbian_cyrillic() -> None:
    sentences = explanation_sentences(breakdown(), language="sr", commute_km=30)
    assert sentences == [
        "Одговара: 4 од 5 тражених вештина (Python, SQL, Git, Linux); недостаје: Docker.",
        "Удаљеност 12 км (у оквиру ваших 30 км).",
    ]
    assert sentences == [latin_to_cyrillic(s) for s in LATIN_EXAMPLE]


def test_the_issue_example_in_english() -> None:
    sentences = explanation_sentences(breakdown(), language="en", commute_km=30)
    assert sentences == [
        "Matches 4 of 5 required skills (Python, SQL, Git, Linux); missing: Docker.",
        "Distance 12 km (within your 30 km).",
    ]


@pytest.mark.parametrize(
    ("count", "serbian", "english"),
    [
        (1, "od 1 tražene veštine", "of 1 required skill"),
        (2, "od 2 tražene veštine", "of 2 required skills"),
        (5, "od 5 traženih veština", "of 5 required skills"),
        (11, "od 11 traženih veština", "of 11 required skills"),
        (21, "od 21 tražene veštine", "of 21 required skills"),
        (22, "od 22 tražene veštine", "of 22 required skills"),
    ],
)
def test_plural_forms_after_the_number(count: int, serbian: str, english: str) -> None:
    data = breakdown(
        requirements=[requirement(f"Skill{i}", matched_by=None) for i in range(count)],
        missing_required=[],
    )
    latin = explanation_sentences(data, language="sr-latn")[0]
    assert latin == f"Odgovara: 0 {serbian}."
    assert explanation_sentences(data, language="sr")[0] == latin_to_cyrillic(latin)
    assert explanation_sentences(data, language="en")[0] == f"Matches 0 {english}."


@pytest.mark.parametrize(
    ("n", "form"),
    [(0, 2), (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (111, 2)],
)
def test_plural_form_rule(n: int, form: int) -> None:
    assert plural_form(n) == form


def test_no_required_skills_and_preferred_skills() -> None:
    data = breakdown(
        requirements=[
            requirement("rad u timu", required=False, matched_by="alias"),
            requirement("Excel", required=False),
            requirement("Figma", required=False, matched_by=None),
        ],
        missing_required=[],
    )
    assert explanation_sentences(data, language="sr-latn")[:2] == [
        "Oglas ne traži posebne veštine.",
        "Imate i poželjne veštine: rad u timu, Excel.",
    ]
    assert explanation_sentences(data, language="en", audience="coordinator")[:2] == [
        "The posting does not ask for specific skills.",
        "The candidate also has preferred skills: rad u timu, Excel.",
    ]
    assert explanation_sentences(data, language="sr")[1] == (
        "Имате и пожељне вештине: рад у тиму, Excel."
    )


def test_a_related_match_is_named_once_as_partial() -> None:
    data = breakdown(
        requirements=[
            requirement("Python"),
            requirement("Docker", matched_by="related", candidate_term="Kubernetes"),
            requirement("Java", matched_by=None),
        ],
        missing_required=["Docker", "Java"],
    )
    assert explanation_sentences(data, language="sr-latn")[0] == (
        "Odgovara: 1 od 3 tražene veštine (Python); "
        "delimično: Docker (srodna veština: Kubernetes); nedostaje: Java."
    )
    assert explanation_sentences(data, language="en")[0] == (
        "Matches 1 of 3 required skills (Python); "
        "partly: Docker (related skill: Kubernetes); missing: Java."
    )


def test_cyrillic_requirement_texts_are_shown_in_the_chosen_script() -> None:
    data = breakdown(
        requirements=[
            requirement("Рад на рачунару"),
            requirement("Возачка дозвола", matched_by=None),
        ],
        missing_required=["Возачка дозвола"],
    )
    assert explanation_sentences(data, language="sr-latn")[0] == (
        "Odgovara: 1 od 2 tražene veštine (Rad na računaru); nedostaje: Vozačka dozvola."
    )
    assert explanation_sentences(data, language="sr")[0] == (
        "Одговара: 1 од 2 тражене вештине (Рад на рачунару); недостаје: Возачка дозвола."
    )


def test_beyond_the_commute_radius() -> None:
    data = breakdown(distance_km=45.4, location_tier="beyond_commute")
    assert explanation_sentences(data, language="sr-latn", commute_km=30)[1] == (
        "Udaljenost 45 km (više od vaših 30 km)."
    )
    assert explanation_sentences(data, language="sr", commute_km=30)[1] == (
        "Удаљеност 45 км (више од ваших 30 км)."
    )
    assert explanation_sentences(data, language="en", commute_km=30)[1] == (
        "Distance 45 km (beyond your 30 km)."
    )


def test_distance_without_radius_and_in_the_same_place() -> None:
    assert explanation_sentences(breakdown(), language="sr-latn")[1] == "Udaljenost 12 km."
    near = breakdown(distance_km=0.4, location_tier="same_municipality")
    assert explanation_sentences(near, language="sr-latn", commute_km=30)[1] == "U istom mestu."
    assert explanation_sentences(near, language="en")[1] == "In the same place."


def test_remote_relocation_and_unknown_location() -> None:
    remote = breakdown(distance_km=250.0, location_tier="remote")
    assert explanation_sentences(remote, language="sr-latn", commute_km=30)[1] == (
        "Rad na daljinu."
    )
    assert explanation_sentences(remote, language="sr")[1] == "Рад на даљину."
    assert explanation_sentences(remote, language="en")[1] == "Remote work."
    moving = breakdown(distance_km=180.2, location_tier="relocation")
    assert explanation_sentences(moving, language="sr-latn", commute_km=30)[1] == (
        "Udaljenost 180 km; spremni ste na preseljenje."
    )
    assert explanation_sentences(moving, language="en", audience="company")[1] == (
        "Distance 180 km; the candidate is willing to relocate."
    )
    unknown = breakdown(distance_km=None, location_tier="unknown")
    assert len(explanation_sentences(unknown, language="sr-latn", commute_km=30)) == 1


def test_exclusions_one_sentence_per_reason() -> None:
    data = breakdown(
        excluded=[
            "kind_not_sought",
            "education_below_minimum",
            "placement_not_open",
            "language_not_met:de",
            "language_not_met:rom",
            "language_not_met:xx",
        ]
    )
    assert explanation_sentences(data, language="sr-latn", commute_km=30)[2:] == [
        "Ne tražite ovu vrstu angažmana.",
        "Vaše obrazovanje je ispod najnižeg koje oglas traži.",
        "Oglas više nije otvoren.",
        "Ne ispunjavate uslov za nemački jezik.",
        "Ne ispunjavate uslov za romski jezik.",
        "Ne ispunjavate uslov za jezik (XX).",
    ]
    assert explanation_sentences(data, language="sr", audience="coordinator")[2:] == [
        "Кандидат не тражи ову врсту ангажмана.",
        "Образовање кандидата је испод најнижег које оглас тражи.",
        "Оглас више није отворен.",
        "Кандидат не испуњава услов за немачки језик.",
        "Кандидат не испуњава услов за ромски језик.",
        "Кандидат не испуњава услов за језик (XX).",
    ]
    assert explanation_sentences(data, language="en", audience="company")[5:] == [
        "The candidate does not meet the German language requirement.",
        "The candidate does not meet the Romani language requirement.",
        "The candidate does not meet the language (XX) requirement.",
    ]


def test_audience_wording() -> None:
    for audience in ("coordinator", "company"):
        assert explanation_sentences(
            breakdown(), language="sr-latn", commute_km=30, audience=audience
        )[1] == ("Udaljenost 12 km (u okviru kandidatovih 30 km).")
        assert explanation_sentences(breakdown(), language="en", commute_km=30, audience=audience)[
            1
        ] == ("Distance 12 km (within the candidate's 30 km).")


def test_unknown_language_or_audience_is_an_error() -> None:
    with pytest.raises(ValueError, match="language"):
        explanation_sentences(breakdown(), language="de")
    with pytest.raises(ValueError, match="audience"):
        explanation_sentences(breakdown(), language="en", audience="everyone")


TECHNICAL_TERMS = {"Python", "SQL", "Git", "Linux", "Docker", "Excel", "XX"}


def test_cyrillic_output_has_no_latin_letters_but_technical_terms() -> None:
    data = breakdown(
        requirements=[
            *breakdown()["requirements"],
            requirement("komunikacija", required=False),
            requirement("Excel", required=False),
        ],
        excluded=["kind_not_sought", "language_not_met:hu", "language_not_met:xx"],
    )
    for audience in ("candidate", "coordinator"):
        text = " ".join(
            explanation_sentences(data, language="sr", commute_km=30, audience=audience)
        )
        latin_words = set(re.findall(r"[A-Za-zčćđšžČĆĐŠŽ]+", text))
        assert latin_words <= TECHNICAL_TERMS, latin_words
        assert "мађарски" in text and "км" in text


_REQUIREMENT = st.fixed_dictionaries(
    {},
    optional={
        "requirement": st.one_of(st.none(), st.text(max_size=12), st.integers()),
        "required": st.one_of(st.none(), st.booleans(), st.text(max_size=3)),
        "matched_by": st.sampled_from([None, "exact", "alias", "fuzzy", "related", "text", ""]),
        "candidate_term": st.one_of(st.none(), st.text(max_size=8)),
    },
)
_BREAKDOWN = st.fixed_dictionaries(
    {},
    optional={
        "total": st.floats(allow_nan=True),
        "requirements": st.one_of(
            st.none(), st.text(max_size=5), st.lists(st.one_of(_REQUIREMENT, st.none()), max_size=4)
        ),
        "missing_required": st.one_of(
            st.none(), st.lists(st.one_of(st.text(max_size=8), st.none()), max_size=3)
        ),
        "distance_km": st.one_of(st.none(), st.floats(allow_nan=True), st.text(max_size=3)),
        "location_tier": st.one_of(
            st.none(),
            st.sampled_from(
                ["remote", "unknown", "same_municipality", "relocation", "beyond_commute"]
            ),
        ),
        "excluded": st.one_of(
            st.none(),
            st.lists(
                st.one_of(
                    st.sampled_from(
                        ["kind_not_sought", "language_not_met:", "language_not_met:de"]
                    ),
                    st.text(max_size=10),
                    st.integers(),
                ),
                max_size=3,
            ),
        ),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=_BREAKDOWN,
    language=st.sampled_from(["sr-latn", "sr", "en"]),
    audience=st.sampled_from(["candidate", "coordinator", "company"]),
    commute_km=st.one_of(st.none(), st.floats(allow_nan=True)),
)
def test_partial_or_malformed_rows_never_raise(
    data: dict[str, Any], language: str, audience: str, commute_km: float | None
) -> None:
    sentences = explanation_sentences(
        data, language=language, commute_km=commute_km, audience=audience
    )
    assert all(isinstance(s, str) and s for s in sentences)
    if language == "sr":
        latin = explanation_sentences(
            data, language="sr-latn", commute_km=commute_km, audience=audience
        )
        assert sentences == [latin_to_cyrillic(s) for s in latin]


def test_an_empty_old_row_says_nothing() -> None:
    assert explanation_sentences({}, language="sr-latn", commute_km=30) == []
