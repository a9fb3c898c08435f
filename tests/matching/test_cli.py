"""Tests for the command line, ``python -m matching rank|allocate`` (matching/cli.py).

Most tests call ``main()`` in-process for speed; a few run the real ``python -m matching`` in a
subprocess. Output is checked against the JSON Schemas in docs/schemas/ when the ``jsonschema``
package is installed (and structurally in any case).
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import referencing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.cli import main
from matching.engine.places import Gazetteer
from matching.engine.taxonomy import load_taxonomy

REPO_ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO_ROOT / "docs" / "schemas"

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[Any]) -> Path:
    text = "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )
    path.write_text(text, encoding="utf-8")
    return path


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8")


def jsonl_lines(out: str) -> list[str]:
    """Output lines: JSON Lines are separated by "\\n" only (not str.splitlines' set)."""
    assert out == "" or out.endswith("\n")
    return out.split("\n")[:-1]


def run_main(*argv: str | Path) -> tuple[int, str, str]:
    with captured() as (out, err):
        code = main([str(a) for a in argv])
    return code, _text(out), _text(err)


def run_module(*argv: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matching", *map(str, argv)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=300,
        check=False,
    )


def rank(tmp_path: Path, candidates: list[Any], placements: list[Any], *extra: str) -> list[Any]:
    c = write_jsonl(tmp_path / "candidates.jsonl", candidates)
    p = write_jsonl(tmp_path / "placements.jsonl", placements)
    code, out, err = run_main("rank", "--candidates", c, "--placements", p, *extra)
    assert code == 0, err
    assert err == ""
    return [json.loads(line) for line in jsonl_lines(out)]


def allocate(
    tmp_path: Path, candidates: list[Any], placements: list[Any], *extra: str
) -> dict[str, Any]:
    c = write_jsonl(tmp_path / "candidates.jsonl", candidates)
    p = write_jsonl(tmp_path / "placements.jsonl", placements)
    code, out, err = run_main("allocate", "--candidates", c, "--placements", p, *extra)
    assert code == 0, err
    lines = jsonl_lines(out)
    assert len(lines) == 1
    result: dict[str, Any] = json.loads(lines[0])
    return result


def _schemas() -> dict[str, dict[str, Any]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMA_DIR.glob("*.schema.json"))
    }


def validator(name: str) -> Any:
    schemas = _schemas()
    registry = referencing.Registry().with_resources(
        (schema["$id"], referencing.Resource.from_contents(schema)) for schema in schemas.values()
    )
    cls = jsonschema.Draft202012Validator
    return cls(schemas[name], registry=registry, format_checker=cls.FORMAT_CHECKER)


def schema_errors(instance: Any, name: str) -> list[str]:
    """Schema violations of the instance against one of docs/schemas."""
    return [error.message for error in validator(name).iter_errors(instance)]


def check_rank_line(line: dict[str, Any], by: str = "candidate") -> None:
    """Structural checks that hold with or without jsonschema."""
    other = "placement" if by == "candidate" else "candidate"
    assert set(line) == {by, "matches"}
    scores = [m["score"] for m in line["matches"]]
    assert scores == sorted(scores, reverse=True)
    for match in line["matches"]:
        assert set(match) == {other, "score", "explanation"}
        assert 0.0 <= match["score"] <= 1.0
        assert round(match["score"], 4) == match["score"]
        assert match["explanation"]["excluded"] == []
    assert schema_errors(line, "rank-output.schema.json") == []


# ---------------------------------------------------------------------------
# Fixtures: a small, readable world
# ---------------------------------------------------------------------------

CANDIDATES: list[dict[str, Any]] = [
    {
        "id": "ana",
        "municipality": "Niš",
        "education": {"level": 6, "field": "informatika"},
        "languages": [{"code": "en", "level": "B2"}],
        "skills": ["Python", {"name": "SQL", "level": 3}, "Git"],
        "about": "Završila sam informatiku, radila sam na Django projektima.",
        "preferences": ["py-nis"],
    },
    {
        "id": 2,
        "municipality": "Лесковац",
        "max_commute_km": 50,
        "seeking": ["job"],
        "education": {"level": 3, "field": "bravar-zavarivač"},
        "languages": [{"code": "de", "level": "b1"}],
        "skills": ["zavarivanje", "MIG/MAG zavarivanje", "čitanje tehničkog crteža"],
        "about": "Radio sam 5 godina kao zavarivač u Nemačkoj.",
    },
    {
        "id": "vesna",
        "municipality": "vranje",
        "willing_to_relocate": True,
        "education": {"level": 4},
        "skills": ["pajton", "Excel", "obracun zarada"],
    },
    {"id": "no-match", "seeking": ["self_employment"], "skills": ["pčelarstvo"]},
]

PLACEMENTS: list[dict[str, Any]] = [
    {
        "id": "py-nis",
        "kind": "internship",
        "title": "Praksa: Python programer",
        "description": "Razvoj veb aplikacija u Djangu.",
        "municipality": "Ниш",
        "required_skills": ["Python", "SQL"],
        "preferred_skills": ["Git", "Docker"],
        "min_education_level": 4,
        "slots": 2,
    },
    {
        "id": 17,
        "kind": "job",
        "title": "Zavarivač",
        "description": "Zavarivanje čeličnih konstrukcija, MIG/MAG.",
        "municipality": "Leskovac",
        "required_skills": ["zavarivanje"],
        "preferred_skills": ["čitanje tehničkog crteža"],
        "min_education_level": 3,
    },
    {
        "id": "analyst",
        "kind": "job",
        "title": "Analitičar podataka",
        "remote": True,
        "required_skills": ["Python", "SQL"],
        "min_education_level": 7,
    },
    {
        "id": "de-office",
        "kind": "internship",
        "title": "Administracija",
        "municipality": "Pirot",
        "required_skills": ["Excel"],
        "languages": [{"code": "de", "level": "B2"}],
    },
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_jsonl(tmp_path / "candidates.jsonl", CANDIDATES),
        write_jsonl(tmp_path / "placements.jsonl", PLACEMENTS),
    )


# ---------------------------------------------------------------------------
# rank
# ---------------------------------------------------------------------------


def test_rank_contract_example(tmp_path: Path) -> None:
    lines = rank(tmp_path, CANDIDATES, PLACEMENTS)
    # Every candidate gets a line, in input order, with its id as it came in (2 stays a number).
    assert [line["candidate"] for line in lines] == ["ana", 2, "vesna", "no-match"]
    assert isinstance(lines[1]["candidate"], int)
    for line in lines:
        check_rank_line(line)
    by_id = {line["candidate"]: line for line in lines}
    ana = [m["placement"] for m in by_id["ana"]["matches"]]
    assert ana[0] == "py-nis"
    welder = [m["placement"] for m in by_id[2]["matches"]]
    assert welder[0] == 17 and isinstance(welder[0], int)
    assert by_id["no-match"]["matches"] == []
    top = by_id["ana"]["matches"][0]
    explanation = top["explanation"]
    assert set(explanation["components"]) >= {"skills", "location", "education", "language"}
    assert explanation["location_tier"] == "same_municipality"
    assert {r["requirement"] for r in explanation["requirements"]} >= {"Python", "SQL"}


def test_hard_constraints_exclude_pairs(tmp_path: Path) -> None:
    by_id = {line["candidate"]: line for line in rank(tmp_path, CANDIDATES, PLACEMENTS)}
    listed = {cid: {m["placement"] for m in line["matches"]} for cid, line in by_id.items()}
    # education below the minimum: level 6 < 7, 3 < 4, 4 < 7
    assert "analyst" not in listed["ana"]
    assert "py-nis" not in listed[2]
    assert "analyst" not in listed["vesna"]
    # kind not sought: candidate 2 seeks only jobs
    assert "de-office" not in listed[2]
    # language not met: German B2 required, candidate 2 has B1, the others none
    assert all("de-office" not in placements for placements in listed.values())
    # self-employment only: nothing at all
    assert listed["no-match"] == set()


def test_rank_by_placement_swaps_the_roles(tmp_path: Path) -> None:
    by_candidate = rank(tmp_path, CANDIDATES, PLACEMENTS, "--top", "all")
    lines = rank(tmp_path, CANDIDATES, PLACEMENTS, "--by", "placement", "--top", "all")
    assert [line["placement"] for line in lines] == ["py-nis", 17, "analyst", "de-office"]
    for line in lines:
        check_rank_line(line, by="placement")
    pairs_a = {
        (line["candidate"], m["placement"], m["score"])
        for line in by_candidate
        for m in line["matches"]
    }
    pairs_b = {
        (m["candidate"], line["placement"], m["score"]) for line in lines for m in line["matches"]
    }
    assert pairs_a == pairs_b
    assert {line["placement"]: line["matches"] for line in lines}["de-office"] == []


def test_top_k_and_all(tmp_path: Path) -> None:
    many = [
        {"id": f"p{i}", "title": "Praksa", "municipality": "Niš", "required_skills": ["Python"]}
        for i in range(15)
    ]
    default = rank(tmp_path, CANDIDATES[:1], many)
    assert len(default[0]["matches"]) == 10
    assert len(rank(tmp_path, CANDIDATES[:1], many, "--top", "3")[0]["matches"]) == 3
    everything = rank(tmp_path, CANDIDATES[:1], many, "--top", "all")
    assert len(everything[0]["matches"]) == 15
    # ties are broken by id, so the order is stable
    assert everything[0]["matches"][:10] == default[0]["matches"]


def test_top_all_lists_exactly_the_eligible_pairs(tmp_path: Path) -> None:
    from matching.cli import make_engine
    from matching.engine.jsonio import read_candidates, read_placements

    lines = rank(tmp_path, CANDIDATES, PLACEMENTS, "--top", "all")
    listed = {
        (str(line["candidate"]), str(m["placement"])) for line in lines for m in line["matches"]
    }
    gazetteer = Gazetteer.default()
    candidates = read_candidates(tmp_path / "candidates.jsonl", gazetteer)
    placements = read_placements(tmp_path / "placements.jsonl", gazetteer)
    engine = make_engine()
    eligible = {
        (c.id, p.id)
        for c in candidates
        for p in placements
        if not engine.score_one(c, p).explanation.excluded
    }
    assert listed == eligible


def test_municipality_spelling_does_not_change_the_result(tmp_path: Path) -> None:
    base = {"id": "x", "skills": ["zavarivanje"], "seeking": ["job"], "max_commute_km": 10}
    outputs = []
    for spelling in ("Leskovac", "Лесковац", "LESKOVAC", "leskovac"):
        lines = rank(tmp_path, [{**base, "municipality": spelling}], PLACEMENTS)
        outputs.append(lines[0])
    assert all(output == outputs[0] for output in outputs)
    assert outputs[0]["matches"][0]["explanation"]["location_tier"] == "same_municipality"
    for spelling in ("Vranje", "Врање", "vranje"):
        line = rank(tmp_path, [{**base, "municipality": spelling}], PLACEMENTS)[0]
        explanation = line["matches"][0]["explanation"]
        assert 45 < explanation["distance_km"] < 55  # Vranje-Leskovac, about 50 km
        assert explanation["location_tier"] == "beyond_commute"


def test_output_is_compact_utf8_with_rounded_scores(files: tuple[Path, Path]) -> None:
    code, out, _ = run_main("rank", "--candidates", files[0], "--placements", files[1])
    assert code == 0
    assert out.endswith("\n")
    first = jsonl_lines(out)[0]
    assert ", " not in first.split('"about"')[0] and '": ' not in first
    assert "\\u" not in out  # ensure_ascii=False
    for line in jsonl_lines(out):
        for match in json.loads(line)["matches"]:
            assert len(repr(match["score"]).split(".")[-1]) <= 4


def test_unicode_line_separators_are_escaped(tmp_path: Path) -> None:
    # Valid JSON either way, but tools that split on U+2028/U+0085 (str.splitlines, old
    # JavaScript) would cut a line in two: the CLI writes them as \\u escapes.
    weird = "a\u2028b\u2029c\x85d"
    candidates = [{"id": weird, "skills": ["Python"], "about": weird}]
    placements = [{"id": "p" + weird, "title": weird, "required_skills": ["Python " + weird]}]
    c = write_jsonl(tmp_path / "c.jsonl", candidates)
    p = write_jsonl(tmp_path / "p.jsonl", placements)
    for argv in (["rank", "--top", "all"], ["allocate", "--min-score", "0"]):
        code, out, err = run_main(*argv, "--candidates", c, "--placements", p)
        assert code == 0, err
        assert len(out.splitlines()) == 1
        assert "\u2028" not in out and "\\u2028" in out
        data = json.loads(out)
        owner = data["candidate"] if "candidate" in data else data["assignments"][0]["candidate"]
        assert owner == weird


def test_empty_inputs(tmp_path: Path) -> None:
    assert rank(tmp_path, [], PLACEMENTS) == []
    lines = rank(tmp_path, CANDIDATES, [])
    assert [line["matches"] for line in lines] == [[], [], [], []]
    result = allocate(tmp_path, [], PLACEMENTS)
    assert result["assignments"] == [] and result["total_score"] == 0
    assert result["open_slots"] == {"py-nis": 2, "17": 1, "analyst": 1, "de-office": 1}
    result = allocate(tmp_path, CANDIDATES, [])
    assert result["unassigned_candidates"] == ["ana", 2, "vesna", "no-match"]


def test_stdin_as_candidates(files: tuple[Path, Path]) -> None:
    text = files[0].read_text(encoding="utf-8")
    done = run_module("rank", "--candidates", "-", "--placements", files[1], stdin=text)
    assert done.returncode == 0, done.stderr
    assert len(jsonl_lines(done.stdout)) == len(CANDIDATES)


# ---------------------------------------------------------------------------
# allocate
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["optimal", "stable"])
def test_allocate(tmp_path: Path, method: str) -> None:
    result = allocate(tmp_path, CANDIDATES, PLACEMENTS, "--method", method)
    assert result["method"] == method
    assert schema_errors(result, "allocate-output.schema.json") == []
    assigned = [a["candidate"] for a in result["assignments"]]
    assert len(assigned) == len(set(assigned))
    slots = {p["id"]: p.get("slots", 1) for p in PLACEMENTS}
    filled: dict[Any, int] = {}
    for assignment in result["assignments"]:
        filled[assignment["placement"]] = filled.get(assignment["placement"], 0) + 1
        assert assignment["score"] >= 0.3
    assert all(filled[p] <= slots[p] for p in filled)
    assert result["total_score"] == pytest.approx(
        sum(a["score"] for a in result["assignments"]), abs=1e-3
    )
    everyone = [c["id"] for c in CANDIDATES]
    assert result["unassigned_candidates"] == [c for c in everyone if c not in assigned]
    assert assigned == [c for c in everyone if c in assigned]  # input order
    assert "no-match" in result["unassigned_candidates"]
    expected_open = {
        str(p): slots[p] - filled.get(p, 0) for p in slots if slots[p] > filled.get(p, 0)
    }
    assert result["open_slots"] == expected_open
    # the obvious pairs
    pairs = {(a["candidate"], a["placement"]) for a in result["assignments"]}
    assert ("ana", "py-nis") in pairs and (2, 17) in pairs


def test_allocate_min_score(tmp_path: Path) -> None:
    result = allocate(tmp_path, CANDIDATES, PLACEMENTS, "--min-score", "0.99")
    assert result["assignments"] == []
    assert result["total_score"] == 0
    result = allocate(tmp_path, CANDIDATES, PLACEMENTS, "--min-score", "0")
    assert all(a["score"] >= 0 for a in result["assignments"])


def test_allocate_stable_respects_capacity_with_many_candidates(tmp_path: Path) -> None:
    candidates = [
        {"id": i, "municipality": "Niš", "skills": ["Python", "SQL"], "education": {"level": 6}}
        for i in range(5)
    ]
    for method in ("optimal", "stable"):
        result = allocate(tmp_path, candidates, PLACEMENTS[:1], "--method", method)
        assert len(result["assignments"]) == 2  # py-nis has two slots
        assert result["open_slots"] == {}
        assert len(result["unassigned_candidates"]) == 3


# ---------------------------------------------------------------------------
# Bad input and usage: exit 2, a message naming line and field, nothing on stdout
# ---------------------------------------------------------------------------

BAD_CANDIDATES: list[tuple[str, str]] = [
    ('{"id": "a", "skills": ["x"]', "candidates.jsonl:2: invalid JSON"),
    ('{"id": "a", "municipality": "Springfield"}', 'candidates.jsonl:2: field "municipality"'),
    ('{"id": "ana"}', 'candidates.jsonl:2: field "id": duplicate id "ana" (first on line 1)'),
    ('{"id": "a", "education": {"level": "high"}}', 'candidates.jsonl:2: field "education.level"'),
    ('{"id": "a", "max_commute_km": "far"}', 'candidates.jsonl:2: field "max_commute_km"'),
    ('{"id": "a", "skils": ["x"]}', 'candidates.jsonl:2: field "skils": unknown field'),
    ('{"id": "a", "languages": [{"code": "de", "level": "B7"}]}', '"languages[0].level"'),
    ('{"id": "a", "seeking": ["work"]}', 'candidates.jsonl:2: field "seeking[0]"'),
    ("[1, 2]", "candidates.jsonl:2: each line must be a JSON object"),
]


@pytest.mark.parametrize(("line", "message"), BAD_CANDIDATES)
def test_bad_candidates(tmp_path: Path, line: str, message: str) -> None:
    c = write_jsonl(tmp_path / "candidates.jsonl", [CANDIDATES[0], line, CANDIDATES[1]])
    p = write_jsonl(tmp_path / "placements.jsonl", PLACEMENTS)
    for command in ("rank", "allocate"):
        code, out, err = run_main(command, "--candidates", c, "--placements", p)
        assert code == 2
        assert out == ""
        assert message in err
        assert len(err.strip().splitlines()) == 1


BAD_PLACEMENTS: list[tuple[str, str]] = [
    (
        '{"id": 17, "kind": "job"}',
        'placements.jsonl:3: field "id": duplicate id 17 (first on line 2)',
    ),
    ('{"id": "17"}', 'placements.jsonl:3: field "id": duplicate id "17"'),
    ('{"id": "x", "kind": "praksa"}', 'placements.jsonl:3: field "kind"'),
    ('{"id": "x", "slots": 0}', 'placements.jsonl:3: field "slots"'),
    ('{"id": "x", "remote": "yes"}', 'placements.jsonl:3: field "remote"'),
    ('{"id": "x", "min_education_level": 12}', 'placements.jsonl:3: field "min_education_level"'),
    ('{"id": "x", "municipality": "Ниш2"}', 'placements.jsonl:3: field "municipality"'),
    ('{"id": "x", "status": "open"}', 'placements.jsonl:3: field "status": unknown field'),
    ('{"id": "x", "required_skills": "Python"}', 'placements.jsonl:3: field "required_skills"'),
    ('{"kind": "job"}', 'placements.jsonl:3: field "id": is required'),
]


@pytest.mark.parametrize(("line", "message"), BAD_PLACEMENTS)
def test_bad_placements(tmp_path: Path, line: str, message: str) -> None:
    c = write_jsonl(tmp_path / "candidates.jsonl", CANDIDATES)
    p = write_jsonl(tmp_path / "placements.jsonl", [*PLACEMENTS[:2], line])
    code, out, err = run_main("rank", "--candidates", c, "--placements", p)
    assert (code, out) == (2, "")
    assert message in err


def test_bad_input_in_a_subprocess_leaves_stdout_empty(tmp_path: Path) -> None:
    # The last line is bad: nothing may have been written for the good ones before it.
    good = [{"id": f"c{i}", "skills": ["Python"]} for i in range(50)]
    c = write_jsonl(
        tmp_path / "c.jsonl", [*good, "", '{"id": "z", "education": {"level": "high"}}']
    )
    p = write_jsonl(tmp_path / "p.jsonl", PLACEMENTS)
    done = run_module("rank", "--candidates", c, "--placements", p)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == (
        f'{c}:52: field "education.level": must be an integer 1-8, got "high"'
    )


def test_missing_file(tmp_path: Path) -> None:
    p = write_jsonl(tmp_path / "p.jsonl", PLACEMENTS)
    code, out, err = run_main("rank", "--candidates", tmp_path / "nope.jsonl", "--placements", p)
    assert (code, out) == (2, "")
    assert "nope.jsonl" in err and "cannot read" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["rank"],
        ["rank", "--candidates", "c.jsonl"],
        ["rank", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--top", "0"],
        ["rank", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--top", "many"],
        ["rank", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--by", "company"],
        ["allocate", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--method", "greedy"],
        ["allocate", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--min-score", "2"],
        ["allocate", "--candidates", "c.jsonl", "--placements", "p.jsonl", "--min-score", "x"],
        ["match"],
    ],
)
def test_usage_errors_exit_2(argv: list[str]) -> None:
    code, out, err = run_main(*argv)
    assert (code, out) == (2, "")
    assert "usage:" in err


def test_both_files_from_stdin_is_an_error() -> None:
    code, out, err = run_main("rank", "--candidates", "-", "--placements", "-")
    assert (code, out) == (2, "")
    assert "only one" in err


def test_help_in_a_subprocess() -> None:
    done = run_module("--help")
    assert done.returncode == 0
    assert "rank" in done.stdout and "allocate" in done.stdout
    done = run_module("allocate", "--help")
    assert done.returncode == 0 and "--min-score" in done.stdout


def test_rank_and_allocate_in_a_subprocess(files: tuple[Path, Path]) -> None:
    done = run_module("rank", "--candidates", files[0], "--placements", files[1], "--top", "2")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in jsonl_lines(done.stdout)]
    assert [line["candidate"] for line in lines] == ["ana", 2, "vesna", "no-match"]
    assert all(len(line["matches"]) <= 2 for line in lines)
    done = run_module("allocate", "--candidates", files[0], "--placements", files[1])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["method"] == "optimal"


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


def test_output_and_input_validate_against_the_schemas(files: tuple[Path, Path]) -> None:
    for schema in _schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)
    for record in CANDIDATES:
        assert schema_errors(record, "candidate.schema.json") == []
    for record in PLACEMENTS:
        assert schema_errors(record, "placement.schema.json") == []
    for by in ("candidate", "placement"):
        code, out, _ = run_main(
            "rank", "--candidates", files[0], "--placements", files[1], "--by", by, "--top", "all"
        )
        assert code == 0
        for line in jsonl_lines(out):
            validator("rank-output.schema.json").validate(json.loads(line))
    for method in ("optimal", "stable"):
        code, out, _ = run_main(
            "allocate", "--candidates", files[0], "--placements", files[1], "--method", method
        )
        assert code == 0
        validator("allocate-output.schema.json").validate(json.loads(out))
    # The schemas reject what the reader rejects (a sample).
    assert schema_errors({"id": "a", "skils": []}, "candidate.schema.json")
    assert schema_errors({"id": "a", "education": {"level": "high"}}, "candidate.schema.json")
    assert schema_errors({"id": True}, "candidate.schema.json")
    assert schema_errors({"id": "p", "kind": "praksa"}, "placement.schema.json")
    assert schema_errors({"id": "p", "slots": 0}, "placement.schema.json")
    assert schema_errors({"candidate": "a", "matches": [], "x": 1}, "rank-output.schema.json")


# ---------------------------------------------------------------------------
# Inputs never seen: random valid files never crash the CLI
# ---------------------------------------------------------------------------

_TOWNS = Gazetteer.default().places
_LABELS = sorted({label for skill in load_taxonomy().skills for label in skill.labels[:4]})


def _spellings(name: str) -> list[str]:
    from matching.engine.normalize import fold, latin_to_cyrillic

    return [name, fold(name), latin_to_cyrillic(name), name.upper()]


municipality = st.sampled_from(_TOWNS).flatmap(lambda p: st.sampled_from(_spellings(p.name)))
free_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=25
)
skill_name = st.one_of(st.sampled_from(_LABELS), free_text.filter(str.strip))
skill = st.one_of(
    skill_name, st.fixed_dictionaries({"name": skill_name}, optional={"level": st.integers(1, 5)})
)
language = st.fixed_dictionaries(
    {
        "code": st.sampled_from(["en", "de", "rom", "it", "FR"]),
        "level": st.sampled_from(["A1", "a2", "B1", "B2", "c1", "C2"]),
    }
)
languages = st.lists(language, max_size=3, unique_by=lambda entry: entry["code"].lower())
edu = st.integers(1, 8)
ids = st.one_of(st.integers(-5, 10_000), st.text(min_size=1, max_size=6).filter(str.strip))


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    candidate_ids = draw(st.lists(ids, min_size=0, max_size=5, unique_by=str))
    placement_ids = draw(st.lists(ids, min_size=0, max_size=5, unique_by=str))
    candidates = []
    for cid in candidate_ids:
        record = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "municipality": st.none() | municipality,
                    "max_commute_km": st.integers(0, 300) | st.floats(0, 300),
                    "willing_to_relocate": st.booleans(),
                    "seeking": st.lists(
                        st.sampled_from(["internship", "job", "self_employment"]),
                        min_size=1,
                        max_size=3,
                    ),
                    "education": st.fixed_dictionaries(
                        {}, optional={"level": edu, "field": free_text}
                    ),
                    "languages": languages,
                    "skills": st.lists(skill, max_size=6),
                    "about": free_text,
                    "preferences": st.lists(
                        st.sampled_from(placement_ids) if placement_ids else ids,
                        max_size=3,
                        unique_by=str,
                    ),
                },
            )
        )
        candidates.append({"id": cid, **record})
    placements = []
    for pid in placement_ids:
        record = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "kind": st.sampled_from(["internship", "job"]),
                    "title": free_text,
                    "description": free_text,
                    "municipality": st.none() | municipality,
                    "remote": st.booleans(),
                    "required_skills": st.lists(skill, max_size=4),
                    "preferred_skills": st.lists(skill, max_size=3),
                    "min_education_level": st.none() | edu,
                    "languages": languages,
                    "slots": st.integers(1, 3),
                    "preferences": st.lists(
                        st.sampled_from(candidate_ids) if candidate_ids else ids,
                        max_size=3,
                        unique_by=str,
                    ),
                },
            )
        )
        placements.append({"id": pid, **record})
    return candidates, placements


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    world=worlds(),
    by=st.sampled_from(["candidate", "placement"]),
    method=st.sampled_from(["optimal", "stable"]),
)
def test_random_valid_inputs_never_crash(
    tmp_path: Path, world: tuple[list[dict[str, Any]], list[dict[str, Any]]], by: str, method: str
) -> None:
    candidates, placements = world
    for record in candidates:
        assert schema_errors(record, "candidate.schema.json") == []
    for record in placements:
        assert schema_errors(record, "placement.schema.json") == []
    c = write_jsonl(tmp_path / "c.jsonl", candidates)
    p = write_jsonl(tmp_path / "p.jsonl", placements)

    code, out, err = run_main(
        "rank", "--candidates", c, "--placements", p, "--by", by, "--top", "all"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in jsonl_lines(out)]
    owners = candidates if by == "candidate" else placements
    assert [line[by] for line in lines] == [record["id"] for record in owners]
    for line in lines:
        check_rank_line(line, by=by)

    code, out, err = run_main("allocate", "--candidates", c, "--placements", p, "--method", method)
    assert code == 0, err
    result = json.loads(out)
    assert schema_errors(result, "allocate-output.schema.json") == []
    assigned = [a["candidate"] for a in result["assignments"]]
    assert len(assigned) + len(result["unassigned_candidates"]) == len(candidates)
