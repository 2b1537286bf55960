"""Assessing entry files, each on its own: read (safely), check, and score against the truth.

This is the part of scoring that needs no order and no record, so it runs on every core: a pool of
worker processes for table contests (each worker reads, checks and scores whole files and sends back a
few numbers), one batched call for the minigame's assistants. What an assessment cannot know — limits,
dates, what was recorded before — is decided afterwards, in order, by ``scorer``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context

import numpy as np

from ..i18n import t
from .definition import TIME_ZONE, Contest, Kind
from .entries import NAME, EntryKind, read_arrival
from .metrics import score
from .places import ExchangePlaces
from .submission import Problem, SubmissionError, check_table, max_entry_bytes, read_table
from .truth import Truth

log = logging.getLogger(__name__)
POOL_FROM = 200  # fewer entries than this are assessed in the calling process (a pool costs a second to start)


@dataclass(frozen=True)
class Assessed:
    name: str
    login: str
    kind: EntryKind
    submitted_at: dt.datetime
    file_digest: str | None
    problem: str | None = None  # why the entry cannot be scored (a message for the trainee)
    marked: tuple[str, ...] | None = None  # a marks file's chosen entries
    public: float | None = None
    private: float | None = None
    prediction_digest: str | None = None
    settings: object | None = None  # an assistant's settings, until they are scored


MARKS_BYTES = 1024  # two entry names and some room
SETTINGS_BYTES = 8192  # the minigame's own check is stricter


def _marks(data: bytes, login: str) -> tuple[str, ...] | None:
    try:
        names = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    ok = isinstance(names, list) and len(names) <= 2 and all(
        isinstance(n, str) and NAME.match(n) and n.split("+", 1)[0] == login for n in names)
    return tuple(names) if ok else None


def _limit(kind: EntryKind, truth: Truth) -> int:
    return {EntryKind.TABLE: max_entry_bytes(len(truth.ids)), EntryKind.SETTINGS: SETTINGS_BYTES,
            EntryKind.MARKS: MARKS_BYTES}[kind]


def _table_scores(data: bytes, contest: Contest, truth: Truth) -> dict:
    predictions = check_table(read_table(data, contest, max_entry_bytes(len(truth.ids))), contest, truth.ids)
    values = predictions.values
    one_value = len(set(values.tolist())) == 1  # e.g. always the majority class: many send it, it flags no one
    return dict(public=score(contest.metric, truth.values[truth.public], values[truth.public], contest.classes),
                private=score(contest.metric, truth.values[~truth.public], values[~truth.public], contest.classes),
                prediction_digest=None if one_value else predictions.digest(),
                **({"file_digest": None} if one_value else {}))


def _settings(data: bytes) -> dict:
    from .minigame import SettingsError, parse_settings

    try:
        settings = parse_settings(data)
    except SettingsError as error:
        raise SubmissionError(Problem.BAD_SETTINGS, detail=str(error)) from None
    return dict(settings=settings, prediction_digest=hashlib.sha256(repr(settings).encode()).hexdigest())


def assess(name: str, exchange: ExchangePlaces, contest: Contest, truth: Truth) -> Assessed | None:
    """One entry assessed; an error of ours on a strange file makes that entry INVALID, never the run fail."""
    match = NAME.fullmatch(name)
    if match is None:
        return None
    try:
        return _assess(name, EntryKind(match["ext"]), exchange, contest, truth)
    except Exception:  # noqa: BLE001 - one hostile file must not stop everyone's scoring
        log.exception("entry %s could not be assessed", name)
        return Assessed(name, match["login"], EntryKind(match["ext"]), dt.datetime.now(TIME_ZONE), None,
                        problem=t("contest.problem.internal"))


def _assess(name: str, kind: EntryKind, exchange: ExchangePlaces, contest: Contest, truth: Truth) -> Assessed:
    arrival = read_arrival(exchange, name, _limit(kind, truth))
    digest = hashlib.sha256(arrival.data).hexdigest() if arrival.data is not None else None
    base = Assessed(name, arrival.login, arrival.kind, arrival.submitted_at, digest)
    if arrival.refused is not None:
        return replace(base, problem=str(arrival.refused))
    if arrival.kind is EntryKind.MARKS:
        marked = _marks(arrival.data, arrival.login)
        return replace(base, marked=marked) if marked is not None else replace(base, problem=t("contest.marks.invalid"))
    try:
        if contest.kind is Kind.TABLE:
            if arrival.kind is not EntryKind.TABLE:
                raise SubmissionError(Problem.NOT_A_TABLE, got=arrival.kind.value)
            return replace(base, **_table_scores(arrival.data, contest, truth))
        if arrival.kind is not EntryKind.SETTINGS:
            raise SubmissionError(Problem.BAD_SETTINGS, detail=arrival.kind.value)
        return replace(base, **_settings(arrival.data))
    except SubmissionError as error:
        return replace(base, problem=str(error))


_WORKER: tuple | None = None


def _start_worker(exchange: ExchangePlaces, contest: Contest, truth: Truth, lock_fd: int | None) -> None:
    global _WORKER
    _WORKER = (exchange, contest, truth)
    if lock_fd is not None:  # a forked worker must not keep the scorer's lock alive if the scorer is killed
        os.close(lock_fd)


def _assess_in_worker(names: list[str]) -> list[Assessed | None]:
    return [assess(name, *_WORKER) for name in names]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _score_assistants(assessed: list[Assessed], contest: Contest, truth: Truth, cache: dict) -> list[Assessed]:
    from .minigame import outcomes

    waiting = [i for i, a in enumerate(assessed) if a.settings is not None]
    if not waiting:
        return assessed
    right = outcomes([assessed[i].settings for i in waiting], truth.frame, k=contest.k, cache=cache)
    for i, row in zip(waiting, right):
        assessed[i] = replace(assessed[i], settings=None, public=float(np.mean(row[truth.public])),
                              private=float(np.mean(row[~truth.public])))
    return assessed


class Assessor:
    """Assesses batches of names; for a table contest with many entries, on a pool of worker processes
    (started once, used for every batch). Use as a context manager."""

    def __init__(self, exchange: ExchangePlaces, contest: Contest, truth: Truth, expected: int,
                 workers: int | None = None, lock_fd: int | None = None):
        self.exchange, self.contest, self.truth = exchange, contest, truth
        workers = workers or _cores()
        self.pool, self.retrieved = None, {}  # retrieved: the minigame's answers per retrieval setting
        if contest.kind is Kind.TABLE and workers > 1 and expected >= POOL_FROM:
            self.pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_start_worker,
                                            initargs=(exchange, contest, truth, lock_fd))

    def __enter__(self) -> "Assessor":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def __call__(self, names: list[str]) -> list[Assessed]:
        """Every named inbound file assessed (names that are not entries are dropped), in no particular order."""
        if self.pool is not None:
            chunks = [names[i:i + 50] for i in range(0, len(names), 50)]
            found = [a for chunk in self.pool.map(_assess_in_worker, chunks) for a in chunk]
        else:
            found = [assess(name, self.exchange, self.contest, self.truth) for name in names]
        assessed = [a for a in found if a is not None]
        if self.contest.kind is Kind.ASSISTANT:
            assessed = _score_assistants(assessed, self.contest, self.truth, self.retrieved)
        return assessed
