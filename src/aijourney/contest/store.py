"""The organiser's record of a contest: one SQLite file in the store, one row per entry file seen.

Every entry is recorded exactly once (its secret name is the primary key) in a transaction with its
status and scores, so a scorer killed at any moment leaves either nothing or the whole batch, and the
next run goes on from there.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .definition import TIME_ZONE

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    name TEXT PRIMARY KEY,
    trainee TEXT NOT NULL,
    kind TEXT NOT NULL,
    submitted_at REAL NOT NULL,
    status TEXT NOT NULL,
    public_score REAL,
    private_score REAL,
    file_digest TEXT,
    prediction_digest TEXT,
    message TEXT NOT NULL DEFAULT '',
    marked TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS entries_by_trainee ON entries (trainee, submitted_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class EntryStatus(enum.Enum):
    SCORED = "scored"
    INVALID = "invalid"  # did not pass the check: does not count against the limits
    OVER_LIMIT = "over_limit"  # the daily or total limit was already reached: not scored
    CLOSED = "closed"  # sent before the start or after the deadline
    MARKS = "marks"  # a marks file (the entries chosen for the final ranking), not an entry


@dataclass(frozen=True)
class Entry:
    name: str
    trainee: str
    kind: str
    submitted_at: dt.datetime
    status: EntryStatus
    public_score: float | None
    private_score: float | None
    file_digest: str | None
    prediction_digest: str | None
    message: str
    marked: tuple[str, ...]


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def seen(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT name FROM entries")}

    def add(self, entries: list[Entry]) -> None:
        """Record a batch in one transaction (all or nothing)."""
        rows = [(e.name, e.trainee, e.kind, e.submitted_at.timestamp(), e.status.value, e.public_score,
                 e.private_score, e.file_digest, e.prediction_digest, e.message, json.dumps(list(e.marked)))
                for e in entries]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def entries(self, trainee: str | None = None) -> list[Entry]:
        query = "SELECT * FROM entries" + (" WHERE trainee = ?" if trainee else "") + " ORDER BY submitted_at, name"
        return [_entry(row) for row in self.db.execute(query, (trainee,) if trainee else ())]

    def tallies(self) -> list[tuple[str, EntryStatus, str, int]]:
        """``(trainee, status, Viet Nam day, number of entries)`` for every combination recorded (what the
        limits count)."""
        rows = self.db.execute("SELECT trainee, status, submitted_at FROM entries")
        counted: dict[tuple[str, str, str], int] = {}
        for trainee, status, when in rows:
            key = (trainee, status, day_of(dt.datetime.fromtimestamp(when, TIME_ZONE)))
            counted[key] = counted.get(key, 0) + 1
        return [(trainee, EntryStatus(status), day, n) for (trainee, status, day), n in counted.items()]

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def day_of(moment: dt.datetime) -> str:
    return moment.astimezone(TIME_ZONE).strftime("%Y-%m-%d")


def _entry(row) -> Entry:
    return Entry(name=row[0], trainee=row[1], kind=row[2],
                 submitted_at=dt.datetime.fromtimestamp(row[3], TIME_ZONE), status=EntryStatus(row[4]),
                 public_score=row[5], private_score=row[6], file_digest=row[7], prediction_digest=row[8],
                 message=row[9], marked=tuple(json.loads(row[10])))
