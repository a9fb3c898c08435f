"""Tests for matching.engine.taxonomy: the pure loader of the curated CSVs and the ESCO file."""

from __future__ import annotations

import csv
import gzip
import os
from pathlib import Path

import pytest

from matching.engine.normalize import latin_to_cyrillic
from matching.engine.taxonomy import DEFAULT_DATA_DIR, TaxonomyFileError, load_taxonomy

CURATED_HEADER = "code,group,type,label_sr,label_en,aliases_sr,aliases_en,esco_uri,lang_code\n"
ESCO_HEADER = [
    "uri",
    "preferredLabel",
    "altLabels",
    "hierarchy_codes",
    "description",
    "in_ojd_v1_1_1",
    "in_extractor_v1_2",
    "in_laiser",
    "extractor_text_if_unlabelled",
]
URI = "http://data.europa.eu/esco/skill/"
WELDING_URI = URI + "2fcd95a4-1f9a-41cf-95a9-4701bde476b4"


def _curated_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((DEFAULT_DATA_DIR / "skills").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _split(value: str) -> list[str]:
    return [" ".join(part.split()) for part in value.split("|") if part.strip()]


def test_curated_taxonomy_has_every_row_once() -> None:
    taxonomy = load_taxonomy()
    rows = _curated_rows()
    assert len(taxonomy.skills) == len(rows) >= 600
    assert [skill.id for skill in taxonomy.skills] == [row["code"] for row in rows]


def test_curated_labels_are_the_ones_the_django_import_stores() -> None:
    """Serbian Latin, derived Cyrillic and English preferred labels plus all aliases."""
    by_id = {skill.id: skill for skill in load_taxonomy().skills}
    for row in _curated_rows():
        skill = by_id[row["code"]]
        label_sr = " ".join(row["label_sr"].split())
        aliases_sr = _split(row["aliases_sr"])
        expected = {
            label_sr,
            latin_to_cyrillic(label_sr),
            " ".join(row["label_en"].split()),
            *aliases_sr,
            *(latin_to_cyrillic(alias) for alias in aliases_sr),
            *_split(row["aliases_en"]),
        }
        assert set(skill.labels) == expected, row["code"]
        assert len(skill.labels) == len(set(skill.labels))
        assert skill.labels[0] == skill.preferred_label == label_sr
        assert skill.group == row["group"]
        assert skill.language_code == row["lang_code"]
        assert set(skill.preferred_labels) == {
            label_sr,
            latin_to_cyrillic(label_sr),
            " ".join(row["label_en"].split()),
        }


def test_language_skills_carry_their_code() -> None:
    by_id = {skill.id: skill for skill in load_taxonomy().skills}
    assert by_id["languages.german"].language_code == "de"
    assert by_id["metal.welding"].language_code == ""


def test_load_is_cached_per_process() -> None:
    assert load_taxonomy() is load_taxonomy()
    assert load_taxonomy(DEFAULT_DATA_DIR) is load_taxonomy()


def test_version_is_a_stable_content_hash() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.version) == 24
    assert taxonomy.version == load_taxonomy().version


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    skills = tmp_path / "skills"
    skills.mkdir()
    (skills / "a.csv").write_text(
        CURATED_HEADER
        + f"metal.welding,metal,skill,zavarivanje,welding,varilac | varioc,welder,{WELDING_URI},\n"
        + "languages.german,languages,language,nemački jezik,German,nemački,,,de\n",
        encoding="utf-8",
    )
    esco = tmp_path / "esco"
    esco.mkdir()
    rows = [
        {"uri": WELDING_URI, "preferredLabel": "operate welding equipment",
         "altLabels": "use welding equipment | welder", "hierarchy_codes": "[['S', 'S6']]"},
        {"uri": URI + "00000000-0000-0000-0000-000000000002", "preferredLabel": "bake bread",
         "altLabels": "bread baking", "hierarchy_codes": "[['S', 'S6', 'S6.1', 'S6.1.2'], ['T']]"},
        {"uri": URI + "00000000-0000-0000-0000-000000000003", "preferredLabel": "be kind",
         "altLabels": "", "hierarchy_codes": ""},
        {"uri": URI + "00000000-0000-0000-0000-000000000004", "preferredLabel": "",
         "altLabels": "", "hierarchy_codes": "", "extractor_text_if_unlabelled": "raw"},
    ]  # fmt: skip
    with gzip.open(esco / "esco_skills_en.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ESCO_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({**dict.fromkeys(ESCO_HEADER, ""), **row})
    return tmp_path


def test_esco_rows_become_skills_or_join_their_curated_skill(data_dir: Path) -> None:
    taxonomy = load_taxonomy(data_dir, include_esco=True)
    by_id = {skill.id: skill for skill in taxonomy.skills}
    assert set(by_id) == {
        "metal.welding",
        "languages.german",
        "esco:00000000-0000-0000-0000-000000000002",
        "esco:00000000-0000-0000-0000-000000000003",
    }
    assert by_id["metal.welding"].labels == (
        "zavarivanje",
        "заваривање",
        "welding",
        "varilac",
        "varioc",
        "варилац",
        "вариоц",
        "welder",
        "operate welding equipment",  # ESCO's labels, "welder" once
        "use welding equipment",
    )
    bread = by_id["esco:00000000-0000-0000-0000-000000000002"]
    assert bread.group == "S6.1.2"
    assert bread.labels == ("bake bread", "bread baking")
    assert bread.preferred_label == "bake bread"
    assert by_id["esco:00000000-0000-0000-0000-000000000003"].group == "esco"


def test_without_esco_only_curated_skills_load(data_dir: Path) -> None:
    taxonomy = load_taxonomy(data_dir)
    assert [skill.id for skill in taxonomy.skills] == ["metal.welding", "languages.german"]
    assert "operate welding equipment" not in taxonomy.skills[0].labels
    assert taxonomy.version != load_taxonomy(data_dir, include_esco=True).version


def test_a_changed_file_is_read_again_with_a_new_version(data_dir: Path) -> None:
    before = load_taxonomy(data_dir)
    path = data_dir / "skills" / "a.csv"
    path.write_text(path.read_text(encoding="utf-8") + "metal.x,metal,skill,x,x,,,,\n", "utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    after = load_taxonomy(data_dir)
    assert after is not before
    assert len(after.skills) == 3
    assert after.version != before.version


def test_bad_rows_name_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills" / "b.csv").write_text(
        CURATED_HEADER + "it.x,it,skill,,x,,,,\n", encoding="utf-8"
    )
    with pytest.raises(TaxonomyFileError, match=r"b\.csv, line 2: label_sr: missing"):
        load_taxonomy(tmp_path)


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills" / "b.csv").write_text(
        CURATED_HEADER + "it.x,it,skill,x,x,,,,\nit.x,it,skill,y,y,,,,\n", encoding="utf-8"
    )
    with pytest.raises(TaxonomyFileError, match="line 3: code: duplicate"):
        load_taxonomy(tmp_path)


def test_no_curated_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "skills").mkdir()
    with pytest.raises(TaxonomyFileError, match="no curated skill files"):
        load_taxonomy(tmp_path)


def test_the_shipped_esco_file_loads() -> None:
    taxonomy = load_taxonomy(include_esco=True)
    assert len(taxonomy.skills) > 13_000
    by_id = {skill.id: skill for skill in taxonomy.skills}
    # The curated welding skill owns ESCO's "operate welding equipment".
    assert "operate welding equipment" in by_id["metal.welding"].labels
    assert not any(
        skill.id == "esco:2fcd95a4-1f9a-41cf-95a9-4701bde476b4" for skill in taxonomy.skills
    )
