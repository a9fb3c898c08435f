"""Builds Spona's compact ESCO files in this folder from the official ESCO v1.1.1 CSV zips.

Usage (from the repository root; standard library only, no Django):

    python matching/data/esco/build.py /work/shared/data/esco/v1.1.1

The source folder holds `esco-v1.1.1-classification-en-csv.zip` and
`esco-v1.1.1-relations-csv.zip` as the European Commission publishes them. The output is
deterministic (rows sorted by URI, gzip without a timestamp), so rebuilding from the same zips
changes no byte. What each file holds is described in `matching/data/PROVENANCE.md`; the
reader is `matching/engine/esco.py`.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

CLASSIFICATION_ZIP = "esco-v1.1.1-classification-en-csv.zip"
RELATIONS_ZIP = "esco-v1.1.1-relations-csv.zip"
OUT_DIR = Path(__file__).resolve().parent
SEPARATOR = " | "
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
ISCED_PREFIX = "http://data.europa.eu/esco/isced-f/"
ISCO_PREFIX = "http://data.europa.eu/esco/isco/C"
PILLAR_ORDER = {"S": 0, "K": 1, "T": 2, "L": 3}
RELATION_TYPES = ("essential", "optional")


def clean(value: str) -> str:
    """One line, single spaces (ESCO labels carry stray and non-breaking spaces)."""
    return " ".join(value.split())


def labels(value: str, *, besides: str = "") -> list[str]:
    """ESCO's newline-separated labels, cleaned, deduplicated, without `besides`."""
    seen: dict[str, None] = {}
    for part in value.split("\n"):
        label = clean(part)
        if SEPARATOR.strip() in label:
            raise SystemExit(f"label {label!r} contains the separator {SEPARATOR.strip()!r}")
        if label and label != besides:
            seen.setdefault(label, None)
    return list(seen)


def read_csv(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, str]]:
    with archive.open(name) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))


def write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    """Write a CSV (gzip without timestamp when the name ends in .gz); returns the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        with (
            path.open("wb") as handle,
            gzip.GzipFile(
                filename="", mode="wb", fileobj=handle, compresslevel=9, mtime=0
            ) as packed,
        ):
            packed.write(data)
    else:
        path.write_bytes(data)
    return count


def group_code(uri: str, code: str) -> str:
    """ESCO's group code, or "K" + the ISCED-F field code for knowledge groups (K0613)."""
    if code:
        return code
    if uri.startswith(ISCED_PREFIX):
        return "K" + uri.removeprefix(ISCED_PREFIX)
    raise SystemExit(f"skill group {uri} has no code")


def build(source: Path, out_dir: Path) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    classification = zipfile.ZipFile(source / CLASSIFICATION_ZIP)
    relations = zipfile.ZipFile(source / RELATIONS_ZIP)
    counts: dict[str, int] = {}

    # --- skill groups: the hierarchy file names roots and levels, the groups file labels ---
    groups: dict[str, tuple[str, str]] = {}  # uri -> (code, label)
    for row in read_csv(classification, "skillsHierarchy_en.csv"):
        for level in range(4):
            uri = row[f"Level {level} URI"].strip()
            if uri:
                code = group_code(uri, row.get(f"Level {level} code", "").strip())
                groups.setdefault(uri, (code, clean(row[f"Level {level} preferred term"])))
    for row in read_csv(classification, "skillGroups_en.csv"):
        uri = row["conceptUri"].strip()
        code = group_code(uri, row["code"].strip())
        if uri in groups and groups[uri][0] != code:
            raise SystemExit(f"skill group {uri}: code {code} vs {groups[uri][0]}")
        groups[uri] = (code, clean(row["preferredLabel"]))
    group_by_code = {code: uri for uri, (code, _label) in groups.items()}
    if len(group_by_code) != len(groups):
        raise SystemExit("skill group codes are not unique")

    # --- skills --------------------------------------------------------------------------
    skill_rows = sorted(
        (row for row in read_csv(classification, "skills_en.csv") if row["status"] == "released"),
        key=lambda row: row["conceptUri"],
    )
    skill_index = {row["conceptUri"].strip(): index for index, row in enumerate(skill_rows)}

    broader: dict[str, list[str]] = defaultdict(list)
    for row in read_csv(relations, "broaderRelationsSkillPillar.csv"):
        child, parent = row["conceptUri"].strip(), row["broaderUri"].strip()
        if (child in skill_index or child in groups) and (
            parent in skill_index or parent in groups
        ):
            broader[child].append(parent)

    def parent_ref(uri: str) -> str:
        return str(skill_index[uri]) if uri in skill_index else groups[uri][0]

    def group_paths(uri: str, seen: frozenset[str] = frozenset()) -> list[list[str]]:
        """Every root-to-node path of group codes above `uri` (through broader skills)."""
        if uri in groups and not broader.get(uri):
            return [[groups[uri][0]]]
        paths: list[list[str]] = []
        for parent in broader.get(uri, []):
            if parent in seen:
                continue
            for path in group_paths(parent, seen | {uri}):
                paths.append(path + [groups[uri][0]] if uri in groups else path)
        return paths

    def hierarchy_codes(uri: str) -> str:
        """The legacy column: paths as [L0, L1, L2, L3] code lists, None-padded, S K T L first."""
        unique = {tuple(path) for path in group_paths(uri)}
        ordered = sorted(unique, key=lambda path: (PILLAR_ORDER.get(path[0], 9), path))
        padded = [list(path) + [None] * (4 - len(path)) for path in ordered]
        return repr(padded) if padded else ""

    def skill_lines() -> Iterator[list[str]]:
        for row in skill_rows:
            uri = row["conceptUri"].strip()
            preferred = clean(row["preferredLabel"])
            yield [
                uri,
                preferred,
                SEPARATOR.join(labels(row["altLabels"], besides=preferred)),
                SEPARATOR.join(labels(row["hiddenLabels"], besides=preferred)),
                row["skillType"].strip(),
                row["reuseLevel"].strip(),
                SEPARATOR.join(parent_ref(parent) for parent in sorted(broader.get(uri, []))),
                hierarchy_codes(uri),
            ]

    counts["skills"] = write_csv(
        out_dir / "esco_skills_en.csv.gz",
        [
            "uri",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "skillType",
            "reuseLevel",
            "broader",
            "hierarchy_codes",
        ],
        skill_lines(),
    )

    def group_lines() -> Iterator[list[str]]:
        ordered = sorted(groups.items(), key=lambda item: (PILLAR_ORDER[item[1][0][0]], item[1][0]))
        for uri, (code, label) in ordered:
            parents = broader.get(uri, [])
            if len(parents) > 1:
                raise SystemExit(f"skill group {code} has {len(parents)} broader groups")
            yield [code, label, uri, groups[parents[0]][0] if parents else ""]

    counts["skill_groups"] = write_csv(
        out_dir / "esco_skill_groups.csv", ["code", "label", "uri", "broader"], group_lines()
    )

    # --- skill-skill relations -----------------------------------------------------------
    skill_relations = sorted(
        {
            (skill_index[original], row["relationType"].strip(), skill_index[related])
            for row in read_csv(relations, "skillSkillRelations.csv")
            if (original := row["originalSkillUri"].strip()) in skill_index
            and (related := row["relatedSkillUri"].strip()) in skill_index
        }
    )
    if any(kind not in RELATION_TYPES for _skill, kind, _related in skill_relations):
        raise SystemExit("skillSkillRelations.csv: unknown relationType")
    counts["skill_relations"] = write_csv(
        out_dir / "esco_skill_relations.csv.gz",
        ["skill", "relationType", "relatedSkill"],
        ([str(skill), kind, str(related)] for skill, kind, related in skill_relations),
    )

    # --- ISCO groups ---------------------------------------------------------------------
    isco = sorted(
        (clean(row["code"]), clean(row["preferredLabel"]))
        for row in read_csv(classification, "ISCOGroups_en.csv")
        if row["status"] == "released"
    )
    counts["isco_groups"] = write_csv(
        out_dir / "isco_groups_en.csv", ["code", "label"], ([code, label] for code, label in isco)
    )
    isco_codes = {code for code, _label in isco}

    # --- occupations ---------------------------------------------------------------------
    occupation_rows = sorted(
        (
            row
            for row in read_csv(classification, "occupations_en.csv")
            if row["status"] == "released"
        ),
        key=lambda row: row["conceptUri"],
    )
    occupation_index = {row["conceptUri"].strip(): i for i, row in enumerate(occupation_rows)}
    occupation_broader: dict[str, str] = {}
    for row in read_csv(relations, "broaderRelationsOccPillar.csv"):
        child, parent = row["conceptUri"].strip(), row["broaderUri"].strip()
        if child not in occupation_index:
            continue
        if parent in occupation_index:
            occupation_broader[child] = str(occupation_index[parent])
        elif parent.startswith(ISCO_PREFIX) and parent.removeprefix(ISCO_PREFIX) in isco_codes:
            occupation_broader[child] = parent.removeprefix(ISCO_PREFIX)
    occupation_skills: dict[str, dict[str, set[int]]] = defaultdict(
        lambda: {kind: set() for kind in RELATION_TYPES}
    )
    dropped = 0
    for row in read_csv(relations, "occupationSkillRelations.csv"):
        occupation, skill = row["occupationUri"].strip(), row["skillUri"].strip()
        if occupation not in occupation_index or skill not in skill_index:
            dropped += 1
            continue
        occupation_skills[occupation][row["relationType"].strip()].add(skill_index[skill])
    counts["occupation_skill_links_dropped"] = dropped
    counts["occupation_skill_links"] = sum(
        len(kinds[kind]) for kinds in occupation_skills.values() for kind in RELATION_TYPES
    )

    def occupation_lines() -> Iterator[list[str]]:
        for row in occupation_rows:
            uri = row["conceptUri"].strip()
            preferred = clean(row["preferredLabel"])
            isco_group = row["iscoGroup"].strip()
            if not re.fullmatch(r"\d{4}", isco_group) or isco_group not in isco_codes:
                raise SystemExit(f"occupation {uri}: ISCO group {isco_group!r}")
            kinds = occupation_skills[uri]
            yield [
                uri,
                clean(row["code"]),
                isco_group,
                preferred,
                SEPARATOR.join(labels(row["altLabels"], besides=preferred)),
                SEPARATOR.join(labels(row["hiddenLabels"], besides=preferred)),
                occupation_broader.get(uri, isco_group),
                " ".join(str(index) for index in sorted(kinds["essential"])),
                " ".join(str(index) for index in sorted(kinds["optional"])),
            ]

    counts["occupations"] = write_csv(
        out_dir / "esco_occupations_en.csv.gz",
        [
            "uri",
            "code",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "broader",
            "essentialSkills",
            "optionalSkills",
        ],
        occupation_lines(),
    )
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder holding the two official ESCO zips")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    arguments = parser.parse_args(argv)
    counts = build(arguments.source, arguments.out)
    for name, count in counts.items():
        sys.stdout.write(f"{name}: {count}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
