"""Command line for the matching engine: ``python -m matching rank|allocate`` (no Django).

    python -m matching rank --candidates C.jsonl --placements P.jsonl [--top K|all]
                            [--by candidate|placement] [--with-esco]
    python -m matching allocate --candidates C.jsonl --placements P.jsonl
                                [--method optimal|stable] [--min-score X] [--with-esco]

Input is JSON Lines, one candidate or placement per line (``matching/engine/jsonio.py`` and
``docs/schemas/candidate.schema.json``, ``placement.schema.json``); ``-`` reads standard input.
``rank`` writes one JSON object per line (``docs/schemas/rank-output.schema.json``);
``allocate`` writes one JSON object (``docs/schemas/allocate-output.schema.json``). Ids are
written back with the JSON type they came in with; scores are rounded to 4 decimal places.

Both files are read and checked completely before anything is written, so bad input never leaves
partial output: it exits with status 2 and one line on standard error naming the file, the line
and the field, e.g. ``candidates.jsonl:7: field "education.level": must be an integer 1-8, got
"high"``. Usage errors also exit with 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TextIO

from matching.engine import (
    AllocationResult,
    Candidate,
    MatchingEngine,
    Placement,
    ScoredPair,
    Weights,
    explanation_to_dict,
)
from matching.engine.jsonio import InputError, JsonId, read_candidates, read_placements
from matching.engine.places import Gazetteer
from matching.engine.taxonomy import load_taxonomy

EXIT_OK = 0
EXIT_BAD_INPUT = 2
SCORE_DECIMALS = 4
DEFAULT_TOP = 10
DEFAULT_MIN_SCORE = 0.3


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    pass


def _top(value: str) -> int | None:
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'must be a positive integer or "all", got {value!r}'
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f'must be a positive integer or "all", got {value!r}')
    return number


def _share(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number 0-1, got {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number 0-1, got {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching",
        description="Match candidates with internships and jobs (Spona matching engine).",
        epilog=(
            "Input: JSON Lines, one object per line (docs/schemas/).\n"
            "Exit status: 0 done; 2 bad input or usage (message on stderr, nothing on stdout)."
        ),
        formatter_class=_HelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--candidates",
            required=True,
            metavar="FILE",
            help="JSON Lines; - for stdin",
        )
        sub.add_argument(
            "--placements",
            required=True,
            metavar="FILE",
            help="JSON Lines; - for stdin",
        )
        sub.add_argument(
            "--with-esco",
            action="store_true",
            help="also match against ESCO's ~14,000 skill labels (slower; default: curated only)",
        )

    rank = commands.add_parser(
        "rank",
        help="best placements for each candidate (or best candidates for each placement)",
        description=(
            "One JSON object per line, in input order: "
            '{"candidate": ID, "matches": [{"placement": ID, "score": S, "explanation": {...}}]}, '
            "best first. Pairs excluded by a hard constraint are not listed; every candidate "
            "gets a line, even with no matches. With --by placement the roles swap."
        ),
    )
    common(rank)
    rank.add_argument(
        "--top",
        type=_top,
        default=DEFAULT_TOP,
        metavar="K|all",
        help=f"matches per line (default {DEFAULT_TOP}); 'all' lists every eligible pair",
    )
    rank.add_argument(
        "--by",
        choices=("candidate", "placement"),
        default="candidate",
        help="one line per candidate (default) or per placement",
    )

    allocate = commands.add_parser(
        "allocate",
        help="assign candidates to placement slots for a whole cohort",
        description=(
            'One JSON object: {"method", "assignments": [{"candidate", "placement", "score"}], '
            '"total_score", "unassigned_candidates": [...], "open_slots": {ID: N}}. Each '
            "candidate gets at most one placement, each placement at most its slots."
        ),
    )
    common(allocate)
    allocate.add_argument(
        "--method",
        choices=("optimal", "stable"),
        default="optimal",
        help="optimal: highest total score (default); stable: no candidate and placement "
        "would both rather have each other (uses 'preferences', else scores)",
    )
    allocate.add_argument(
        "--min-score",
        type=_share,
        default=DEFAULT_MIN_SCORE,
        metavar="X",
        help=f"assign only pairs scoring at least X, 0-1 (default {DEFAULT_MIN_SCORE})",
    )
    return parser


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


def _lines_of(path: str, stdin: TextIO) -> str | Iterable[str]:
    return stdin if path == "-" else path


def _source(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _read_inputs(
    args: argparse.Namespace, gazetteer: Gazetteer
) -> tuple[list[Candidate], list[Placement], dict[str, JsonId], dict[str, JsonId]]:
    if args.candidates == "-" and args.placements == "-":
        raise InputError("<stdin>", 0, None, "only one of --candidates/--placements can be '-'")
    candidate_ids: dict[str, JsonId] = {}
    placement_ids: dict[str, JsonId] = {}
    candidates = read_candidates(
        _lines_of(args.candidates, sys.stdin),
        gazetteer,
        source_name=_source(args.candidates),
        original_ids=candidate_ids,
    )
    placements = read_placements(
        _lines_of(args.placements, sys.stdin),
        gazetteer,
        source_name=_source(args.placements),
        original_ids=placement_ids,
    )
    return candidates, placements, candidate_ids, placement_ids


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def rounded(value: Any, decimals: int = SCORE_DECIMALS) -> Any:
    """``value`` with every float (in nested dicts, lists and tuples) rounded."""
    if isinstance(value, float):
        return round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, dict):
        return {key: rounded(item, decimals) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item, decimals) for item in value]
    return value


# Valid in JSON strings, but line breaks to str.splitlines and older JavaScript: escaped, so that
# a consumer splitting on any of them still sees one object per line.
_LINE_BREAK_ESCAPES = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def dumps(value: Any) -> str:
    """Compact UTF-8 JSON on one line (U+0085, U+2028 and U+2029 escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_LINE_BREAK_ESCAPES)


def _rank_lines(
    engine: MatchingEngine,
    candidates: list[Candidate],
    placements: list[Placement],
    candidate_ids: dict[str, JsonId],
    placement_ids: dict[str, JsonId],
    *,
    top: int | None,
    by: Literal["candidate", "placement"],
) -> list[str]:
    ranked: dict[str, list[ScoredPair]] = engine.rank(candidates, placements, top_k=top, by=by)
    lines: list[str] = []
    if by == "placement":
        for placement in placements:
            matches = [
                {
                    "candidate": candidate_ids[pair.candidate_id],
                    "score": round(pair.score, SCORE_DECIMALS) + 0.0,
                    "explanation": rounded(explanation_to_dict(pair.explanation)),
                }
                for pair in ranked.get(placement.id, [])
            ]
            lines.append(dumps({"placement": placement_ids[placement.id], "matches": matches}))
    else:
        for candidate in candidates:
            matches = [
                {
                    "placement": placement_ids[pair.placement_id],
                    "score": round(pair.score, SCORE_DECIMALS) + 0.0,
                    "explanation": rounded(explanation_to_dict(pair.explanation)),
                }
                for pair in ranked.get(candidate.id, [])
            ]
            lines.append(dumps({"candidate": candidate_ids[candidate.id], "matches": matches}))
    return lines


def allocation_to_dict(
    result: AllocationResult,
    candidates: Sequence[Candidate],
    placements: Sequence[Placement],
    candidate_ids: dict[str, JsonId],
    placement_ids: dict[str, JsonId],
) -> dict[str, Any]:
    """The ``allocate`` output: assignments and unassigned in candidate input order, open slots
    in placement input order (only placements with a slot left)."""
    order = {candidate.id: position for position, candidate in enumerate(candidates)}
    assignments = sorted(result.assignments, key=lambda a: (order[a.candidate_id], a.placement_id))
    assigned = {a.candidate_id for a in assignments}
    filled: dict[str, int] = {}
    for assignment in assignments:
        filled[assignment.placement_id] = filled.get(assignment.placement_id, 0) + 1
    open_slots: dict[str, int] = {}
    for placement in placements:
        left = placement.slots - filled.get(placement.id, 0)
        if left > 0:
            open_slots[str(placement_ids[placement.id])] = left
    return {
        "method": result.method,
        "assignments": [
            {
                "candidate": candidate_ids[a.candidate_id],
                "placement": placement_ids[a.placement_id],
                "score": round(a.score, SCORE_DECIMALS) + 0.0,
            }
            for a in assignments
        ],
        "total_score": round(result.total_score, SCORE_DECIMALS) + 0.0,
        "unassigned_candidates": [candidate_ids[c.id] for c in candidates if c.id not in assigned],
        "open_slots": open_slots,
    }


def _write(text: str, stream: TextIO) -> None:
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def make_engine(*, with_esco: bool = False) -> MatchingEngine:
    """The engine with the shipped taxonomy (curated, or with ESCO) and gazetteer."""
    return MatchingEngine(
        taxonomy=load_taxonomy(include_esco=with_esco),
        gazetteer=Gazetteer.default(),
        weights=Weights(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input or usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT

    try:
        candidates, placements, candidate_ids, placement_ids = _read_inputs(
            args, Gazetteer.default()
        )
    except InputError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT

    engine = make_engine(with_esco=args.with_esco)
    if args.command == "rank":
        lines = _rank_lines(
            engine,
            candidates,
            placements,
            candidate_ids,
            placement_ids,
            top=args.top,
            by=args.by,
        )
        text = "".join(line + "\n" for line in lines)
    else:
        result = engine.allocate(
            candidates, placements, method=args.method, min_score=args.min_score
        )
        output = allocation_to_dict(result, candidates, placements, candidate_ids, placement_ids)
        text = dumps(output) + "\n"

    try:
        _write(text, sys.stdout)
    except BrokenPipeError:  # e.g. `| head`: the reader has gone, which is not an error here
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK
