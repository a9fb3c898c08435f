"""Deterministic generator of realistic candidates and placements in the CLI's JSON Lines format.

Skills are drawn from the curated taxonomy's labels and aliases (Serbian and English), sometimes
written in Cyrillic and sometimes with a typo; municipalities are weighted toward southern and
eastern Serbia and spelt in Latin, Cyrillic or without diacritics; education follows NOKS levels;
languages lean to German and English (returnees). Same seed and sizes → byte-identical files.

    python benchmarks/synthetic.py --candidates 10000 --placements 2000 --out var/synthetic
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from matching.engine.normalize import latin_to_cyrillic  # noqa: E402

DATA_DIR = REPO_ROOT / "matching" / "data"

# Bor, Zaječar, Rasina, Nišava, Toplica, Pirot, Jablanica, Pčinja.
SOUTH_EAST_DISTRICTS = frozenset(
    {"RS-14", "RS-15", "RS-19", "RS-20", "RS-21", "RS-22", "RS-23", "RS-24"}
)
# Groups a person's or a placement's main line of work is drawn from (weights ~ labour market).
WORK_GROUPS: dict[str, float] = {
    "it": 1.2,
    "office": 1.2,
    "retail": 1.4,
    "logistics": 1.0,
    "driving": 0.8,
    "care": 0.8,
    "education": 0.4,
    "agri": 1.0,
    "food": 1.0,
    "textile": 1.0,
    "metal": 1.0,
    "wood": 0.5,
    "construction": 1.0,
    "electrical": 0.7,
    "automotive": 0.6,
    "hospitality": 1.2,
    "cleaning": 0.7,
    "beauty": 0.5,
}
TITLES: dict[str, tuple[str, ...]] = {
    "it": ("Junior programer", "Praktikant u IT sektoru", "Veb developer", "IT podrška"),
    "office": (
        "Administrativni radnik",
        "Knjigovođa",
        "Referent prodaje",
        "Praktikant u računovodstvu",
    ),
    "retail": ("Prodavac", "Kasir", "Komercijalista", "Prodavac u maloprodaji"),
    "logistics": ("Magacioner", "Viljuškarista", "Komisioner", "Referent logistike"),
    "driving": ("Vozač C kategorije", "Vozač dostavnog vozila", "Vozač autobusa"),
    "care": ("Negovatelj", "Gerontodomaćica", "Medicinska sestra", "Pomoćnik u nezi"),
    "education": ("Vaspitač", "Nastavnik engleskog jezika", "Asistent u nastavi"),
    "agri": ("Radnik u voćnjaku", "Poljoprivredni tehničar", "Sezonski radnik na berbi malina"),
    "food": ("Pekar", "Mesar", "Radnik u preradi voća", "Operater na liniji za pakovanje"),
    "textile": ("Šivač", "Krojač", "Radnik u proizvodnji obuće"),
    "metal": ("Zavarivač", "CNC operater", "Bravar", "Strugar"),
    "wood": ("Stolar", "Radnik u proizvodnji nameštaja"),
    "construction": ("Zidar", "Keramičar", "Moler", "Tesar", "Građevinski radnik"),
    "electrical": ("Elektroinstalater", "Elektromehaničar", "Serviser bele tehnike"),
    "automotive": ("Automehaničar", "Autolimar", "Vulkanizer"),
    "hospitality": ("Konobar", "Kuvar", "Recepcioner", "Pomoćni kuvar", "Barmen"),
    "cleaning": ("Higijeničar", "Radnik na održavanju", "Čistač"),
    "beauty": ("Frizer", "Kozmetičar", "Manikir"),
}
EDUCATION_FIELDS: dict[str, tuple[str, ...]] = {
    "it": ("informatika", "elektrotehnika i računarstvo", "Računarske nauke"),
    "office": ("ekonomija", "ekonomski tehničar", "menadžment"),
    "retail": ("trgovinski tehničar", "ekonomija", "trgovac"),
    "care": ("medicinska sestra - tehničar", "zdravstvena nega", "socijalni rad"),
    "education": ("predškolsko vaspitanje", "engleski jezik i književnost", "pedagogija"),
    "agri": ("poljoprivredni tehničar", "agronomija", "voćarstvo i vinogradarstvo"),
    "food": ("prehrambeni tehničar", "pekar", "tehnologija hrane"),
    "metal": ("mašinstvo", "bravar-zavarivač", "mašinski tehničar"),
    "electrical": ("elektrotehnika", "elektroinstalater", "elektrotehničar energetike"),
    "automotive": ("automehaničar", "mašinski tehničar motornih vozila"),
    "hospitality": ("ugostiteljstvo", "kuvar", "turizam", "konobar"),
    "construction": ("građevinski tehničar", "zidar-fasader", "arhitektura"),
}
# (locative "u …", genitive "iz …")
COUNTRIES = (
    ("Nemačkoj", "Nemačke"),
    ("Austriji", "Austrije"),
    ("Švajcarskoj", "Švajcarske"),
    ("Švedskoj", "Švedske"),
    ("Francuskoj", "Francuske"),
    ("Italiji", "Italije"),
)
# NOKS levels and their share among candidates.
EDUCATION_LEVELS = (
    (1, 0.03),
    (2, 0.1),
    (3, 0.2),
    (4, 0.32),
    (5, 0.05),
    (6, 0.2),
    (7, 0.08),
    (8, 0.02),
)
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


@dataclass(frozen=True)
class Skill:
    group: str
    label_sr: str
    aliases_sr: tuple[str, ...]
    english: tuple[str, ...]  # label_en and aliases_en


@dataclass(frozen=True)
class Town:
    latn: str
    cyrl: str
    weight: float


def load_skills(data_dir: Path = DATA_DIR) -> dict[str, list[Skill]]:
    groups: dict[str, list[Skill]] = {}
    for path in sorted((data_dir / "skills").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                split = [a.strip() for a in row["aliases_sr"].split("|") if a.strip()]
                english = [row["label_en"].strip()]
                english += [a.strip() for a in row["aliases_en"].split("|") if a.strip()]
                skill = Skill(row["group"], row["label_sr"].strip(), tuple(split), tuple(english))
                groups.setdefault(row["group"], []).append(skill)
    return groups


def load_towns(data_dir: Path = DATA_DIR) -> list[Town]:
    towns: list[Town] = []
    with (data_dir / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            south_east = row["district"] in SOUTH_EAST_DISTRICTS
            city = row["kind"] == "city"
            weight = (12.0 if city else 4.0) if south_east else (2.0 if city else 0.4)
            if row["code"] == "nis":
                weight = 40.0
            towns.append(Town(row["name_latn"], row["name_cyrl"], weight))
    return towns


def strip_diacritics(text: str) -> str:
    text = text.replace("đ", "dj").replace("Đ", "Dj")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: swap, drop or double a letter (not the first)."""
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


class Generator:
    def __init__(self, seed: int = 20240601, data_dir: Path = DATA_DIR) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.skills = load_skills(data_dir)
        self.towns = load_towns(data_dir)
        self.town_weights = [t.weight for t in self.towns]
        self.groups = [g for g in WORK_GROUPS if g in self.skills]
        self.group_weights = [WORK_GROUPS[g] for g in self.groups]

    # -- pieces ---------------------------------------------------------------

    def group(self) -> str:
        return self.rng.choices(self.groups, self.group_weights)[0]

    def municipality(self, *, absent: float) -> str | None:
        rng = self.rng
        if rng.random() < absent:
            return None
        town = rng.choices(self.towns, self.town_weights)[0]
        roll = rng.random()
        if roll < 0.15:
            return town.cyrl
        if roll < 0.35:
            return strip_diacritics(town.latn)
        if roll < 0.40:
            return town.latn.lower()
        return town.latn

    def skill_text(self, skill: Skill, *, cyrillic: float, typos: float) -> str:
        rng = self.rng
        roll = rng.random()
        serbian = True
        text = skill.label_sr
        if roll >= 0.55 and skill.aliases_sr and roll < 0.8:
            text = rng.choice(skill.aliases_sr)
        elif roll >= 0.8 and skill.english:
            text, serbian = rng.choice(skill.english), False
        roll = rng.random()
        if roll < cyrillic and serbian:
            return latin_to_cyrillic(text)
        if roll < cyrillic + typos:
            return typo(rng, text)
        return text

    def pick_skills(self, group: str, count: int) -> list[Skill]:
        pool = self.skills[group]
        return self.rng.sample(pool, min(count, len(pool)))

    def skill_entries(
        self, skills: Iterable[Skill], *, levels: float, level_range: tuple[int, int], **kw: float
    ) -> list[Any]:
        entries: list[Any] = []
        for skill in skills:
            text = self.skill_text(skill, **kw)
            if self.rng.random() < levels:
                entries.append({"name": text, "level": self.rng.randint(*level_range)})
            else:
                entries.append(text)
        return entries

    # -- records --------------------------------------------------------------

    def candidate(self, index: int, placement_ids: Sequence[str]) -> dict[str, Any]:
        rng = self.rng
        main = self.group()
        record: dict[str, Any] = {"id": f"c{index:05d}"}
        place = self.municipality(absent=0.03)
        if place is not None:
            record["municipality"] = place
        if rng.random() < 0.7:
            record["max_commute_km"] = rng.choice((10, 15, 20, 25, 30, 40, 50, 60))
        if rng.random() < 0.15:
            record["willing_to_relocate"] = True
        roll = rng.random()
        if roll < 0.15:
            record["seeking"] = ["job"]
        elif roll < 0.25:
            record["seeking"] = ["internship"]
        elif roll < 0.32:
            record["seeking"] = ["job", "self_employment"]
        if rng.random() > 0.05:
            levels, shares = zip(*EDUCATION_LEVELS, strict=True)
            level = rng.choices(levels, shares)[0]
            if main in ("it", "office", "education") and level < 4:
                level = 4
            education: dict[str, Any] = {"level": level}
            if main in EDUCATION_FIELDS and rng.random() < 0.8:
                education["field"] = rng.choice(EDUCATION_FIELDS[main])
            record["education"] = education
        languages = []
        if rng.random() < 0.45:
            languages.append({"code": "en", "level": rng.choice(CEFR[:5])})
        if rng.random() < 0.3:
            languages.append({"code": "de", "level": rng.choice(CEFR[1:5])})
        if rng.random() < 0.08:
            languages.append({"code": "rom", "level": "C2"})
        if rng.random() < 0.05:
            languages.append({"code": rng.choice(("it", "fr", "ru")), "level": rng.choice(CEFR)})
        if languages:
            record["languages"] = languages
        chosen = self.pick_skills(main, rng.randint(2, 7))
        if rng.random() < 0.4:
            chosen += self.pick_skills(self.group(), rng.randint(1, 3))
        chosen += self.pick_skills("transversal", rng.randint(0, 2))
        record["skills"] = self.skill_entries(
            chosen, levels=0.3, level_range=(1, 5), cyrillic=0.1, typos=0.1
        )
        title = rng.choice(TITLES[main]).lower()
        years = rng.randint(1, 12)
        about = [
            rng.choice(
                (
                    f"Radio sam {years} godina u {rng.choice(COUNTRIES)[0]} kao {title}.",
                    f"Imam {years} godina iskustva: {title}.",
                    f"Tražim posao ili praksu, oblast: {title}.",
                    f"Vratila sam se iz {rng.choice(COUNTRIES)[1]}; radila sam kao {title}.",
                )
            )
        ]
        if chosen and rng.random() < 0.6:
            about.append(f"Znam {self.skill_text(chosen[0], cyrillic=0.0, typos=0.05)}.")
        record["about"] = " ".join(about)
        if placement_ids and rng.random() < 0.1:
            record["preferences"] = rng.sample(list(placement_ids), min(3, len(placement_ids)))
        return record

    def placement(self, index: int, candidate_ids: Sequence[str]) -> dict[str, Any]:
        rng = self.rng
        main = self.group()
        title = rng.choice(TITLES[main])
        kind = "internship" if rng.random() < 0.55 else "job"
        record: dict[str, Any] = {"id": f"p{index:04d}", "kind": kind, "title": title}
        place = self.municipality(absent=0.01)
        if place is not None:
            record["municipality"] = place
        if main in ("it", "office") and rng.random() < 0.15:
            record["remote"] = True
        required = self.pick_skills(main, rng.randint(1, 4))
        preferred = [s for s in self.pick_skills(main, rng.randint(0, 3)) if s not in required]
        if rng.random() < 0.3:
            preferred += self.pick_skills("transversal", 1)
        record["required_skills"] = self.skill_entries(
            required, levels=0.15, level_range=(2, 4), cyrillic=0.05, typos=0.03
        )
        if preferred:
            record["preferred_skills"] = self.skill_entries(
                preferred, levels=0.0, level_range=(1, 1), cyrillic=0.05, typos=0.03
            )
        town = place or "našem gradu"
        needs = ", ".join(s.label_sr for s in required)
        record["description"] = rng.choice(
            (
                f"Tražimo osobu za poziciju {title.lower()} u mestu {town}. Potrebno: {needs}.",
                f"{title}: {needs}. Nudimo obuku, mentora i mogućnost zaposlenja.",
                f"Firma iz mesta {town} prima kandidate za {title.lower()}. Uslov: {needs}.",
            )
        )
        if rng.random() < 0.6:
            if main in ("it", "office", "education", "care"):
                record["min_education_level"] = rng.choice((4, 4, 5, 6))
            else:
                record["min_education_level"] = rng.choice((2, 3, 3, 4))
        if rng.random() < 0.15:
            code = rng.choice(("en", "en", "de"))
            record["languages"] = [{"code": code, "level": rng.choice(("A2", "B1", "B2"))}]
        roll = rng.random()
        record["slots"] = 1 if roll < 0.7 else 2 if roll < 0.9 else rng.randint(3, 5)
        if candidate_ids and rng.random() < 0.05:
            record["preferences"] = rng.sample(list(candidate_ids), min(3, len(candidate_ids)))
        return record

    def generate(
        self, n_candidates: int, n_placements: int, *, total_slots: int | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Candidates and placements; ``total_slots`` (≥ n_placements) fixes the slot count."""
        candidate_ids = [f"c{i:05d}" for i in range(1, n_candidates + 1)]
        placement_ids = [f"p{i:04d}" for i in range(1, n_placements + 1)]
        placements = [self.placement(i, candidate_ids) for i in range(1, n_placements + 1)]
        candidates = [self.candidate(i, placement_ids) for i in range(1, n_candidates + 1)]
        if total_slots is not None and placements:
            if total_slots < len(placements):
                raise ValueError("total_slots must be at least the number of placements")
            counts = [1] * len(placements)
            for _ in range(total_slots - len(placements)):
                counts[self.rng.randrange(len(placements))] += 1
            for record, count in zip(placements, counts, strict=True):
                record["slots"] = count
        return candidates, placements


def generate(
    n_candidates: int,
    n_placements: int,
    *,
    seed: int = 20240601,
    total_slots: int | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return Generator(seed).generate(n_candidates, n_placements, total_slots=total_slots)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            handle.write("\n")


def write_dataset(
    out: Path,
    n_candidates: int,
    n_placements: int,
    *,
    seed: int = 20240601,
    total_slots: int | None = None,
) -> tuple[Path, Path]:
    """Write ``candidates.jsonl`` and ``placements.jsonl`` into ``out``; return their paths."""
    candidates, placements = generate(
        n_candidates, n_placements, seed=seed, total_slots=total_slots
    )
    candidates_path, placements_path = out / "candidates.jsonl", out / "placements.jsonl"
    write_jsonl(candidates_path, candidates)
    write_jsonl(placements_path, placements)
    return candidates_path, placements_path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=1000, help="how many (default 1000)")
    parser.add_argument("--placements", type=int, default=200, help="how many (default 200)")
    parser.add_argument("--slots", type=int, default=None, help="total slots (default random)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    args = parser.parse_args(argv)
    if args.candidates < 0 or args.placements < 0:
        parser.error("sizes must be ≥ 0")
    if args.slots is not None and args.slots < args.placements:
        parser.error("--slots must be at least --placements")
    paths = write_dataset(
        args.out, args.candidates, args.placements, seed=args.seed, total_slots=args.slots
    )
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
