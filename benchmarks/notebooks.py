"""Execute every lesson and every assignment's source (solution) notebook; print wall time and
peak memory of each, then one RESULT line.

    .venv/bin/python benchmarks/notebooks.py            # all notebooks
    .venv/bin/python benchmarks/notebooks.py PATH ...   # some notebooks

Budgets (issue: basic track): each notebook ≤ 60 s and ≤ 1.5 GB peak RSS, the whole course
≤ 10 minutes on 2 cores. Each notebook runs in a fresh helper process with a fresh kernel;
peak RSS is the larger of the kernel's and the helper's (``getrusage`` of the process tree).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUDGET_WALL_S = 60.0
BUDGET_RSS_MB = 1536.0
BUDGET_TOTAL_S = 600.0


def all_notebooks() -> list[Path]:
    lessons = sorted((REPO / "notebooks").rglob("*.ipynb"))
    sources = sorted((REPO / "assignments" / "source").rglob("*.ipynb"))
    return [p for p in lessons + sources if ".ipynb_checkpoints" not in p.parts]


def run_one(path: Path) -> None:
    """In the helper process: execute ``path`` and print a JSON line with the measurements."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    error = ""
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    except Exception as exc:  # report, do not hide: the RESULT line says how many failed
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    wall = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB (Linux)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_s": wall, "kernel_rss_mb": kids, "client_rss_mb": own, "error": error}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return 0

    paths = [p.resolve() for p in args.paths] or all_notebooks()
    rows, failed = [], 0
    total_start = time.perf_counter()
    for path in paths:
        out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True)
        try:
            m = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            m = {"wall_s": 0.0, "kernel_rss_mb": 0.0, "client_rss_mb": 0.0, "error": out.stderr.strip()[-300:]}
        rss = max(m["kernel_rss_mb"], m["client_rss_mb"])
        ok = not m["error"] and m["wall_s"] <= BUDGET_WALL_S and rss <= BUDGET_RSS_MB
        failed += not ok
        rows.append((path, m["wall_s"], rss))
        status = "ok" if ok else ("ERROR " + m["error"] if m["error"] else "OVER BUDGET")
        print(f"{path.relative_to(REPO)}  wall_s={m['wall_s']:.1f}  peak_rss_mb={rss:.0f}  {status}", flush=True)
    total = time.perf_counter() - total_start
    max_wall = max((r[1] for r in rows), default=0.0)
    max_rss = max((r[2] for r in rows), default=0.0)
    within = failed == 0 and total <= BUDGET_TOTAL_S
    print(f"budgets: each <= {BUDGET_WALL_S:.0f} s and <= {BUDGET_RSS_MB:.0f} MB, total <= {BUDGET_TOTAL_S:.0f} s: "
          f"{'met' if within else 'NOT met'}")
    print(f"RESULT notebooks={len(rows)} max_wall_s={max_wall:.1f} max_rss_mb={max_rss:.0f} total_wall_s={total:.1f}")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
