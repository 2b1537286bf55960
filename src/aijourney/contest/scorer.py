"""Scoring new entries: safe to run from cron or in a loop while trainees submit, and to kill at any time.

One run takes the store's lock (a second scorer started meanwhile returns at once), lists the inbound
folder, skips every name already recorded, assesses the rest on every core (``assess``), then decides in
order of arrival (the file's change time, which a trainee cannot set to the past): refused or invalid →
INVALID (does not count against the limits), outside the contest's dates → CLOSED, beyond the daily or
total limit → OVER_LIMIT, else SCORED with a public and a private score. Each batch is recorded in one
transaction, then every entry without a result file gets one (so a run killed between the two is
repaired by the next).
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass, field

from ..i18n import t
from .assess import Assessed, Assessor
from .definition import Contest
from .entries import inbound_names
from .places import ExchangePlaces, StorePlaces
from .store import Entry, EntryStatus, Store, day_of
from .truth import Truth

BATCH = 500

__all__ = ["BATCH", "ScoreReport", "Truth", "decide", "score_new", "write_result"]


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
    """Scored entries per trainee, in total and per Viet Nam day (only scored entries count)."""

    def __init__(self, contest: Contest, counts):
        self.contest, self.counts = contest, counts

    def reached(self, entry: Assessed) -> bool:
        total, days = self.counts.get(entry.login, (0, {}))
        return total >= self.contest.total or days.get(day_of(entry.submitted_at), 0) >= self.contest.per_day

    def count(self, entry: Assessed) -> None:
        total, days = self.counts.get(entry.login, (0, {}))
        day = day_of(entry.submitted_at)
        self.counts[entry.login] = (total + 1, {**days, day: days.get(day, 0) + 1})


def _record(a: Assessed, status: EntryStatus, message: str = "", scored: bool = False) -> Entry:
    return Entry(name=a.name, trainee=a.login, kind=a.kind.value, submitted_at=a.submitted_at, status=status,
                 public_score=a.public if scored else None, private_score=a.private if scored else None,
                 file_digest=a.file_digest, prediction_digest=a.prediction_digest if scored else None,
                 message=message, marked=a.marked or ())


def decide(assessed: list[Assessed], contest: Contest, limits: _Limits) -> list[Entry]:
    """The status of each assessed entry, in the given order (arrival order)."""
    entries = []
    for a in assessed:
        if a.problem is not None:
            entries.append(_record(a, EntryStatus.INVALID, a.problem))
        elif a.marked is not None:
            entries.append(_record(a, EntryStatus.MARKS, t("contest.marks.saved", count=len(a.marked))))
        elif not contest.is_open(a.submitted_at):
            entries.append(_record(a, EntryStatus.CLOSED, t("contest.status.closed_note")))
        elif limits.reached(a):
            entries.append(_record(a, EntryStatus.OVER_LIMIT, t("contest.status.over_limit_note",
                                                                per_day=contest.per_day, total=contest.total)))
        else:
            limits.count(a)
            entries.append(_record(a, EntryStatus.SCORED, scored=True))
    return entries


def _by_arrival(exchange: ExchangePlaces, names: list[str]) -> list[str]:
    """Names in order of their files' change time (a file gone meanwhile goes last; it is refused later)."""
    def arrival(name: str):
        try:
            return os.lstat(exchange.inbound / name).st_ctime, name
        except OSError:
            return float("inf"), name

    return sorted(names, key=arrival)


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
              batch: int = BATCH, workers: int | None = None) -> ScoreReport:
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
            names = _by_arrival(exchange, [n for n in inbound_names(exchange) if n not in seen])
            limits = _Limits(contest, store.counts())
            with Assessor(exchange, contest, truth, len(names), workers, lock.fileno()) as assessor:
                for start in range(0, len(names), batch):
                    assessed = sorted(assessor(names[start:start + batch]), key=lambda a: (a.submitted_at, a.name))
                    entries = decide(assessed, contest, limits)
                    store.add(entries)
                    for entry in entries:
                        report.recorded[entry.status] += 1
            for entry in store.entries():
                if not exchange.result_of(entry.name).exists():
                    write_result(exchange, entry)
                    report.results_written += 1
        return report
