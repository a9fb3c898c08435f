"""Imports the skill taxonomy: skill groups, the curated Serbian layer and ESCO exports.

All imports are idempotent: they compute the wanted rows, compare them with what is
stored and write only the difference, so importing the same file twice changes nothing.
A bad row aborts the whole import (one transaction) with an error naming file, line and field.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.db import transaction

from matching.engine.normalize import fold, latin_to_cyrillic
from reference.models import Skill, SkillGroup, SkillLabel

BATCH_SIZE = 2000
ESCO_URI_RE = re.compile(r"^http://data\.europa\.eu/esco/skill/[0-9a-f-]{36}$")
CURATED_CODE_RE = re.compile(r"^[a-z]+\.[a-z0-9+#-]+$")
LANGUAGE_TAG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$")
ESCO_PILLAR_TYPES = {
    "S": Skill.Type.SKILL,
    "K": Skill.Type.KNOWLEDGE,
    "L": Skill.Type.LANGUAGE,
    "T": Skill.Type.TRANSVERSAL,
    "A": Skill.Type.TRANSVERSAL,
}
CURATED_COLUMNS = [
    "code",
    "group",
    "type",
    "label_sr",
    "label_en",
    "aliases_sr",
    "aliases_en",
    "esco_uri",
    "lang_code",
]


class TaxonomyRowError(ValueError):
    """A row of an import file is wrong; the message names file, line and field."""

    def __init__(self, path: str, line: int, field_name: str, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {field_name}: {reason}")
        self.path, self.line, self.field_name, self.reason = path, line, field_name, reason


@dataclass
class TaxonomyReport:
    groups_created: int = 0
    groups_updated: int = 0
    skills_created: int = 0
    skills_updated: int = 0
    labels_created: int = 0
    labels_deleted: int = 0
    rows_skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.groups_created,
                self.groups_updated,
                self.skills_created,
                self.skills_updated,
                self.labels_created,
                self.labels_deleted,
            )
        )

    def skip(self, reason: str) -> None:
        self.rows_skipped += 1
        self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + 1

    def merge(self, other: TaxonomyReport) -> None:
        for name in (
            "groups_created",
            "groups_updated",
            "skills_created",
            "skills_updated",
            "labels_created",
            "labels_deleted",
            "rows_skipped",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, count in other.skipped_reasons.items():
            self.skipped_reasons[reason] = self.skipped_reasons.get(reason, 0) + count


# --- reading -----------------------------------------------------------------------------


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        for number, row in enumerate(reader, start=2):
            yield number, {key: (value or "") for key, value in row.items() if key is not None}


def _header(path: Path) -> list[str]:
    with _open_text(path) as handle:
        return next(csv.reader(handle), [])


def _split(value: str, separator: str) -> list[str]:
    seen: dict[str, None] = {}
    for part in value.split(separator):
        cleaned = " ".join(part.split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


# --- groups ------------------------------------------------------------------------------


def _esco_parent_code(code: str) -> str | None:
    if "." in code:
        return code.rsplit(".", 1)[0]
    if len(code) > 1:
        return code[0]
    return None


@transaction.atomic
def skill_groups_import(*, path: Path, kind: str) -> TaxonomyReport:
    """Import curated groups (code,label_sr,label_en) or ESCO groups (code,label)."""
    report = TaxonomyReport()
    wanted: dict[str, tuple[str, str, str | None]] = {}
    for line, row in _rows(path):
        code = row.get("code", "").strip()
        if not code:
            raise TaxonomyRowError(path.name, line, "code", "missing")
        if kind == "curated":
            label_sr, label_en = row.get("label_sr", "").strip(), row.get("label_en", "").strip()
            parent = None
        else:
            label_sr, label_en = "", row.get("label", "").strip()
            parent = _esco_parent_code(code)
        if not label_en:
            raise TaxonomyRowError(
                path.name, line, "label_en" if kind == "curated" else "label", "missing"
            )
        wanted[code] = (label_sr, label_en, parent)

    existing = {group.code: group for group in SkillGroup.objects.all()}
    for code, (label_sr, label_en, _parent) in wanted.items():
        group = existing.get(code)
        if group is None:
            existing[code] = SkillGroup.objects.create(
                code=code, label_sr=label_sr, label_en=label_en
            )
            report.groups_created += 1
        elif (group.label_sr, group.label_en) != (label_sr, label_en):
            group.label_sr, group.label_en = label_sr, label_en
            group.save(update_fields=["label_sr", "label_en"])
            report.groups_updated += 1
    for code, (_sr, _en, parent_code) in wanted.items():
        # Walk up until an existing ancestor (ESCO lists some codes without their parents).
        while parent_code is not None and parent_code not in existing:
            parent_code = _esco_parent_code(parent_code)
        parent_id = existing[parent_code].pk if parent_code else None
        group = existing[code]
        if group.parent_id != parent_id:
            group.parent_id = parent_id
            group.save(update_fields=["parent"])
    return report


# --- labels ------------------------------------------------------------------------------

LabelKey = tuple[int, str, str, str]  # skill id, language, kind, text


def _sync_labels(
    *,
    source: str,
    languages: Iterable[str],
    wanted: set[LabelKey],
    skill_ids: set[int] | None,
    report: TaxonomyReport,
) -> None:
    """Make the stored labels of `source` in `languages` equal `wanted` (for these skills)."""
    stored = SkillLabel.objects.filter(source=source, language__in=list(languages))
    if skill_ids is not None:
        stored = stored.filter(skill_id__in=skill_ids)
    existing: dict[LabelKey, int] = {
        (skill_id, language, kind, text): label_id
        for label_id, skill_id, language, kind, text in stored.values_list(
            "id", "skill_id", "language", "kind", "text"
        ).iterator(chunk_size=BATCH_SIZE)
    }
    to_delete = [label_id for key, label_id in existing.items() if key not in wanted]
    # A label whose kind changed (alias <-> preferred) is deleted and created again;
    # the same text can then not stand twice for one skill and language.
    for start in range(0, len(to_delete), BATCH_SIZE):
        SkillLabel.objects.filter(id__in=to_delete[start : start + BATCH_SIZE]).delete()
    report.labels_deleted += len(to_delete)
    new = [
        SkillLabel(
            skill_id=skill_id,
            language=language,
            kind=kind,
            text=text,
            key=fold(text),
            source=source,
        )
        for (skill_id, language, kind, text) in sorted(wanted - existing.keys())
    ]
    SkillLabel.objects.bulk_create(new, batch_size=BATCH_SIZE)
    report.labels_created += len(new)


def _add_labels(
    wanted: set[LabelKey], skill_id: int, language: str, preferred: str, aliases: Iterable[str]
) -> None:
    if preferred:
        wanted.add((skill_id, language, SkillLabel.Kind.PREFERRED, preferred[:300]))
    for alias in aliases:
        alias = alias[:300]
        if alias != preferred:
            wanted.add((skill_id, language, SkillLabel.Kind.ALIAS, alias))


# --- curated Serbian layer ---------------------------------------------------------------


@dataclass(frozen=True)
class _CuratedRow:
    line: int
    path: str
    code: str
    group: str
    skill_type: str
    label_sr: str
    label_en: str
    aliases_sr: list[str]
    aliases_en: list[str]
    esco_uri: str | None
    language_code: str


def _parse_curated(path: Path, groups: set[str]) -> list[_CuratedRow]:
    header = _header(path)
    missing = [column for column in CURATED_COLUMNS if column not in header]
    if missing:
        raise TaxonomyRowError(path.name, 1, "header", f"missing columns {', '.join(missing)}")
    rows = []
    for line, row in _rows(path):

        def fail(field_name: str, reason: str, line: int = line) -> TaxonomyRowError:
            return TaxonomyRowError(path.name, line, field_name, reason)

        code = row["code"].strip()
        if not CURATED_CODE_RE.match(code):
            raise fail("code", f"{code!r} is not of the form group.slug in lower-case ASCII")
        group = row["group"].strip()
        if group not in groups:
            raise fail("group", f"unknown group {group!r}")
        if not code.startswith(group + "."):
            raise fail("code", f"must start with its group {group!r}")
        skill_type = row["type"].strip()
        if skill_type not in Skill.Type.values:
            raise fail("type", f"{skill_type!r} is not one of {', '.join(Skill.Type.values)}")
        label_sr, label_en = " ".join(row["label_sr"].split()), " ".join(row["label_en"].split())
        if not label_sr:
            raise fail("label_sr", "missing")
        if any("\u0400" <= char <= "\u04ff" for char in label_sr):
            raise fail("label_sr", "write the Latin label; Cyrillic is derived")
        if not label_en:
            raise fail("label_en", "missing")
        esco_uri = row["esco_uri"].strip() or None
        if esco_uri and not ESCO_URI_RE.match(esco_uri):
            raise fail("esco_uri", f"{esco_uri!r} is not an ESCO skill URI")
        language_code = row["lang_code"].strip()
        if skill_type == Skill.Type.LANGUAGE and not language_code:
            raise fail("lang_code", "language skills need an ISO 639 code")
        if language_code and skill_type != Skill.Type.LANGUAGE:
            raise fail("lang_code", "only language skills have a language code")
        rows.append(
            _CuratedRow(
                line=line,
                path=path.name,
                code=code,
                group=group,
                skill_type=skill_type,
                label_sr=label_sr,
                label_en=label_en,
                aliases_sr=_split(row["aliases_sr"], "|"),
                aliases_en=_split(row["aliases_en"], "|"),
                esco_uri=esco_uri,
                language_code=language_code,
            )
        )
    return rows


@transaction.atomic
def curated_skills_import(*, paths: list[Path]) -> TaxonomyReport:
    """Import the curated Serbian skill layer (CSV files) with derived Cyrillic labels."""
    report = TaxonomyReport()
    groups = {group.code: group for group in SkillGroup.objects.all()}
    rows: list[_CuratedRow] = []
    for path in sorted(paths):
        rows.extend(_parse_curated(path, set(groups)))
    seen_codes: dict[str, _CuratedRow] = {}
    seen_uris: dict[str, _CuratedRow] = {}
    for row in rows:
        if row.code in seen_codes:
            raise TaxonomyRowError(
                row.path,
                row.line,
                "code",
                f"duplicate of {seen_codes[row.code].path} line {seen_codes[row.code].line}",
            )
        seen_codes[row.code] = row
        if row.esco_uri:
            if row.esco_uri in seen_uris:
                other = seen_uris[row.esco_uri]
                raise TaxonomyRowError(
                    row.path, row.line, "esco_uri", f"already used by {other.code}"
                )
            seen_uris[row.esco_uri] = row

    by_code = {skill.code: skill for skill in Skill.objects.filter(code__in=seen_codes)}
    by_uri = {skill.esco_uri: skill for skill in Skill.objects.filter(esco_uri__in=seen_uris)}
    wanted: set[LabelKey] = set()
    for row in rows:
        skill = by_code.get(row.code)
        uri_owner = by_uri.get(row.esco_uri) if row.esco_uri else None
        if skill is None and uri_owner is not None and uri_owner.source == Skill.Source.ESCO:
            skill = uri_owner  # an ESCO-only skill becomes the curated one
        elif uri_owner is not None and skill is not None and uri_owner.pk != skill.pk:
            if uri_owner.source == Skill.Source.CURATED:
                raise TaxonomyRowError(
                    row.path,
                    row.line,
                    "esco_uri",
                    f"already used by curated skill {uri_owner.code}",
                )
            uri_owner.esco_uri = None  # the ESCO copy gives its URI up; labels merge below
            uri_owner.save(update_fields=["esco_uri"])
        values = {
            "code": row.code,
            "esco_uri": row.esco_uri,
            "skill_type": row.skill_type,
            "group_id": groups[row.group].pk,
            "source": Skill.Source.CURATED,
            "language_code": row.language_code,
            "label_sr": row.label_sr,
            "label_en": row.label_en,
        }
        if skill is None:
            skill = Skill.objects.create(**values)
            report.skills_created += 1
        elif any(getattr(skill, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(skill, name, value)
            skill.save()
            report.skills_updated += 1
        _add_labels(wanted, skill.pk, "sr-Latn", row.label_sr, row.aliases_sr)
        _add_labels(
            wanted,
            skill.pk,
            "sr-Cyrl",
            latin_to_cyrillic(row.label_sr),
            [latin_to_cyrillic(alias) for alias in row.aliases_sr],
        )
        _add_labels(wanted, skill.pk, "en", row.label_en, row.aliases_en)
    _sync_labels(
        source=Skill.Source.CURATED,
        languages=["sr-Latn", "sr-Cyrl", "en"],
        wanted=wanted,
        skill_ids=None,
        report=report,
    )
    return report


# --- ESCO --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _EscoRow:
    uri: str
    preferred: str
    aliases: list[str]
    skill_type: str
    group_code: str | None


def _esco_group_and_type(hierarchy: str) -> tuple[str | None, str]:
    if not hierarchy.strip():
        return None, Skill.Type.SKILL
    try:
        paths = ast.literal_eval(hierarchy)
    except (ValueError, SyntaxError):
        return None, Skill.Type.SKILL
    if not paths or not isinstance(paths, list) or not isinstance(paths[0], list):
        return None, Skill.Type.SKILL
    first = [code for code in paths[0] if isinstance(code, str) and code]
    if not first:
        return None, Skill.Type.SKILL
    return first[-1], ESCO_PILLAR_TYPES.get(first[0][0], Skill.Type.SKILL)


def _official_type(skill_type: str, reuse_level: str) -> str:
    if reuse_level.strip() == "transversal":
        return Skill.Type.TRANSVERSAL
    if skill_type.strip() == "knowledge":
        return Skill.Type.KNOWLEDGE
    return Skill.Type.SKILL


def _parse_esco(path: Path, report: TaxonomyReport) -> tuple[str, list[_EscoRow]]:
    header = _header(path)
    if {"uri", "preferredLabel", "altLabels", "hierarchy_codes"} <= set(header):
        file_format = "spona"
    elif {"conceptUri", "preferredLabel", "altLabels"} <= set(header):
        file_format = "official"
    else:
        raise TaxonomyRowError(
            path.name,
            1,
            "header",
            "not an ESCO skills export (need uri/conceptUri, preferredLabel, altLabels)",
        )
    rows: dict[str, _EscoRow] = {}
    for line, row in _rows(path):
        uri = (row.get("uri") or row.get("conceptUri") or "").strip()
        if not ESCO_URI_RE.match(uri):
            if file_format == "official" and row.get("conceptType", "").strip() not in (
                "",
                "KnowledgeSkillCompetence",
            ):
                report.skip("not a skill concept")
                continue
            raise TaxonomyRowError(
                path.name,
                line,
                "uri" if file_format == "spona" else "conceptUri",
                f"{uri!r} is not an ESCO skill URI",
            )
        if file_format == "official" and row.get("status", "released").strip() not in (
            "released",
            "",
        ):
            report.skip("not released")
            continue
        preferred = " ".join(row.get("preferredLabel", "").split())
        if not preferred:
            report.skip("no preferred label")
            continue
        if file_format == "spona":
            aliases = _split(row.get("altLabels", ""), " | ")
            group_code, skill_type = _esco_group_and_type(row.get("hierarchy_codes", ""))
        else:
            aliases = _split(row.get("altLabels", ""), "\n")
            group_code = None
            skill_type = _official_type(row.get("skillType", ""), row.get("reuseLevel", ""))
        rows[uri] = _EscoRow(
            uri=uri,
            preferred=preferred,
            aliases=aliases,
            skill_type=skill_type,
            group_code=group_code,
        )
    return file_format, list(rows.values())


def language_from_filename(path: Path) -> str | None:
    match = re.match(r"^skills_([a-z]{2,3})\.csv(\.gz)?$", path.name)
    return match.group(1) if match else None


@transaction.atomic
def esco_skills_import(*, path: Path, language: str = "en") -> TaxonomyReport:
    """Import an ESCO skills file: Spona's prepared English file or ESCO's `skills_<lang>.csv`.

    Skills are keyed by their ESCO URI; a skill the curated layer owns keeps its curated
    fields and gains the ESCO labels. Labels go in `language` with source "esco".
    """
    if not LANGUAGE_TAG_RE.match(language):
        raise TaxonomyRowError(path.name, 0, "language", f"{language!r} is not a language tag")
    report = TaxonomyReport()
    file_format, rows = _parse_esco(path, report)
    groups = dict(SkillGroup.objects.values_list("code", "id"))
    existing = {
        skill.esco_uri: skill
        for skill in Skill.objects.filter(esco_uri__isnull=False).only(
            "id", "code", "esco_uri", "skill_type", "group_id", "source", "label_en", "label_sr"
        )
    }
    new_skills: list[Skill] = []
    changed: list[Skill] = []
    for row in rows:
        group_id = groups.get(row.group_code) if row.group_code else None
        skill = existing.get(row.uri)
        if skill is None:
            new_skills.append(
                Skill(
                    code="esco:" + row.uri.rsplit("/", 1)[1],
                    esco_uri=row.uri,
                    skill_type=row.skill_type,
                    group_id=group_id,
                    source=Skill.Source.ESCO,
                    # Another language's label stands in until English is imported.
                    label_en=row.preferred,
                )
            )
            continue
        if skill.source != Skill.Source.ESCO:
            continue  # curated skills keep their own fields
        updates: dict[str, object] = {"skill_type": row.skill_type}
        if file_format == "spona":
            updates["group_id"] = group_id
        if language == "en":
            updates["label_en"] = row.preferred
        if any(getattr(skill, name) != value for name, value in updates.items()):
            for name, value in updates.items():
                setattr(skill, name, value)
            changed.append(skill)
    Skill.objects.bulk_create(new_skills, batch_size=BATCH_SIZE)
    Skill.objects.bulk_update(
        changed, ["skill_type", "group_id", "label_en"], batch_size=BATCH_SIZE
    )
    report.skills_created += len(new_skills)
    report.skills_updated += len(changed)

    ids = dict(
        Skill.objects.filter(esco_uri__in=[row.uri for row in rows]).values_list("esco_uri", "id")
    )
    wanted: set[LabelKey] = set()
    for row in rows:
        _add_labels(wanted, ids[row.uri], language, row.preferred, row.aliases)
    _sync_labels(
        source=Skill.Source.ESCO, languages=[language], wanted=wanted, skill_ids=None, report=report
    )
    return report
