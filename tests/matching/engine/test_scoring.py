"""Tests for the score components, hard constraints and explanations (matching.engine.scoring)."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle

import numpy as np
import pytest

from matching.engine import MatchingEngine, explanation_to_dict
from matching.engine.places import Gazetteer
from matching.engine.scoring import (
    BONUS_SAME_DISTRICT,
    LOCATION_EDGE,
    LOCATION_SCALE,
    RELOCATION_FLOOR,
    UNKNOWN_EDUCATION,
    UNKNOWN_LOCATION,
    CharNgramTfidf,
    LazyExplanation,
    normalised_weights,
    top_k,
    top_k_rows,
)
from matching.engine.types import (
    Candidate,
    Explanation,
    LanguageSkill,
    Place,
    Placement,
    ScoredPair,
    SkillClaim,
    Taxonomy,
    TaxonomySkill,
    Weights,
)

GAZETTEER = Gazetteer.default()
NIS = GAZETTEER.get("nis")
TAXONOMY = Taxonomy(
    skills=(
        TaxonomySkill("t.alfa", "t", "alfa", ("alfa", "alpha")),
        TaxonomySkill("t.beta", "t", "beta", ("beta",)),
        TaxonomySkill("t.gama", "t", "gama", ("gama",)),
        TaxonomySkill("u.delta", "u", "delta", ("delta",)),
        TaxonomySkill("languages.de", "languages", "nemacki", ("nemacki", "german"), "de"),
        TaxonomySkill("languages.en", "languages", "engleski", ("engleski",), "en"),
    ),
    version="test-1",
)


def engine(**weights: float) -> MatchingEngine:
    return MatchingEngine(TAXONOMY, GAZETTEER, Weights(**weights))


def candidate(cid: str = "c", *skills: SkillClaim | str, **fields: object) -> Candidate:
    claims = tuple(SkillClaim(s) if isinstance(s, str) else s for s in skills)
    defaults: dict[str, object] = {"place": NIS, "skills": claims}
    return Candidate(cid, **{**defaults, **fields})  # type: ignore[arg-type]


def placement(
    pid: str = "p",
    required: tuple[SkillClaim | str, ...] = (),
    preferred: tuple[SkillClaim | str, ...] = (),
    **fields: object,
) -> Placement:
    def claims(items: tuple[SkillClaim | str, ...]) -> tuple[SkillClaim, ...]:
        return tuple(SkillClaim(s) if isinstance(s, str) else s for s in items)

    defaults: dict[str, object] = {"place": NIS, "kind": "job"}
    return Placement(
        pid,
        required_skills=claims(required),
        preferred_skills=claims(preferred),
        **{**defaults, **fields},  # type: ignore[arg-type]
    )


def skills_of(pair: ScoredPair) -> float:
    return pair.explanation.components["skills"]


PLACEMENT = placement("p", (SkillClaim("alfa", 3), "delta"), ("beta",))


# --- skills coverage ----------------------------------------------------------------------


def test_full_coverage_with_a_related_preferred_skill() -> None:
    pair = engine().score_one(candidate("a", SkillClaim("alfa", 4), "delta"), PLACEMENT)
    # required (1 + 1) / 2 = 1; preferred beta only related (alfa, same group) = 0.5
    assert skills_of(pair) == pytest.approx(0.75 * 1.0 + 0.25 * 0.5)


def test_a_level_below_the_minimum_earns_the_shortfall_credit() -> None:
    pair = engine().score_one(candidate("b", SkillClaim("alfa", 2)), PLACEMENT)
    # required: alfa 0.6 (level 2 < 3), delta 0 → 0.3; preferred: beta related 0.5
    assert skills_of(pair) == pytest.approx(0.75 * 0.3 + 0.25 * 0.5)
    alfa = pair.explanation.requirements[0]
    assert (alfa.matched_by, alfa.credit) == ("exact", 0.6)


def test_a_skill_of_the_same_group_earns_the_related_credit() -> None:
    pair = engine().score_one(candidate("c", "beta", "gama"), PLACEMENT)
    # required: alfa related 0.5, delta 0 → 0.25; preferred: beta exact 1
    assert skills_of(pair) == pytest.approx(0.75 * 0.25 + 0.25 * 1.0)
    alfa, delta, beta = pair.explanation.requirements
    assert (alfa.matched_by, alfa.candidate_term, alfa.credit) == ("related", "beta", 0.5)
    assert (delta.matched_by, delta.credit) == (None, 0.0)
    assert pair.explanation.missing_required == ("alfa", "delta")  # related is still missing


def test_the_better_of_shortfall_and_related_credit_counts() -> None:
    low = candidate("d", SkillClaim("alfa", 2), "gama")
    assert skills_of(engine().score_one(low, PLACEMENT)) == pytest.approx(0.75 * 0.3 + 0.25 * 0.5)
    generous = engine(related_credit=0.7).score_one(low, PLACEMENT)
    assert skills_of(generous) == pytest.approx(0.75 * 0.35 + 0.25 * 0.7)
    assert generous.explanation.requirements[0].matched_by == "related"


def test_an_unstated_candidate_level_counts_as_three() -> None:
    meets = engine().score_one(candidate("e", "alfa"), placement("p", (SkillClaim("alfa", 3),)))
    short = engine().score_one(candidate("e", "alfa"), placement("p", (SkillClaim("alfa", 4),)))
    assert skills_of(meets) == 1.0
    assert skills_of(short) == pytest.approx(0.6)


def test_the_highest_of_several_claims_of_one_skill_counts() -> None:
    person = candidate("f", SkillClaim("alfa", 1), SkillClaim("alpha", 5))
    pair = engine().score_one(person, placement("p", (SkillClaim("alfa", 4),)))
    assert skills_of(pair) == 1.0
    assert pair.explanation.requirements[0].candidate_term == "alpha"


def test_a_placement_listing_no_skills_gives_no_skill_credit() -> None:
    # Not "nothing required, so everyone covers it": the component is unknown and left out.
    pair = engine().score_one(candidate("g", "alfa"), placement("p"))
    assert skills_of(pair) == 0.0
    assert "skills" in pair.explanation.unknown
    assert pair.explanation.known_share < 1.0


def test_only_preferred_skills_are_the_whole_skills_component() -> None:
    without = engine().score_one(candidate("g"), placement("p", (), ("beta",)))
    assert skills_of(without) == 0.0
    assert "skills" not in without.explanation.unknown
    having = engine().score_one(candidate("g", "beta"), placement("p", (), ("beta",)))
    assert skills_of(having) == 1.0


def test_a_no_skill_placement_does_not_outrank_a_matching_one() -> None:
    # A Python developer: the Python job (listing Python) beats a nearby warehouse job that
    # lists no skills, even when the Python job is farther away.
    taxonomy = Taxonomy(
        skills=(
            TaxonomySkill("it.python", "it", "Python", ("python",)),
            TaxonomySkill("it.sql", "it", "SQL", ("sql",)),
        ),
        version="test-python",
    )
    matcher = MatchingEngine(taxonomy, GAZETTEER, Weights())
    developer = Candidate(
        "dev",
        place=NIS,
        skills=(SkillClaim("Python"), SkillClaim("SQL")),
        about="programiram u Pythonu, web aplikacije",
    )
    python_job = Placement(
        "python",
        kind="job",
        title="Python programer",
        description="razvoj web aplikacija",
        place=GAZETTEER.get("leskovac"),
        required_skills=(SkillClaim("Python"), SkillClaim("SQL")),
    )
    warehouse = Placement(
        "warehouse",
        kind="job",
        title="Magacioner",
        description="utovar i istovar robe u magacinu",
        place=NIS,
    )
    ranked = matcher.rank([developer], [warehouse, python_job], top_k=None)["dev"]
    assert [pair.placement_id for pair in ranked] == ["python", "warehouse"]
    warehouse_pair = ranked[1]
    assert warehouse_pair.explanation.components["skills"] == 0.0
    assert warehouse_pair.score < 0.5


def test_unstated_components_leave_the_sum_and_the_rest_is_renormalised() -> None:
    # No skills, no education minimum, no languages, the candidate's place unknown: only the
    # text is known, so the total is the text similarity itself (no constant floor).
    person = candidate("r", about="alfa beta gama", place=None, education_level=None)
    job = placement("p", description="alfa beta delta")
    pair = engine().score_one(person, job)
    assert set(pair.explanation.unknown) == {"skills", "location", "education", "language"}
    assert pair.score == pytest.approx(pair.explanation.components["text"])
    assert pair.explanation.known_share == pytest.approx(normalised_weights(Weights())[1])
    # An unrelated text then scores about nothing, whatever the weights of the rest.
    unrelated = engine().score_one(candidate("s", about="zzz", place=None), job)
    assert unrelated.score == pytest.approx(0.0)
    # Stated education counts: the same pair with a minimum the candidate meets.
    stated = engine().score_one(
        candidate("r", about="alfa beta gama", place=None, education_level=5),
        placement("p", description="alfa beta delta", min_education_level=4),
    )
    w = normalised_weights(Weights())
    text = stated.explanation.components["text"]
    assert "education" not in stated.explanation.unknown
    expected = ((w[0] + w[1]) * text + w[3] * 1.0) / (w[0] + w[1] + w[3])
    assert stated.score == pytest.approx(expected)


def test_nothing_known_scores_zero() -> None:
    pair = engine().score_one(Candidate("e"), Placement("p", kind="job"))
    assert pair.score == 0.0
    assert pair.explanation.known_share == 0.0


def test_no_preferred_skills_drops_that_part() -> None:
    pair = engine().score_one(candidate("h", "alfa"), placement("p", ("alfa", "delta")))
    assert skills_of(pair) == pytest.approx(0.5)


def test_language_skills_are_not_related_to_each_other() -> None:
    pair = engine().score_one(candidate("i", "engleski"), placement("p", ("nemacki",)))
    assert skills_of(pair) == 0.0


def test_unresolved_texts_are_compared_fuzzily() -> None:
    person = candidate("j", "rad sa kasom Galeb")
    pair = engine().score_one(person, placement("p", ("kasa Galeb",)))
    match = pair.explanation.requirements[0]
    assert match.skill_id is None
    assert match.matched_by == "text"
    assert match.candidate_term == "rad sa kasom Galeb"
    assert 0.86 <= match.similarity <= 1.0
    assert skills_of(pair) == pytest.approx(match.credit)
    unrelated = engine().score_one(candidate("k", "nesto drugo"), placement("p", ("kasa Galeb",)))
    assert skills_of(unrelated) == 0.0


def test_fuzzy_resolution_is_explained_with_the_candidates_words() -> None:
    real = MatchingEngine(taxonomy_for_real(), GAZETTEER)
    person = Candidate("c", place=NIS, skills=(SkillClaim("Pyhton"), SkillClaim("varilac")))
    job = Placement(
        "p", kind="job", place=NIS, required_skills=(SkillClaim("Python"), SkillClaim("Docker"))
    )
    explanation = real.score_one(person, job).explanation
    python, docker = explanation.requirements
    assert (python.skill_id, python.matched_by, python.candidate_term) == (
        "it.python",
        "fuzzy",
        "Pyhton",
    )
    assert 0.86 <= python.similarity < 1.0
    assert python.credit == 1.0
    assert docker.matched_by == "related"  # another IT skill: partial credit, still missing
    assert explanation.missing_required == ("Docker",)
    welding = Placement("w", kind="job", place=NIS, required_skills=(SkillClaim("welding"),))
    weld = real.score_one(person, welding).explanation.requirements[0]
    assert (weld.skill_id, weld.matched_by, weld.candidate_term) == (
        "metal.welding",
        "alias",
        "varilac",
    )


def taxonomy_for_real() -> Taxonomy:
    from matching.engine.taxonomy import load_taxonomy

    return load_taxonomy()


# --- text -----------------------------------------------------------------------------------


def test_text_similarity_survives_serbian_inflection() -> None:
    job = placement("p", title="Programiranje", description="programiranja u timu")
    near = engine().score_one(candidate("a", about="volim programiranje"), job)
    far = engine().score_one(candidate("b", about="berba malina i kupina"), job)
    assert near.explanation.components["text"] > 0.2
    assert far.explanation.components["text"] < near.explanation.components["text"]


def test_char_ngram_tfidf_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    documents = ["programiranje u pythonu", "rad na kasi i programiranja", "kasa", "a b", ""]
    ours = CharNgramTfidf(max_df=1.0).fit(documents).transform(documents).toarray()
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    theirs = reference.fit_transform(documents)
    vocabulary = reference.vocabulary_
    model = CharNgramTfidf(max_df=1.0).fit(documents)
    order = [model.vocabulary[gram] for gram in sorted(vocabulary, key=vocabulary.__getitem__)]
    assert np.allclose(ours[:, order], theirs.toarray())


# --- location -----------------------------------------------------------------------------


def location_of(person: Candidate, job: Placement) -> tuple[float, str, float | None]:
    explanation = engine().score_one(person, job).explanation
    return (
        explanation.components["location"],
        explanation.location_tier,
        explanation.distance_km,
    )


def test_same_municipality_scores_one() -> None:
    assert location_of(candidate("a"), placement("p")) == (1.0, "same_municipality", 0.0)


def test_inside_the_radius_nearer_is_better_and_districts_earn_a_bonus() -> None:
    aleksinac = GAZETTEER.get("aleksinac")  # Nišavski, like Niš
    person = candidate("a", place=aleksinac, max_commute_km=40.0)
    score, tier, distance = location_of(person, placement("p"))
    assert tier == "same_district"
    assert distance is not None and distance < 40
    proximity = 1 - (1 - LOCATION_EDGE) * distance / 40.0
    assert score == pytest.approx(LOCATION_SCALE * proximity + BONUS_SAME_DISTRICT, abs=1e-6)


def test_beyond_the_radius_the_score_halves_every_decay_distance() -> None:
    vranje = GAZETTEER.get("vranje")
    person = candidate("a", place=vranje, max_commute_km=20.0)
    score, tier, distance = location_of(person, placement("p", place=GAZETTEER.get("bor")))
    assert tier == "beyond_commute"
    assert distance is not None
    expected = LOCATION_SCALE * LOCATION_EDGE * 0.5 ** ((distance - 20.0) / 25.0)
    assert score == pytest.approx(expected, abs=1e-6)


def test_a_regional_centre_within_reach_earns_a_bonus() -> None:
    doljevac = GAZETTEER.get("doljevac")  # Nišavski
    leskovac = GAZETTEER.get("leskovac")  # Jablanički, regional centre
    person = candidate("a", place=doljevac, max_commute_km=30.0)
    _, tier, _ = location_of(person, placement("p", place=leskovac))
    assert tier == "regional_centre"


def test_remote_placements_score_one_anywhere() -> None:
    person = candidate("a", place=GAZETTEER.get("subotica"))
    score, tier, distance = location_of(person, placement("p", remote=True))
    assert (score, tier) == (1.0, "remote")
    assert distance is not None and distance > 300


def test_relocation_sets_a_floor() -> None:
    far = candidate("a", place=GAZETTEER.get("subotica"), willing_to_relocate=True)
    assert location_of(far, placement("p"))[:2] == (RELOCATION_FLOOR, "relocation")
    stays = candidate("b", place=GAZETTEER.get("subotica"))
    assert location_of(stays, placement("p"))[0] < 0.01


def test_unknown_places_score_half() -> None:
    assert location_of(candidate("a", place=None), placement("p")) == (
        UNKNOWN_LOCATION,
        "unknown",
        None,
    )
    assert location_of(candidate("a"), placement("p", place=None))[0] == UNKNOWN_LOCATION


def test_custom_places_outside_the_gazetteer_work() -> None:
    village = Place("selo", "Selo", "RS-20", NIS.latitude + 0.09, NIS.longitude)
    score, tier, distance = location_of(candidate("a", place=village), placement("p"))
    assert distance == pytest.approx(10.0, abs=0.2)
    assert tier == "same_district"
    assert 0.9 < score <= 1.0


def test_nearer_ranks_higher_all_else_equal() -> None:
    job = placement("p", ("alfa",))
    scores = [
        engine().score_one(candidate("a", "alfa", place=GAZETTEER.get(code)), job).score
        for code in ("nis", "aleksinac", "leskovac", "vranje", "subotica")
    ]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) == len(scores)


# --- education, language, hard constraints ------------------------------------------------


def test_education_component() -> None:
    job = placement("p", min_education_level=4)
    assert (
        engine()
        .score_one(candidate("a", education_level=5), job)
        .explanation.components["education"]
        == 1.0
    )
    unknown = engine().score_one(candidate("a"), job)
    assert unknown.explanation.components["education"] == UNKNOWN_EDUCATION
    assert unknown.explanation.excluded == ()
    no_minimum = engine().score_one(candidate("a"), placement("p"))
    assert no_minimum.explanation.components["education"] == 1.0


@pytest.mark.parametrize(
    ("person", "job", "reason"),
    [
        (candidate("a", seeking=frozenset({"internship"})), placement("p"), "kind_not_sought"),
        (
            candidate("a", education_level=3),
            placement("p", min_education_level=4),
            "education_below_minimum",
        ),
        (
            candidate("a", languages=(LanguageSkill("de", 2),)),
            placement("p", languages=(LanguageSkill("de", 3),)),
            "language_not_met:de",
        ),
        (
            candidate("a"),
            placement("p", languages=(LanguageSkill("en", 1),)),
            "language_not_met:en",
        ),
        (candidate("a"), placement("p", is_open=False), "placement_not_open"),
    ],
)
def test_hard_constraints_exclude_with_a_reason(
    person: Candidate, job: Placement, reason: str
) -> None:
    pair = engine().score_one(person, job)
    assert pair.score == 0.0
    assert pair.explanation.excluded == (reason,)
    assert pair.explanation.total == 0.0
    assert engine().rank([person], [job]) == {person.id: []}


def test_all_broken_constraints_are_listed() -> None:
    person = candidate("a", seeking=frozenset({"internship"}), education_level=1)
    job = placement("p", is_open=False, min_education_level=4, languages=(LanguageSkill("de", 3),))
    assert engine().score_one(person, job).explanation.excluded == (
        "placement_not_open",
        "kind_not_sought",
        "education_below_minimum",
        "language_not_met:de",
    )


def test_language_component_is_the_share_met() -> None:
    job = placement("p", languages=(LanguageSkill("de", 3), LanguageSkill("en", 2)))
    person = candidate("a", languages=(LanguageSkill("de", 4), LanguageSkill("en", 2)))
    assert engine().score_one(person, job).explanation.components["language"] == 1.0
    assert engine().score_one(person, placement("p")).explanation.components["language"] == 1.0


def test_a_language_named_as_a_skill_counts_as_b1() -> None:
    person = candidate("a", "nemacki")
    b1 = placement("p", languages=(LanguageSkill("de", 3),))
    b2 = placement("p", languages=(LanguageSkill("de", 4),))
    assert engine().score_one(person, b1).explanation.excluded == ()
    assert engine().score_one(person, b2).explanation.excluded == ("language_not_met:de",)
    # The structured entry wins over the skill claim.
    structured = candidate("b", "nemacki", languages=(LanguageSkill("de", 2),))
    assert engine().score_one(structured, b1).explanation.excluded == ("language_not_met:de",)


# --- the total ------------------------------------------------------------------------------


def test_components_are_within_zero_and_one_and_the_total_is_their_weighted_mean() -> None:
    weights = Weights()
    w = normalised_weights(weights)
    person = candidate("a", SkillClaim("alfa", 2), "gama", about="alfa beta", education_level=4)
    pair = engine().score_one(person, PLACEMENT)
    values = [
        pair.explanation.components[name]
        for name in ("skills", "text", "location", "education", "language")
    ]
    assert all(0.0 <= value <= 1.0 for value in values)
    # The placement states no education minimum and asks for no language: those two are
    # left out and the other weights renormalised.
    assert pair.explanation.unknown == ("education", "language")
    known = np.array([1.0, 1.0, 1.0, 0.0, 0.0])
    assert pair.score == pytest.approx(float(np.dot(w * known, values) / np.dot(w, known)))
    assert pair.explanation.known_share == pytest.approx(float(np.dot(w, known)))
    assert pair.score == pair.explanation.total


def test_weights_are_normalised_to_sum_to_one() -> None:
    person = candidate("a", "alfa", about="alfa")
    base = engine().score_one(person, PLACEMENT).score
    doubled = engine(skills=1.0, text=0.3, location=0.4, education=0.2, language=0.1).score_one(
        person, PLACEMENT
    )
    assert doubled.score == pytest.approx(base)
    assert normalised_weights(Weights()).sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        normalised_weights(Weights(skills=0, text=0, location=0, education=0, language=0))
    with pytest.raises(ValueError):
        normalised_weights(Weights(skills=-1.0))


def test_more_of_the_required_skills_ranks_higher() -> None:
    job = placement("p", ("alfa", "delta", "beta"))
    people = [
        candidate("a1", "alfa", "delta", "beta"),
        candidate("a2", "alfa", "delta"),
        candidate("a3", "delta"),
        candidate("a4"),
    ]
    ranked = engine().rank(people, [job], top_k=None, by="placement")["p"]
    assert [pair.candidate_id for pair in ranked] == ["a1", "a2", "a3", "a4"]


# --- explanations -------------------------------------------------------------------------


def test_explanation_to_dict_is_json_with_rounded_floats() -> None:
    pair = engine().score_one(candidate("c", "beta", "gama"), PLACEMENT)
    data = explanation_to_dict(pair.explanation)
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "total",
        "components",
        "requirements",
        "missing_required",
        "distance_km",
        "location_tier",
        "excluded",
        "unknown",
        "known_share",
    }
    requirements = data["requirements"]
    assert isinstance(requirements, list)
    assert requirements[0] == {
        "requirement": "alfa",
        "skill": "t.alfa",
        "required": True,
        "matched_by": "related",
        "candidate_term": "beta",
        "similarity": 1.0,
        "credit": 0.5,
    }
    assert data["missing_required"] == ["alfa", "delta"]
    assert data["distance_km"] == 0.0
    total = data["total"]
    assert isinstance(total, float) and total == round(total, 4)


def test_lazy_explanations_behave_as_plain_ones() -> None:
    pair = engine().score_one(candidate("c", "beta"), PLACEMENT)
    lazy = pair.explanation
    assert isinstance(lazy, LazyExplanation)
    assert isinstance(lazy, Explanation)
    plain = lazy.eager()
    assert type(plain) is Explanation
    assert lazy == plain and plain == lazy
    assert dataclasses.asdict(lazy) == dataclasses.asdict(plain)
    restored = pickle.loads(pickle.dumps(lazy))  # noqa: S301 - bytes made just above
    assert type(restored) is Explanation and restored == plain
    changed = dataclasses.replace(lazy, total=0.5)
    assert changed.total == 0.5 and changed.requirements == plain.requirements
    assert "requirements=" in repr(lazy)


def test_top_k_rows_breaks_ties_by_column_and_skips_excluded_entries() -> None:
    scores = np.array([[0.5, 0.9, 0.5, 0.5, -1.0], [0.1, 0.2, 0.3, 0.4, 0.5]])
    picked, values = top_k_rows(scores, 3)
    assert picked.tolist() == [[1, 0, 2], [4, 3, 2]]
    assert values.tolist() == [[0.9, 0.5, 0.5], [0.5, 0.4, 0.3]]
    everything, best = top_k_rows(scores, 10)
    assert everything.shape == (2, 5)
    assert everything[0].tolist()[:4] == [1, 0, 2, 3]
    assert best[0, 4] == -np.inf  # the excluded entry is padding, not a pick


@pytest.mark.parametrize("axis", [0, 1])
def test_top_k_is_exact_on_random_ties(axis: int) -> None:
    rng = np.random.default_rng(3)
    scores = rng.integers(-1, 4, size=(50, 40)).astype(float) / 4
    scores[scores < 0] = -1.0
    picked, values = top_k(scores, 7, axis=axis)
    lines = scores if axis == 1 else scores.T
    for key, line in enumerate(lines):
        eligible = [i for i in range(len(line)) if line[i] >= 0]
        expected = sorted(eligible, key=lambda i: (-line[i], i))[:7]
        assert picked[key][: len(expected)].tolist() == expected
        assert values[key][: len(expected)].tolist() == [line[i] for i in expected]
        assert (values[key][len(expected) :] == -np.inf).all()


def test_distances_in_explanations_are_kilometres() -> None:
    person = candidate("a", place=GAZETTEER.get("vranje"))
    explanation = engine().score_one(person, placement("p")).explanation
    assert explanation.distance_km == pytest.approx(
        GAZETTEER.distance_km(GAZETTEER.get("vranje"), NIS), rel=1e-6
    )
    assert not math.isnan(explanation.distance_km or 0.0)
