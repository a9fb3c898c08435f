"""The curated Serbian layers (skills, occupations) against ESCO v1.1.1 and each other."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

import pytest

from matching.engine.esco import DEFAULT_DATA_DIR, CuratedOccupation, Esco, load_esco
from matching.engine.normalize import fold, latin_to_cyrillic

SKILL_FILES = sorted((DEFAULT_DATA_DIR / "skills").glob("*.csv"))


@pytest.fixture(scope="module")
def esco() -> Esco:
    return load_esco().load_all()


@pytest.fixture(scope="module")
def curated(esco: Esco) -> dict[str, CuratedOccupation]:
    return {occupation.code: occupation for occupation in esco.curated_occupations}


def _labels(occupation: CuratedOccupation) -> list[str]:
    return [*occupation.labels_sr, occupation.label_en, *occupation.aliases_en]


def _skill_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in SKILL_FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def test_the_occupation_layer_covers_the_regions_trades(
    curated: dict[str, CuratedOccupation],
) -> None:
    assert len(curated) >= 150
    groups = Counter(occupation.group for occupation in curated.values())
    for group in ("agri", "food", "textile", "metal", "construction", "trade", "hospitality"):
        assert groups[group] >= 5, group
    for group in ("it", "care", "health", "transport", "logistics", "cleaning", "office"):
        assert groups[group] >= 3, group


def test_every_curated_occupation_names_an_esco_v1_1_1_occupation(
    esco: Esco, curated: dict[str, CuratedOccupation]
) -> None:
    for occupation in curated.values():
        assert occupation.esco_uri in esco.occupations, occupation.code


def test_occupation_labels_are_unique_after_folding(
    curated: dict[str, CuratedOccupation],
) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for occupation in curated.values():
        for label in _labels(occupation):
            owners[fold(label)].add(occupation.code)
    clashes = {key: codes for key, codes in owners.items() if len(codes) > 1}
    assert not clashes


def test_derived_cyrillic_folds_to_the_latin_key(curated: dict[str, CuratedOccupation]) -> None:
    for occupation in curated.values():
        for label in occupation.labels_sr:
            assert fold(latin_to_cyrillic(label)) == fold(label), label


def test_serbian_labels_are_latin_with_diacritics_and_no_repeats(
    curated: dict[str, CuratedOccupation],
) -> None:
    for occupation in curated.values():
        labels = occupation.labels_sr
        assert len({fold(label) for label in labels}) == len(labels), occupation.code
        assert not any("\u0400" <= char <= "\u04ff" for label in labels for char in label)
    # Diacritics are written, not folded away (the engine folds).
    assert curated["hospitality.cook"].label_sr_feminine == "kuvarica"
    assert curated["textile.tailor"].label_sr_feminine == "krojačica"
    assert curated["logistics.forklift-operator"].label_sr == "viljuškarista"


@pytest.mark.parametrize(
    ("alias", "code", "isco"),
    [
        ("kelner", "hospitality.waiter", "5131"),
        ("šnajderka", "textile.tailor", "7531"),
        ("šnajder", "textile.tailor", "7531"),
        ("šanker", "hospitality.bartender", "5132"),
        ("moler", "construction.painter", "7131"),
        ("keramičar", "construction.tiler", "7122"),
        ("viljuškarista", "logistics.forklift-operator", "8344"),
        ("magacioner", "logistics.warehouse-worker", "9333"),
        ("vozač kamiona", "transport.truck-driver", "8332"),
        ("programer", "it.software-developer", "2512"),
        ("varilac", "metal.welder", "7212"),
        ("negovateljica", "care.caregiver", "5321"),
    ],
)
def test_colloquial_names_reach_the_right_esco_occupation(
    esco: Esco, curated: dict[str, CuratedOccupation], alias: str, code: str, isco: str
) -> None:
    by_key = {fold(label): o.code for o in curated.values() for label in _labels(o)}
    assert by_key[fold(alias)] == code
    assert esco.occupations[curated[code].esco_uri].isco_group == isco


def test_every_curated_skill_uri_is_a_distinct_esco_v1_1_1_skill(esco: Esco) -> None:
    uris = [row["esco_uri"].strip() for row in _skill_rows() if row["esco_uri"].strip()]
    assert len(uris) >= 520
    assert len(set(uris)) == len(uris)
    missing = [uri for uri in uris if uri not in esco.skills]
    assert not missing


def test_curated_skill_labels_are_unique_after_folding() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in _skill_rows():
        labels = [row["label_sr"], row["label_en"]]
        labels += row["aliases_sr"].split("|") + row["aliases_en"].split("|")
        for label in labels:
            if label.strip():
                owners[fold(label)].add(row["code"])
    assert not {key: codes for key, codes in owners.items() if len(codes) > 1}
