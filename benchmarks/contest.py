"""Contest scoring speed: many synthetic entries in a real inbox, scored by the real scorer.

    .venv/bin/python benchmarks/contest.py --submissions 10000 --rows 2000
    .venv/bin/python benchmarks/contest.py --minigame --submissions 10000

Table contest: a 3-class macro-F1 contest with ``--rows`` test ids; every entry is a CSV file written into
the inbound folder beforehand (not timed), from ``--trainees`` trainees. The timed part is one
``score_new`` run: list, read, check, score (public and private), record, write every result file.
Minigame: each entry is an assistant's settings (a realistic mix, ``minigame.random_settings``) scored on
the hidden questions. Target (issue: contests): ≤ 60 s for 10,000 entries on 2 cores.

The baseline, measured in the same run: for a table contest, reading the same files with ``pandas.read_csv``
alone; for the minigame, ``minigame.outcomes`` alone on the same settings (the hidden questions answered by
every assistant, with no files and no bookkeeping). ``vs_baseline`` is the scorer's time over the baseline's.
Last line: ``RESULT submissions=… rows=… seconds=… per_second=… vs_baseline=…``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from aijourney.contest.definition import TIME_ZONE
from aijourney.contest.entries import EntryKind, entry_name
from aijourney.contest.organiser import Site, setup
from aijourney.contest.scorer import score_new
from aijourney.contest.store import EntryStatus

TARGET_S = 60.0


def _contest(folder: Path, minigame: bool) -> None:
    now = dt.datetime.now(TIME_ZONE)
    raw = {"title": "Đo tốc độ", "rules": "Đo tốc độ chấm.", "id_column": "ma",
           "public_share": 0.3, "limits": {"per_day": 100000, "total": 100000},
           "start": (now - dt.timedelta(days=1)).isoformat(), "deadline": (now + dt.timedelta(days=1)).isoformat()}
    if minigame:
        raw.update(metric="hit_rate_at_k", k=3, kind="assistant", target_column="dap_an", generator="minigame")
    else:
        raw.update(metric="macro_f1", classes=["a", "b", "c"], target_column="nhom")
    folder.mkdir(parents=True)
    (folder / "contest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")


def _table_site(tmp: Path, rows: int, submissions: int, trainees: int) -> Site:
    folder = tmp / "contests" / "toc-do"
    _contest(folder, minigame=False)
    rng = np.random.default_rng(0)
    ids = [f"M{i:05d}" for i in range(rows)]
    truth = pd.DataFrame({"ma": ids, "nhom": rng.choice(["a", "b", "c"], rows)})
    truth.to_csv(tmp / "truth.csv", index=False)
    truth[["ma"]].to_csv(tmp / "test.csv", index=False)
    site = Site.open(folder, tmp / "exchange", "khoa", tmp / "store")
    setup(site, folder, truth=tmp / "truth.csv", test=tmp / "test.csv")
    for i in range(submissions):
        guess = truth["nhom"].where(rng.random(rows) < rng.random(), rng.choice(["a", "b", "c"], rows))
        data = pd.DataFrame({"ma": ids, "nhom": guess}).to_csv(index=False).encode()
        (site.exchange.inbound / entry_name(f"tv{i % trainees:05d}", EntryKind.TABLE)).write_bytes(data)
    return site


def _minigame_site(tmp: Path, submissions: int, trainees: int) -> Site:
    from aijourney.contest.minigame import random_settings, to_json

    folder = tmp / "contests" / "tro-ly"
    _contest(folder, minigame=True)
    site = Site.open(folder, tmp / "exchange", "khoa", tmp / "store")
    setup(site, folder)
    for i, settings in enumerate(random_settings(submissions, seed=0)):
        data = to_json(settings).encode()
        (site.exchange.inbound / entry_name(f"tv{i % trainees:05d}", EntryKind.SETTINGS)).write_bytes(data)
    return site


def _baseline(site: Site, submissions: int) -> float:
    if site.contest.generator == "minigame":
        from aijourney.contest.minigame import outcomes, random_settings

        settings = random_settings(submissions, seed=0)
        hidden = pd.read_csv(site.store.truth, dtype=str, keep_default_na=False)
        started = time.perf_counter()
        outcomes(settings, hidden, k=site.contest.k)
        return time.perf_counter() - started
    started = time.perf_counter()
    for path in site.exchange.inbound.iterdir():
        pd.read_csv(path, dtype=str)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=10000)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--trainees", type=int, default=2000)
    parser.add_argument("--minigame", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="contest-bench-"))
    try:
        build = time.perf_counter()
        site = _minigame_site(tmp, args.submissions, args.trainees) if args.minigame \
            else _table_site(tmp, args.rows, args.submissions, args.trainees)
        print(f"prepared {args.submissions} entries in {time.perf_counter() - build:.1f} s", file=sys.stderr)
        baseline = _baseline(site, args.submissions)
        started = time.perf_counter()
        report = score_new(site.contest, site.exchange, site.store)
        seconds = time.perf_counter() - started
        scored = report.recorded[EntryStatus.SCORED]
        assert scored == args.submissions, report.line()
        rows = len(pd.read_csv(site.store.truth))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"scored {scored} entries in {seconds:.1f} s (target ≤ {TARGET_S:.0f} s); "
          f"baseline: {baseline:.1f} s", file=sys.stderr)
    print(f"RESULT submissions={scored} rows={rows} seconds={seconds:.1f} per_second={scored / seconds:.0f} "
          f"vs_baseline={seconds / baseline:.2f}")
    return 0 if seconds <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
