"""The organiser's side: set a contest up, score, publish the leaderboard, finalize.

``aijourney contest …`` (``contest/cli.py``) calls these; each step is safe to repeat.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .board import Board
from .definition import TIME_ZONE, Contest, Kind, load_contest
from .places import ExchangePlaces, StorePlaces, UnsafeFolder, secret_of
from .ranking import Person, build_board, write_final_csv
from .scorer import BATCH, ScoreReport, score_new
from .store import Store

FINALIZED = "finalized_at"


class OrganiserError(RuntimeError):
    """A step that cannot be done as asked (the message says why and what to do)."""


@dataclass(frozen=True)
class Site:
    """One contest as the organiser runs it: its definition, the exchange and the organiser's store."""

    contest: Contest
    exchange: ExchangePlaces
    store: StorePlaces

    @classmethod
    def open(cls, contest_folder: Path, exchange_root: Path, course_id: str, store_root: Path) -> "Site":
        contest = load_contest(contest_folder)
        return cls(contest, ExchangePlaces(Path(exchange_root).resolve(), course_id, contest.id),
                   StorePlaces(Path(store_root).resolve(), contest.id))


def _write(frame: pd.DataFrame, path: Path, mode: int) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    frame.to_csv(temporary, index=False)
    temporary.chmod(mode)
    os.replace(temporary, path)


def _generate(contest: Contest, seed: int):
    """(train or None, public test or None, truth) from the contest's generator and the secret seed."""
    if contest.generator == "minigame":
        from .minigame import make_hidden_questions

        return None, None, make_hidden_questions(seed)
    from . import shipped

    data = (shipped.make_basic if contest.generator == "basic" else shipped.make_sentiment)(seed)
    return data.train, data.test, data.truth


def _baseline_digests(contest: Contest, exchange: ExchangePlaces) -> list[str]:
    """What the starter notebook sends when a trainee runs it unchanged: the file's and the predictions'
    digests, computed from the public files exactly as ``contest.load`` reads them."""
    from . import shipped
    from .submission import check_table, to_csv_bytes

    baseline = {"basic": shipped.baseline_basic, "sentiment": shipped.baseline_sentiment}.get(contest.generator)
    if baseline is None:
        return []
    read = dict(dtype={contest.id_column: str}, keep_default_na=True)
    test = pd.read_csv(exchange.public / "test.csv", **read)
    entry = baseline(pd.read_csv(exchange.public / "train.csv", **read), test)
    predictions = check_table(entry, contest, test[contest.id_column].astype(str).str.strip())
    return [hashlib.sha256(to_csv_bytes(entry, contest)).hexdigest(), predictions.digest()]


def known_digests(places: StorePlaces) -> frozenset[str]:
    try:
        return frozenset(json.loads(places.known.read_text("utf-8")))
    except (OSError, ValueError):
        return frozenset()


def _organiser_files(contest: Contest, truth: Path, test: Path | None, train: Path | None):
    read = dict(dtype=str, keep_default_na=False)
    frames = [pd.read_csv(p, **read) if p else None for p in (train, test, truth)]
    truth_frame, test_frame = frames[2], frames[1]
    for column in (contest.id_column, contest.target_column):
        if column not in truth_frame.columns:
            raise OrganiserError(f"{truth}: the truth needs the columns {contest.id_column} and {contest.target_column}")
    if contest.kind is Kind.TABLE:
        if test_frame is None or contest.id_column not in test_frame.columns:
            raise OrganiserError(f"a table contest needs --test with the column {contest.id_column}")
        if contest.target_column in test_frame.columns:
            raise OrganiserError(f"{test}: the public test file must not contain {contest.target_column}")
        if set(test_frame[contest.id_column]) != set(truth_frame[contest.id_column]):
            raise OrganiserError("the test file and the truth must have the same ids")
    return frames


def setup(site: Site, contest_folder: Path, truth: Path | None = None, test: Path | None = None,
          train: Path | None = None) -> str:
    """Create the folders, place the truth in the store and the public files in the exchange. The truth of a
    contest that already has one is kept (entries may have been scored against it)."""
    contest = site.contest
    site.store.create()
    try:
        site.exchange.create()
    except UnsafeFolder as error:
        raise OrganiserError(str(error)) from None
    secret_of(site.store)
    if site.store.truth.exists():
        message = "kept the existing truth"
    elif truth is not None:
        train_frame, test_frame, truth_frame = _organiser_files(contest, truth, test, train)
        message = f"truth from {truth}"
    elif contest.generator:
        train_frame, test_frame, truth_frame = _generate(contest, secret_of(site.store))
        message = f"generated ({contest.generator}) with a secret seed kept in the store"
    else:
        raise OrganiserError(f"{contest.id} has no generator: give the organiser's files with --truth and --test")
    if not site.store.truth.exists():
        _write(truth_frame, site.store.truth, 0o600)
        for frame, name in ((train_frame, "train.csv"), (test_frame, "test.csv")):
            if frame is not None:
                _write(frame, site.exchange.public / name, 0o644)
    if not site.store.known.exists():
        site.store.known.write_text(json.dumps(_baseline_digests(contest, site.exchange)), "utf-8")
    shutil.copyfile(Path(contest_folder) / "contest.yaml", site.exchange.public / "contest.yaml")
    (site.exchange.public / "contest.yaml").chmod(0o644)
    return message


def score(site: Site, batch: int = BATCH) -> ScoreReport:
    if not site.store.truth.exists():
        raise OrganiserError(f"{site.contest.id} is not set up: run aijourney contest setup {site.contest.id}")
    try:
        site.exchange.check()
    except UnsafeFolder as error:
        raise OrganiserError(str(error)) from None
    return score_new(site.contest, site.exchange, site.store, batch=batch)


def people_from_roster(roster) -> dict[str, Person]:
    """Display name, site and area of each trainee, from the course roster (``course.Student`` rows)."""
    return {s.id: Person(s.full_name or s.id, s.site, getattr(s, "district", "")) for s in roster}


def board(site: Site, people: dict[str, Person], now: dt.datetime | None = None) -> Board:
    with Store(site.store.database) as store:
        final = store.get_meta(FINALIZED) is not None
        return build_board(site.contest, store.entries(), people, final=final, now=now,
                           known=known_digests(site.store))


def publish(site: Site, people: dict[str, Person], output: Path | None = None) -> Path:
    """Write the leaderboard pages (default: the contest's public folder, which a hub serves)."""
    from .page import write_leaderboard

    return write_leaderboard(board(site, people), Path(output) if output else site.exchange.leaderboard)


def finalize(site: Site, people: dict[str, Person], now: dt.datetime | None = None, early: bool = False) -> Path:
    """Score what is left, freeze the ranking (private scores), write final.csv and the final leaderboard."""
    now = now or dt.datetime.now(TIME_ZONE)
    if now < site.contest.deadline and not early:
        raise OrganiserError(f"{site.contest.id} is open until {site.contest.deadline:%Y-%m-%d %H:%M} "
                             "(Viet Nam time); finalize after the deadline, or pass --early")
    report = score(site)
    if report.busy:
        raise OrganiserError("a scorer is running; finalize again when it has finished")
    with Store(site.store.database) as store:
        if store.get_meta(FINALIZED) is None:
            store.set_meta(FINALIZED, now.isoformat())
    final_board = board(site, people, now=now)
    write_final_csv(final_board, site.store.final)
    publish(site, people)
    return site.store.final
