"""Writes the generated dev-set slices (english, text, mixed) and every slice's held-out list.

    .venv/bin/python benchmarks/build_devset.py --check        # the files match what the rules give
    .venv/bin/python benchmarks/build_devset.py --write        # (re)write them
    .venv/bin/python benchmarks/build_devset.py --extract DIR  # refresh esco_material.json.gz from
                                                               # the unzipped ESCO v1.1.1 CSVs

The slices are drawn with fixed seeds from the hand-written trades of
`benchmarks/devset_material.py` and the ESCO labels in `benchmarks/devset/esco_material.json.gz`;
the grades are the coordinator rules of `benchmarks/devset/README.md`, applied to the latent
facts each record is rendered from (its trade, the skills it states, where it is). Nothing here
imports the engine or a baseline. `tests/benchmarks` checks that the committed files are exactly
what this script writes, so a label cannot be edited by hand.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import io
import json
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.devset_material import (  # noqa: E402
    EN_VARIANTS,
    FAR_TOWNS,
    PLACEMENT_TOWNS,
    REGION_TOWNS,
    RELATED,
    ROLES,
    Role,
)

DEVSET_DIR = REPO_ROOT / "benchmarks" / "devset"
MATERIAL_PATH = DEVSET_DIR / "esco_material.json.gz"
MUNICIPALITIES_CSV = REPO_ROOT / "matching" / "data" / "municipalities.csv"
HELD_OUT_SHARE = 0.3
SERBIAN_HELD_OUT_SEED = 20251
DEFAULT_RADIUS_KM = 30
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

ROLE_BY_KEY: dict[str, Role] = {r.key: r for r in ROLES}
RELATED_PAIRS: frozenset[tuple[str, str]] = frozenset(RELATED) | frozenset(
    (b, a) for a, b in RELATED
)


@dataclasses.dataclass(frozen=True)
class SliceConfig:
    name: str
    prefix: str
    seed: int
    candidates: int
    placements: int
    far_share: float  # candidates living far from the region
    title: str


SLICES: tuple[SliceConfig, ...] = (
    SliceConfig("english", "en", 1101, 72, 48, 0.12, "English / ESCO skill names"),
    SliceConfig("text", "tx", 2202, 66, 44, 0.12, "long free text, no skill lists"),
    SliceConfig(
        "mixed", "mx", 3303, 72, 50, 0.22, "Serbian and English, placements without skills"
    ),
)

# Trades that get a second (third) placement, in this order, when a slice has more placements
# than trades: the region's big employers.
POPULAR = (
    "sewing",
    "warehouse",
    "waiter",
    "python_dev",
    "welder",
    "cook",
    "cashier",
    "call_centre",
    "shop_assistant",
    "truck_driver",
    "web_dev",
    "home_care",
    "packer",
    "picker",
)


# ---------------------------------------------------------------------------
# ESCO material
# ---------------------------------------------------------------------------


def extract_material(esco_dir: Path) -> dict[str, Any]:
    """The ESCO labels the trades use, and the towns' coordinates, as one small JSON object."""
    wanted_skills = {label for role in ROLES for label, _ in role.skills}
    wanted_occupations = {role.occupation for role in ROLES}
    skills: dict[str, Any] = {}
    with (esco_dir / "skills_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = row["preferredLabel"]
            if label in wanted_skills:
                alts = sorted(
                    {a.strip() for a in row["altLabels"].split("\n") if a.strip()} - {label}
                )
                skills[label] = {
                    "uri": row["conceptUri"],
                    "alt": [a for a in alts if len(a) <= 80],
                    "description": " ".join(row["description"].split()),
                }
    occupations: dict[str, Any] = {}
    with (esco_dir / "occupations_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = row["preferredLabel"]
            if label in wanted_occupations:
                occupations[label] = {
                    "uri": row["conceptUri"],
                    "isco": row["iscoGroup"],
                    "description": " ".join(row["description"].split()),
                }
    missing = sorted((wanted_skills - set(skills)) | (wanted_occupations - set(occupations)))
    if missing:
        raise SystemExit(f"not in ESCO v1.1.1: {', '.join(missing)}")
    wanted_towns = {t for t, _ in PLACEMENT_TOWNS} | set(REGION_TOWNS) | set(FAR_TOWNS)
    towns: dict[str, Any] = {}
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name_latn"] in wanted_towns:
                towns[row["name_latn"]] = {
                    "cyrl": row["name_cyrl"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                }
    if set(towns) != wanted_towns:
        raise SystemExit(f"unknown towns: {sorted(wanted_towns - set(towns))}")
    return {
        "source": "ESCO v1.1.1 (c) European Union; towns: matching/data/municipalities.csv",
        "skills": dict(sorted(skills.items())),
        "occupations": dict(sorted(occupations.items())),
        "towns": dict(sorted(towns.items())),
    }


def write_material(material: dict[str, Any]) -> None:
    raw = json.dumps(material, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    MATERIAL_PATH.write_bytes(buffer.getvalue())


def load_material(path: Path = MATERIAL_PATH) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        material: dict[str, Any] = json.load(handle)
    return material


# ---------------------------------------------------------------------------
# Writing the way people write: scripts, missing diacritics, typos, case
# ---------------------------------------------------------------------------

_NO_DIACRITICS = str.maketrans(
    {"č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z"}
    | {"Đ": "Dj"}
)
_LAT2CYR_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dž", "џ"),
    ("Dž", "Џ"),
    ("DŽ", "Џ"),
    ("lj", "љ"),
    ("Lj", "Љ"),
    ("LJ", "Љ"),
    ("nj", "њ"),
    ("Nj", "Њ"),
    ("NJ", "Њ"),
)
_LAT2CYR = dict(
    zip(
        "abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
        "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ",
        strict=True,
    )
)
# Words a Serbian writer keeps in Latin inside Cyrillic text.
_KEEP_LATIN = {"Django", "Excel", "Word", "Pantheon", "Photoshop", "Illustrator", "React"}
_KEEP_LATIN |= {"Maven", "Apache", "GitHub", "Git", "Windows", "Python", "Java"}
_KEEP_LATIN |= {"JavaScript", "TypeScript", "Office", "MS", "check-in", "check-out"}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def no_diacritics(text: str) -> str:
    return text.translate(_NO_DIACRITICS)


def _word_to_cyrillic(word: str) -> str:
    if word in _KEEP_LATIN or re.search(r"[qwxyQWXY]", word) or (word.isupper() and len(word) > 1):
        return word
    for latin, cyrillic in _LAT2CYR_DIGRAPHS:
        word = word.replace(latin, cyrillic)
    return "".join(_LAT2CYR.get(ch, ch) for ch in word)


def to_cyrillic(text: str) -> str:
    return _WORD.sub(lambda m: _word_to_cyrillic(m.group(0)), text)


def in_script(text: str, script: str) -> str:
    """script: latin (with diacritics), ascii (without) or cyrl."""
    if script == "ascii":
        return no_diacritics(text)
    if script == "cyrl":
        return to_cyrillic(text)
    return text


def typo(text: str, rng: random.Random) -> str:
    """One slip of the finger in one word of five letters or more."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two neighbours
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:  # drop a letter
        w = w[:j] + w[j + 1 :]
    else:  # double a letter
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def case_change(text: str, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return text.lower()
    if kind == 1:
        return text.upper()
    if kind == 2:
        return text.title()
    return text[:1].upper() + text[1:]


def distance_km(a: dict[str, float], b: dict[str, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# ---------------------------------------------------------------------------
# The latent facts and the coordinator's rules
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class LatentPlacement:
    id: str
    role: Role
    town: str
    remote: bool
    kind: str
    min_education: int | None
    languages: list[tuple[str, str]]
    required: list[str]  # ESCO skill labels the placement states as required ([] = none stated)
    preferred: list[str]
    slots: int
    lang: str = "en"  # en or sr
    script: str = "latin"
    lists_skills: bool = True
    title_only: bool = False


@dataclasses.dataclass
class LatentCandidate:
    id: str
    role: Role
    second: Role | None
    skills: list[str]  # ESCO skill labels the candidate states
    town: str
    radius: int | None  # None: not stated (the command line's default applies)
    relocate: bool
    seeking: list[str] | None  # None: not stated
    education: int | None
    languages: list[tuple[str, str]]
    years: int
    female: bool
    lang: str = "en"  # en, sr or both
    script: str = "latin"
    lists_skills: bool = True
    far: bool = False
    n_own: int = 0  # skills[:n_own] are of the main trade (as drawn), the rest of the second


def trade_fit(c: LatentCandidate, p: LatentPlacement) -> int:
    """F of the README's table: trades and skills only."""
    required = p.required
    covered = sum(1 for s in required if s in c.skills)
    covers = not required or 2 * covered >= len(required)
    trades = [c.role.key] + ([c.second.key] if c.second else [])
    if p.role.key in trades:
        return 3 if covers else 2
    if any((t, p.role.key) in RELATED_PAIRS for t in trades):
        return 2 if covers else 1
    sectors = {c.role.sector} | ({c.second.sector} if c.second else set())
    if p.role.sector in sectors:
        return 1
    if required and covered >= 2 and 2 * covered >= len(required):
        return 1
    return 0


def hard_excluded(c: LatentCandidate, p: LatentPlacement) -> bool:
    seeking = c.seeking if c.seeking is not None else ["internship", "job"]
    if p.kind not in seeking:
        return True
    if p.min_education is not None and c.education is not None and c.education < p.min_education:
        return True
    spoken = {code: CEFR.index(level) for code, level in c.languages}
    return any(spoken.get(code, -1) < CEFR.index(level) for code, level in p.languages)


def grade(c: LatentCandidate, p: LatentPlacement, towns: dict[str, Any]) -> tuple[int, int]:
    """(F, final grade) for one pair."""
    fit = trade_fit(c, p)
    if fit == 0:
        return 0, 0
    if hard_excluded(c, p):
        return fit, 0
    radius = c.radius if c.radius is not None else DEFAULT_RADIUS_KM
    d = distance_km(towns[c.town], towns[p.town])
    if p.remote or d <= radius:
        final = fit
    elif d <= 1.5 * radius:
        final = fit - 1
    else:
        final = 1 if fit == 3 else 0
    if c.relocate:
        final = max(final, min(fit, 2))
    return fit, final


# ---------------------------------------------------------------------------
# Drawing the latent records
# ---------------------------------------------------------------------------


def _weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def draw_placements(cfg: SliceConfig, rng: random.Random) -> list[LatentPlacement]:
    roles = list(ROLES)
    extra = [ROLE_BY_KEY[k] for k in POPULAR]
    chosen = roles + [extra[i % len(extra)] for i in range(cfg.placements - len(roles))]
    rng.shuffle(chosen)
    out: list[LatentPlacement] = []
    for n, role in enumerate(chosen, start=1):
        skills = [label for label, _ in role.skills]
        # the trade's first skill defines it (Python for a Python job, the forklift for a
        # forklift driver): every placement that lists skills asks for it
        required = [skills[0], *rng.sample(skills[1:], rng.randint(1, min(3, len(skills) - 1)))]
        rest = [s for s in skills if s not in required]
        preferred = rng.sample(rest, rng.randint(0, min(2, len(rest))))
        languages: list[tuple[str, str]] = []
        if role.languages and rng.random() < role.language_share:
            languages = [rng.choice(role.languages)]
        min_edu = None
        if rng.random() < 0.55:
            min_edu = role.education[0] + rng.choice((0, 0, 1))
        out.append(
            LatentPlacement(
                id=f"{cfg.prefix}-p{n:03d}",
                role=role,
                town=_weighted(rng, PLACEMENT_TOWNS),
                remote=rng.random() < role.remote_share,
                kind="internship" if rng.random() < role.internship_share else "job",
                min_education=min_edu,
                languages=languages,
                required=required,
                preferred=preferred,
                slots=rng.choice((1, 1, 1, 2, 2, 3, 5)),
            )
        )
    return out


def _candidate_languages(role: Role, rng: random.Random) -> list[tuple[str, str]]:
    langs: list[tuple[str, str]] = []
    if role.sector == "it":
        langs.append(("en", rng.choice(("B1", "B2", "B2", "C1"))))
    elif role.sector in {"office", "hospitality"} and rng.random() < 0.7:
        langs.append(("en", rng.choice(("A2", "B1", "B1", "B2"))))
    elif rng.random() < 0.4:
        langs.append(("en", rng.choice(("A1", "A2", "B1"))))
    if rng.random() < 0.18 or (role.key == "call_centre" and rng.random() < 0.5):
        langs.append(("de", rng.choice(("A2", "B1", "B2", "C1"))))  # returnees from Germany
    if rng.random() < 0.06 or (role.key == "teaching_assistant" and rng.random() < 0.6):
        langs.append(("rom", rng.choice(("B2", "C1"))))
    return langs


def draw_candidate(
    cid: str,
    role: Role,
    cfg: SliceConfig,
    rng: random.Random,
    placements: list[LatentPlacement],
    towns: dict[str, Any],
    where: str = "near",
    *,
    relocates: bool | None = None,
) -> LatentCandidate:
    """where: far (outside the region), region (anywhere in it) or near (a placement of the
    trade); relocates: force willingness to relocate (None: drawn)."""
    second: Role | None = None
    if rng.random() < 0.25:
        related = sorted(b for a, b in RELATED_PAIRS if a == role.key)
        sector = [r for r in ROLES if r.sector == role.sector and r.key != role.key]
        roll = rng.random()
        if related and roll < 0.6:
            second = ROLE_BY_KEY[rng.choice(related)]
        elif sector and roll < 0.85:
            second = rng.choice(sector)
        else:
            second = rng.choice([r for r in ROLES if r.key != role.key])
    own = [label for label, _ in role.skills]
    skills = [own[0], *rng.sample(own[1:], rng.randint(2, min(5, len(own) - 1)))]
    if rng.random() < 0.15:  # related but not the same: one skill of a related trade instead
        related = sorted(b for a, b in RELATED_PAIRS if a == role.key)
        if related:
            other = [s for s, _ in ROLE_BY_KEY[rng.choice(related)].skills if s not in own]
            if other:
                skills[rng.randrange(1, len(skills))] = rng.choice(other)
    n_own = len(skills)
    if second is not None:
        extra = [s for s, _ in second.skills if s not in skills]
        skills += rng.sample(extra, min(len(extra), rng.randint(2, 3)))
    radius: int | None = rng.choice((10, 15, 20, 25, 30, 30, 40, 50, 60))
    relocate = rng.random() < 0.1
    far = where == "far"
    if far:
        town = rng.choice(FAR_TOWNS)
        relocate = rng.random() < 0.6
    elif where == "region":
        town = rng.choice(REGION_TOWNS)
    else:
        own_places = [p for p in placements if p.role.key == role.key]
        target = rng.choice(own_places)
        reach = 0.8 * (radius or DEFAULT_RADIUS_KM)
        near = [t for t in REGION_TOWNS if distance_km(towns[t], towns[target.town]) <= reach]
        town = rng.choice(near or [target.town])
    if relocates is not None:
        relocate = relocates
    roll = rng.random()
    if role.internship_share == 0:
        seeking: list[str] | None = ["job"] if roll < 0.5 else ["internship", "job"]
    elif roll < 0.55:
        seeking = ["internship", "job"]
    elif roll < 0.8:
        seeking = ["job"]
    else:
        seeking = ["internship"]
    low, high = role.education
    return LatentCandidate(
        id=cid,
        role=role,
        second=second,
        skills=skills,
        town=town,
        radius=radius,
        relocate=relocate,
        seeking=seeking,
        education=rng.randint(low, high),
        languages=_candidate_languages(role, rng),
        years=rng.randint(1, 12),
        female=rng.random() < 0.5,
        far=far,
        n_own=n_own,
    )


def draw_candidates(
    cfg: SliceConfig,
    rng: random.Random,
    placements: list[LatentPlacement],
    towns: dict[str, Any],
) -> list[LatentCandidate]:
    per_role = Counter(p.role.key for p in placements)
    roles = list(ROLES)
    pool = [ROLE_BY_KEY[k] for k in sorted(per_role) for _ in range(per_role[k])]
    roles += rng.sample(pool, min(len(pool), cfg.candidates - len(roles)))
    while len(roles) < cfg.candidates:
        roles.append(rng.choice(ROLES))
    rng.shuffle(roles)
    out: list[LatentCandidate] = []
    for n, role in enumerate(roles, start=1):
        cid = f"{cfg.prefix}-c{n:03d}"
        roll = rng.random()
        where = (
            "far" if roll < cfg.far_share else "region" if roll < cfg.far_share + 0.22 else "near"
        )
        for attempt in range(60):
            # someone far away who finds nothing without moving is someone who would move
            relocates = True if where == "far" and attempt >= 20 else None
            c = draw_candidate(cid, role, cfg, rng, placements, towns, where, relocates=relocates)
            if max(grade(c, p, towns)[1] for p in placements) >= 2:
                break
        else:  # pragma: no cover - the seeds in SLICES always find one
            raise RuntimeError(f"{cid}: no relevant placement after 60 draws")
        out.append(c)
    # Every placement must be relevant (≥ 2) to someone: add a nearby candidate of its trade.
    for p in placements:
        if any(grade(c, p, towns)[1] >= 2 for c in out):
            continue
        cid = f"{cfg.prefix}-c{len(out) + 1:03d}"
        for _attempt in range(200):
            c = draw_candidate(cid, p.role, cfg, rng, [p], towns)
            if grade(c, p, towns)[1] >= 2:
                break
        else:  # pragma: no cover
            raise RuntimeError(f"{p.id}: nobody relevant after 200 draws")
        out.append(c)
    return out


# ---------------------------------------------------------------------------
# Rendering: latent facts → what people write
# ---------------------------------------------------------------------------

EN_FIELDS = {
    "it": ("Computer science", "Informatics", "Electronics"),
    "office": ("Economics", "Business administration"),
    "retail": ("Trade school", "Economics"),
    "logistics": ("Secondary school", "Traffic school"),
    "textile": ("Textile school", "Secondary school"),
    "metal": ("Mechanical engineering school", "Metalworking"),
    "food": ("Food technology", "Agricultural school"),
    "construction": ("Construction school", "Electrical school"),
    "hospitality": ("Hospitality and tourism school", "Secondary school"),
    "care": ("Medical school", "Pedagogy"),
}
SR_FIELDS = {
    "it": ("Elektronski fakultet, računarstvo", "PMF, informatika", "Elektrotehnička škola"),
    "office": ("Ekonomski fakultet", "Ekonomska škola"),
    "retail": ("Trgovinska škola", "Ekonomska škola"),
    "logistics": ("Saobraćajna škola", "srednja stručna škola"),
    "textile": ("Tekstilna škola", "srednja stručna škola"),
    "metal": ("Mašinska škola", "Tehnička škola, bravar"),
    "food": ("Prehrambena škola", "Poljoprivredna škola"),
    "construction": ("Građevinska škola", "Elektrotehnička škola"),
    "hospitality": ("Ugostiteljsko-turistička škola", "srednja stručna škola"),
    "care": ("Medicinska škola", "Filozofski fakultet, pedagogija"),
}
EN_INTROS = (
    "Hello, I am {age} and I live in {town}.",
    "I came back from Germany two years ago and I live in {town} again.",
    "I finished school in {town} and I want to work in my region.",
    "I am {age} years old, from {town}.",
    "After some years abroad I returned to {town} with my family.",
)
SR_INTROS = (  # male forms; see gendered()
    "Zdravo, imam {age} i živim u mestu {town}.",
    "Vratio sam se iz Nemačke pre dve godine i sada živim u mestu {town}.",
    "Završio sam školu i želim da radim u svom kraju, živim u mestu {town}.",
    "Imam {age}, iz mesta {town} sam.",
)
EN_NOISE = (
    "I have a B category driving licence.",
    "I like football and walking in the mountains.",
    "I am reliable, punctual and I learn quickly.",
    "I can start immediately.",
    "I prefer morning shifts but I can work in shifts.",
    "I have two children and my parents help me with them.",
    "I do not have a CV, my neighbour helped me write this.",
    "I volunteered with the Red Cross for a year.",
)
SR_NOISE = (
    "Imam vozačku dozvolu B kategorije.",
    "Volim fudbal i šetnje u prirodi.",
    "Pouzdan sam i tačan i brzo učim.",
    "Mogu da počnem odmah.",
    "Više mi odgovara prva smena, ali mogu i u smenama.",
    "Imam dvoje dece, roditelji mi pomažu oko njih.",
    "Nemam CV, komšija mi je pomogao da ovo napišem.",
    "Godinu dana sam volontirao u Crvenom krstu.",
)
EN_COMPANY = (
    "We are a family company from {town}, founded in 1998.",
    "Our company employs 120 people and exports most of its products to the EU.",
    "We are a growing company with offices in {town} and Belgrade.",
    "A well-known local employer is looking for a new colleague.",
)
SR_COMPANY = (
    "Mi smo porodična firma iz mesta {town}, osnovana 1998. godine.",
    "Naša firma zapošljava 120 ljudi i najveći deo proizvodnje izvozi u EU.",
    "Firma u razvoju sa kancelarijama u mestu {town} i u Beogradu.",
    "Poznati lokalni poslodavac traži novog kolegu ili koleginicu.",
)
EN_OFFER = (
    "We offer a contract, a regular salary and paid transport.",
    "Training is provided; no previous experience in our company is needed.",
    "We offer a friendly team, a hot meal and a bonus for good results.",
    "Applications by phone or e-mail; we answer everyone.",
)
SR_OFFER = (
    "Nudimo ugovor, redovnu platu i plaćen prevoz.",
    "Obezbeđena je obuka u firmi.",
    "Nudimo prijatan kolektiv, topli obrok i bonuse za dobre rezultate.",
    "Prijave telefonom ili mejlom, odgovaramo svima.",
)
EN_GENERIC_TITLES = (
    "Job opening in {town}",
    "We are hiring",
    "New position (m/f)",
    "Worker wanted",
)
SR_GENERIC_TITLES = ("Posao u mestu {town}", "Zapošljavamo", "Oglas za posao", "Radnik/radnica")


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def _en_label(label: str, material: dict[str, Any], rng: random.Random, p_alt: float) -> str:
    alts = EN_VARIANTS.get(label) or material["skills"][label]["alt"]
    if alts and rng.random() < p_alt:
        return str(rng.choice(alts))
    return label


def _sr_label(label: str, role: Role, rng: random.Random) -> str:
    for r in [role, *ROLES]:  # a skill of a related trade is written as that trade writes it
        for esco, serbian in r.skills:
            if esco == label:
                return rng.choice(serbian)
    raise KeyError(label)


def _join(items: Sequence[str], last: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def _town_name(town: str, script: str, towns: dict[str, Any]) -> str:
    if script == "cyrl":
        return str(towns[town]["cyrl"])
    return in_script(town, script)


def _skill_entries(names: list[str], rng: random.Random, p_level: float) -> list[Any]:
    out: list[Any] = []
    for name in names:
        if rng.random() < p_level:
            out.append({"name": name, "level": rng.randint(2, 5)})
        else:
            out.append(name)
    return out


def _base_candidate(c: LatentCandidate, script: str, towns: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": c.id, "municipality": _town_name(c.town, script, towns)}
    if c.radius is not None:
        record["max_commute_km"] = c.radius
    record["willing_to_relocate"] = c.relocate
    if c.seeking is not None:
        record["seeking"] = c.seeking
    return record


def _languages(langs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"code": code, "level": level} for code, level in langs]


def render_candidate(
    c: LatentCandidate,
    cfg: SliceConfig,
    material: dict[str, Any],
    towns: dict[str, Any],
    rng: random.Random,
) -> dict[str, Any]:
    record = _base_candidate(c, c.script, towns)
    sector = c.role.sector
    if c.education is not None:
        education: dict[str, Any] = {"level": c.education}
        if rng.random() < 0.6:
            if c.lang == "en":
                education["field"] = rng.choice(EN_FIELDS[sector])
            else:
                education["field"] = in_script(rng.choice(SR_FIELDS[sector]), c.script)
        record["education"] = education
    if c.languages:
        record["languages"] = _languages(c.languages)
    town_text = _town_name(c.town, c.script, towns)
    if cfg.name == "english":
        names = []
        for label in c.skills:
            name = _en_label(label, material, rng, 0.6)
            if rng.random() < 0.15:
                name = typo(name, rng)
            if rng.random() < 0.2:
                name = case_change(name, rng)
            names.append(name)
        record["skills"] = _skill_entries(names, rng, 0.15)
        if rng.random() < 0.4:
            title = rng.choice(c.role.en_titles)
            record["about"] = rng.choice(
                (
                    f"{c.years} years as {title}.",
                    f"Worked as a {title} in {town_text}. I {c.role.en_exp}.",
                    f"I {c.role.en_exp}.",
                )
            )
    elif cfg.name == "text":
        record["about"] = _long_about(c, material, towns, rng)
    else:  # mixed
        names = []
        for label in c.skills:
            english = c.lang == "en" or (c.lang == "both" and rng.random() < 0.5)
            if english:
                name = _en_label(label, material, rng, 0.5)
            else:
                name = in_script(_sr_label(label, c.role, rng), c.script)
            if rng.random() < 0.12:
                name = typo(name, rng)
            if rng.random() < 0.1:
                name = case_change(name, rng)
            names.append(name)
        if c.lists_skills:
            record["skills"] = _skill_entries(names, rng, 0.1)
        if not c.lists_skills or rng.random() < 0.5:
            record["about"] = _short_about(c, names, towns, rng, include_skills=not c.lists_skills)
    return record


_PARTICIPLE = re.compile(r"\b(\w+?[aie])o\b")
_NOT_PARTICIPLES = {"kao", "pomogao"}  # "kao" is "as"; "komšija mi je pomogao" is about him


def gendered(text: str, *, female: bool) -> str:
    """The writer's gender: material is written in the male forms ("radio", "vozio"); a woman
    writes "radila", "vozila" ("pekao" → "pekla")."""
    if not female:
        return text

    def female_form(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.lower() in _NOT_PARTICIPLES:
            return word
        if word.lower() == "pekao":
            return word[:-3] + "kla"
        return match.group(1) + "la"

    return _PARTICIPLE.sub(female_form, text)


def sr_experience(exp: str, *, female: bool) -> str:
    """ "radio kao konobar u restoranu" → "Radio sam kao konobar u restoranu." """
    first, _, rest = gendered(exp, female=female).partition(" ")
    return f"{first.capitalize()} sam {rest}."


def sr_years(n: int) -> str:
    if n == 1:
        return "godinu dana"
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} godinu"
    if n % 10 in (2, 3, 4) and n not in (12, 13, 14):
        return f"{n} godine"
    return f"{n} godina"


def _short_about(
    c: LatentCandidate,
    names: list[str],
    towns: dict[str, Any],
    rng: random.Random,
    *,
    include_skills: bool,
) -> str:
    """The mixed slice's short "about"; names are the skills as already written."""
    town = _town_name(c.town, c.script, towns)
    if c.lang == "en":
        parts = [f"I {c.role.en_exp}."]
        if include_skills:
            parts.append(f"My experience: {_join(names, 'and')}.")
        if c.far:
            parts.append(f"I live in {town} now but I would like to come back to the south.")
        return " ".join(parts)
    parts = [in_script(sr_experience(c.role.sr_exp, female=c.female), c.script)]
    if include_skills:
        parts.append(in_script("Znam:", c.script) + f" {_join(names, in_script('i', c.script))}.")
    if c.far:
        parts.append(
            in_script("Sada živim u mestu", c.script)
            + f" {town}"
            + in_script(", ali bih da se vratim na jug.", c.script)
        )
    return " ".join(parts)


def _long_about(
    c: LatentCandidate, material: dict[str, Any], towns: dict[str, Any], rng: random.Random
) -> str:
    """The text slice's long "about": intro, experience naming every skill, noise, wishes."""
    age = rng.randint(19, 52)
    town = c.town
    if c.lang == "en":
        labels = [_en_label(s, material, rng, 0.6).lower() for s in c.skills]
        labels = [typo(s, rng) if rng.random() < 0.1 else s for s in labels]
        own, other = labels[: c.n_own], labels[c.n_own :]
        title = rng.choice(c.role.en_titles)
        parts = [rng.choice(EN_INTROS).format(age=age, town=town)]
        parts.append(f"I worked as a {title} for {c.years} years, where I {c.role.en_exp}.")
        parts.append(f"My experience includes {_join(own, 'and')}.")
        if c.second is not None and other:
            parts.append(f"Before that I {c.second.en_exp}: {_join(other, 'and')}.")
        parts += rng.sample(EN_NOISE, rng.randint(1, 3))
        if c.far:
            parts.append(f"Now I live in {town} but I want to come back to the south of Serbia.")
        parts.append("I am looking for a stable job where I can learn more.")
        return " ".join(parts)
    labels = [_sr_label(s, c.role, rng) for s in c.skills]
    labels = [typo(s, rng) if rng.random() < 0.1 else s for s in labels]
    own, other = labels[: c.n_own], labels[c.n_own :]
    title = rng.choice(c.role.sr_titles)
    intro = rng.choice(SR_INTROS).format(age=sr_years(age), town=town)
    parts = [gendered(intro, female=c.female)]
    parts.append(f"Imam {sr_years(c.years)} iskustva kao {title}.")
    parts.append(sr_experience(c.role.sr_exp, female=c.female))
    parts.append(f"Moji poslovi su bili: {_join(own, 'i')}.")
    if c.second is not None and other:
        parts.append(
            f"Pre toga: {gendered(c.second.sr_exp, female=c.female)} ({_join(other, 'i')})."
        )
    noise = [gendered(n, female=c.female) for n in SR_NOISE]
    if c.female:
        noise = [n.replace("Pouzdan sam i tačan", "Pouzdana sam i tačna") for n in noise]
    parts += rng.sample(noise, rng.randint(1, 3))
    if c.far:
        parts.append(f"Sada živim u mestu {town}, ali želim da se vratim na jug Srbije.")
    parts.append("Tražim stalan posao gde mogu još da naučim.")
    return in_script(" ".join(parts), c.script)


def render_placement(
    p: LatentPlacement,
    cfg: SliceConfig,
    material: dict[str, Any],
    towns: dict[str, Any],
    rng: random.Random,
) -> dict[str, Any]:
    record: dict[str, Any] = {"id": p.id, "kind": p.kind}
    town_text = _town_name(p.town, p.script, towns)
    role = p.role
    if cfg.name == "english":
        record["title"] = rng.choice(role.en_titles)
        if rng.random() < 0.6:
            occupation = material["occupations"][role.occupation]["description"]
            record["description"] = rng.choice((role.en_task, _first_sentence(occupation)))
    elif cfg.name == "text":
        if rng.random() < 0.3:
            generic = EN_GENERIC_TITLES if p.lang == "en" else SR_GENERIC_TITLES
            title = rng.choice(generic).format(town=p.town)
        else:
            title = rng.choice(role.en_titles if p.lang == "en" else role.sr_titles)
        record["title"] = in_script(title, p.script) if p.lang == "sr" else title
        record["description"] = _long_description(p, material, rng)
    else:  # mixed
        if p.lang == "en":
            record["title"] = rng.choice(role.en_titles)
        else:
            record["title"] = in_script(rng.choice(role.sr_titles), p.script)
        if not p.title_only and rng.random() < 0.75:
            task = role.en_task if p.lang == "en" else in_script(role.sr_task, p.script)
            record["description"] = task
    record["municipality"] = town_text
    record["remote"] = p.remote
    if p.lists_skills and cfg.name != "text":
        record["required_skills"] = _placement_skills(p, p.required, cfg, material, rng)
        if p.preferred:
            record["preferred_skills"] = _placement_skills(p, p.preferred, cfg, material, rng)
    if p.min_education is not None:
        record["min_education_level"] = p.min_education
    if p.languages:
        record["languages"] = _languages(p.languages)
    record["slots"] = p.slots
    return record


def _placement_skills(
    p: LatentPlacement,
    labels: list[str],
    cfg: SliceConfig,
    material: dict[str, Any],
    rng: random.Random,
) -> list[Any]:
    names = []
    for label in labels:
        if cfg.name == "english" or p.lang == "en":
            name = _en_label(label, material, rng, 0.35)
            if rng.random() < 0.05:
                name = typo(name, rng)
        else:
            name = in_script(_sr_label(label, p.role, rng), p.script)
        names.append(name)
    out: list[Any] = []
    for name in names:
        out.append({"name": name, "level": 2} if rng.random() < 0.05 else name)
    return out


def _long_description(p: LatentPlacement, material: dict[str, Any], rng: random.Random) -> str:
    role = p.role
    if p.lang == "en":
        tasks = [_en_label(s, material, rng, 0.35).lower() for s in p.required]
        nice = [_en_label(s, material, rng, 0.35).lower() for s in p.preferred]
        parts = [rng.choice(EN_COMPANY).format(town=p.town), role.en_task]
        parts.append(f"Your tasks: {_join(tasks, 'and')}.")
        if nice:
            parts.append(f"It is an advantage if you also know {_join(nice, 'or')}.")
        if rng.random() < 0.5:
            occupation = material["occupations"][role.occupation]["description"]
            parts.append(_first_sentence(occupation))
        parts += rng.sample(EN_OFFER, rng.randint(1, 2))
        return " ".join(parts)
    tasks = [_sr_label(s, role, rng) for s in p.required]
    nice = [_sr_label(s, role, rng) for s in p.preferred]
    parts = [rng.choice(SR_COMPANY).format(town=p.town), role.sr_task]
    parts.append(f"Opis posla: {_join(tasks, 'i')}.")
    if nice:
        parts.append(f"Prednost: {_join(nice, 'i')}.")
    parts += rng.sample(SR_OFFER, rng.randint(1, 2))
    return in_script(" ".join(parts), p.script)


# ---------------------------------------------------------------------------
# Per-slice language, script and missing-data choices (drawn before rendering)
# ---------------------------------------------------------------------------


TEXT_EN_PLACEMENTS = {"it": 0.7, "office": 0.4, "hospitality": 0.2}  # else 0.1
TEXT_EN_CANDIDATES = {"it": 0.6, "office": 0.35}  # else 0.15


def assign_surface(
    cfg: SliceConfig,
    rng: random.Random,
    placements: list[LatentPlacement],
    candidates: list[LatentCandidate],
) -> None:
    """Language, script and what is left out; for mixed, placements only (see build_slice)."""
    if cfg.name == "english":
        for p in placements:
            p.lang, p.script = "en", "latin"
        for c in candidates:
            c.lang = "en"
            c.script = rng.choices(("latin", "ascii", "cyrl"), (6, 3, 1))[0]
        return
    if cfg.name == "text":
        # Local employers write Serbian, IT firms often English; returnees and IT graduates
        # sometimes write English (see "Corrections" in the README).
        for p in placements:
            p.lang = "en" if rng.random() < TEXT_EN_PLACEMENTS.get(p.role.sector, 0.1) else "sr"
            p.script = (
                "latin" if p.lang == "en" else rng.choices(("latin", "ascii", "cyrl"), (5, 2, 3))[0]
            )
            p.lists_skills = False
        for c in candidates:
            c.lang = "en" if rng.random() < TEXT_EN_CANDIDATES.get(c.role.sector, 0.15) else "sr"
            c.script = (
                "latin" if c.lang == "en" else rng.choices(("latin", "ascii", "cyrl"), (3, 4, 3))[0]
            )
            c.lists_skills = False
        return
    # mixed: ~40 % of placements list no skills, a third of those only a title
    english_share = {"it": 0.6, "office": 0.3}
    for p in placements:
        p.lang = "en" if rng.random() < english_share.get(p.role.sector, 0.1) else "sr"
        p.script = (
            "latin" if p.lang == "en" else rng.choices(("latin", "cyrl", "ascii"), (65, 20, 15))[0]
        )
        p.lists_skills = rng.random() >= 0.4
    forced_no_skills = {"warehouse": False, "waiter": True, "sewing": True}
    seen: set[str] = set()
    for p in placements:  # the hard cases of the README, whatever the draw gave
        key = p.role.key
        if key in forced_no_skills and key not in seen:
            seen.add(key)
            p.lists_skills = False
            p.lang = "sr"
            if forced_no_skills[key]:
                p.title_only = True
                p.script = "latin"
        elif key == "python_dev" and key not in seen:
            seen.add(key)
            p.lists_skills = True
    for p in placements:
        if not p.lists_skills and not p.title_only and rng.random() < 0.3:
            p.title_only = True
        if not p.lists_skills:
            p.required, p.preferred = [], []


# ---------------------------------------------------------------------------
# Building the files
# ---------------------------------------------------------------------------


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def held_out_ids(ids: Sequence[str], seed: int) -> list[str]:
    count = round(HELD_OUT_SHARE * len(ids))
    return sorted(random.Random(seed).sample(list(ids), count))


def _held_out_text(ids: list[str], seed: int) -> str:
    header = (
        "# Held-out candidates: for the final report only (benchmarks/eval.py --held-out);\n"
        f"# never tune on them. Chosen with random.Random({seed}).sample, "
        f"{len(ids)} candidates.\n"
    )
    return header + "".join(i + "\n" for i in ids)


def build_slice(cfg: SliceConfig, material: dict[str, Any]) -> dict[str, str]:
    towns = material["towns"]
    rng = random.Random(cfg.seed)
    placements = draw_placements(cfg, rng)
    # The mixed slice drops the skills of ~40 % of placements before candidates are drawn, so the
    # "every candidate has a relevant placement" search sees the placements as written.
    candidates_rng = random.Random(cfg.seed + 7)
    surface_rng = random.Random(cfg.seed + 13)
    if cfg.name == "mixed":
        assign_surface(cfg, surface_rng, placements, [])
    candidates = draw_candidates(cfg, candidates_rng, placements, towns)
    if cfg.name == "mixed":
        # Missing fields change grades (default radius, no education): redraw them until the
        # candidate keeps a relevant placement, so the rule "everyone has one" still holds.
        for c in candidates:
            c.lang = surface_rng.choices(("sr", "en", "both"), (70, 20, 10))[0]
            c.script = surface_rng.choices(("latin", "ascii", "cyrl"), (25, 45, 30))[0]
            c.lists_skills = surface_rng.random() >= 0.15
            radius, education, seeking = c.radius, c.education, c.seeking
            if surface_rng.random() < 0.15:
                c.radius = None
            if surface_rng.random() < 0.1:
                c.education = None
            if surface_rng.random() < 0.1:
                c.seeking = None
            if max(grade(c, p, towns)[1] for p in placements) < 2:
                c.radius, c.education, c.seeking = radius, education, seeking
    else:
        assign_surface(cfg, surface_rng, placements, candidates)
    render_rng = random.Random(cfg.seed + 29)
    cand_records = [render_candidate(c, cfg, material, towns, render_rng) for c in candidates]
    place_records = [render_placement(p, cfg, material, towns, render_rng) for p in placements]
    qrels: list[tuple[str, str, int]] = []
    for c in candidates:
        rows = []
        for p in placements:
            fit, final = grade(c, p, towns)
            if fit >= 1:
                rows.append((c.id, p.id, final))
        rows.sort(key=lambda r: (-r[2], r[1]))
        qrels += rows
    ids = [c.id for c in candidates]
    held = held_out_ids(ids, cfg.seed + 101)
    return {
        "candidates.jsonl": _jsonl(cand_records),
        "placements.jsonl": _jsonl(place_records),
        "qrels.tsv": "".join(f"{c}\t{p}\t{g}\n" for c, p, g in qrels),
        "heldout.txt": _held_out_text(held, cfg.seed + 101),
        "README.md": slice_readme(
            cfg, candidates, placements, cand_records, place_records, qrels, held
        ),
    }


def slice_readme(
    cfg: SliceConfig,
    candidates: list[LatentCandidate],
    placements: list[LatentPlacement],
    cand_records: list[dict[str, Any]],
    place_records: list[dict[str, Any]],
    qrels: list[tuple[str, str, int]],
    held: list[str],
) -> str:
    grades = Counter(g for _, _, g in qrels)
    cyr = re.compile(r"[\u0400-\u04ff]")

    def share(n: int, total: int) -> str:
        return f"{n} of {total} ({round(100 * n / total)} %)"

    nc, np_ = len(candidates), len(placements)
    c_lang = {c.id: c.lang for c in candidates}
    p_lang = {p.id: p.lang for p in placements}
    relevant = [(c, p) for c, p, g in qrels if g >= 2]
    cross = sum(1 for c, p in relevant if c_lang[c] != p_lang[p] and c_lang[c] != "both")

    def cyrillic(records: list[dict[str, Any]]) -> int:
        return sum(bool(cyr.search(json.dumps(r, ensure_ascii=False))) for r in records)

    second = sum(c.second is not None for c in candidates)
    far = sum(c.far for c in candidates)
    far_moving = sum(c.far and c.relocate for c in candidates)
    en_cands = sum(c.lang == "en" for c in candidates)
    both = sum(c.lang == "both" for c in candidates)
    en_places = sum(p.lang == "en" for p in placements)
    p_no_skills = sum("required_skills" not in r for r in place_records)
    title_only = sum(p.title_only for p in placements)
    c_no_skills = sum("skills" not in r for r in cand_records)
    about = sum("about" in r for r in cand_records)
    lines = [
        f"# Dev-set slice `{cfg.name}`: {cfg.title}",
        "",
        f"Generated by `benchmarks/build_devset.py` (seed {cfg.seed}) from the trades in",
        "`benchmarks/devset_material.py`; labelled by the rules in `../README.md` (written before",
        "any engine output). Do not edit by hand: change the builder or the material, run",
        "`build_devset.py --write`, and log the change in `../README.md`.",
        "",
        f"* {nc} candidates × {np_} placements; {len(held)} candidates held out (`heldout.txt`).",
        f"* {len(qrels)} judged pairs: {grades[3]} × 3, {grades[2]} × 2, {grades[1]} × 1, "
        f"{grades[0]} × 0 (F ≥ 1 but taken to 0 by location or a hard rule).",
        f"* candidates with a second trade: {share(second, nc)}; living far from the region: "
        f"{share(far, nc)} (of whom {far_moving} relocate).",
        f"* candidates writing Cyrillic: {share(cyrillic(cand_records), nc)}; placements in "
        f"Cyrillic: {share(cyrillic(place_records), np_)}.",
        f"* written in English: {share(en_cands, nc)} candidates (and {both} mixing Serbian and "
        f"English), {share(en_places, np_)} placements; pairs graded ≥ 2 written in two "
        f"different languages: {share(cross, len(relevant))}.",
        f"* placements listing no skills: {share(p_no_skills, np_)}; only a title: "
        f"{share(title_only, np_)}.",
        f'* candidates listing no skills: {share(c_no_skills, nc)}; with an "about": '
        f"{share(about, nc)}.",
        f"* placements: {sum(p.kind == 'internship' for p in placements)} internships, "
        f"{sum(p.remote for p in placements)} remote, "
        f"{sum(p.min_education is not None for p in placements)} with an education minimum, "
        f"{sum(bool(p.languages) for p in placements)} requiring a language.",
        "",
    ]
    return "\n".join(lines)


def build_all(material: dict[str, Any]) -> dict[Path, str]:
    files: dict[Path, str] = {}
    for cfg in SLICES:
        for name, text in build_slice(cfg, material).items():
            files[DEVSET_DIR / cfg.name / name] = text
    serbian = DEVSET_DIR / "serbian"
    ids = [
        str(json.loads(line)["id"])
        for line in (serbian / "candidates.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    held = held_out_ids(ids, SERBIAN_HELD_OUT_SEED)
    files[serbian / "heldout.txt"] = _held_out_text(held, SERBIAN_HELD_OUT_SEED)
    return files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--check", action="store_true", help="compare the files with the rules' output"
    )
    group.add_argument("--write", action="store_true", help="write the files")
    group.add_argument("--extract", type=Path, metavar="DIR", help="refresh the ESCO extract")
    args = parser.parse_args(argv)
    if args.extract:
        write_material(extract_material(args.extract))
        print(f"wrote {MATERIAL_PATH.relative_to(REPO_ROOT)}")
        return 0
    files = build_all(load_material())
    if args.write:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO_ROOT)}")
        return 0
    stale = [
        p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    for path in stale:
        print(f"differs from the rules' output: {path.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
