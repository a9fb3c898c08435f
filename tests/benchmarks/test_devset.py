"""The dev-set slices: they parse as CLI input, the labels follow the written rules and are
exactly what the builder writes, held-out and dev candidates do not overlap."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks import build_devset as bd
from benchmarks import eval as ev
from benchmarks.devset_material import RELATED, ROLES

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


@pytest.fixture(scope="module", params=ev.SLICE_NAMES)
def slice_(request: pytest.FixtureRequest) -> ev.Slice:
    return ev.load_slice(request.param)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# ---------------------------------------------------------------------------
# Every slice
# ---------------------------------------------------------------------------


def test_slice_is_large_enough(slice_: ev.Slice) -> None:
    assert len(slice_.candidates) >= 60
    assert len(slice_.placements) >= 40


def test_slice_reads_with_the_cli_reader(slice_: ev.Slice) -> None:
    """Valid command-line input: every field known, every municipality resolves."""
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer

    gazetteer = Gazetteer.default()
    cands = read_candidates(slice_.directory / "candidates.jsonl", gazetteer)
    places = read_placements(slice_.directory / "placements.jsonl", gazetteer)
    assert len(cands) == len(slice_.candidates) and len(places) == len(slice_.placements)
    assert all(c.place is not None for c in cands)
    assert all(p.place is not None for p in places)


def test_every_qrel_refers_to_existing_ids(slice_: ev.Slice) -> None:
    pids = {p["id"] for p in slice_.placements}
    assert set(slice_.qrels) <= set(slice_.candidate_ids)
    for grades in slice_.qrels.values():
        assert set(grades) <= pids
        assert set(grades.values()) <= {0, 1, 2, 3}


def test_every_candidate_and_placement_has_a_relevant_pair(slice_: ev.Slice) -> None:
    for cid in slice_.candidate_ids:
        assert max(slice_.qrels.get(cid, {}).values(), default=0) >= 2, cid
    relevant = {pid for g in slice_.qrels.values() for pid, v in g.items() if v >= 2}
    assert relevant == {p["id"] for p in slice_.placements}


def test_held_out_and_dev_do_not_overlap_and_cover_the_slice(slice_: ev.Slice) -> None:
    dev, held = set(slice_.dev_ids), set(slice_.held_out_ids)
    assert not dev & held
    assert dev | held == set(slice_.candidate_ids)
    assert 0.25 <= len(held) / len(slice_.candidates) <= 0.35


def test_hard_excluded_pairs_are_graded_zero(slice_: ev.Slice) -> None:
    """Kind not sought, stated education below the minimum, language not met → label 0."""
    cands = {c["id"]: c for c in slice_.candidates}
    places = {p["id"]: p for p in slice_.placements}
    for cid, grades in slice_.qrels.items():
        c = cands[cid]
        spoken = {x["code"]: CEFR.index(x["level"]) for x in c.get("languages", [])}
        level = (c.get("education") or {}).get("level")
        for pid, grade in grades.items():
            if grade == 0:
                continue
            p = places[pid]
            assert p.get("kind", "internship") in c.get("seeking", ["internship", "job"])
            minimum = p.get("min_education_level")
            assert minimum is None or level is None or level >= minimum, (cid, pid)
            for lang in p.get("languages", []):
                assert spoken.get(lang["code"], -1) >= CEFR.index(lang["level"]), (cid, pid)


# ---------------------------------------------------------------------------
# The generated slices are exactly the rules' output
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> dict[Path, str]:
    return bd.build_all(bd.load_material())


def test_committed_slices_are_what_the_builder_writes(built: dict[Path, str]) -> None:
    """No label (or record) was edited by hand: `build_devset.py --write` gives these bytes."""
    for path, text in built.items():
        assert path.read_text(encoding="utf-8") == text, path


def test_builder_is_deterministic() -> None:
    material = bd.load_material()
    cfg = bd.SLICES[0]
    assert bd.build_slice(cfg, material) == bd.build_slice(cfg, material)


def test_the_material_names_esco_concepts_and_known_trades() -> None:
    material = bd.load_material()
    keys = {r.key for r in ROLES}
    assert {a for pair in RELATED for a in pair} <= keys
    for role in ROLES:
        assert role.occupation in material["occupations"]
        for label, serbian in role.skills:
            assert material["skills"][label]["uri"].startswith("http://data.europa.eu/esco/skill/")
            assert serbian


def _latent(**kwargs: Any) -> tuple[bd.LatentCandidate, bd.LatentPlacement]:
    waiter, bartender = bd.ROLE_BY_KEY["waiter"], bd.ROLE_BY_KEY["bartender"]
    skills = [s for s, _ in waiter.skills]
    c = bd.LatentCandidate(
        id="c",
        role=kwargs.get("role", waiter),
        second=None,
        skills=kwargs.get("skills", skills[:3]),
        town=kwargs.get("town", "Niš"),
        radius=kwargs.get("radius", 30),
        relocate=kwargs.get("relocate", False),
        seeking=kwargs.get("seeking", ["job"]),
        education=kwargs.get("education", 3),
        languages=kwargs.get("languages", []),
        years=1,
        female=False,
    )
    p = bd.LatentPlacement(
        id="p",
        role=kwargs.get("p_role", waiter),
        town=kwargs.get("p_town", "Niš"),
        remote=False,
        kind="job",
        min_education=kwargs.get("min_education"),
        languages=kwargs.get("p_languages", []),
        required=kwargs.get("required", skills[:2]),
        preferred=[],
        slots=1,
    )
    del bartender
    return c, p


def _grade(**kwargs: Any) -> tuple[int, int]:
    c, p = _latent(**kwargs)
    return bd.grade(c, p, bd.load_material()["towns"])


def test_rule_same_trade_covered_or_nothing_stated_is_three() -> None:
    assert _grade() == (3, 3)
    assert _grade(required=[]) == (3, 3)  # "Konobar", title only


def test_rule_same_trade_not_covered_is_two() -> None:
    skills = [s for s, _ in bd.ROLE_BY_KEY["waiter"].skills]
    assert _grade(skills=skills[:1], required=skills[1:4]) == (2, 2)


def test_rule_related_trade_is_two_or_one() -> None:
    bartender = bd.ROLE_BY_KEY["bartender"]
    b_skills = [s for s, _ in bartender.skills]
    assert _grade(p_role=bartender, required=[]) == (2, 2)
    assert _grade(p_role=bartender, required=b_skills[:3]) == (1, 1)


def test_rule_other_sector_is_zero_even_without_stated_skills() -> None:
    """The warehouse job that lists no skills is not for a waiter (or a Python developer)."""
    assert _grade(p_role=bd.ROLE_BY_KEY["warehouse"], required=[]) == (0, 0)
    python = bd.ROLE_BY_KEY["python_dev"]
    c, p = _latent(
        role=python,
        skills=[s for s, _ in python.skills],
        p_role=bd.ROLE_BY_KEY["warehouse"],
        required=[],
    )
    assert bd.trade_fit(c, p) == 0


def test_rule_same_sector_other_trade_is_one() -> None:
    assert _grade(p_role=bd.ROLE_BY_KEY["cook"], required=[]) == (1, 1)


def test_rule_location() -> None:
    # Niš → Leskovac is about 36 km
    assert _grade(p_town="Leskovac", radius=40) == (3, 3)
    assert _grade(p_town="Leskovac", radius=30) == (3, 2)  # beyond r, within 1.5 r
    assert _grade(p_town="Leskovac", radius=20) == (3, 1)  # beyond 1.5 r: 3 → 1
    assert _grade(p_town="Beograd") == (3, 1)
    assert _grade(p_town="Beograd", relocate=True) == (3, 2)
    assert _grade(p_town="Leskovac", radius=None) == (3, 2)  # unstated radius = 30


def test_rule_hard_exclusions() -> None:
    assert _grade(seeking=["internship"]) == (3, 0)
    assert _grade(min_education=4, education=3) == (3, 0)
    assert _grade(min_education=4, education=None) == (3, 3)
    assert _grade(p_languages=[("en", "B1")], languages=[("en", "A2")]) == (3, 0)
    assert _grade(p_languages=[("en", "B1")]) == (3, 0)  # not stated = not spoken
    assert _grade(p_languages=[("en", "B1")], languages=[("en", "C1")]) == (3, 3)


def test_script_helpers() -> None:
    assert bd.to_cyrillic("Šivenje i peglanje, Python") == "Шивење и пеглање, Python"
    assert bd.to_cyrillic("ljubav, njiva, džak") == "љубав, њива, џак"
    assert bd.no_diacritics("Đorđe čita šešir") == "Djordje cita sesir"
    assert bd.gendered("Radio sam kao konobar i pekao hleb", female=True) == (
        "Radila sam kao konobar i pekla hleb"
    )


# ---------------------------------------------------------------------------
# What each slice is for
# ---------------------------------------------------------------------------


def _load(name: str) -> ev.Slice:
    return ev.load_slice(name)


def test_serbian_slice_keeps_its_tricky_cases() -> None:
    s = _load("serbian")
    cyrillic = [c for c in s.candidates if any(CYRILLIC.search(x) for x in _strings(c))]
    assert 0.25 * len(s.candidates) <= len(cyrillic) < len(s.candidates)
    skills = {x.lower() for c in s.candidates for x in _strings(c.get("skills", []))}
    assert {"pyhton", "konobra", "zavarivnje"} <= skills
    assert any(p["remote"] for p in s.placements)


def test_english_slice_uses_esco_labels_with_typos_and_case_changes() -> None:
    s = _load("english")
    material = bd.load_material()
    labels = {k.lower() for k in material["skills"]} | {
        a.lower() for v in material["skills"].values() for a in v["alt"]
    }
    labels |= {v.lower() for variants in bd.EN_VARIANTS.values() for v in variants}
    written = [
        x
        for c in s.candidates
        for x in _strings([k if isinstance(k, str) else k["name"] for k in c["skills"]])
    ]
    exact = [
        x
        for x in written
        if x in {*material["skills"], *(a for v in material["skills"].values() for a in v["alt"])}
        or x in {v for vs in bd.EN_VARIANTS.values() for v in vs}
    ]
    assert len(exact) >= 0.6 * len(written)
    assert any(x.lower() not in labels for x in written)  # typos
    assert any(x.isupper() and len(x) > 5 for x in written)  # case changes
    assert any(len(x.split()) >= 5 for x in written)  # long phrases
    assert all("skills" in c for c in s.candidates)


def test_text_slice_has_no_skill_lists_and_long_texts() -> None:
    s = _load("text")
    assert not any("skills" in c for c in s.candidates)
    assert not any("required_skills" in p or "preferred_skills" in p for p in s.placements)
    words = [len(c["about"].split()) for c in s.candidates]
    assert min(words) >= 35 and sum(words) / len(words) >= 60
    assert min(len(p["description"].split()) for p in s.placements) >= 25


def test_mixed_slice_has_placements_without_skills_far_people_and_scripts() -> None:
    s = _load("mixed")
    no_skills = [p for p in s.placements if "required_skills" not in p]
    assert 0.35 <= len(no_skills) / len(s.placements) <= 0.45
    titles_only = {p["title"].lower() for p in no_skills if "description" not in p}
    assert {"konobar", "konobarica", "kelner"} & titles_only
    assert {"šivač", "šivačica", "švalja", "konfekcionar"} & titles_only
    cyrillic = [c for c in s.candidates if any(CYRILLIC.search(x) for x in _strings(c))]
    assert len(cyrillic) >= 0.2 * len(s.candidates)
    latin = [
        x for c in s.candidates for x in _strings(c.get("skills", [])) if not CYRILLIC.search(x)
    ]
    assert sum(1 for x in latin if not re.search("[čćšžđ]", x)) >= 0.5 * len(latin)
    far = {"Beograd", "Novi Sad", "Kragujevac", "Kraljevo", "Čačak", "Čajetina", "Subotica"}
    far_people = [
        c
        for c in s.candidates
        if bd.no_diacritics(c["municipality"]) in {bd.no_diacritics(t) for t in far}
        or c["municipality"] in {bd.to_cyrillic(t) for t in far}
    ]
    assert len(far_people) >= 0.1 * len(s.candidates)
    # a Python job that lists its skills, a warehouse job that lists none
    assert any("ython" in p["title"] and p.get("required_skills") for p in s.placements)
    assert any(
        p["title"] in ("magacioner", "radnik u magacinu", "komisioner")
        and "required_skills" not in p
        for p in s.placements
    )
