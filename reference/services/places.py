"""Loads districts and municipalities from the CSV files shipped in matching/data, idempotently."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from reference.models import District, Municipality


@dataclass
class PlacesReport:
    created: dict[str, int] = field(default_factory=lambda: {"districts": 0, "municipalities": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"districts": 0, "municipalities": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"districts": 0, "municipalities": 0})


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]


def _row_error(path: Path, line: int, exc: ValidationError) -> ValidationError:
    details = (
        "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
        if hasattr(exc, "error_dict")
        else "; ".join(exc.messages)
    )
    return ValidationError(f"{path.name}, line {line}: {details}")


def _upsert(
    instance_cls: type[District] | type[Municipality],
    lookup: dict[str, object],
    values: dict[str, object],
    path: Path,
    line: int,
) -> str:
    existing = instance_cls._default_manager.filter(**lookup).first()
    if existing is None:
        instance = instance_cls(**lookup, **values)
        outcome = "created"
    else:
        changed = any(getattr(existing, name) != value for name, value in values.items())
        if not changed:
            return "unchanged"
        instance = existing
        for name, value in values.items():
            setattr(instance, name, value)
        outcome = "updated"
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise _row_error(path, line, exc) from exc
    instance.save()
    return outcome


@transaction.atomic
def reference_places_load(*, data_dir: Path) -> PlacesReport:
    """Create or update every district and municipality; a bad row aborts the whole load."""
    report = PlacesReport()
    districts_path = data_dir / "districts.csv"
    for line, row in _read_rows(districts_path):
        outcome = _upsert(
            District,
            {"code": row["code"].strip()},
            {
                "name_latn": row["name_latn"].strip(),
                "name_cyrl": row["name_cyrl"].strip(),
                "seat_latn": row["seat_latn"].strip(),
            },
            districts_path,
            line,
        )
        getattr(report, outcome)["districts"] += 1

    districts = {district.code: district for district in District.objects.all()}
    municipalities_path = data_dir / "municipalities.csv"
    for line, row in _read_rows(municipalities_path):
        district = districts.get(row["district"].strip())
        if district is None:
            raise ValidationError(
                f"{municipalities_path.name}, line {line}: district: unknown district "
                f"{row['district']!r}"
            )
        try:
            latitude, longitude = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise ValidationError(
                f"{municipalities_path.name}, line {line}: lat/lon: not a number"
            ) from exc
        geonameid = int(row["geonameid"]) if row.get("geonameid", "").strip() else None
        outcome = _upsert(
            Municipality,
            {"code": row["code"].strip()},
            {
                "name_latn": row["name_latn"].strip(),
                "name_cyrl": row["name_cyrl"].strip(),
                "kind": row["kind"].strip(),
                "district": district,
                "seat_latn": row["seat_latn"].strip(),
                "latitude": latitude,
                "longitude": longitude,
                "geonameid": geonameid,
            },
            municipalities_path,
            line,
        )
        getattr(report, outcome)["municipalities"] += 1
    return report
