"""Matching quality on the labelled dev set: nDCG@5, MRR and recall@10.

    .venv/bin/python benchmarks/eval.py                      # the table (what `make eval` runs)
    .venv/bin/python benchmarks/eval.py --json               # machine-readable
    .venv/bin/python benchmarks/eval.py --per-candidate 15   # the 15 worst candidates, for
                                                             # error analysis
    .venv/bin/python benchmarks/eval.py --weights skills=0.6,text=0.1

Rankers: the engine (`MatchingEngine.rank(..., top_k=None, by="candidate")`) and the two
baselines of `benchmarks/baselines.py` (token Jaccard, whole-text TF-IDF cosine). For every
candidate each ranker orders the placements; the engine leaves out pairs a hard constraint
excludes, and those count as not retrieved (as if ranked after every placement, beyond any
cut-off). Metrics, averaged over candidates:

* nDCG@5: gain 2^grade − 1, discount log2(rank + 1), normalised by the ideal DCG@5 of the
  candidate's qrels;
* MRR: 1 / rank of the first placement graded ≥ 2 (0 when none is retrieved);
* recall@10: share of the placements graded ≥ 2 that are in the top 10.

Targets: engine nDCG@5 ≥ 0.95 and above the best baseline. The output is deterministic except
for the wall-clock "seconds" column. This is a report, not a test: the
exit code is 0 whatever the numbers, 2 only when the dev set cannot be loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.baselines import BASELINES  # noqa: E402

DEVSET_DIR = REPO_ROOT / "benchmarks" / "devset"
DATA_DIR = REPO_ROOT / "matching" / "data"

NDCG_K = 5
RECALL_K = 10
RELEVANT_GRADE = 2  # grade ≥ 2 counts as relevant for MRR and recall
TARGET_NDCG = 0.95
METRICS = ("ndcg@5", "mrr", "recall@10")

Qrels = dict[str, dict[str, int]]  # candidate id → placement id → grade
Ranking = dict[str, list[str]]  # candidate id → placement ids, best first


class DevsetError(Exception):
    """The dev set cannot be loaded."""


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


# ---------------------------------------------------------------------------
# Dev set
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


@dataclasses.dataclass(frozen=True)
class Devset:
    candidates: list[dict[str, Any]]
    placements: list[dict[str, Any]]
    qrels: Qrels
    directory: Path

    @property
    def candidate_ids(self) -> list[str]:
        return [str(c["id"]) for c in self.candidates]


def load_devset(directory: Path = DEVSET_DIR) -> Devset:
    candidates = load_jsonl(directory / "candidates.jsonl")
    placements = load_jsonl(directory / "placements.jsonl")
    qrels = load_qrels(directory / "qrels.tsv")
    cids = {str(c["id"]) for c in candidates}
    pids = {str(p["id"]) for p in placements}
    for cid, grades in qrels.items():
        if cid not in cids:
            raise DevsetError(f"qrels.tsv: unknown candidate {cid}")
        for pid in grades:
            if pid not in pids:
                raise DevsetError(f"qrels.tsv: unknown placement {pid} (candidate {cid})")
    return Devset(candidates, placements, qrels, directory)


# ---------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class EngineRun:
    rankings: Ranking
    pairs: dict[str, list[Any]]  # candidate id → ScoredPair list, best first
    seconds: float
    weights: dict[str, float]
    engine: Any
    candidates: dict[str, Any]  # id → Candidate dataclass
    placements: dict[str, Any]  # id → Placement dataclass


def parse_weights(spec: str | None) -> dict[str, float]:
    """`key=value,key=value` → dict; keys are checked against `Weights` when it is built."""
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


def run_engine(devset: Devset, overrides: Mapping[str, float]) -> EngineRun:
    """Rank every placement for every candidate with the engine. ImportError when it is absent."""
    from matching.engine import MatchingEngine, Weights
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer
    from matching.engine.taxonomy import load_taxonomy

    fields = {f.name for f in dataclasses.fields(Weights)}
    unknown = sorted(set(overrides) - fields)
    if unknown:
        raise ValueError(f"--weights: unknown key(s) {', '.join(unknown)}; known: {sorted(fields)}")
    weights = dataclasses.replace(Weights(), **overrides)
    gazetteer = Gazetteer.default()
    candidates = read_candidates(devset.directory / "candidates.jsonl", gazetteer)
    placements = read_placements(devset.directory / "placements.jsonl", gazetteer)
    engine = MatchingEngine(taxonomy=load_taxonomy(DATA_DIR), gazetteer=gazetteer, weights=weights)
    started = time.perf_counter()
    ranked = engine.rank(candidates, placements, top_k=None, by="candidate")
    seconds = time.perf_counter() - started
    pairs = {c.id: list(ranked.get(c.id, [])) for c in candidates}
    rankings = {cid: [sp.placement_id for sp in sps] for cid, sps in pairs.items()}
    return EngineRun(
        rankings=rankings,
        pairs=pairs,
        seconds=seconds,
        weights=dataclasses.asdict(weights),
        engine=engine,
        candidates={c.id: c for c in candidates},
        placements={p.id: p for p in placements},
    )


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def build_report(
    devset: Devset, weights_spec: str | None
) -> tuple[dict[str, Any], EngineRun | None]:
    cids = devset.candidate_ids
    rankers: dict[str, dict[str, Any]] = {}
    per: dict[str, dict[str, dict[str, float]]] = {}
    engine_run: EngineRun | None = None
    engine_error: str | None = None
    try:
        engine_run = run_engine(devset, parse_weights(weights_spec))
    except ImportError as exc:
        engine_error = f"engine not importable: {exc}"
    if engine_run is not None:
        means, per["engine"] = evaluate(engine_run.rankings, devset.qrels, cids)
        rankers["engine"] = {**means, "seconds": round(engine_run.seconds, 4)}
    baselines: dict[str, Callable[..., Ranking]] = dict(BASELINES)
    for name, ranker in baselines.items():
        started = time.perf_counter()
        ranking = ranker(devset.candidates, devset.placements)
        seconds = time.perf_counter() - started
        means, per[name] = evaluate(ranking, devset.qrels, cids)
        rankers[name] = {**means, "seconds": round(seconds, 4)}

    best_name = max(baselines, key=lambda n: (rankers[n]["ndcg@5"], n))
    best = rankers[best_name]["ndcg@5"]
    targets: dict[str, Any] = {"ndcg@5_min": TARGET_NDCG, "best_baseline": best_name}
    if "engine" in rankers:
        engine_ndcg = rankers["engine"]["ndcg@5"]
        targets["engine_ndcg@5_at_least_target"] = engine_ndcg >= TARGET_NDCG
        targets["engine_ahead_of_best_baseline"] = engine_ndcg > best
        targets["pass"] = engine_ndcg >= TARGET_NDCG and engine_ndcg > best
    else:
        targets["pass"] = None
    n_judged = sum(len(g) for g in devset.qrels.values())
    n_relevant = sum(1 for g in devset.qrels.values() for v in g.values() if v >= RELEVANT_GRADE)
    report: dict[str, Any] = {
        "devset": {
            "candidates": len(devset.candidates),
            "placements": len(devset.placements),
            "judged_pairs": n_judged,
            "relevant_pairs": n_relevant,
        },
        "rankers": {
            name: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in row.items()}
            for name, row in rankers.items()
        },
        "targets": targets,
        "per_candidate": per,
    }
    if engine_run is not None:
        report["weights"] = engine_run.weights
    if engine_error:
        report["engine_error"] = engine_error
    return report, engine_run


def format_table(report: Mapping[str, Any]) -> str:
    ds = report["devset"]
    lines = [
        f"dev set: {ds['candidates']} candidates × {ds['placements']} placements, "
        f"{ds['judged_pairs']} judged pairs ({ds['relevant_pairs']} graded ≥ {RELEVANT_GRADE})",
        "",
        f"{'ranker':<10}{'nDCG@5':>9}{'MRR':>9}{'recall@10':>11}{'seconds':>10}",
        "-" * 49,
    ]
    for name, row in report["rankers"].items():
        lines.append(
            f"{name:<10}{row['ndcg@5']:>9.4f}{row['mrr']:>9.4f}{row['recall@10']:>11.4f}"
            f"{row['seconds']:>10.3f}"
        )
    if "engine_error" in report:
        lines.append(f"engine    —  {report['engine_error']}")
    t = report["targets"]
    best = t["best_baseline"]
    best_ndcg = report["rankers"][best]["ndcg@5"]
    lines.append("")
    if t["pass"] is None:
        lines.append("targets: not evaluated (no engine)")
    else:
        engine_ndcg = report["rankers"]["engine"]["ndcg@5"]
        ok1 = "PASS" if t["engine_ndcg@5_at_least_target"] else "MISS"
        ok2 = "PASS" if t["engine_ahead_of_best_baseline"] else "MISS"
        lines.append(f"{ok1}  engine nDCG@5 {engine_ndcg:.4f} ≥ {TARGET_NDCG}")
        lines.append(
            f"{ok2}  engine nDCG@5 {engine_ndcg:.4f} > best baseline ({best} {best_ndcg:.4f})"
        )
    return "\n".join(lines)


def _fmt_components(components: Mapping[str, float]) -> str:
    return " ".join(f"{k[:4]}={v:.2f}" for k, v in components.items())


def format_per_candidate(report: Mapping[str, Any], run: EngineRun, devset: Devset, n: int) -> str:
    """The n worst candidates by engine nDCG@5: engine top 5 and the qrels with engine ranks."""
    per = report["per_candidate"]["engine"]
    titles = {str(p["id"]): str(p.get("title", "")) for p in devset.placements}
    raw = {str(c["id"]): c for c in devset.candidates}
    worst = sorted(per, key=lambda cid: (per[cid]["ndcg@5"], per[cid]["mrr"], cid))[:n]
    out: list[str] = []
    for cid in worst:
        m = per[cid]
        c = raw[cid]
        edu = (c.get("education") or {}).get("level")
        out.append(
            f"\n{cid}  nDCG@5={m['ndcg@5']:.3f} MRR={m['mrr']:.3f} R@10={m['recall@10']:.2f}  "
            f"| {c.get('municipality')} commute={c.get('max_commute_km')} "
            f"relocate={c.get('willing_to_relocate')} seeking={','.join(c.get('seeking') or [])} "
            f"edu={edu}"
        )
        out.append(f"    skills: {json.dumps(c.get('skills'), ensure_ascii=False)}")
        grades = devset.qrels.get(cid, {})
        ranking = run.rankings.get(cid, [])
        out.append("    engine top 5:")
        for rank, sp in enumerate(run.pairs.get(cid, [])[:5], start=1):
            e = sp.explanation
            km = "?" if e.distance_km is None else f"{e.distance_km:.0f}"
            out.append(
                f"      {rank}. {sp.placement_id} g={grades.get(sp.placement_id, 0)} "
                f"score={sp.score:.3f} [{_fmt_components(e.components)}] "
                f"{e.location_tier} {km}km"
                f"  {titles.get(sp.placement_id, '')[:45]}"
            )
        out.append("    qrels (grade ≥ 1) and where the engine put them:")
        for pid, g in sorted(grades.items(), key=lambda kv: (-kv[1], kv[0])):
            if g < 1:
                continue
            if pid in ranking:
                sp = run.pairs[cid][ranking.index(pid)]
                e = sp.explanation
                where = (
                    f"rank {ranking.index(pid) + 1} score={sp.score:.3f} "
                    f"[{_fmt_components(e.components)}] {e.location_tier}"
                )
                missing = ", ".join(e.missing_required)
                if missing:
                    where += f" missing: {missing}"
            else:
                one = run.engine.score_one(run.candidates[cid], run.placements[pid])
                where = f"EXCLUDED {', '.join(one.explanation.excluded)}"
            out.append(f"      {pid} g={g} {where}  {titles.get(pid, '')[:45]}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--weights", help="override Weights fields: key=value,key=value")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--per-candidate",
        nargs="?",
        type=int,
        const=10,
        default=0,
        metavar="N",
        help="list the N worst candidates (engine nDCG@5) with their top 5 and qrels (default 10)",
    )
    parser.add_argument("--devset", type=Path, default=DEVSET_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        devset = load_devset(args.devset)
        report, run = build_report(devset, args.weights)
    except (DevsetError, ValueError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        if not args.per_candidate:
            report = {k: v for k, v in report.items() if k != "per_candidate"}
        print(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False))
        return 0
    print(format_table(report))
    if args.per_candidate:
        if run is None:
            print("\n(per-candidate analysis needs the engine)")
        else:
            print(format_per_candidate(report, run, devset, args.per_candidate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
