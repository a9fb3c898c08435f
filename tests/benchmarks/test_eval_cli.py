"""`benchmarks/eval.py` as `make eval` runs it: dev by default, held-out only on request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval as ev

RANKERS = {"engine", "jaccard", "tfidf", "bm25", "tfidf+geo", "bm25+geo"}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = ev.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _without_seconds(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_seconds(v) for k, v in value.items() if k != "seconds"}
    return value


def test_json_reports_dev_figures_with_intervals(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--json", "--slice", "english", "--bootstrap", "300")
    assert status == 0
    report = json.loads(out)
    assert report["subset"] == "dev"
    s = report["slices"]["english"]
    english = ev.load_slice("english")
    assert s["evaluated_candidates"] == len(english.dev_ids)
    assert set(s["rankers"]) == RANKERS
    for row in s["rankers"].values():
        for metric in ev.METRICS:
            cell = row[metric]
            assert 0.0 <= cell["low"] <= cell["mean"] <= cell["high"] <= 1.0
        assert 0.0 < row["hubness@5"] <= 1.0
    for metric in ev.METRICS:
        diff = s["engine_minus_best_baseline"][metric]
        assert diff["baseline"] in {"jaccard", "tfidf", "bm25"}
        assert diff["low"] <= diff["diff"] <= diff["high"]
    assert s["targets"]["pass"] in (True, False)
    assert report["pass"] in (True, False)
    # deterministic apart from the timings
    status, again, _ = _run(capsys, "--json", "--slice", "english", "--bootstrap", "300")
    assert _without_seconds(json.loads(again)) == _without_seconds(report)


def test_held_out_figures_only_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--json", "--held-out", "--slice", "mixed", "--bootstrap", "200")
    assert status == 0
    report = json.loads(out)
    assert report["subset"] == "held-out"
    assert report["slices"]["mixed"]["evaluated_candidates"] == len(
        ev.load_slice("mixed").held_out_ids
    )


def test_table_names_every_slice_and_marks_held_out(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--bootstrap", "200")
    assert status == 0
    for name in ev.SLICE_NAMES:
        assert f"[{name}]" in out
    assert "engine − best" in out and "hub@5" in out
    assert "HELD-OUT" not in out
    status, out, _ = _run(capsys, "--held-out", "--slice", "serbian", "--bootstrap", "200")
    assert status == 0 and "HELD-OUT FIGURES: for the final report only" in out


def test_per_candidate_analysis_is_for_dev_candidates_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "--held-out", "--per-candidate", "3")
    assert status == 2 and "dev candidates only" in err
    status, out, _ = _run(capsys, "--slice", "text", "--per-candidate", "2", "--bootstrap", "200")
    assert status == 0
    held = ev.load_slice("text").held_out
    listed = {line.split()[0] for line in out.splitlines() if line.startswith("tx-c")}
    assert len(listed) == 2 and not listed & held


def test_a_broken_slice_exits_with_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "english").mkdir()
    status, _, err = _run(capsys, "--devset", str(tmp_path), "--slice", "english")
    assert status == 2 and "candidates.jsonl" in err
    status, _, err = _run(capsys, "--weights", "nonsense=1", "--slice", "serbian")
    assert status == 2 and "unknown key" in err
