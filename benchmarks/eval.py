"""Matching quality on the labelled dev-set slices: nDCG@5, MRR, recall@10, hubness.

    .venv/bin/python benchmarks/eval.py                      # dev candidates, all slices
    .venv/bin/python benchmarks/eval.py --json               # the same, machine-readable
    .venv/bin/python benchmarks/eval.py --slice mixed        # one slice (repeatable)
    .venv/bin/python benchmarks/eval.py --per-candidate 15   # the 15 worst dev candidates of each
                                                             # slice, for error analysis
    .venv/bin/python benchmarks/eval.py --weights skills=0.6,text=0.1
    .venv/bin/python benchmarks/eval.py --held-out           # FOR THE FINAL REPORT ONLY

Slices (`benchmarks/devset/README.md`): serbian, english, text, mixed. Each is ranked as a whole
(all its candidates against all its placements) by the engine as the command line builds it
(`matching.cli.make_engine`, `rank(..., top_k=None, by="candidate")`) and by the baselines of
`benchmarks/baselines.py` (Jaccard, word TF-IDF, BM25, on folded text with the hard rules);
the metrics are then averaged over the slice's **dev** candidates, or with `--held-out` over its
held-out candidates (`heldout.txt`) — never both in one run. A placement a ranker leaves out
(the engine's and the baselines' hard constraints) counts as not retrieved.

Metrics per candidate, averaged:

* nDCG@5: gain 2^grade − 1, discount log2(rank + 1), normalised by the ideal DCG@5 of the
  candidate's qrels;
* MRR: 1 / rank of the first placement graded ≥ 2 (0 when none is retrieved);
* recall@10: share of the placements graded ≥ 2 that are in the top 10;
* hubness@5 (per ranker, not per candidate): the share of candidates whose top 5 contains the
  single placement that appears in the most top-5 lists (target ≤ 0.15).

Intervals: 95 % percentile bootstrap over candidates (2,000 resamples, fixed seed), for each
ranker's mean and, paired (the same resampled candidates), for engine − best baseline, the best
baseline being the one with the highest mean of that metric. Targets (issue 10): engine nDCG@5 ≥
best baseline + 0.05 on every slice, hubness ≤ 0.15, the Serbian slice ≥ 0.97.

This is a report, not a test: the exit status is 0 whatever the numbers, 2 only when a slice
cannot be loaded or an option is wrong. The output is deterministic except for "seconds".
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.baselines import BASELINES, DIAGNOSTIC_BASELINES  # noqa: E402

DEVSET_DIR = REPO_ROOT / "benchmarks" / "devset"
SLICE_NAMES = ("serbian", "english", "text", "mixed")

NDCG_K = 5
RECALL_K = 10
HUB_K = 5
RELEVANT_GRADE = 2  # grade ≥ 2 counts as relevant for MRR and recall
METRICS = ("ndcg@5", "mrr", "recall@10")
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20260
CONFIDENCE = 0.95
TARGET_MARGIN = 0.05  # engine nDCG@5 ≥ best baseline + this, on every slice
TARGET_HUBNESS = 0.15
TARGET_SERBIAN_NDCG = 0.97

Qrels = dict[str, dict[str, int]]  # candidate id → placement id → grade
Ranking = dict[str, list[str]]  # candidate id → placement ids, best first


class DevsetError(Exception):
    """A slice cannot be loaded."""


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def dcg(grades: Sequence[int], k: int) -> float:
    """Σ_{i<k} (2^g_i − 1) / log2(i + 2), i from 0 (rank 1 has discount log2 2 = 1)."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg_at_k(ranking: Sequence[str], grades: Mapping[str, int], k: int = NDCG_K) -> float:
    """nDCG@k of one ranked list against graded judgements (unjudged = 0).

    The ideal DCG is that of the judged grades in descending order; a candidate with no
    positive grade has no defined nDCG, and 0.0 is returned.
    """
    ideal = dcg(sorted(grades.values(), reverse=True), k)
    if ideal <= 0:
        return 0.0
    return dcg([grades.get(p, 0) for p in ranking], k) / ideal


def reciprocal_rank(
    ranking: Sequence[str], grades: Mapping[str, int], min_grade: int = RELEVANT_GRADE
) -> float:
    """1 / rank of the first placement with grade ≥ min_grade; 0 when none is ranked."""
    for rank, placement_id in enumerate(ranking, start=1):
        if grades.get(placement_id, 0) >= min_grade:
            return 1.0 / rank
    return 0.0


def recall_at_k(
    ranking: Sequence[str],
    grades: Mapping[str, int],
    k: int = RECALL_K,
    min_grade: int = RELEVANT_GRADE,
) -> float:
    """Share of the placements with grade ≥ min_grade found in the top k (1.0 if none exist)."""
    relevant = {p for p, g in grades.items() if g >= min_grade}
    if not relevant:
        return 1.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def per_candidate_metrics(ranking: Sequence[str], grades: Mapping[str, int]) -> dict[str, float]:
    return {
        "ndcg@5": ndcg_at_k(ranking, grades, NDCG_K),
        "mrr": reciprocal_rank(ranking, grades),
        "recall@10": recall_at_k(ranking, grades, RECALL_K),
    }


def evaluate(
    rankings: Ranking, qrels: Qrels, candidate_ids: Sequence[str]
) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """(mean of each metric, per-candidate metrics) over candidate_ids."""
    per = {
        cid: per_candidate_metrics(rankings.get(cid, []), qrels.get(cid, {}))
        for cid in candidate_ids
    }
    n = len(candidate_ids) or 1
    means = {m: sum(v[m] for v in per.values()) / n for m in METRICS}
    return means, per


def hubness(rankings: Ranking, candidate_ids: Sequence[str], k: int = HUB_K) -> tuple[float, str]:
    """(share of candidates whose top k holds the most frequent top-k placement, that placement).

    0.0 and "" when there are no candidates or no rankings.
    """
    counts: Counter[str] = Counter()
    for cid in candidate_ids:
        counts.update(set(rankings.get(cid, [])[:k]))
    if not candidate_ids or not counts:
        return 0.0, ""
    top = max(counts.values())
    hub = min(p for p, n in counts.items() if n == top)
    return top / len(candidate_ids), hub


def oracle_hubness(qrels: Qrels, candidate_ids: Sequence[str], k: int = HUB_K) -> float:
    """Hubness of the labels themselves: each candidate's top k placements graded ≥ 2 only.

    The floor a perfect ranker cannot go below (placements many candidates rightly want)."""
    counts: Counter[str] = Counter()
    for cid in candidate_ids:
        grades = qrels.get(cid, {})
        best = sorted(
            (p for p, g in grades.items() if g >= RELEVANT_GRADE), key=lambda p: (-grades[p], p)
        )
        counts.update(best[:k])
    if not candidate_ids or not counts:
        return 0.0
    return max(counts.values()) / len(candidate_ids)


def bootstrap_interval(
    values: Sequence[float],
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of values (resampling the items)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    index = rng.integers(0, data.size, size=(resamples, data.size))
    means = data[index].mean(axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def paired_bootstrap_interval(
    a: Sequence[float], b: Sequence[float], **kwargs: Any
) -> tuple[float, float]:
    """Bootstrap interval of mean(a − b), a and b per candidate in the same order (paired)."""
    if len(a) != len(b):
        raise ValueError("paired bootstrap needs two equally long lists")
    return bootstrap_interval([x - y for x, y in zip(a, b, strict=True)], **kwargs)


# ---------------------------------------------------------------------------
# Slices
# ---------------------------------------------------------------------------


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DevsetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DevsetError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
        if not isinstance(record, dict) or "id" not in record:
            raise DevsetError(f"{path}:{number}: each line must be an object with an id")
        records.append(record)
    return records


def load_qrels(path: Path) -> Qrels:
    """`candidate_id<TAB>placement_id<TAB>grade` lines; blank lines and `#` comments skipped."""
    qrels: Qrels = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DevsetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[2].strip() not in {"0", "1", "2", "3"}:
            raise DevsetError(f"{path}:{number}: expected candidate<TAB>placement<TAB>grade 0-3")
        cid, pid, grade = parts[0].strip(), parts[1].strip(), int(parts[2])
        if pid in qrels.setdefault(cid, {}):
            raise DevsetError(f"{path}:{number}: pair {cid} {pid} judged twice")
        qrels[cid][pid] = grade
    return qrels


def load_ids(path: Path) -> list[str]:
    """One id a line; blank lines and `#` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DevsetError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


@dataclasses.dataclass(frozen=True)
class Slice:
    name: str
    candidates: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    qrels: Qrels
    held_out: frozenset[str]
    directory: Path

    @property
    def candidate_ids(self) -> list[str]:
        return [str(c["id"]) for c in self.candidates]

    @property
    def dev_ids(self) -> list[str]:
        return [cid for cid in self.candidate_ids if cid not in self.held_out]

    @property
    def held_out_ids(self) -> list[str]:
        return [cid for cid in self.candidate_ids if cid in self.held_out]


def load_slice(name: str, root: Path = DEVSET_DIR) -> Slice:
    directory = root / name
    candidates = load_jsonl(directory / "candidates.jsonl")
    placements = load_jsonl(directory / "placements.jsonl")
    qrels = load_qrels(directory / "qrels.tsv")
    held_out = load_ids(directory / "heldout.txt")
    cids = {str(c["id"]) for c in candidates}
    pids = {str(p["id"]) for p in placements}
    if len(cids) != len(candidates) or len(pids) != len(placements):
        raise DevsetError(f"{name}: duplicate candidate or placement ids")
    for cid, grades in qrels.items():
        if cid not in cids:
            raise DevsetError(f"{name}/qrels.tsv: unknown candidate {cid}")
        for pid in grades:
            if pid not in pids:
                raise DevsetError(f"{name}/qrels.tsv: unknown placement {pid} (candidate {cid})")
    unknown = sorted(set(held_out) - cids)
    if unknown:
        raise DevsetError(f"{name}/heldout.txt: unknown candidates {', '.join(unknown)}")
    return Slice(name, candidates, placements, qrels, frozenset(held_out), directory)


# ---------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class EngineRun:
    rankings: Ranking
    pairs: dict[str, list[Any]]  # candidate id → ScoredPair list, best first
    seconds: float
    engine: Any
    candidates: dict[str, Any]  # id → Candidate dataclass
    placements: dict[str, Any]  # id → Placement dataclass


def parse_weights(spec: str | None) -> dict[str, float]:
    """`key=value,key=value` → dict; keys are checked against the engine's weights later."""
    if not spec:
        return {}
    result: dict[str, float] = {}
    for item in spec.split(","):
        if not item.strip():
            continue
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--weights: expected key=value, got {item!r}")
        try:
            result[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"--weights: {key.strip()} must be a number, got {value!r}") from None
    return result


def build_engine(overrides: Mapping[str, float], *, with_esco: bool = False) -> Any:
    """The engine as the command line builds it, with some weights overridden."""
    from matching.cli import make_engine

    engine = make_engine(with_esco=with_esco) if with_esco else make_engine()
    if not overrides:
        return engine
    weights = engine.weights
    fields = {f.name for f in dataclasses.fields(weights)}
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise ValueError(f"--weights: unknown key(s) {', '.join(unknown)}; known: {sorted(fields)}")
    return type(engine)(
        taxonomy=engine.taxonomy,
        gazetteer=engine.gazetteer,
        weights=dataclasses.replace(weights, **overrides),
    )


def run_engine(slice_: Slice, engine: Any) -> EngineRun:
    """Rank every placement for every candidate of the slice with the engine."""
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer

    # read as the command line reads (matching/cli.py): the default gazetteer
    gazetteer = Gazetteer.default()
    candidates = read_candidates(slice_.directory / "candidates.jsonl", gazetteer)
    placements = read_placements(slice_.directory / "placements.jsonl", gazetteer)
    started = time.perf_counter()
    ranked = engine.rank(candidates, placements, top_k=None, by="candidate")
    seconds = time.perf_counter() - started
    pairs = {c.id: list(ranked.get(c.id, [])) for c in candidates}
    return EngineRun(
        rankings={cid: [sp.placement_id for sp in sps] for cid, sps in pairs.items()},
        pairs=pairs,
        seconds=seconds,
        engine=engine,
        candidates={c.id: c for c in candidates},
        placements={p.id: p for p in placements},
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _interval(values: list[float], resamples: int) -> dict[str, float]:
    low, high = bootstrap_interval(values, resamples=resamples)
    mean = sum(values) / len(values) if values else 0.0
    return {"mean": round(mean, 4), "low": round(low, 4), "high": round(high, 4)}


def slice_report(
    slice_: Slice,
    candidate_ids: list[str],
    rankings: dict[str, Ranking],
    seconds: dict[str, float],
    resamples: int,
) -> tuple[dict[str, Any], dict[str, dict[str, dict[str, float]]]]:
    """Figures of one slice over candidate_ids for every ranker in rankings."""
    per: dict[str, dict[str, dict[str, float]]] = {}
    rows: dict[str, Any] = {}
    for name, ranking in rankings.items():
        _means, per[name] = evaluate(ranking, slice_.qrels, candidate_ids)
        row: dict[str, Any] = {
            m: _interval([per[name][c][m] for c in candidate_ids], resamples) for m in METRICS
        }
        share, hub = hubness(ranking, candidate_ids)
        row["hubness@5"] = round(share, 4)
        row["hub"] = hub
        row["seconds"] = round(seconds[name], 4)
        rows[name] = row
    baselines = [n for n in rankings if n in BASELINES]
    diagnostic = [n for n in rankings if n in DIAGNOSTIC_BASELINES]
    report: dict[str, Any] = {
        "candidates": len(slice_.candidates),
        "placements": len(slice_.placements),
        "evaluated_candidates": len(candidate_ids),
        "judged_pairs": sum(len(slice_.qrels.get(c, {})) for c in candidate_ids),
        "relevant_pairs": sum(
            1 for c in candidate_ids for g in slice_.qrels.get(c, {}).values() if g >= 2
        ),
        "oracle_hubness@5": round(oracle_hubness(slice_.qrels, candidate_ids), 4),
        "rankers": rows,
    }
    if "engine" in rankings and baselines:
        diffs: dict[str, Any] = {}
        for m in METRICS:
            best = max(baselines, key=lambda n: (rows[n][m]["mean"], n))
            a = [per["engine"][c][m] for c in candidate_ids]
            b = [per[best][c][m] for c in candidate_ids]
            low, high = paired_bootstrap_interval(a, b, resamples=resamples)
            diff = (sum(a) - sum(b)) / len(a) if a else 0.0
            diffs[m] = {
                "baseline": best,
                "diff": round(diff, 4),
                "low": round(low, 4),
                "high": round(high, 4),
            }
        report["engine_minus_best_baseline"] = diffs
        if diagnostic:
            best_geo = max(diagnostic, key=lambda n: (rows[n]["ndcg@5"]["mean"], n))
            a = [per["engine"][c]["ndcg@5"] for c in candidate_ids]
            b = [per[best_geo][c]["ndcg@5"] for c in candidate_ids]
            low, high = paired_bootstrap_interval(a, b, resamples=resamples)
            report["engine_minus_best_commute_baseline"] = {
                "ndcg@5": {
                    "baseline": best_geo,
                    "diff": round((sum(a) - sum(b)) / len(a) if a else 0.0, 4),
                    "low": round(low, 4),
                    "high": round(high, 4),
                }
            }
        engine_ndcg = rows["engine"]["ndcg@5"]["mean"]
        best_ndcg = rows[diffs["ndcg@5"]["baseline"]]["ndcg@5"]["mean"]
        targets = {
            "ahead_of_best_baseline_by_0.05": bool(engine_ndcg >= best_ndcg + TARGET_MARGIN),
            "interval_above_zero": bool(diffs["ndcg@5"]["low"] > 0),
            "hubness_at_most_0.15": bool(rows["engine"]["hubness@5"] <= TARGET_HUBNESS),
        }
        if slice_.name == "serbian":
            targets["serbian_ndcg@5_at_least_0.97"] = bool(engine_ndcg >= TARGET_SERBIAN_NDCG)
        targets["pass"] = all(v for k, v in targets.items() if k != "interval_above_zero")
        report["targets"] = targets
    return report, per


def build_report(
    slices: Sequence[Slice],
    *,
    held_out: bool,
    weights_spec: str | None,
    with_esco: bool = False,
    resamples: int = BOOTSTRAP_RESAMPLES,
) -> tuple[dict[str, Any], dict[str, EngineRun]]:
    overrides = parse_weights(weights_spec)
    engine: Any = None
    engine_error: str | None = None
    try:
        engine = build_engine(overrides, with_esco=with_esco)
    except ImportError as exc:
        engine_error = f"engine not importable: {exc}"
    report: dict[str, Any] = {
        "subset": "held-out" if held_out else "dev",
        "bootstrap": {"resamples": resamples, "seed": BOOTSTRAP_SEED, "confidence": CONFIDENCE},
        "targets": {
            "engine_minus_best_baseline_ndcg@5": TARGET_MARGIN,
            "hubness@5_max": TARGET_HUBNESS,
            "serbian_ndcg@5_min": TARGET_SERBIAN_NDCG,
        },
        "slices": {},
    }
    if engine_error:
        report["engine_error"] = engine_error
    if overrides:
        report["weights_overridden"] = overrides
    runs: dict[str, EngineRun] = {}
    per_candidate: dict[str, Any] = {}
    for slice_ in slices:
        rankings: dict[str, Ranking] = {}
        seconds: dict[str, float] = {}
        if engine is not None:
            run = run_engine(slice_, engine)
            runs[slice_.name] = run
            rankings["engine"], seconds["engine"] = run.rankings, run.seconds
        for name, ranker in {**BASELINES, **DIAGNOSTIC_BASELINES}.items():
            started = time.perf_counter()
            rankings[name] = ranker(slice_.candidates, slice_.placements)
            seconds[name] = time.perf_counter() - started
        ids = slice_.held_out_ids if held_out else slice_.dev_ids
        report["slices"][slice_.name], per_candidate[slice_.name] = slice_report(
            slice_, ids, rankings, seconds, resamples
        )
    passes = [s["targets"]["pass"] for s in report["slices"].values() if "targets" in s]
    report["pass"] = all(passes) if passes and engine is not None else None
    report["per_candidate"] = per_candidate
    return report, runs


def _cell(interval: Mapping[str, float]) -> str:
    return f"{interval['mean']:.3f} [{interval['low']:.3f}, {interval['high']:.3f}]"


def _signed(d: Mapping[str, Any]) -> str:
    return f"{d['diff']:+.3f} [{d['low']:+.3f}, {d['high']:+.3f}]"


def format_table(report: Mapping[str, Any]) -> str:
    subset = report["subset"]
    b = report["bootstrap"]
    lines = [
        f"matching quality — {subset} candidates; 95 % bootstrap intervals "
        f"({b['resamples']} resamples, seed {b['seed']})",
    ]
    if subset == "held-out":
        lines.append("HELD-OUT FIGURES: for the final report only; do not tune on them.")
    if "engine_error" in report:
        lines.append(f"engine: {report['engine_error']}")
    for name, s in report["slices"].items():
        lines += [
            "",
            f"[{name}] {s['evaluated_candidates']} of {s['candidates']} candidates × "
            f"{s['placements']} placements; {s['judged_pairs']} judged pairs "
            f"({s['relevant_pairs']} graded ≥ {RELEVANT_GRADE}); hubness of the labels "
            f"{s['oracle_hubness@5']:.2f}",
            f"  {'ranker':<11}{'nDCG@5':<24}{'MRR':<24}{'recall@10':<24}{'hub@5':>6}{'sec':>8}",
        ]
        for ranker, row in s["rankers"].items():
            label = f"{ranker}*" if ranker in DIAGNOSTIC_BASELINES else ranker
            lines.append(
                f"  {label:<11}{_cell(row['ndcg@5']):<24}{_cell(row['mrr']):<24}"
                f"{_cell(row['recall@10']):<24}{row['hubness@5']:>6.2f}{row['seconds']:>8.3f}"
            )
        if "engine_minus_best_baseline" in s:
            d = s["engine_minus_best_baseline"]
            lines.append(
                "  engine − best: "
                + "  ".join(f"{m} {_signed(d[m])} vs {d[m]['baseline']}" for m in METRICS)
            )
            if "engine_minus_best_commute_baseline" in s:
                g = s["engine_minus_best_commute_baseline"]["ndcg@5"]
                lines.append(
                    f"  engine − best with a commute filter*: ndcg@5 {_signed(g)} "
                    f"vs {g['baseline']}"
                )
            t = s["targets"]
            checks = [
                ("ahead_of_best_baseline_by_0.05", "nDCG@5 ≥ best baseline + 0.05"),
                ("hubness_at_most_0.15", "hubness@5 ≤ 0.15"),
                ("serbian_ndcg@5_at_least_0.97", "nDCG@5 ≥ 0.97"),
            ]
            lines.append(
                "  targets: "
                + "; ".join(
                    f"{'PASS' if t[k] else 'MISS'} {label}" for k, label in checks if k in t
                )
            )
    lines.append("")
    lines.append(
        "* diagnostic: a baseline that also puts reachable placements first; not in the targets."
    )
    if report["pass"] is None:
        lines.append("targets: not evaluated (no engine)")
    else:
        lines.append(f"all targets: {'PASS' if report['pass'] else 'MISS'}")
    return "\n".join(lines)


def _short(value: Any, limit: int = 110) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _components(pair: Any) -> str:
    components = getattr(getattr(pair, "explanation", None), "components", None) or {}
    return " ".join(f"{k[:4]}={v:.2f}" for k, v in components.items())


def format_per_candidate(
    report: Mapping[str, Any], runs: Mapping[str, EngineRun], slices: Sequence[Slice], n: int
) -> str:
    """The n worst dev candidates of each slice by engine nDCG@5: engine top 5 and the qrels."""
    out: list[str] = []
    for slice_ in slices:
        run = runs.get(slice_.name)
        if run is None:
            continue
        per = report["per_candidate"][slice_.name]["engine"]
        titles = {str(p["id"]): str(p.get("title") or "") for p in slice_.placements}
        raw = {str(c["id"]): c for c in slice_.candidates}
        worst = sorted(per, key=lambda cid: (per[cid]["ndcg@5"], per[cid]["mrr"], cid))[:n]
        out.append(f"\n===== {slice_.name}: the {len(worst)} worst dev candidates")
        for cid in worst:
            m, c = per[cid], raw[cid]
            out.append(
                f"\n{cid}  nDCG@5={m['ndcg@5']:.3f} MRR={m['mrr']:.3f} R@10={m['recall@10']:.2f}"
                f"  | {c.get('municipality')} commute={c.get('max_commute_km')} "
                f"relocate={c.get('willing_to_relocate')} seeking={c.get('seeking')}"
            )
            out.append(f"    skills: {_short(c.get('skills'))}")
            if c.get("about"):
                out.append(f"    about: {_short(c.get('about'))}")
            grades = slice_.qrels.get(cid, {})
            ranking = run.rankings.get(cid, [])
            out.append("    engine top 5:")
            for rank, sp in enumerate(run.pairs.get(cid, [])[:5], start=1):
                out.append(
                    f"      {rank}. {sp.placement_id} g={grades.get(sp.placement_id, 0)} "
                    f"score={sp.score:.3f} [{_components(sp)}]  "
                    f"{titles.get(sp.placement_id, '')[:45]}"
                )
            out.append("    qrels (grade ≥ 1) and where the engine put them:")
            for pid, g in sorted(grades.items(), key=lambda kv: (-kv[1], kv[0])):
                if g < 1:
                    continue
                if pid in ranking:
                    sp = run.pairs[cid][ranking.index(pid)]
                    where = (
                        f"rank {ranking.index(pid) + 1} score={sp.score:.3f} [{_components(sp)}]"
                    )
                else:
                    where = "not ranked (excluded)"
                out.append(f"      {pid} g={g} {where}  {titles.get(pid, '')[:45]}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="--held-out is for the final report only: never tune on its figures.",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--slice",
        action="append",
        choices=SLICE_NAMES,
        help="evaluate only this slice (repeatable; default all)",
    )
    parser.add_argument(
        "--held-out",
        action="store_true",
        help="report the held-out candidates instead of the dev ones (final report only)",
    )
    parser.add_argument("--weights", help="override the engine's weights: key=value,key=value")
    parser.add_argument(
        "--with-esco", action="store_true", help="load the engine with ESCO (the CLI's --with-esco)"
    )
    parser.add_argument(
        "--per-candidate",
        nargs="?",
        type=int,
        const=10,
        default=0,
        metavar="N",
        help="list the N worst dev candidates of each slice with their top 5 and qrels",
    )
    parser.add_argument(
        "--bootstrap", type=int, default=BOOTSTRAP_RESAMPLES, metavar="N", help=argparse.SUPPRESS
    )
    parser.add_argument("--devset", type=Path, default=DEVSET_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.held_out and args.per_candidate:
        print(
            "eval: --per-candidate is for dev candidates only, not with --held-out", file=sys.stderr
        )
        return 2
    if args.bootstrap < 100:
        print("eval: --bootstrap needs at least 100 resamples", file=sys.stderr)
        return 2
    names = args.slice or list(SLICE_NAMES)
    try:
        slices = [load_slice(name, args.devset) for name in dict.fromkeys(names)]
        report, runs = build_report(
            slices,
            held_out=args.held_out,
            weights_spec=args.weights,
            with_esco=args.with_esco,
            resamples=args.bootstrap,
        )
    except (DevsetError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        if not args.per_candidate:
            report = {k: v for k, v in report.items() if k != "per_candidate"}
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(format_table(report))
    if args.per_candidate:
        print(format_per_candidate(report, runs, slices, args.per_candidate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
