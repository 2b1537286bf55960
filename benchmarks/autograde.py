"""Stock `nbgrader autograde` against the aijourney grading engine, on the same submissions.

    .venv/bin/python benchmarks/autograde.py --submissions 100 [--workers 2]

Builds a course in a temporary folder, releases the `b1-ocop` assignment (a small
scikit-learn assignment), submits N ordinary answers (a fixed mix of right, partly right and
wrong ones) through the exchange, collects them, then copies the course twice: one copy is
graded by stock `nbgrader autograde` (one fresh kernel per submission, as instructors run it),
the other by `aijourney grade`. Every grade cell of every submission is compared. Last line:

    RESULT submissions=N stock_s=… engine_s=… speedup=…x identical_scores=yes|no
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ASSIGNMENT = "b1-ocop"
ORDINARY = ["correct", "partial", "strict", "counts", "raises", "blank"]


def grades(course) -> dict[tuple[str, str], float | None]:
    out = {}
    with course.gradebook() as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out[(sub.student.id, g.name)] = g.auto_score
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary courses")
    args = parser.parse_args()

    from aijourney import simulations
    from aijourney.course import Course
    from aijourney.grading.engine import Engine
    from aijourney.simulate import submit_profile

    profiles = simulations.load(ASSIGNMENT).PROFILES
    tmp = Path(tempfile.mkdtemp(prefix="aijourney-bench-"))
    try:
        base = Course(root=tmp / "base" / "course", exchange=tmp / "base" / "exchange")
        base.release(ASSIGNMENT)
        mix = itertools.cycle(ORDINARY)
        for i in range(args.submissions):
            submit_profile(base, ASSIGNMENT, f"hv{i:04d}", profiles[next(mix)], tmp / "homes")
        base.collect(ASSIGNMENT)
        print(f"{args.submissions} submissions collected", flush=True)

        copies = {}
        for name in ("stock", "engine"):
            shutil.copytree(tmp / "base", tmp / name)
            copies[name] = Course(root=tmp / name / "course", exchange=tmp / name / "exchange")
            copies[name].write_nbgrader_config()

        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], cwd=copies["stock"].root,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stock_s = time.perf_counter() - start
        print(f"stock nbgrader autograde: {stock_s:.1f} s", flush=True)

        start = time.perf_counter()
        Engine(copies["engine"], workers=args.workers, progress=False).grade(ASSIGNMENT)
        engine_s = time.perf_counter() - start
        print(f"aijourney grade: {engine_s:.1f} s", flush=True)

        stock, engine = grades(copies["stock"]), grades(copies["engine"])
        differ = sorted(k for k in stock.keys() | engine.keys() if stock.get(k) != engine.get(k))
        for key in differ[:10]:
            print(f"  differs: {key}: stock={stock.get(key)} engine={engine.get(key)}")
        identical = not differ and len(stock) == args.submissions * 3
        print(f"RESULT submissions={args.submissions} stock_s={stock_s:.1f} engine_s={engine_s:.1f} "
              f"speedup={stock_s / engine_s:.1f}x identical_scores={'yes' if identical else 'no'}")
        return 0 if identical else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
