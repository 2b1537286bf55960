"""Scoring new entries: safe to run from cron or in a loop while trainees submit, and to kill at any time.

One run takes the store's lock (a second scorer started meanwhile returns at once), lists the inbound
folder, skips every name already recorded, and judges the rest in order of arrival (the file's change
time, which a trainee cannot set to the past): refused or invalid → INVALID (does not count against the
limits), outside the contest's dates → CLOSED, beyond the daily or total limit → OVER_LIMIT, else
SCORED with a public and a private score. Each batch is recorded in one transaction, then every entry
without a result file gets one (so a run killed between the two is repaired by the next).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import t
from .definition import Contest, Kind
from .entries import NAME, Arrival, EntryKind, inbound_names, read_arrival
from .metrics import score
from .places import ExchangePlaces, StorePlaces
from .store import Entry, EntryStatus, Store, day_of
from .submission import Problem, SubmissionError, check_table, read_table

BATCH = 500


@dataclass(frozen=True)
class Truth:
    ids: tuple[str, ...]  # sorted
    values: np.ndarray  # aligned with ids
    public: np.ndarray  # bool mask over ids
    frame: pd.DataFrame  # the whole truth table, rows in ids order (the minigame's questions)

    @classmethod
    def load(cls, contest: Contest, places: StorePlaces) -> "Truth":
        frame = pd.read_csv(places.truth, dtype=str, keep_default_na=False)
        frame[contest.id_column] = frame[contest.id_column].str.strip()
        frame = frame.sort_values(contest.id_column, kind="stable").reset_index(drop=True)
        ids = tuple(frame[contest.id_column])
        raw = frame[contest.target_column]
        values = raw.to_numpy(dtype=object) if contest.classes is not None or contest.kind is Kind.ASSISTANT \
            else raw.astype(float).to_numpy()
        public_ids = contest.public_ids(ids)
        return cls(ids, values, np.array([i in public_ids for i in ids]), frame)


@dataclass
class ScoreReport:
    busy: bool = False  # another scorer held the lock
    recorded: dict[EntryStatus, int] = field(default_factory=dict)
    results_written: int = 0

    def line(self) -> str:
        if self.busy:
            return "another scorer is running; nothing done"
        counts = ", ".join(f"{n} {s.value}" for s, n in self.recorded.items() if n) or "nothing new"
        return f"{counts}; {self.results_written} result files written"


class _Limits:
    def __init__(self, contest: Contest, counts):
        self.contest, self.counts = contest, counts

    def reached(self, arrival: Arrival) -> bool:
        total, days = self.counts.get(arrival.login, (0, {}))
        return total >= self.contest.total or days.get(day_of(arrival.submitted_at), 0) >= self.contest.per_day

    def count(self, arrival: Arrival) -> None:
        total, days = self.counts.get(arrival.login, (0, {}))
        day = day_of(arrival.submitted_at)
        self.counts[arrival.login] = (total + 1, {**days, day: days.get(day, 0) + 1})


def _entry(arrival: Arrival, status: EntryStatus, message: str = "", **fields) -> Entry:
    digest = hashlib.sha256(arrival.data).hexdigest() if arrival.data is not None else None
    values = dict(public_score=None, private_score=None, prediction_digest=None, marked=())
    values.update(fields)
    return Entry(name=arrival.name, trainee=arrival.login, kind=arrival.kind.value,
                 submitted_at=arrival.submitted_at, status=status, file_digest=digest, message=message, **values)


def _marks(arrival: Arrival) -> Entry:
    try:
        names = json.loads(arrival.data.decode("utf-8"))
        ok = isinstance(names, list) and len(names) <= 2 and all(
            isinstance(n, str) and NAME.match(n) and n.split("+", 1)[0] == arrival.login for n in names)
    except (UnicodeDecodeError, ValueError):
        ok = False
    if not ok:
        return _entry(arrival, EntryStatus.INVALID, t("contest.marks.invalid"))
    return _entry(arrival, EntryStatus.MARKS, t("contest.marks.saved", count=len(names)), marked=tuple(names))


def _parse(arrival: Arrival, contest: Contest, truth: Truth):
    """The entry's predictions (table) or settings (assistant); raises ``SubmissionError``."""
    if contest.kind is Kind.TABLE:
        if arrival.kind is not EntryKind.TABLE:
            raise SubmissionError(Problem.NOT_A_TABLE, got=arrival.kind.value)
        return check_table(read_table(arrival.data, contest), contest, truth.ids)
    from .minigame import SettingsError, parse_settings

    if arrival.kind is not EntryKind.SETTINGS:
        raise SubmissionError(Problem.BAD_SETTINGS, detail=arrival.kind.value)
    try:
        return parse_settings(arrival.data.decode("utf-8", errors="replace"))
    except SettingsError as error:
        raise SubmissionError(Problem.BAD_SETTINGS, detail=str(error)) from None


def judge(arrivals: list[Arrival], contest: Contest, truth: Truth, limits: _Limits) -> list[Entry]:
    """Decide every arrival's status and scores (pure: no files, no database)."""
    decided: list[Entry | None] = []
    to_score: list[tuple[int, Arrival, object]] = []
    for arrival in arrivals:
        if arrival.refused is not None:
            decided.append(_entry(arrival, EntryStatus.INVALID, str(arrival.refused)))
        elif arrival.kind is EntryKind.MARKS:
            decided.append(_marks(arrival))
        elif not contest.is_open(arrival.submitted_at):
            decided.append(_entry(arrival, EntryStatus.CLOSED, t("contest.status.closed_note")))
        else:
            try:
                parsed = _parse(arrival, contest, truth)
            except SubmissionError as error:
                decided.append(_entry(arrival, EntryStatus.INVALID, str(error)))
                continue
            if limits.reached(arrival):
                decided.append(_entry(arrival, EntryStatus.OVER_LIMIT, t("contest.status.over_limit_note",
                                                                         per_day=contest.per_day,
                                                                         total=contest.total)))
                continue
            limits.count(arrival)
            to_score.append((len(decided), arrival, parsed))
            decided.append(None)
    for index, arrival, public, private, digest in _scores(to_score, contest, truth):
        decided[index] = _entry(arrival, EntryStatus.SCORED, public_score=public, private_score=private,
                                prediction_digest=digest)
    return decided


def _scores(to_score, contest: Contest, truth: Truth):
    if contest.kind is Kind.ASSISTANT and to_score:
        from .minigame import outcomes

        right = outcomes([parsed for _, _, parsed in to_score], truth.frame, k=contest.k)
        for (index, arrival, parsed), row in zip(to_score, right):
            digest = hashlib.sha256(repr(parsed).encode()).hexdigest()
            yield index, arrival, float(row[truth.public].mean()), float(row[~truth.public].mean()), digest
        return
    for index, arrival, predictions in to_score:
        values = predictions.values
        public = score(contest.metric, truth.values[truth.public], values[truth.public], contest.classes)
        private = score(contest.metric, truth.values[~truth.public], values[~truth.public], contest.classes)
        yield index, arrival, public, private, predictions.digest()


def write_result(exchange: ExchangePlaces, entry: Entry) -> None:
    """The trainee's view of one entry: status, public score, message (never the private score)."""
    result = {"entry": entry.name, "status": entry.status.value, "public_score": entry.public_score,
              "message": entry.message, "submitted_at": entry.submitted_at.isoformat()}
    path = exchange.result_of(entry.name)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
    temporary.chmod(0o644)
    os.replace(temporary, path)


def score_new(contest: Contest, exchange: ExchangePlaces, store_places: StorePlaces,
              batch: int = BATCH) -> ScoreReport:
    """Score every entry not yet recorded (see the module's docstring)."""
    store_places.create()
    with open(store_places.lock, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return ScoreReport(busy=True)
        report = ScoreReport(recorded={s: 0 for s in EntryStatus})
        truth = Truth.load(contest, store_places)
        with Store(store_places.database) as store:
            seen = store.seen()
            arrivals = [a for a in (read_arrival(exchange, n) for n in inbound_names(exchange) if n not in seen) if a]
            arrivals.sort(key=lambda a: (a.submitted_at, a.name))
            limits = _Limits(contest, store.counts())
            for start in range(0, len(arrivals), batch):
                entries = judge(arrivals[start:start + batch], contest, truth, limits)
                store.add(entries)
                for entry in entries:
                    report.recorded[entry.status] += 1
            for entry in store.entries():
                if not exchange.result_of(entry.name).exists():
                    write_result(exchange, entry)
                    report.results_written += 1
        return report
