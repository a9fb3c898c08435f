"""What the demo seeder shares: its shares, errors and report, and small deterministic helpers."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from demo import data

T = TypeVar("T")

# How candidates write their skills down.
CYRILLIC_WRITER_SHARE = 0.25
NO_DIACRITICS_SHARE = 0.35  # of those writing in Latin script
TYPO_SHARE = 0.12  # of written skills
PROGRAMME_DATA_CONSENT_SHARE = 0.7
SHARE_WITH_COMPANIES_CONSENT_SHARE = 0.85
VERIFIED_COMPANY_SHARE = 0.75
INTERNSHIP_SHARE = 0.6


class DemoSeedError(Exception):
    """The demo programme cannot be seeded (bad arguments or missing reference data)."""


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


@dataclass
class SeedReport:
    """What one run created and what it found already there."""

    seed: int
    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    def summary_lines(self) -> list[str]:
        created = self.created
        lines = [
            f"Demo programme (seed {self.seed}) — created: "
            f"{created['organisations']} organisations, {created['staff users']} staff users, "
            f"{created['companies']} companies ({created['verified companies']} verified), "
            f"{created['placements']} placements, {created['candidates']} candidates "
            f"({created['candidate skills']} written skills, "
            f"{created['unlinked skills']} not linked to the taxonomy), "
            f"{created['programme data']} programme data records, "
            f"{created['trainings']} trainings, {created['participations']} participations.",
        ]
        if created["worked matches"] or created["targets"]:
            stories = ", ".join(
                f"{count} {name.removeprefix('story ')}"
                for name, count in sorted(created.items())
                if name.startswith("story ")
            )
            lines.append(
                f"Programme in motion: {created['targets']} targets, "
                f"{created['worked matches']} matches through {created['workflow steps']} "
                f"workflow steps ({stories}), {created['outcome checks']} follow-up checks "
                f"({created['outcomes recorded']} recorded)."
            )
        if self.existing:
            found = ", ".join(f"{count} {name}" for name, count in sorted(self.existing.items()))
            lines.append(f"Already there (skipped): {found}.")
        lines.append(f"Took {self.seconds:.1f} s.")
        return lines


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("candidate", f"{data.CANDIDATE_USERNAME_PREFIX}001"),
    DemoLogin("company", f"{data.COMPANY_USERNAME_PREFIX}01"),
    DemoLogin("coordinator", data.ORGANISATIONS[0].coordinator_username),
    DemoLogin("admin", data.ADMIN_USERNAME),
)


# ---------------------------------------------------------------------------
# Small deterministic helpers
# ---------------------------------------------------------------------------


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent, reproducible stream for one entity (str seeds hash with SHA-512)."""
    return random.Random(":".join(str(part) for part in (seed, *parts)))


def _weighted(rng: random.Random, weights: Mapping[T, float] | Sequence[tuple[T, float]]) -> T:
    pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    return rng.choices([item for item, _ in pairs], weights=[weight for _, weight in pairs])[0]


def pib_check_digit(first_eight: str) -> str:
    """The ISO 7064 MOD 11,10 check digit that completes a PIB."""
    product = 10
    for char in first_eight:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def _random_pib(rng: random.Random) -> str:
    # Issued PIBs start with 1 (100000000-11xxxxxxx); the rest is random, the last a check.
    first_eight = "1" + "".join(str(rng.randrange(10)) for _ in range(7))
    return first_eight + pib_check_digit(first_eight)


def _random_mb(rng: random.Random) -> str:
    # Companies registered since 2005 have MBs starting with 2.
    return "2" + "".join(str(rng.randrange(10)) for _ in range(7))


def _mobile(rng: random.Random) -> str:
    prefix = rng.choice(data.MOBILE_PREFIXES)[1:]
    return f"+381 {prefix} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"


_DIACRITICS = str.maketrans(
    {
        "č": "c",
        "ć": "c",
        "š": "s",
        "ž": "z",
        "đ": "dj",
        "Č": "C",
        "Ć": "C",
        "Š": "S",
        "Ž": "Z",
        "Đ": "Dj",
    }
)


def strip_diacritics(text: str) -> str:
    """Write Serbian Latin the way a phone keyboard does: č ć -> c, š -> s, ž -> z, đ -> dj."""
    return text.translate(_DIACRITICS)


_TYPO_WORD_RE = re.compile(r"[^\W\d_]{4,}")


def make_typo(rng: random.Random, text: str) -> str:
    """Swap, drop or double one letter (never the first) of a longer word: Python -> Pyhton."""
    words = [match.span() for match in _TYPO_WORD_RE.finditer(text)]
    if not words:
        return text
    start, end = rng.choice(words)
    word = text[start:end]
    position = rng.randrange(1, len(word) - 1)
    operation = rng.choice(("swap", "drop", "double"))
    if operation == "swap":
        typo = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif operation == "drop":
        typo = word[:position] + word[position + 1 :]
    else:
        typo = word[:position] + word[position] + word[position:]
    return text[:start] + typo + text[end:]


def _years_phrase(years: int) -> str:
    if years == 1:
        return "godinu dana"
    return f"{years} godine" if 2 <= years <= 4 else f"{years} godina"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
