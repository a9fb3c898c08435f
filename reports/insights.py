"""Labour-market insight for decision makers: skills demanded vs held, sectors, per district.

Two layers:

* **selectors** (`skill_demand_supply`, `area_overview`, `placements_by_sector`,
  `candidates_by_category_and_education`) aggregate in the database and return true counts;
  they never leave this module's callers unanonymised;
* **`insight_report`** turns them into `Table`s through `reports.disclosure` — the page and
  every export render only these, so the small-count rule is applied in one place.

What is counted (the definitions shown to decision makers):

* *Placements*: open and filled placements (drafts, pending review and closed ones are not
  demand), located in the placement's municipality, or the company's when the placement has
  none (remote work). A placement demands a skill when it lists it as **required**.
* *Candidates*: distinct people with a candidate profile, located in their municipality;
  erased profiles are left out. A candidate holds a skill listed on their profile.
* *Period*: placements and candidate profiles created within the dates (inclusive).
* *Sectors*: placements by the company's KD 2010 (NACE) section. Candidates have no sector of
  interest in Spona and their field of education is free text, so candidates are shown by
  programme category and NOKS education level instead; the skill-group view (curated sector
  groups of the taxonomy) compares both sides by sector of skill.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.permissions import coordinator_district_ids, is_admin
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementSkill
from core.choices import NaceSection
from core.exports import Cell, Table
from matching.engine.normalize import latin_to_cyrillic
from reference.models import District, Municipality, Skill, SkillGroup
from reports.disclosure import (
    MIN_CELL_SIZE,
    SUPPRESSED,
    AnonymisedTable,
    Suppressed,
    anonymise_column,
    anonymise_table,
    difference,
    ratio,
)
from reports.disclosure import (
    Count as PublishedCount,
)

DEMAND_STATUSES = (Placement.Status.OPEN, Placement.Status.FILLED)
TOP_SKILLS = 20
# Education bands (NOKS levels) for the candidates table: fine levels would leave most cells < 5.
EDUCATION_BANDS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("primary", (1,)),
    ("secondary", (2, 3, 4)),
    ("higher", (5, 6, 7, 8)),
)


# --- scope and filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class InsightFilters:
    district_id: int | None = None
    municipality_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def insight_district_ids(user: Any) -> set[int] | None:
    """Districts the user may report on: a coordinator's own; None means all (admins)."""
    if is_admin(user):
        return None
    return coordinator_district_ids(user)


def insight_districts(*, user: Any) -> QuerySet[District]:
    scope = insight_district_ids(user)
    districts = District.objects.all()
    return districts if scope is None else districts.filter(id__in=scope)


def insight_municipalities(*, user: Any) -> QuerySet[Municipality]:
    scope = insight_district_ids(user)
    municipalities = Municipality.objects.select_related("district").order_by(
        "district__code", "name_latn"
    )
    return municipalities if scope is None else municipalities.filter(district_id__in=scope)


def demand_placements(*, user: Any, filters: InsightFilters) -> QuerySet[Placement]:
    """Open and filled placements in scope, annotated with the area they are counted in."""
    placements = Placement.objects.filter(status__in=DEMAND_STATUSES).annotate(
        area_municipality_id=Coalesce(
            F("municipality_id"), F("company__municipality_id"), output_field=IntegerField()
        ),
        area_district_id=Coalesce(
            F("municipality__district_id"),
            F("company__municipality__district_id"),
            output_field=IntegerField(),
        ),
    )
    scope = insight_district_ids(user)
    if scope is not None:
        placements = placements.filter(area_district_id__in=scope)
    if filters.district_id is not None:
        placements = placements.filter(area_district_id=filters.district_id)
    if filters.municipality_id is not None:
        placements = placements.filter(area_municipality_id=filters.municipality_id)
    if filters.date_from is not None:
        placements = placements.filter(created_at__date__gte=filters.date_from)
    if filters.date_to is not None:
        placements = placements.filter(created_at__date__lte=filters.date_to)
    return placements


def supply_candidates(*, user: Any, filters: InsightFilters) -> QuerySet[CandidateProfile]:
    """Candidate profiles in scope (not erased), by the municipality they live in."""
    candidates = CandidateProfile.objects.filter(erasure__isnull=True)
    scope = insight_district_ids(user)
    if scope is not None:
        candidates = candidates.filter(municipality__district_id__in=scope)
    if filters.district_id is not None:
        candidates = candidates.filter(municipality__district_id=filters.district_id)
    if filters.municipality_id is not None:
        candidates = candidates.filter(municipality_id=filters.municipality_id)
    if filters.date_from is not None:
        candidates = candidates.filter(created_at__date__gte=filters.date_from)
    if filters.date_to is not None:
        candidates = candidates.filter(created_at__date__lte=filters.date_to)
    return candidates


# --- true counts (selectors) ------------------------------------------------------------------


@dataclass(frozen=True)
class DemandSupply:
    """True counts for one skill (or skill group) in one district."""

    key: int
    demand: int  # placements requiring it
    supply: int  # distinct candidates holding it


@dataclass(frozen=True)
class DistrictDemandSupply:
    district_id: int
    placements: int
    candidates: int
    skills: list[DemandSupply] = field(default_factory=list)
    groups: list[DemandSupply] = field(default_factory=list)


def _merge(demand: dict[int, int], supply: dict[int, int]) -> list[DemandSupply]:
    keys = set(demand) | set(supply)
    return [DemandSupply(key, demand.get(key, 0), supply.get(key, 0)) for key in sorted(keys)]


def skill_demand_supply(*, user: Any, filters: InsightFilters) -> list[DistrictDemandSupply]:
    """Per district with any placement or candidate: demand and supply per skill and group."""
    placements = demand_placements(user=user, filters=filters)
    candidates = supply_candidates(user=user, filters=filters)

    placement_totals = dict(
        placements.values_list("area_district_id")  # type: ignore[misc]  # an annotation
        .annotate(n=Count("id"))
        .values_list("area_district_id", "n")
    )
    candidate_totals = dict(
        candidates.values_list("municipality__district_id")
        .annotate(n=Count("id"))
        .values_list("municipality__district_id", "n")
    )

    required = PlacementSkill.objects.filter(
        placement_id__in=placements.values("id"), required=True, skill__isnull=False
    ).annotate(
        district_id=Coalesce(
            F("placement__municipality__district_id"),
            F("placement__company__municipality__district_id"),
            output_field=IntegerField(),
        )
    )
    held = CandidateSkill.objects.filter(
        candidate_id__in=candidates.values("id"), skill__isnull=False
    ).annotate(district_id=F("candidate__municipality__district_id"))

    def tally(rows: Iterable[tuple[int, int, int]]) -> dict[int, dict[int, int]]:
        result: dict[int, dict[int, int]] = defaultdict(dict)
        for district_id, key, count in rows:
            result[district_id][key] = count
        return result

    skill_demand = tally(
        required.values("district_id", "skill_id")
        .annotate(n=Count("placement_id", distinct=True))
        .values_list("district_id", "skill_id", "n")
    )
    skill_supply = tally(
        held.values("district_id", "skill_id")
        .annotate(n=Count("candidate_id", distinct=True))
        .values_list("district_id", "skill_id", "n")
    )
    group_demand = tally(
        required.filter(skill__group__isnull=False)
        .values("district_id", "skill__group_id")
        .annotate(n=Count("placement_id", distinct=True))
        .values_list("district_id", "skill__group_id", "n")
    )
    group_supply = tally(
        held.filter(skill__group__isnull=False)
        .values("district_id", "skill__group_id")
        .annotate(n=Count("candidate_id", distinct=True))
        .values_list("district_id", "skill__group_id", "n")
    )

    district_ids = sorted(set(placement_totals) | set(candidate_totals))
    return [
        DistrictDemandSupply(
            district_id=district_id,
            placements=placement_totals.get(district_id, 0),
            candidates=candidate_totals.get(district_id, 0),
            skills=_merge(skill_demand.get(district_id, {}), skill_supply.get(district_id, {})),
            groups=_merge(group_demand.get(district_id, {}), group_supply.get(district_id, {})),
        )
        for district_id in district_ids
    ]


@dataclass(frozen=True)
class AreaCounts:
    area_id: int
    candidates: int
    placements: int


def area_overview(*, user: Any, filters: InsightFilters) -> tuple[str, list[AreaCounts]]:
    """Candidates and placements per district, or per municipality once a district is chosen.

    Returns the level ('district' or 'municipality') and the rows.
    """
    by_municipality = filters.district_id is not None or filters.municipality_id is not None
    placement_key = "area_municipality_id" if by_municipality else "area_district_id"
    candidate_key = "municipality_id" if by_municipality else "municipality__district_id"
    placements = dict(
        demand_placements(user=user, filters=filters)
        .values_list(placement_key)
        .annotate(n=Count("id"))
        .values_list(placement_key, "n")
    )
    candidates = dict(
        supply_candidates(user=user, filters=filters)
        .values_list(candidate_key)
        .annotate(n=Count("id"))
        .values_list(candidate_key, "n")
    )
    rows = [
        AreaCounts(area_id, candidates.get(area_id, 0), placements.get(area_id, 0))
        for area_id in sorted(set(placements) | set(candidates))
    ]
    return ("municipality" if by_municipality else "district"), rows


def placements_by_sector(*, user: Any, filters: InsightFilters) -> dict[str, dict[str, int]]:
    """{NACE section: {placement kind: number of placements}}."""
    result: dict[str, dict[str, int]] = defaultdict(dict)
    rows = (
        demand_placements(user=user, filters=filters)
        .values("company__sector", "kind")
        .annotate(n=Count("id"))
        .values_list("company__sector", "kind", "n")
    )
    for sector, kind, count in rows:
        result[sector][kind] = count
    return dict(result)


def candidates_by_category_and_education(
    *, user: Any, filters: InsightFilters
) -> dict[str, dict[str, int]]:
    """{candidate category: {education band or '' (not stated): number of people}}."""
    band_of = {level: band for band, levels in EDUCATION_BANDS for level in levels}
    result: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        supply_candidates(user=user, filters=filters)
        .values("category", "education_level")
        .annotate(n=Count("id"))
        .values_list("category", "education_level", "n")
    )
    for category, level, count in rows:
        result[category][band_of.get(level or 0, "")] += count
    return {category: dict(bands) for category, bands in result.items()}


# --- anonymised report -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartBar:
    label: str
    demand: PublishedCount
    supply: PublishedCount


@dataclass(frozen=True)
class DistrictSection:
    district: District
    name: str
    placements: PublishedCount
    candidates: PublishedCount
    skills: Table
    groups: Table
    chart: list[ChartBar]


@dataclass(frozen=True)
class InsightReport:
    overview: Table
    sectors: Table
    candidates: Table
    districts: list[DistrictSection]

    @property
    def tables(self) -> list[Table]:
        tables = [self.overview]
        for section in self.districts:
            tables += [section.skills, section.groups]
        return [*tables, self.sectors, self.candidates]


def place_name(place: District | Municipality, language: str) -> str:
    return place.name_cyrl if language == "sr" else place.name_latn


def skill_group_label(group: SkillGroup, language: str) -> str:
    if language == "en":
        return group.label_en or group.label_sr or group.code
    if language == "sr":
        return latin_to_cyrillic(group.label_sr) if group.label_sr else group.label_en
    return group.label_sr or group.label_en or group.code


def suppression_note() -> str:
    return _(
        "<5 means fewer than 5 (0 to 4). To protect people's privacy, counts of 1 to 4 are "
        "hidden, zeros are hidden when the group they are counted from is smaller than 5, and "
        "where a table shows totals, further cells are hidden so that a hidden count cannot "
        "be worked out from the totals."
    )


def _rank_key(value: PublishedCount) -> float:
    """Sort on published values only (hidden counts rank between 0 and 5, all equal)."""
    return (MIN_CELL_SIZE - 0.5) / 2 if isinstance(value, Suppressed) else float(value)


def _gap_table(
    *,
    title: str,
    first_column: str,
    rows: Sequence[DemandSupply],
    labels: dict[int, str],
    placements: int,
    candidates: int,
    limit: int | None,
) -> tuple[Table, list[ChartBar]]:
    demand = anonymise_column([row.demand for row in rows], population=placements)
    supply = anonymise_column([row.supply for row in rows], population=candidates)
    published = [
        (labels.get(row.key, str(row.key)), demand[index], supply[index])
        for index, row in enumerate(rows)
    ]
    published.sort(key=lambda item: (-_rank_key(item[1]), -_rank_key(item[2]), item[0].lower()))
    if limit is not None:
        published = published[:limit]
    table_rows: list[list[Cell]] = []
    for label, shown_demand, shown_supply in published:
        shown_ratio = ratio(shown_demand, shown_supply)
        table_rows.append(
            [label, shown_demand, shown_supply, difference(shown_demand, shown_supply), shown_ratio]
        )
    table = Table(
        title=title,
        columns=[
            first_column,
            _("Placements requiring it"),
            _("Candidates holding it"),
            _("Gap (placements − candidates)"),
            _("Placements per candidate"),
        ],
        rows=table_rows,
    )
    chart = [
        ChartBar(label, shown_demand, shown_supply)
        for label, shown_demand, shown_supply in published[:10]
    ]
    return table, chart


def _margin_table(
    *,
    title: str,
    row_labels: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    row_totals: bool,
    total_label: str,
) -> tuple[Table, AnonymisedTable | None]:
    """An additive table (each person/placement in one cell) with its totals, anonymised."""
    grand = sum(map(sum, counts))
    if grand < MIN_CELL_SIZE:
        # Too few overall: even which categories exist would single people out.
        empty = Table(
            title=title,
            columns=columns if not row_totals else [*columns, total_label],
            rows=[],
            note=_("Fewer than 5 in total: not shown."),
        )
        return empty, None
    table = anonymise_table(counts, row_totals=row_totals, column_totals=True)
    rows: list[list[Cell]] = []
    for index, label in enumerate(row_labels):
        row: list[Cell] = [label, *table.cells[index]]
        if table.row_totals is not None:
            row.append(table.row_totals[index])
        rows.append(row)
    assert table.column_totals is not None  # noqa: S101 - column_totals=True above
    total_row: list[Cell] = [total_label, *table.column_totals]
    if row_totals:
        total_row.append(table.grand_total)
    rows.append(total_row)
    report_table = Table(
        title=title,
        columns=[*columns, total_label] if row_totals else list(columns),
        rows=rows,
        total_rows=1,
    )
    return report_table, table


def insight_report(*, user: Any, filters: InsightFilters, language: str) -> InsightReport:
    """Every table of the insight page and exports, anonymised, in the given language."""
    districts = {district.pk: district for district in District.objects.all()}
    per_district = skill_demand_supply(user=user, filters=filters)
    skill_ids = {row.key for item in per_district for row in item.skills}
    group_ids = {row.key for item in per_district for row in item.groups}
    skills = Skill.objects.in_bulk(skill_ids)
    from reference.skill_search import skill_display_name

    skill_labels = {pk: skill_display_name(skill, language) for pk, skill in skills.items()}
    group_labels = {
        pk: skill_group_label(group, language)
        for pk, group in SkillGroup.objects.in_bulk(group_ids).items()
    }

    level, areas = area_overview(user=user, filters=filters)
    if level == "district":
        area_names = {pk: place_name(district, language) for pk, district in districts.items()}
        area_column = _("District")
    else:
        area_names = {
            municipality.pk: place_name(municipality, language)
            for municipality in Municipality.objects.filter(pk__in=[a.area_id for a in areas])
        }
        area_column = _("Municipality")
    areas.sort(key=lambda area: area_names.get(area.area_id, "").lower())
    overview, overview_cells = _margin_table(
        title=_("Candidates and placements by area"),
        row_labels=[area_names.get(area.area_id, "") for area in areas],
        columns=[area_column, _("Candidates"), _("Placements")],
        counts=[[area.candidates, area.placements] for area in areas],
        row_totals=False,
        total_label=_("Total"),
    )

    # A district's headline counts are taken from the anonymised overview, never recounted:
    # a number hidden there as a complement must not reappear in the district's section.
    published_counts: dict[int, tuple[PublishedCount, PublishedCount]] = {}
    if overview_cells is not None and level == "district":
        for index, area in enumerate(areas):
            candidates_shown, placements_shown = overview_cells.cells[index]
            published_counts[area.area_id] = (candidates_shown, placements_shown)
    elif overview_cells is not None and overview_cells.column_totals is not None:
        candidates_shown, placements_shown = overview_cells.column_totals
        published_counts = {
            item.district_id: (candidates_shown, placements_shown) for item in per_district
        }

    municipality = (
        Municipality.objects.get(pk=filters.municipality_id) if filters.municipality_id else None
    )
    sections = []
    for item in per_district:
        district = districts[item.district_id]
        name = place_name(municipality or district, language)
        candidates_shown, placements_shown = published_counts.get(
            item.district_id, (SUPPRESSED, SUPPRESSED)
        )
        skills_table, chart = _gap_table(
            title=_("Skills in demand and held – %(district)s") % {"district": name},
            first_column=_("Skill"),
            rows=item.skills,
            labels=skill_labels,
            placements=item.placements,
            candidates=item.candidates,
            limit=TOP_SKILLS,
        )
        groups_table, _chart = _gap_table(
            title=_("Skill groups – %(district)s") % {"district": name},
            first_column=_("Skill group"),
            rows=item.groups,
            labels=group_labels,
            placements=item.placements,
            candidates=item.candidates,
            limit=None,
        )
        sections.append(
            DistrictSection(
                district=district,
                name=name,
                placements=placements_shown,
                candidates=candidates_shown,
                skills=skills_table,
                groups=groups_table,
                chart=chart,
            )
        )

    sections.sort(key=lambda section: section.name.lower())

    by_sector = placements_by_sector(user=user, filters=filters)
    sector_labels = dict(NaceSection.choices)
    kinds = list(Placement.Kind)
    sector_codes = sorted(by_sector)
    sectors, _cells = _margin_table(
        title=_("Placements by sector"),
        row_labels=[str(sector_labels.get(code, code)) for code in sector_codes],
        columns=[_("Sector (KD 2010)"), *(str(kind.label) for kind in kinds)],
        counts=[[by_sector[code].get(kind.value, 0) for kind in kinds] for code in sector_codes],
        row_totals=True,
        total_label=_("Total"),
    )

    by_category = candidates_by_category_and_education(user=user, filters=filters)
    categories = [c for c in CandidateProfile.Category if c.value in by_category]
    band_labels = {
        "primary": _("Primary (NOKS 1)"),
        "secondary": _("Vocational and secondary (NOKS 2–4)"),
        "higher": _("Higher (NOKS 5–8)"),
        "": _("Not stated"),
    }
    bands = [band for band, _levels in EDUCATION_BANDS] + [""]
    people, _cells = _margin_table(
        title=_("Candidates by category and education"),
        row_labels=[str(category.label) for category in categories],
        columns=[_("Category"), *(band_labels[band] for band in bands)],
        counts=[[by_category[c.value].get(band, 0) for band in bands] for c in categories],
        row_totals=True,
        total_label=_("Total"),
    )
    return InsightReport(overview=overview, sectors=sectors, candidates=people, districts=sections)


def skills_gap_overall(
    *, user: Any, filters: InsightFilters, language: str, limit: int = 10
) -> Table:
    """The skills gap over all the user's districts at once (the dashboard's summary): the
    per-district counts added up (each placement and each candidate is in one district),
    anonymised like every other table of the insight."""
    per_district = skill_demand_supply(user=user, filters=filters)
    demand: dict[int, int] = defaultdict(int)
    supply: dict[int, int] = defaultdict(int)
    for item in per_district:
        for row in item.skills:
            demand[row.key] += row.demand
            supply[row.key] += row.supply
    from reference.skill_search import skill_display_name

    labels = {
        pk: skill_display_name(skill, language)
        for pk, skill in Skill.objects.in_bulk(set(demand) | set(supply)).items()
    }
    table, _chart = _gap_table(
        title=_("Skills in demand and held – all your districts"),
        first_column=_("Skill"),
        rows=_merge(dict(demand), dict(supply)),
        labels=labels,
        placements=sum(item.placements for item in per_district),
        candidates=sum(item.candidates for item in per_district),
        limit=limit,
    )
    return table
