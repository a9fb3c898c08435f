"""Serbia's 145 municipalities: lookup by code or any spelling, great-circle distances."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from matching.engine.normalize import fold
from matching.engine.types import Place

__all__ = [
    "EARTH_RADIUS_KM",
    "REGIONAL_CENTRES",
    "Gazetteer",
    "haversine_km",
    "haversine_matrix_km",
]

EARTH_RADIUS_KM: Final = 6371.0088  # IUGG mean Earth radius

# Regional centres: the seats of the seven districts the programme works in (Pčinjski,
# Jablanički, Nišavski, Pirotski, Toplički, Zaječarski, Borski) plus the three national
# centres where returnees most often look for work (Beograd, Novi Sad, Kragujevac). A
# placement in one of them is easier to reach than its distance says (bus and train hubs),
# which the location score rewards with the "regional_centre" tier.
REGIONAL_CENTRES: Final[frozenset[str]] = frozenset(
    {
        "nis",
        "vranje",
        "leskovac",
        "pirot",
        "zajecar",
        "prokuplje",
        "bor",
        "beograd",
        "novi-sad",
        "kragujevac",
    }
)

# Words people put in front of a municipality's name ("grad Niš", "opština Bujanovac").
_NAME_PREFIXES: Final[tuple[str, ...]] = ("grad ", "opstina ", "gradska opstina ")

_DEFAULT_DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_matrix_km(
    lat_a: npt.ArrayLike, lon_a: npt.ArrayLike, lat_b: npt.ArrayLike, lon_b: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Great-circle distances in km between every point of a (rows) and of b (columns)."""
    phi_a = np.radians(np.asarray(lat_a, dtype=np.float64))[:, None]
    phi_b = np.radians(np.asarray(lat_b, dtype=np.float64))[None, :]
    lmb_a = np.radians(np.asarray(lon_a, dtype=np.float64))[:, None]
    lmb_b = np.radians(np.asarray(lon_b, dtype=np.float64))[None, :]
    a = (
        np.sin((phi_b - phi_a) / 2) ** 2
        + np.cos(phi_a) * np.cos(phi_b) * np.sin((lmb_b - lmb_a) / 2) ** 2
    )
    result: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return result


def _name_key(name: str) -> str:
    """Folded name without an administrative prefix or spaces ("Soko Banja" = "Sokobanja")."""
    key = fold(name)
    for prefix in _NAME_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.replace(" ", "")


class Gazetteer:
    """Municipalities by code and by name in either script, with a precomputed distance table."""

    def __init__(self, places: Iterable[Place], *, names: Iterable[tuple[str, str]] = ()) -> None:
        """`places` in a stable order; `names` adds extra (spelling, code) pairs to look up."""
        self.places: tuple[Place, ...] = tuple(places)
        self._index: dict[str, int] = {}
        for position, place in enumerate(self.places):
            if place.code in self._index:
                raise ValueError(f"duplicate place code {place.code!r}")
            self._index[place.code] = position
        self._by_name: dict[str, str] = {}
        for place in self.places:
            self._by_name.setdefault(_name_key(place.name), place.code)
        for spelling, code in names:
            if code in self._index:
                self._by_name.setdefault(_name_key(spelling), code)
        latitudes = np.array([place.latitude for place in self.places], dtype=np.float64)
        longitudes = np.array([place.longitude for place in self.places], dtype=np.float64)
        matrix = haversine_matrix_km(latitudes, longitudes, latitudes, longitudes)
        self.distance_matrix_km: npt.NDArray[np.float32] = matrix.astype(np.float32)

    @classmethod
    def default(cls) -> Gazetteer:
        """The 145 municipalities shipped in matching/data/municipalities.csv (cached)."""
        return _default_gazetteer(_DEFAULT_DATA_DIR / "municipalities.csv")

    @classmethod
    def from_csv(cls, path: Path) -> Gazetteer:
        """Read a municipalities file (code,name_latn,name_cyrl,…,district,…,lat,lon)."""
        places: list[Place] = []
        names: list[tuple[str, str]] = []
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["code"].strip()
                places.append(
                    Place(
                        code=code,
                        name=row["name_latn"].strip(),
                        district=row["district"].strip(),
                        latitude=float(row["lat"]),
                        longitude=float(row["lon"]),
                        regional_centre=code in REGIONAL_CENTRES,
                    )
                )
                names.append((row.get("name_cyrl", "").strip(), code))
                names.append((row.get("seat_latn", "").strip(), code))
        return cls(places, names=[(name, code) for name, code in names if name])

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def get(self, code: str) -> Place:
        """The place with this code; KeyError when there is none."""
        return self.places[self._index[code]]

    def index_of(self, code: str) -> int:
        """Row of this place in `places` and `distance_matrix_km`; KeyError when unknown."""
        return self._index[code]

    def find(self, name: str) -> Place | None:
        """Look a place up by code or by its name in any script, case or diacritics.

        "Niš", "NIS", "Ниш", "nis" and "grad Niš" all find Niš; anything else gives None.
        """
        text = name.strip()
        if text in self._index:
            return self.places[self._index[text]]
        code = self._by_name.get(_name_key(text))
        if code is None:
            return None
        return self.places[self._index[code]]

    def indexed(self, place: Place) -> int | None:
        """Row of a place if it is this gazetteer's own (same code and coordinates), else None.

        Places built elsewhere (e.g. from a database row) with the same code and coordinates
        use the table; a place with other coordinates is measured directly.
        """
        position = self._index.get(place.code)
        if position is None:
            return None
        own = self.places[position]
        if abs(own.latitude - place.latitude) > 1e-6 or abs(own.longitude - place.longitude) > 1e-6:
            return None
        return position

    def is_regional_centre(self, place: Place) -> bool:
        return place.regional_centre or place.code in REGIONAL_CENTRES

    def distance_km(self, a: Place, b: Place) -> float:
        """Great-circle distance between two municipality seats in km."""
        i, j = self.indexed(a), self.indexed(b)
        if i is not None and j is not None:
            return float(self.distance_matrix_km[i, j])
        return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)

    def distance_matrix(self, a: Sequence[Place], b: Sequence[Place]) -> npt.NDArray[np.float32]:
        """Distances in km between every place of `a` (rows) and of `b` (columns)."""
        rows = [self.indexed(place) for place in a]
        columns = [self.indexed(place) for place in b]
        if all(i is not None for i in rows) and all(j is not None for j in columns):
            row_index = np.array(rows, dtype=np.intp)
            column_index = np.array(columns, dtype=np.intp)
            return self.distance_matrix_km[np.ix_(row_index, column_index)]
        matrix = haversine_matrix_km(
            [place.latitude for place in a],
            [place.longitude for place in a],
            [place.latitude for place in b],
            [place.longitude for place in b],
        )
        # Pairs of known places still come from the table, so both paths agree exactly.
        result = matrix.astype(np.float32)
        known_rows = [r for r, i in enumerate(rows) if i is not None]
        known_columns = [c for c, j in enumerate(columns) if j is not None]
        if known_rows and known_columns:
            result[np.ix_(known_rows, known_columns)] = self.distance_matrix_km[
                np.ix_(
                    np.array([rows[r] for r in known_rows], dtype=np.intp),
                    np.array([columns[c] for c in known_columns], dtype=np.intp),
                )
            ]
        return result


@functools.lru_cache(maxsize=4)
def _default_gazetteer(path: Path) -> Gazetteer:
    return Gazetteer.from_csv(path)
