"""The ESCO v1.1.1 loader: shapes, counts of the official release, known facts, bad files."""

from __future__ import annotations

import csv
import gzip
import os
import shutil
import subprocess
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from matching.engine.esco import (
    DEFAULT_DATA_DIR,
    Esco,
    EscoFileError,
    load_esco,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
ESCO_DIR = DEFAULT_DATA_DIR / "esco"
# The official zips (not in the repo); the rebuild test runs where they are.
SOURCE_DIR = Path(os.environ.get("SPONA_ESCO_SOURCE", "/work/shared/data/esco/v1.1.1"))
WAITER = "http://data.europa.eu/esco/occupation/d5db9d5c-2ebf-4a54-a79a-1b7e7ff70471"


@pytest.fixture(scope="module")
def esco() -> Esco:
    return load_esco().load_all()


def _by_label(esco: Esco, label: str) -> str:
    found = [uri for uri, skill in esco.skills.items() if skill.preferred_label == label]
    assert len(found) == 1, label
    return found[0]


def test_the_counts_are_those_of_the_official_release(esco: Esco) -> None:
    assert len(esco.skills) == 13_896
    assert len(esco.occupations) == 3_007
    assert len(esco.isco_groups) == 619
    # The 640 of skillGroups_en.csv (the four pillar roots among them) and 7 more that only
    # skillsHierarchy_en.csv names.
    assert len(esco.hierarchy.groups) == 647
    assert Counter(relation.relation for relation in esco.skill_relations) == {
        "optional": 5_708,
        "essential": 191,
    }
    links = Counter(
        kind
        for occupation in esco.occupations.values()
        for kind, skills in (
            ("essential", occupation.essential_skills),
            ("optional", occupation.optional_skills),
        )
        for _ in skills
    )
    # 123,855 in occupationSkillRelations.csv less 67 that name an unreleased occupation.
    assert sum(links.values()) == 123_788
    assert Counter(skill.skill_type for skill in esco.skills.values()) == {
        "skill/competence": 10_831,
        "knowledge": 3_059,
        "": 6,
    }
    assert Counter(skill.reuse_level for skill in esco.skills.values())["transversal"] == 440


def test_ids_uris_and_labels_are_clean(esco: Esco) -> None:
    uris = list(esco.skills)
    assert uris == sorted(uris)
    for skill in esco.skills.values():
        assert skill.id == "esco:" + skill.uri.removeprefix("http://data.europa.eu/esco/skill/")
        assert skill.preferred_label == " ".join(skill.preferred_label.split())
        assert skill.preferred_label not in skill.alt_labels
        assert len(set(skill.alt_labels)) == len(skill.alt_labels)
        assert skill.labels[0] == skill.preferred_label
    for occupation in esco.occupations.values():
        assert occupation.code.startswith(occupation.isco_group + ".")
        assert not set(occupation.essential_skills) & set(occupation.optional_skills)
        assert all(uri in esco.skills for uri in occupation.essential_skills)
        assert all(uri in esco.skills for uri in occupation.optional_skills)


def test_waiter_waitress_is_isco_5131_and_serves(esco: Esco) -> None:
    waiter = esco.occupations[WAITER]
    assert waiter.preferred_label == "waiter/waitress"
    assert waiter.isco_group == "5131"
    assert {"waiter", "waitress"} <= set(waiter.alt_labels)
    essential = {esco.skills[uri].preferred_label for uri in waiter.essential_skills}
    assert {"serve food in table service", "serve beverages"} <= essential
    assert "serve wines" in essential
    assert waiter.broader_occupation is None  # its parent is the ISCO group itself
    head_waiter = next(
        o for o in esco.occupations.values() if o.preferred_label == "head waiter/head waitress"
    )
    assert head_waiter.broader_occupation == WAITER


def test_isco_groups_form_a_tree(esco: Esco) -> None:
    group = esco.isco_groups["5131"]
    assert group.preferred_label == "Waiters"
    chain = []
    code: str | None = group.code
    while code is not None:
        chain.append(code)
        code = esco.isco_groups[code].parent
    assert chain == ["5131", "513", "51", "5"]
    assert Counter(g.level for g in esco.isco_groups.values()) == {1: 10, 2: 43, 3: 130, 4: 436}
    assert all(o.isco_group in esco.isco_groups for o in esco.occupations.values())


def test_every_broader_chain_ends_at_a_pillar_root(esco: Esco) -> None:
    hierarchy = esco.hierarchy
    roots = {hierarchy.groups[uri].code for uri in hierarchy.roots}
    assert roots == {"S", "K", "T", "L"}
    for uri in esco.skills:
        chain = hierarchy.chain(uri)
        assert chain[0] == uri and chain[-1] in hierarchy.roots
        assert len(chain) == hierarchy.depth[uri] + 1
        assert all(hierarchy.depth[a] == hierarchy.depth[b] + 1 for a, b in pairwise(chain))


def test_hierarchy_levels_and_codes(esco: Esco) -> None:
    hierarchy = esco.hierarchy
    by_code = hierarchy.group_by_code
    assert hierarchy.depth[by_code["S"]] == 0
    assert hierarchy.depth[by_code["S4"]] == 1
    assert hierarchy.depth[by_code["S4.8"]] == 2
    assert hierarchy.depth[by_code["S4.8.1"]] == 3
    assert hierarchy.groups[by_code["K0613"]].preferred_label == (
        "software and applications development and analysis"
    )
    assert hierarchy.groups[by_code["K0613"]].broader == by_code["K061"]
    # "manage musical staff" sits under a group and under two broader skills.
    musical = _by_label(esco, "manage musical staff")
    assert by_code["S4.8.1"] in esco.skills[musical].broader
    assert _by_label(esco, "manage staff") in esco.skills[musical].broader
    ancestors = hierarchy.ancestors(musical)
    assert ancestors[by_code["S4.8.1"]] == 1
    assert ancestors[by_code["S"]] == 4
    assert by_code["T"] in ancestors  # poly-hierarchy: "lead others" is transversal
    assert hierarchy.root(_by_label(esco, "Python (computer programming)")) in {"S", "K"}
    assert Counter(hierarchy.depth[uri] for uri in esco.skills).most_common(1)[0][0] == 4


def test_skill_relations_are_listed_from_both_sides(esco: Esco) -> None:
    relation = next(r for r in esco.skill_relations if r.relation == "essential")
    assert relation in esco.relations_of(relation.skill)
    assert relation in esco.relations_of(relation.related)
    assert esco.relations_of("http://data.europa.eu/esco/skill/not-a-skill") == ()


def test_loading_is_cached_and_versioned(tmp_path: Path) -> None:
    assert load_esco() is load_esco(DEFAULT_DATA_DIR)
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "esco", copy / "esco")
    if (DEFAULT_DATA_DIR / "occupations").is_dir():
        shutil.copytree(DEFAULT_DATA_DIR / "occupations", copy / "occupations")
    first = load_esco(copy)
    assert first.version == load_esco().version
    with (copy / "esco" / "isco_groups_en.csv").open("a", encoding="utf-8") as handle:
        handle.write("5139,Test group\n")
    second = load_esco(copy)
    assert second is not first and second.version != first.version
    assert second.isco_groups["5139"].parent == "513"


def _data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR / "esco", copy / "esco")
    (copy / "occupations").mkdir()
    return copy


def test_a_bad_occupation_row_names_file_line_and_field(tmp_path: Path) -> None:
    copy = _data_copy(tmp_path)
    path = copy / "esco" / "esco_occupations_en.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[3][rows[0].index("essentialSkills")] = "12 x 14"
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    esco = load_esco(copy)
    assert len(esco.skills) == 13_896  # the other parts still load
    with pytest.raises(EscoFileError, match=r"esco_occupations_en\.csv\.gz, line 4: essentialSk"):
        _ = esco.occupations


def test_a_missing_column_and_a_missing_file_are_named(tmp_path: Path) -> None:
    copy = _data_copy(tmp_path)
    (copy / "esco" / "isco_groups_en.csv").write_text("code,name\n1,Managers\n", encoding="utf-8")
    with pytest.raises(EscoFileError, match="isco_groups_en.csv, line 1: header: missing label"):
        _ = load_esco(copy).isco_groups
    (copy / "esco" / "esco_skill_relations.csv.gz").unlink()
    with pytest.raises(EscoFileError, match="esco_skill_relations.csv.gz: cannot read"):
        load_esco(copy)


def test_a_curated_occupation_must_name_an_esco_occupation(tmp_path: Path) -> None:
    copy = _data_copy(tmp_path)
    header = "code,label_sr,label_sr_feminine,aliases_sr,label_en,aliases_en,esco_uri\n"
    (copy / "occupations" / "test.csv").write_text(
        header + f"hospitality.waiter,konobar,konobarica,kelner,waiter,,{WAITER}\n"
        "hospitality.ghost,duh,,,ghost,,"
        "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000\n",
        encoding="utf-8",
    )
    with pytest.raises(EscoFileError, match="test.csv, line 3: esco_uri: .* not an occupation"):
        _ = load_esco(copy).curated_occupations
    (copy / "occupations" / "test.csv").write_text(
        header + f"hospitality.waiter,конобар,,,waiter,,{WAITER}\n", encoding="utf-8"
    )
    with pytest.raises(EscoFileError, match="line 2: label_sr: write Latin"):
        _ = load_esco(copy).curated_occupations


@pytest.mark.skipif(
    not (SOURCE_DIR / "esco-v1.1.1-relations-csv.zip").exists(),
    reason="the official ESCO zips are not on this machine (set SPONA_ESCO_SOURCE)",
)
def test_the_build_script_reproduces_the_shipped_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ESCO_DIR / "build.py"), str(SOURCE_DIR), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=REPO_ROOT,
    )
    built = sorted(path.name for path in tmp_path.iterdir())
    assert built == [
        "esco_occupations_en.csv.gz",
        "esco_skill_groups.csv",
        "esco_skill_relations.csv.gz",
        "esco_skills_en.csv.gz",
        "isco_groups_en.csv",
    ]
    for name in built:
        assert (tmp_path / name).read_bytes() == (ESCO_DIR / name).read_bytes(), name
