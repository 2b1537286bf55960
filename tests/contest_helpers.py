"""A small contest on disk for the contest tests: definition, organiser's truth, exchange, a trainee's home."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from aijourney.contest.definition import TIME_ZONE
from aijourney.contest.organiser import Site, setup

CLASSES = ["cao", "thap", "vua"]


def definition(**change) -> dict:
    raw = {
        "title": "Thi thử", "rules": "Nộp tối đa 3 lần mỗi ngày.", "metric": "macro_f1", "classes": CLASSES,
        "id_column": "ma", "target_column": "nhom", "public_share": 0.4,
        "limits": {"per_day": 3, "total": 5},
        "start": (dt.datetime.now(TIME_ZONE) - dt.timedelta(days=1)).isoformat(),
        "deadline": (dt.datetime.now(TIME_ZONE) + dt.timedelta(days=1)).isoformat(),
    }
    raw.update(change)
    return raw


def make_site(tmp: Path, contest_id: str = "thi-thu", n: int = 50, seed: int = 0, **change) -> Site:
    """Set a contest up from organiser files (truth + public test) and return it."""
    raw = definition(**change)
    folder = tmp / "contests" / contest_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    rng = np.random.default_rng(seed)
    ids = [f"M{i:04d}" for i in range(n)]
    target = raw["target_column"]
    if raw.get("classes"):
        values = rng.choice(raw["classes"], size=n)
    elif raw["metric"] == "roc_auc":
        values = rng.integers(0, 2, size=n)
    else:
        values = np.round(rng.normal(50, 10, size=n), 6)
    files = tmp / "organiser-files"
    files.mkdir(exist_ok=True)
    pd.DataFrame({"ma": ids, target: values}).to_csv(files / f"{contest_id}-truth.csv", index=False)
    pd.DataFrame({"ma": ids, "x": rng.normal(size=n)}).to_csv(files / f"{contest_id}-test.csv", index=False)
    site = Site.open(folder, tmp / "exchange", "khoa-hoc", tmp / "store")
    setup(site, folder, truth=files / f"{contest_id}-truth.csv", test=files / f"{contest_id}-test.csv")
    return site


def truth_of(site: Site) -> pd.DataFrame:
    return pd.read_csv(site.store.truth, dtype=str, keep_default_na=False)


def as_trainee(monkeypatch, site: Site, home: Path, login: str) -> None:
    """Make this process look like ``login``'s notebook on the site (exchange, course, home, hub user)."""
    home.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("AIJOURNEY_EXCHANGE", str(site.exchange.root))
    monkeypatch.setenv("AIJOURNEY_COURSE", site.exchange.course_id)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JUPYTERHUB_USER", login)


def perfect(site: Site) -> pd.DataFrame:
    truth = truth_of(site)
    return truth[[site.contest.id_column, site.contest.target_column]]
