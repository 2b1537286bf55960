"""The contests shipped with the course, as a trainee meets them: the organiser sets each one up (the truth
generated with a secret seed into the store), the trainee runs the starter notebook top to bottom in a real
kernel, the entry arrives, the organiser scores it, and the baseline beats always-the-majority-class."""

import datetime as dt
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from nbclient import NotebookClient

from aijourney.contest.definition import TIME_ZONE
from aijourney.contest.metrics import score as metric_score
from aijourney.contest.organiser import Site, score, setup
from aijourney.contest.scorer import Truth
from aijourney.contest.store import EntryStatus, Store
from contest_helpers import as_trainee

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def open_copy(tmp: Path, contest_id: str) -> Path:
    """The shipped definition, with dates moved so that the contest is open now."""
    folder = tmp / "contests" / contest_id
    shutil.copytree(REPO / "contests" / contest_id, folder)
    raw = yaml.safe_load((folder / "contest.yaml").read_text("utf-8"))
    now = dt.datetime.now(TIME_ZONE)
    raw.update(start=(now - dt.timedelta(hours=1)).isoformat(), deadline=(now + dt.timedelta(days=1)).isoformat())
    (folder / "contest.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    return folder


def run_starter(folder: Path, cwd: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(folder / "bat-dau.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def text_of(nb) -> str:
    return "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.parametrize("contest_id", ["co-ban", "cam-xuc"])
def test_a_trainee_runs_the_starter_and_the_baseline_scores(tmp_path, monkeypatch, contest_id):
    folder = open_copy(tmp_path, contest_id)
    site = Site.open(folder, tmp_path / "exchange", "khoa-hoc", tmp_path / "store")
    setup(site, folder)
    assert not any(site.contest.target_column in pd.read_csv(p).columns
                   for p in [site.exchange.public / "test.csv"])
    as_trainee(monkeypatch, site, tmp_path / "home", "lan")
    nb = run_starter(folder, tmp_path)
    shown = text_of(nb)
    assert "Đã gửi bài" in shown and "Đang chờ chấm" in shown
    assert score(site).recorded[EntryStatus.SCORED] == 1
    with Store(site.store.database) as store:
        (entry,) = store.entries("lan")
    truth = Truth.load(site.contest, site.store)
    majority = pd.Series(truth.values).mode()[0]  # always the most common class of the truth: a generous baseline
    floor = metric_score(site.contest.metric, truth.values[truth.public],
                         pd.Series([majority] * truth.public.sum()).to_numpy(dtype=object), site.contest.classes)
    assert entry.public_score > floor + 0.1, (entry.public_score, floor)


def test_the_minigame_starter_sends_an_assistant_that_beats_a_timid_one(tmp_path, monkeypatch):
    folder = open_copy(tmp_path, "tro-ly-ao")
    site = Site.open(folder, tmp_path / "exchange", "khoa-hoc", tmp_path / "store")
    setup(site, folder)
    assert sorted(p.name for p in site.exchange.public.iterdir()) == ["contest.yaml"]  # the questions stay hidden
    as_trainee(monkeypatch, site, tmp_path / "home", "lan")
    nb = run_starter(folder, tmp_path)
    assert "Đã gửi bài" in text_of(nb)
    from aijourney.contest.entries import EntryKind, entry_name
    from aijourney.contest.minigame import settings_of, to_json
    from aijourney.toolkit.assistant import build_assistant

    timid = to_json(settings_of(build_assistant(threshold=0.99)))  # hands everything over
    (site.exchange.inbound / entry_name("binh", EntryKind.SETTINGS)).write_text(timid, "utf-8")
    assert score(site).recorded[EntryStatus.SCORED] == 2
    with Store(site.store.database) as store:
        scores = {e.trainee: e.public_score for e in store.entries()}
    assert scores["lan"] > scores["binh"] + 0.2, scores
