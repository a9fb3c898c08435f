"""Tests for matching.engine.jsonio: the CLI's JSON Lines input → engine dataclasses."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.jsonio import (
    CANDIDATE_FIELDS,
    PLACEMENT_FIELDS,
    InputError,
    JsonId,
    read_candidates,
    read_placements,
)
from matching.engine.places import Gazetteer
from matching.engine.types import Candidate, LanguageSkill, Placement, SkillClaim

GAZETTEER = Gazetteer.default()


def lines(*records: Any) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


def candidates(*records: Any) -> list[Candidate]:
    return read_candidates(lines(*records), GAZETTEER, source_name="c.jsonl")


def placements(*records: Any) -> list[Placement]:
    return read_placements(lines(*records), GAZETTEER, source_name="p.jsonl")


def candidate_error(*records: Any) -> InputError:
    with pytest.raises(InputError) as info:
        candidates(*records)
    return info.value


def placement_error(*records: Any) -> InputError:
    with pytest.raises(InputError) as info:
        placements(*records)
    return info.value


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


def test_minimal_candidate_gets_the_documented_defaults() -> None:
    (candidate,) = candidates({"id": "c1"})
    assert candidate == Candidate(id="c1")
    assert candidate.max_commute_km == 30.0
    assert candidate.willing_to_relocate is False
    assert candidate.seeking == frozenset({"internship", "job"})
    assert candidate.place is None


def test_full_candidate_maps_every_field() -> None:
    (candidate,) = candidates(
        {
            "id": "c1",
            "municipality": "Niš",
            "max_commute_km": 45.5,
            "willing_to_relocate": True,
            "seeking": ["job", "self_employment"],
            "education": {"level": 6, "field": "informatika"},
            "languages": [{"code": "DE", "level": "b1"}, {"code": "rom", "level": " C2 "}],
            "skills": ["  Python ", {"name": "Excel", "level": 3}, {"name": "Git", "level": None}],
            "about": "Radio sam u Nemačkoj.",
            "preferences": ["p2", 7],
        }
    )
    assert candidate.place is not None and candidate.place.code == "nis"
    assert candidate.max_commute_km == 45.5
    assert candidate.willing_to_relocate is True
    assert candidate.seeking == frozenset({"job", "self_employment"})
    assert (candidate.education_level, candidate.education_field) == (6, "informatika")
    assert candidate.languages == (LanguageSkill("de", 3), LanguageSkill("rom", 6))
    assert candidate.skills == (SkillClaim("Python"), SkillClaim("Excel", 3), SkillClaim("Git"))
    assert candidate.about == "Radio sam u Nemačkoj."
    assert candidate.preferences == ("p2", "7")


@pytest.mark.parametrize("spelling", ["Niš", "Nis", "NIŠ", "Ниш", "nis", "  Niš  "])
def test_municipality_in_any_script_and_without_diacritics(spelling: str) -> None:
    (candidate,) = candidates({"id": 1, "municipality": spelling})
    assert candidate.place is not None and candidate.place.name == "Niš"


def test_null_means_absent() -> None:
    record = {name: None for name in CANDIDATE_FIELDS if name != "id"}
    (candidate,) = candidates({"id": "c1", **record})
    assert candidate == Candidate(id="c1")
    record = {name: None for name in PLACEMENT_FIELDS if name != "id"}
    (placement,) = placements({"id": "p1", **record})
    assert placement == Placement(id="p1")


def test_education_may_have_only_a_field() -> None:
    (candidate,) = candidates({"id": "c1", "education": {"field": "ekonomija"}})
    assert candidate.education_level is None
    assert candidate.education_field == "ekonomija"


def test_integral_floats_are_integers() -> None:
    (candidate,) = candidates({"id": "c1", "education": {"level": 4.0}})
    assert candidate.education_level == 4


# ---------------------------------------------------------------------------
# Placements
# ---------------------------------------------------------------------------


def test_minimal_placement_defaults() -> None:
    (placement,) = placements({"id": "p1"})
    assert placement == Placement(id="p1")
    assert placement.kind == "internship"
    assert placement.slots == 1
    assert placement.is_open is True


def test_full_placement_maps_every_field() -> None:
    (placement,) = placements(
        {
            "id": 42,
            "kind": "job",
            "title": "Zavarivač",
            "description": "MIG/MAG zavarivanje",
            "municipality": "Врање",
            "remote": False,
            "required_skills": ["zavarivanje", {"name": "čitanje tehničkog crteža", "level": 2}],
            "preferred_skills": ["viljuškar"],
            "min_education_level": 3,
            "languages": [{"code": "de", "level": "A2"}],
            "slots": 3,
            "preferences": ["c1", "c2"],
        }
    )
    assert placement.id == "42"
    assert placement.kind == "job"
    assert (placement.title, placement.description) == ("Zavarivač", "MIG/MAG zavarivanje")
    assert placement.place is not None and placement.place.name == "Vranje"
    assert placement.district == placement.place.district == "RS-24"
    assert placement.required_skills == (
        SkillClaim("zavarivanje"),
        SkillClaim("čitanje tehničkog crteža", 2),
    )
    assert placement.preferred_skills == (SkillClaim("viljuškar"),)
    assert placement.min_education_level == 3
    assert placement.languages == (LanguageSkill("de", 2),)
    assert placement.slots == 3
    assert placement.preferences == ("c1", "c2")


def test_remote_placement_without_municipality() -> None:
    (placement,) = placements({"id": "p1", "remote": True})
    assert placement.remote is True and placement.place is None


# ---------------------------------------------------------------------------
# Lines, ids, sources
# ---------------------------------------------------------------------------


def test_blank_lines_are_skipped_and_line_numbers_count_them() -> None:
    records = candidates({"id": "a"}, "", "   \t", {"id": "b"})
    assert [c.id for c in records] == ["a", "b"]
    error = candidate_error({"id": "a"}, "", {"id": "b", "about": 3})
    assert (error.line, error.field) == (3, "about")


def test_original_ids_keep_their_json_type() -> None:
    ids: dict[str, JsonId] = {}
    records = read_candidates(lines({"id": 7}, {"id": "x"}), GAZETTEER, original_ids=ids)
    assert [c.id for c in records] == ["7", "x"]
    assert ids == {"7": 7, "x": "x"}
    assert isinstance(ids["7"], int)


def test_duplicate_ids_compare_as_strings() -> None:
    error = candidate_error({"id": "1"}, {"id": "2"}, {"id": 1})
    assert (error.line, error.field) == (3, "id")
    assert "duplicate" in error.reason and "line 1" in error.reason
    error = placement_error({"id": "p"}, {"id": "p"})
    assert (error.line, error.field) == (2, "id")


def test_reads_a_file_path_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "municipality": "Pirot"}\r\n\r\n{"id": "b"}\r\n')
    records = read_candidates(path, GAZETTEER)
    assert [c.id for c in records] == ["a", "b"]
    assert [c.id for c in read_candidates(str(path), GAZETTEER)] == ["a", "b"]
    path.write_bytes(b'{"id": "a"}\n\n{"id": "b", "about": "\xff"}\n')
    with pytest.raises(InputError) as info:
        read_candidates(path, GAZETTEER)
    assert info.value.line == 3 and "UTF-8" in info.value.reason
    assert info.value.source == str(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_placements(tmp_path / "nope.jsonl", GAZETTEER, source_name="nope.jsonl")
    assert info.value.line == 0
    assert str(info.value).startswith("nope.jsonl: cannot read")


def test_empty_input_gives_no_records() -> None:
    assert read_candidates([], GAZETTEER) == []
    assert read_placements(["", "  "], GAZETTEER) == []


def test_error_text_and_pickling() -> None:
    error = InputError(
        "candidates.jsonl", 7, "education.level", 'must be an integer 1-8, got "high"'
    )
    assert (
        str(error)
        == 'candidates.jsonl:7: field "education.level": must be an integer 1-8, got "high"'
    )
    assert str(InputError("c.jsonl", 2, None, "invalid JSON: x")) == "c.jsonl:2: invalid JSON: x"
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert str(copy) == str(error) and copy.field == "education.level"


def test_contract_example_message() -> None:
    error = candidate_error(
        *([{"id": i} for i in range(6)] + [{"id": 6, "education": {"level": "high"}}])
    )
    assert str(error) == 'c.jsonl:7: field "education.level": must be an integer 1-8, got "high"'


# ---------------------------------------------------------------------------
# Bad input: every kind names the line and the field
# ---------------------------------------------------------------------------

CANDIDATE_ERRORS: list[tuple[str, str | None, str]] = [
    ('{"id": "a", ', None, "invalid JSON"),
    ('{"id": "a", "about": NaN}', None, "NaN"),
    ('{"id": "a", "max_commute_km": Infinity}', None, "Infinity"),
    ('["a"]', None, "JSON object"),
    ('"a"', None, "JSON object"),
    ('{"id": "a", "about": "x", "about": "y"}', "about", "twice"),
    ("{}", "id", "required"),
    ('{"id": ""}', "id", "non-empty"),
    ('{"id": "  "}', "id", "non-empty"),
    ('{"id": true}', "id", "integer"),
    ('{"id": 1.5}', "id", "integer"),
    ('{"id": ["a"]}', "id", "integer"),
    ('{"id": "a", "skils": []}', "skils", 'did you mean "skills"'),
    ('{"id": "a", "municipality": "Atlantis"}', "municipality", "unknown municipality"),
    ('{"id": "a", "municipality": "Nišš"}', "municipality", 'did you mean "Niš"'),
    ('{"id": "a", "municipality": ""}', "municipality", "unknown municipality"),
    ('{"id": "a", "municipality": 18000}', "municipality", "municipality name"),
    ('{"id": "a", "max_commute_km": -1}', "max_commute_km", "≥ 0"),
    ('{"id": "a", "max_commute_km": "30"}', "max_commute_km", "number"),
    ('{"id": "a", "max_commute_km": true}', "max_commute_km", "number"),
    ('{"id": "a", "willing_to_relocate": "yes"}', "willing_to_relocate", "true or false"),
    ('{"id": "a", "willing_to_relocate": 1}', "willing_to_relocate", "true or false"),
    ('{"id": "a", "seeking": "job"}', "seeking", "array"),
    ('{"id": "a", "seeking": []}', "seeking", "at least one"),
    ('{"id": "a", "seeking": ["job", "posao"]}', "seeking[1]", '"self_employment"'),
    ('{"id": "a", "education": 6}', "education", "object"),
    ('{"id": "a", "education": {"level": "high"}}', "education.level", "integer 1-8"),
    ('{"id": "a", "education": {"level": 9}}', "education.level", "integer 1-8"),
    ('{"id": "a", "education": {"level": 0}}', "education.level", "integer 1-8"),
    ('{"id": "a", "education": {"level": 4.5}}', "education.level", "integer 1-8"),
    ('{"id": "a", "education": {"level": true}}', "education.level", "integer 1-8"),
    ('{"id": "a", "education": {"field": 3}}', "education.field", "string"),
    ('{"id": "a", "education": {"levle": 3}}', "education.levle", 'did you mean "level"'),
    ('{"id": "a", "languages": {"de": "B1"}}', "languages", "array"),
    ('{"id": "a", "languages": ["de"]}', "languages[0]", "object"),
    ('{"id": "a", "languages": [{"code": "de", "level": "B3"}]}', "languages[0].level", "CEFR"),
    ('{"id": "a", "languages": [{"code": "de"}]}', "languages[0].level", "CEFR"),
    ('{"id": "a", "languages": [{"code": "german", "level": "B1"}]}', "languages[0].code", ""),
    ('{"id": "a", "languages": [{"code": "d1", "level": "B1"}]}', "languages[0].code", ""),
    (
        '{"id": "a", "languages": [{"code": "de", "level": "B1"}, {"code": "DE", "level": "A1"}]}',
        "languages[1].code",
        "twice",
    ),
    ('{"id": "a", "languages": [{"code": "de", "level": "B1", "x": 1}]}', "languages[0].x", ""),
    ('{"id": "a", "skills": "Python"}', "skills", "array"),
    ('{"id": "a", "skills": ["Python", 3]}', "skills[1]", "string or an object"),
    ('{"id": "a", "skills": [""]}', "skills[0]", "non-empty"),
    ('{"id": "a", "skills": [{"level": 3}]}', "skills[0].name", "non-empty"),
    ('{"id": "a", "skills": [{"name": "Excel", "level": 6}]}', "skills[0].level", "1-5"),
    ('{"id": "a", "skills": [{"name": "Excel", "level": "3"}]}', "skills[0].level", "1-5"),
    ('{"id": "a", "skills": [{"name": "Excel", "lvl": 3}]}', "skills[0].lvl", "unknown"),
    ('{"id": "a", "about": ["x"]}', "about", "string"),
    ('{"id": "a", "preferences": "p1"}', "preferences", "array"),
    ('{"id": "a", "preferences": ["p1", 1, "p1"]}', "preferences[2]", "twice"),
    ('{"id": "a", "preferences": [1, "1"]}', "preferences[1]", "twice"),
    ('{"id": "a", "preferences": [null]}', "preferences[0]", "integer"),
]


@pytest.mark.parametrize(("text", "field", "fragment"), CANDIDATE_ERRORS)
def test_bad_candidate_line(text: str, field: str | None, fragment: str) -> None:
    error = candidate_error({"id": "first"}, text)
    assert error.source == "c.jsonl"
    assert error.line == 2
    assert error.field == field
    assert fragment in error.reason
    prefix = "c.jsonl:2: " if field is None else f'c.jsonl:2: field "{field}": '
    assert str(error).startswith(prefix)


PLACEMENT_ERRORS: list[tuple[str, str | None, str]] = [
    ('{"id": "p", "kind": "praksa"}', "kind", '"internship", "job"'),
    ('{"id": "p", "kind": "self_employment"}', "kind", '"internship", "job"'),
    ('{"id": "p", "title": 1}', "title", "string"),
    ('{"id": "p", "description": {}}', "description", "string"),
    ('{"id": "p", "municipality": "Gotham"}', "municipality", "unknown"),
    ('{"id": "p", "remote": "no"}', "remote", "true or false"),
    ('{"id": "p", "required_skills": [{"name": "x", "level": 0}]}', "required_skills[0].level", ""),
    ('{"id": "p", "preferred_skills": [null]}', "preferred_skills[0]", "string or an object"),
    ('{"id": "p", "min_education_level": "4"}', "min_education_level", "integer 1-8"),
    ('{"id": "p", "languages": [{"code": "en", "level": "native"}]}', "languages[0].level", ""),
    ('{"id": "p", "slots": 0}', "slots", "integer ≥ 1"),
    ('{"id": "p", "slots": 1.5}', "slots", "integer ≥ 1"),
    ('{"id": "p", "slots": "2"}', "slots", "integer ≥ 1"),
    ('{"id": "p", "status": "open"}', "status", "unknown field"),
    ('{"id": "p", "skills": ["x"]}', "skills", "unknown field"),
    ('{"id": "p", "preferences": [true]}', "preferences[0]", "integer"),
]


@pytest.mark.parametrize(("text", "field", "fragment"), PLACEMENT_ERRORS)
def test_bad_placement_line(text: str, field: str | None, fragment: str) -> None:
    error = placement_error(text)
    assert (error.source, error.line, error.field) == ("p.jsonl", 1, field)
    assert fragment in error.reason


def test_candidate_fields_are_not_placement_fields() -> None:
    error = placement_error({"id": "p", "about": "x"})
    assert error.field == "about" and "unknown field" in error.reason
    error = candidate_error({"id": "c", "title": "x"})
    assert error.field == "title"


# ---------------------------------------------------------------------------
# Robustness and speed
# ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(-5, 50) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    record=st.dictionaries(
        st.sampled_from(sorted(CANDIDATE_FIELDS | PLACEMENT_FIELDS | {"x"})), json_values
    ),
    id_=st.one_of(st.text(max_size=4), st.integers(), st.booleans()),
)
def test_any_json_object_gives_records_or_an_input_error(record: dict[str, Any], id_: Any) -> None:
    record["id"] = id_
    for reader in (read_candidates, read_placements):
        try:
            reader(lines(record), GAZETTEER, source_name="s")
        except InputError as error:
            assert error.line == 1
            assert str(error).startswith("s:1: ")


municipality_names = st.sampled_from([p.name for p in GAZETTEER.places])
skill = st.one_of(
    st.text(min_size=1, max_size=12).filter(str.strip),
    st.fixed_dictionaries(
        {"name": st.text(min_size=1, max_size=12).filter(str.strip)},
        optional={"level": st.integers(1, 5)},
    ),
)


@settings(max_examples=100, deadline=None)
@given(
    record=st.fixed_dictionaries(
        {"id": st.one_of(st.integers(), st.text(min_size=1, max_size=6).filter(str.strip))},
        optional={
            "municipality": municipality_names,
            "max_commute_km": st.integers(0, 200) | st.floats(0, 200),
            "willing_to_relocate": st.booleans(),
            "seeking": st.lists(
                st.sampled_from(["internship", "job", "self_employment"]), min_size=1
            ),
            "education": st.fixed_dictionaries(
                {}, optional={"level": st.integers(1, 8), "field": st.text(max_size=10)}
            ),
            "skills": st.lists(skill, max_size=4),
            "about": st.text(max_size=30),
        },
    )
)
def test_valid_candidates_round_trip(record: dict[str, Any]) -> None:
    ids: dict[str, JsonId] = {}
    (candidate,) = read_candidates(lines(record), GAZETTEER, original_ids=ids)
    assert ids[candidate.id] == record["id"]
    if "municipality" in record:
        assert candidate.place is not None and candidate.place.name == record["municipality"]
    if "seeking" in record:
        assert candidate.seeking == frozenset(record["seeking"])
    assert len(candidate.skills) == len(record.get("skills", []))


def test_a_benchmark_sized_input_reads_completely(tmp_path: Path) -> None:
    """The bench's 10,000 + 2,000 lines parse without loss (speed is reported by make bench)."""
    from benchmarks.synthetic import write_dataset

    candidates_path, placements_path = write_dataset(tmp_path, 10_000, 2_000, seed=3)
    candidates = read_candidates(candidates_path, GAZETTEER)
    placements = read_placements(placements_path, GAZETTEER)
    assert len(candidates) == 10_000 and len(placements) == 2_000
    assert len({candidate.id for candidate in candidates}) == 10_000
