"""Smoke test: `benchmarks/bench.py --quick` runs end to end and prints every figure.

No timing is asserted: machines differ, and the quick run is far below the target size.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import FIGURES

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_quick_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--quick", "--out", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr

    printed = done.stdout.splitlines()
    for label, _unit, target in FIGURES.values():
        (line,) = [row for row in printed if row.startswith(label + " ")]
        if target is not None:
            assert line.rstrip().endswith(("PASS", "MISS")), line
        assert "n/a" not in line, line

    document = json.loads(out.read_text(encoding="utf-8"))
    assert [figure["key"] for figure in document["figures"]] == list(FIGURES)
    assert all(isinstance(figure["value"], int | float) for figure in document["figures"])
    assert document["params"]["candidates"] == 1000
    assert document["params"]["placements"] == 200
