"""Matching speed and memory benchmark (``make bench``).

Figures, each printed next to its target with PASS/MISS:

1. full run: 10,000 candidates × 2,000 placements, from reading the JSON Lines files (written
   beforehand by ``benchmarks/synthetic.py``; generation is not timed) to the top-20 lists both
   ways (``MatchingEngine.top_k_both``); peak memory (``ru_maxrss``) of that run in a fresh
   process; pairs scored per second;
2. rescoring one candidate against all placements on a warm engine
   (``rescore_candidate``): median and p95 over 100 candidates;
3. allocating 2,000 candidates into 500 placements with 1,000 slots, optimal and stable
   (``MatchingEngine.allocate``, which scores the pairs itself; warm engine);
4. a naive baseline — a Python loop per pair: for every required skill the best
   ``rapidfuzz.fuzz.WRatio`` over the candidate's skills, plus a haversine distance — timed on a
   sample of pairs and extrapolated to the full size, and the engine's speed-up over it.

Results also go to ``var/bench/latest.json``. ``--quick`` is a 1,000 × 200 smoke run; targets
are always those of the full size, so a scaled-down run says little about them.

    python benchmarks/bench.py [--quick] [--candidates N --placements M] [--strict]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.synthetic import write_dataset  # noqa: E402

GIB = 1024**3
DEFAULT_OUT = REPO_ROOT / "var" / "bench" / "latest.json"

# key → (label, unit, target as (comparison, value) or None)
FIGURES: dict[str, tuple[str, str, tuple[str, float] | None]] = {
    "full_run_s": ("full run: read JSONL -> top-k both ways", "s", ("<=", 10.0)),
    "read_s": ("  of which reading and checking the JSONL", "s", None),
    "peak_rss_bytes": ("peak memory of the full run (RSS)", "bytes", ("<=", 2 * GIB)),
    "pairs_per_s": ("pairs scored per second", "pairs/s", None),
    "rescore_median_ms": ("rescoring one candidate, median", "ms", ("<=", 20.0)),
    "rescore_p95_ms": ("rescoring one candidate, p95", "ms", None),
    "allocate_optimal_s": ("allocation, optimal", "s", ("<=", 2.0)),
    "allocate_stable_s": ("allocation, stable", "s", ("<=", 2.0)),
    "naive_extrapolated_s": ("naive rapidfuzz loop, extrapolated", "s", None),
    "speedup_vs_naive": ("engine speed-up over the naive loop", "x", (">=", 50.0)),
}


# ---------------------------------------------------------------------------
# Workers (each runs in a fresh process; prints one JSON object)
# ---------------------------------------------------------------------------


def _peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024  # Linux: KiB


def _current_rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _engine(with_esco: bool) -> Any:
    from matching.cli import make_engine

    return make_engine(with_esco=with_esco)


def worker_full(data: Path, k: int, rescore: int, with_esco: bool) -> dict[str, Any]:
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer
    from matching.engine.types import SkillClaim

    setup_start = time.perf_counter()
    engine = _engine(with_esco)
    gazetteer = Gazetteer.default()
    setup_s = time.perf_counter() - setup_start
    rss_before = _current_rss_bytes()

    start = time.perf_counter()
    candidates = read_candidates(data / "candidates.jsonl", gazetteer)
    placements = read_placements(data / "placements.jsonl", gazetteer)
    read_s = time.perf_counter() - start
    by_candidate, by_placement = engine.top_k_both(candidates, placements, k=k)
    full_run_s = time.perf_counter() - start
    peak = _peak_rss_bytes()
    listed = sum(len(v) for v in by_candidate.values()) + sum(len(v) for v in by_placement.values())

    # Rescoring: a candidate edits their profile (one more skill) and is rescored, warm.
    rng = random.Random(7)  # noqa: S311 - sampling, not security
    sample = rng.sample(candidates, min(rescore, len(candidates)))
    edited = [dataclasses.replace(c, skills=(*c.skills, SkillClaim("rad u timu"))) for c in sample]
    if edited:
        engine.rescore_candidate(edited[0], placements, top_k=k)  # warm-up
    latencies: list[float] = []
    for candidate in edited:
        t0 = time.perf_counter()
        engine.rescore_candidate(candidate, placements, top_k=k)
        latencies.append((time.perf_counter() - t0) * 1000)
    return {
        "candidates": len(candidates),
        "placements": len(placements),
        "setup_s": setup_s,
        "read_s": read_s,
        "full_run_s": full_run_s,
        "peak_rss_bytes": peak,
        "rss_before_bytes": rss_before,
        "pairs": len(candidates) * len(placements),
        "pairs_per_s": len(candidates) * len(placements) / full_run_s if full_run_s else 0.0,
        "listed_pairs": listed,
        "rescore_ms": latencies,
    }


def worker_allocate(data: Path, min_score: float, with_esco: bool) -> dict[str, Any]:
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer

    engine = _engine(with_esco)
    gazetteer = Gazetteer.default()
    candidates = read_candidates(data / "candidates.jsonl", gazetteer)
    placements = read_placements(data / "placements.jsonl", gazetteer)
    engine.rank(candidates[:1], placements[:1], top_k=1)  # warm: build the skill index once
    result: dict[str, Any] = {
        "candidates": len(candidates),
        "placements": len(placements),
        "slots": sum(p.slots for p in placements),
    }
    for method in ("optimal", "stable"):
        start = time.perf_counter()
        allocation = engine.allocate(candidates, placements, method=method, min_score=min_score)
        result[f"allocate_{method}_s"] = time.perf_counter() - start
        result[f"{method}_assigned"] = len(allocation.assignments)
        result[f"{method}_total_score"] = allocation.total_score
    return result


def worker_naive(data: Path, pairs: int, seed: int) -> dict[str, Any]:
    """Per pair: best WRatio over the candidate's skills for each required skill + haversine."""
    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer

    gazetteer = Gazetteer.default()
    candidates = read_candidates(data / "candidates.jsonl", gazetteer)
    placements = read_placements(data / "placements.jsonl", gazetteer)
    rng = random.Random(seed)  # noqa: S311 - sampling, not security
    sample = [(rng.choice(candidates), rng.choice(placements)) for _ in range(pairs)]

    def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))

    start = time.perf_counter()
    checksum = 0.0
    for candidate, placement in sample:
        skills = [s.text for s in candidate.skills]
        coverage = 0.0
        for requirement in placement.required_skills:
            best = max(
                (fuzz.WRatio(requirement.text, s, processor=default_process) for s in skills),
                default=0.0,
            )
            coverage += best
        if candidate.place is not None and placement.place is not None:
            a, b = candidate.place, placement.place
            checksum += haversine(a.latitude, a.longitude, b.latitude, b.longitude)
        checksum += coverage
    elapsed = time.perf_counter() - start
    return {"pairs": len(sample), "elapsed_s": elapsed, "checksum": checksum}


def _run_worker(kind: str, *arguments: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *arguments]
    done = subprocess.run(  # noqa: S603 - our own script with our own arguments
        command, capture_output=True, text=True, cwd=REPO_ROOT, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"benchmark worker {kind!r} failed with exit status {done.returncode}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "bytes":
        return f"{value / GIB:.2f} GiB" if value >= GIB / 4 else f"{value / 1024**2:.0f} MiB"
    if unit == "pairs/s":
        return f"{value / 1e6:.2f} M/s"
    if unit == "x":
        return f"{value:,.0f}x"
    if unit == "ms":
        return f"{value:.1f} ms"
    if value < 0.1:
        return f"{value:.3f} s"
    return f"{value:,.2f} s" if value < 100 else f"{value:,.0f} s"


def _target_text(target: tuple[str, float] | None, unit: str) -> str:
    if target is None:
        return "-"
    sign = "≤" if target[0] == "<=" else "≥"
    value, suffix = target[1], {"s": " s", "ms": " ms", "x": "x"}.get(unit, "")
    if unit == "bytes":
        return f"{sign} {value / GIB:g} GiB"
    return f"{sign} {value:g}{suffix}"


def _passes(value: float | None, target: tuple[str, float] | None) -> bool | None:
    if target is None or value is None:
        return None
    return value <= target[1] if target[0] == "<=" else value >= target[1]


def report(values: dict[str, float | None], header: str) -> tuple[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    lines = [header, f"{'figure':<44} {'value':>12}  {'target':>12}  result"]
    for key, (label, unit, target) in FIGURES.items():
        value = values.get(key)
        ok = _passes(value, target)
        status = "info" if target is None else ("PASS" if ok else "MISS")
        lines.append(
            f"{label:<44} {_format(value, unit):>12}  {_target_text(target, unit):>12}  {status}"
        )
        rows.append(
            {
                "key": key,
                "label": label.strip(),
                "value": value,
                "unit": unit,
                "target": None if target is None else {"op": target[0], "value": target[1]},
                "pass": ok,
            }
        )
    return "\n".join(lines), rows


def run(args: argparse.Namespace) -> int:
    n_c, n_p = args.candidates, args.placements
    with tempfile.TemporaryDirectory(prefix="spona-bench-") as tmp:
        full_dir, alloc_dir = Path(tmp) / "full", Path(tmp) / "allocate"
        print(f"generating {n_c:,} x {n_p:,} and {args.alloc_candidates:,} x ", end="")
        print(f"{args.alloc_placements:,} synthetic records (not timed) ...", flush=True)
        write_dataset(full_dir, n_c, n_p, seed=args.seed)
        write_dataset(
            alloc_dir,
            args.alloc_candidates,
            args.alloc_placements,
            seed=args.seed + 1,
            total_slots=args.alloc_slots,
        )
        esco = ["--with-esco"] if args.with_esco else []
        print("full run (fresh process) ...", flush=True)
        full = _run_worker(
            "full",
            "--data",
            str(full_dir),
            "--k",
            str(args.k),
            "--rescore",
            str(args.rescore),
            *esco,
        )
        print("allocation (fresh process) ...", flush=True)
        alloc = _run_worker(
            "allocate", "--data", str(alloc_dir), "--min-score", str(args.min_score), *esco
        )
        print("naive baseline (fresh process) ...", flush=True)
        naive = _run_worker(
            "naive", "--data", str(full_dir), "--pairs", str(args.naive_pairs), "--seed", "11"
        )

    latencies = sorted(full["rescore_ms"])
    per_pair = naive["elapsed_s"] / naive["pairs"] if naive["pairs"] else 0.0
    naive_total = per_pair * n_c * n_p
    values: dict[str, float | None] = {
        "full_run_s": full["full_run_s"],
        "read_s": full["read_s"],
        "peak_rss_bytes": full["peak_rss_bytes"],
        "pairs_per_s": full["pairs_per_s"],
        "rescore_median_ms": statistics.median(latencies) if latencies else None,
        "rescore_p95_ms": (
            latencies[min(len(latencies) - 1, math.ceil(0.95 * len(latencies)) - 1)]
            if latencies
            else None
        ),
        "allocate_optimal_s": alloc["allocate_optimal_s"],
        "allocate_stable_s": alloc["allocate_stable_s"],
        "naive_extrapolated_s": naive_total,
        "speedup_vs_naive": naive_total / full["full_run_s"] if full["full_run_s"] else None,
    }
    header = (
        f"\nSpona matching benchmark: {n_c:,} candidates x {n_p:,} placements "
        f"({n_c * n_p:,} pairs), top-{args.k} both ways; allocation {alloc['candidates']:,} "
        f"candidates -> {alloc['placements']:,} placements, {alloc['slots']:,} slots; "
        f"naive sample {naive['pairs']:,} pairs"
    )
    if (n_c, n_p) != (10_000, 2_000):
        header += "\n(scaled-down run: the targets are for 10,000 x 2,000)"
    table, rows = report(values, header)
    print(table)

    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "params": {
            "candidates": n_c,
            "placements": n_p,
            "k": args.k,
            "rescore_samples": args.rescore,
            "alloc_candidates": alloc["candidates"],
            "alloc_placements": alloc["placements"],
            "alloc_slots": alloc["slots"],
            "min_score": args.min_score,
            "naive_pairs": naive["pairs"],
            "seed": args.seed,
            "with_esco": args.with_esco,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "figures": rows,
        "raw": {
            "full": {key: value for key, value in full.items() if key != "rescore_ms"},
            "allocate": alloc,
            "naive": naive,
        },
    }
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {out}")
    missed = [row["key"] for row in rows if row["pass"] is False]
    return 1 if args.strict and missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Matching speed and memory benchmark.")
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--placements", type=int, default=2_000)
    parser.add_argument("--k", type=int, default=20, help="top-k both ways (default 20)")
    parser.add_argument("--rescore", type=int, default=100, help="candidates to rescore")
    parser.add_argument("--alloc-candidates", type=int, default=2_000)
    parser.add_argument("--alloc-placements", type=int, default=500)
    parser.add_argument("--alloc-slots", type=int, default=1_000)
    parser.add_argument("--min-score", type=float, default=0.3, help="allocation threshold")
    parser.add_argument("--naive-pairs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--with-esco", action="store_true", help="include ESCO labels")
    parser.add_argument("--quick", action="store_true", help="1,000 x 200 smoke run")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--worker", choices=("full", "allocate", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pairs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        if args.worker == "full":
            result = worker_full(args.data, args.k, args.rescore, args.with_esco)
        elif args.worker == "allocate":
            result = worker_allocate(args.data, args.min_score, args.with_esco)
        else:
            result = worker_naive(args.data, args.pairs, args.seed)
        print(json.dumps(result))
        return 0

    if args.quick:
        args.candidates, args.placements = 1_000, 200
        args.alloc_candidates, args.alloc_placements, args.alloc_slots = 200, 50, 100
        args.naive_pairs = 2_000
    if min(args.candidates, args.placements, args.alloc_candidates, args.alloc_placements) < 1:
        parser.error("sizes must be at least 1")
    if args.alloc_slots < args.alloc_placements:
        parser.error("--alloc-slots must be at least --alloc-placements")
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
