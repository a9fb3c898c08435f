"""Cold-load cost of the ESCO data (``make bench``): each run is a fresh Python process.

Prints, as the median of ``--repeat`` runs, wall and CPU seconds for importing the engine
package (numpy, scipy, scikit-learn: not the loader's cost), then for reading the files, for
parsing the skills, and for parsing everything (hierarchy, relations, occupations, curated
occupations), and the memory the parsed data holds. Asserts nothing about
time; the engine's target is "well under 1 s" for everything.

    python benchmarks/esco_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import json, resource, time
start = (time.perf_counter(), time.process_time())
import matching.engine  # the package (numpy, scipy, scikit-learn), not the loader's cost
package = (time.perf_counter() - start[0], time.process_time() - start[1])
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
wall, cpu = time.perf_counter(), time.process_time()
from matching.engine.esco import load_esco
esco = load_esco()
opened = (time.perf_counter() - wall, time.process_time() - cpu)
esco.skills
skills = (time.perf_counter() - wall, time.process_time() - cpu)
esco.load_all()
done = (time.perf_counter() - wall, time.process_time() - cpu)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
figures = {"package": package, "opened": opened, "skills": skills, "all": done}
print(json.dumps({**figures, "kib": peak - rss}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    runs = []
    for _ in range(arguments.repeat):
        result = subprocess.run(  # noqa: S603 - our own interpreter and probe
            [sys.executable, "-c", _PROBE],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
        )
        runs.append(json.loads(result.stdout))
    print(f"ESCO cold load, median of {arguments.repeat} fresh processes (wall / CPU):")
    for key, title in (
        ("package", "import matching.engine"),
        ("opened", "then: read the files"),
        ("skills", "+ skills parsed"),
        ("all", "+ everything parsed"),
    ):
        wall = statistics.median(run[key][0] for run in runs)
        cpu = statistics.median(run[key][1] for run in runs)
        print(f"  {title:<22} {wall * 1000:7.0f} ms / {cpu * 1000:7.0f} ms")
    kib = statistics.median(run["kib"] for run in runs)
    print(f"  peak memory added      {kib / 1024:7.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
