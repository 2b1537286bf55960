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

import datetime as dt
import fcntl
import json
import os
from collections import Counter
from dataclasses import dataclass, field

from ..i18n import t
from .assess import Assessed, Assessor
from .definition import MAX_INVALID_PER_DAY, TIME_ZONE, Contest
from .entries import NAME, EntryKind, inbound_names
from .places import ExchangePlaces, StorePlaces
from .store import Entry, EntryStatus, Store, day_of
from .truth import Truth

BATCH = 500
SPARE = 2  # entries read in one batch beyond a trainee's room (some may turn out invalid)

__all__ = ["BATCH", "ScoreReport", "Truth", "decide", "next_batch", "score_new", "write_result"]


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


class Limits:
    """What the limits count, per trainee: scored entries in total and per Viet Nam day (the contest's
    limits), and invalid entries per day (``MAX_INVALID_PER_DAY``: invalid entries do not use up the
    contest's limits, but past that many a day further entries are refused unread)."""

    def __init__(self, contest: Contest, tallies):
        self.contest = contest
        self.total: Counter = Counter()
        self.per_day: Counter = Counter()
        self.invalid: Counter = Counter()
        for trainee, status, day, n in tallies:
            if status is EntryStatus.SCORED:
                self.total[trainee] += n
                self.per_day[trainee, day] += n
            elif status is EntryStatus.INVALID:
                self.invalid[trainee, day] += n

    def room(self, login: str, day: str) -> int:
        """How many more entries of ``login`` sent on ``day`` can be scored."""
        return max(0, min(self.contest.total - self.total[login], self.contest.per_day - self.per_day[login, day]))

    def reached(self, entry: Assessed) -> bool:
        return self.room(entry.login, day_of(entry.submitted_at)) == 0

    def count(self, entry: Assessed, status: EntryStatus) -> None:
        day = day_of(entry.submitted_at)
        if status is EntryStatus.SCORED:
            self.total[entry.login] += 1
            self.per_day[entry.login, day] += 1
        elif status is EntryStatus.INVALID:
            self.invalid[entry.login, day] += 1


def _record(a: Assessed, status: EntryStatus, message: str = "", scored: bool = False) -> Entry:
    return Entry(name=a.name, trainee=a.login, kind=a.kind.value, submitted_at=a.submitted_at, status=status,
                 public_score=a.public if scored else None, private_score=a.private if scored else None,
                 file_digest=a.file_digest, prediction_digest=a.prediction_digest if scored else None,
                 message=message, marked=a.marked or ())


def decide(assessed: list[Assessed], contest: Contest, limits: Limits) -> list[Entry]:
    """The status of each assessed entry, in the given order (arrival order)."""
    entries = []
    for a in assessed:
        if a.problem is not None:
            limits.count(a, EntryStatus.INVALID)
            entries.append(_record(a, EntryStatus.INVALID, a.problem))
        elif a.marked is not None:
            entries.append(_record(a, EntryStatus.MARKS, t("contest.marks.saved", count=len(a.marked))))
        elif not contest.is_open(a.submitted_at):
            entries.append(_record(a, EntryStatus.CLOSED, t("contest.status.closed_note")))
        elif limits.reached(a):
            entries.append(_record(a, EntryStatus.OVER_LIMIT, t("contest.status.over_limit_note",
                                                                per_day=contest.per_day, total=contest.total)))
        else:
            limits.count(a, EntryStatus.SCORED)
            entries.append(_record(a, EntryStatus.SCORED, scored=True))
    return entries


@dataclass(frozen=True)
class Waiting:
    """An inbound name not yet recorded, with what the listing tells before the file is read."""

    name: str
    login: str
    kind: EntryKind
    arrived: dt.datetime  # the file's change time (a file gone meanwhile: now; it is refused when read)


def waiting_in_order(exchange: ExchangePlaces, names: list[str]) -> list[Waiting]:
    """The names as ``Waiting`` entries, in order of arrival."""
    out = []
    for name in names:
        match = NAME.fullmatch(name)
        try:
            when = os.lstat(exchange.inbound / name).st_ctime
        except OSError:
            when = dt.datetime.now(TIME_ZONE).timestamp()
        out.append(Waiting(name, match["login"], EntryKind(match["ext"]), dt.datetime.fromtimestamp(when, TIME_ZONE)))
    return sorted(out, key=lambda w: (w.arrived, w.name))


def _unread(w: Waiting, status: EntryStatus, message: str) -> Entry:
    return Entry(name=w.name, trainee=w.login, kind=w.kind.value, submitted_at=w.arrived, status=status,
                 public_score=None, private_score=None, file_digest=None, prediction_digest=None, message=message,
                 marked=())


def next_batch(waiting: list[Waiting], contest: Contest, limits: Limits, size: int):
    """``(to read, refused unread, for a later batch)``. An entry sent outside the contest's dates is CLOSED
    unread; an entry of a trainee with no room left (that day, or
    in total) is OVER_LIMIT unread; past ``MAX_INVALID_PER_DAY`` invalid entries that day it is refused unread;
    and a batch takes at most the trainee's room + ``SPARE`` of their entries, so no trainee can make the
    scorer read more than their limits allow (the rest wait for the next batch, when the counts are known)."""
    batch, refused, later = [], [], []
    taken: Counter = Counter()
    for w in waiting:
        day = day_of(w.arrived)
        if w.kind is EntryKind.MARKS:
            (batch if len(batch) < size else later).append(w)
        elif not contest.is_open(w.arrived):
            refused.append(_unread(w, EntryStatus.CLOSED, t("contest.status.closed_note")))
        elif limits.invalid[w.login, day] >= MAX_INVALID_PER_DAY:
            refused.append(_unread(w, EntryStatus.INVALID, t("contest.status.too_many_invalid",
                                                             most=MAX_INVALID_PER_DAY)))
        elif limits.room(w.login, day) == 0:
            refused.append(_unread(w, EntryStatus.OVER_LIMIT, t("contest.status.over_limit_note",
                                                                per_day=contest.per_day, total=contest.total)))
        elif len(batch) < size and taken[w.login, day] < limits.room(w.login, day) + SPARE:
            taken[w.login, day] += 1
            batch.append(w)
        else:
            later.append(w)
    return batch, refused, later


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
    exchange.check()
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
            waiting = waiting_in_order(exchange, [n for n in inbound_names(exchange) if n not in seen])
            limits = Limits(contest, store.tallies())
            with Assessor(exchange, contest, truth, len(waiting), workers, lock.fileno()) as assessor:
                while waiting:
                    chosen, refused, waiting = next_batch(waiting, contest, limits, batch)
                    assessed = sorted(assessor([w.name for w in chosen]), key=lambda a: (a.submitted_at, a.name))
                    entries = decide(assessed, contest, limits) + refused
                    store.add(entries)
                    for entry in entries:
                        report.recorded[entry.status] += 1
            for entry in store.entries():
                if not exchange.result_of(entry.name).exists():
                    write_result(exchange, entry)
                    report.results_written += 1
        return report
