"""Leaderboards from the record: public ranking, final selection and ranks, identical-entry flags.

Rules (the same words are in docs/contests.md and in each contest's rules):

- A trainee's public score is their best public score over scored entries; a tie between two of their
  entries goes to the earlier one.
- Final selection: if the trainee marked entries (their last marks file sent before the deadline; at most
  ``MAX_MARKED``), the best *private* score among the marked entries that were scored counts; otherwise the
  entry with the best *public* score counts (its private score) — the private part is never used to choose.
- Ranking: by score (higher or lower is better, per metric); equal scores → the earlier entry ranks higher;
  then by login, so the order is always the same.
- Flags: a trainee whose entry file, or whose predictions, are identical to an entry another trainee sent
  earlier is flagged for the organiser to look at (the ranking is not changed automatically); the starter
  notebook's baseline and one-value-everywhere entries are not flags. Not in the assistant minigame, where
  many trainees rightly send the same settings (the defaults, a threshold from the lesson).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .board import Board, BoardRow
from .definition import MAX_MARKED, TIME_ZONE, Contest, Kind
from .store import Entry, EntryStatus

FINAL_COLUMNS = ["contest", "trainee", "display_name", "site", "area", "final_rank", "final_score",
                 "public_rank", "public_score", "entries", "flagged"]


@dataclass(frozen=True)
class Person:
    display_name: str
    site: str = ""
    area: str = ""


def _key(contest: Contest, score: float, entry: Entry):
    signed = -score if contest.metric.higher_is_better else score
    return signed, entry.submitted_at, entry.trainee, entry.name


def _best(contest: Contest, entries: list[Entry], private: bool = False) -> Entry:
    return min(entries, key=lambda e: _key(contest, e.private_score if private else e.public_score, e))


def scored_by_trainee(entries: list[Entry]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.status is EntryStatus.SCORED:
            out[entry.trainee].append(entry)
    return out


def flagged_trainees(entries: list[Entry], known: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """Trainee → the trainees who sent the same entry (file or predictions) *before* them. Only the later
    sender is flagged: re-sending someone's old entry cannot get its author flagged. Digests in ``known``
    (the starter notebook's baseline, which every trainee may send as is) are not flags, nor are entries
    that predict one value everywhere (they carry no digest)."""
    first: dict[str, Entry] = {}
    copied: dict[str, set[str]] = defaultdict(set)
    for entry in sorted(entries, key=lambda e: (e.submitted_at, e.name)):
        if entry.status is not EntryStatus.SCORED:
            continue
        for digest in {entry.file_digest, entry.prediction_digest} - {None} - known:
            origin = first.setdefault(digest, entry)
            if origin.trainee != entry.trainee:
                copied[entry.trainee].add(origin.trainee)
    return dict(copied)


def selected_entry(contest: Contest, trainee_entries: list[Entry], all_entries: list[Entry]) -> Entry:
    """The entry whose private score counts for ``trainee`` (see the module's rules)."""
    trainee = trainee_entries[0].trainee
    marks = [e for e in all_entries if e.trainee == trainee and e.status is EntryStatus.MARKS
             and e.submitted_at < contest.deadline]
    if marks:
        chosen = set(max(marks, key=lambda e: (e.submitted_at, e.name)).marked[:MAX_MARKED])
        marked = [e for e in trainee_entries if e.name in chosen]
        if marked:
            return _best(contest, marked, private=True)
    return _best(contest, trainee_entries)


def _history(contest: Contest, entries: list[Entry]) -> list[tuple[dt.datetime, float]]:
    history: list[tuple[dt.datetime, float]] = []
    for entry in sorted((e for e in entries if e.status is EntryStatus.SCORED), key=lambda e: e.submitted_at):
        better = not history or (entry.public_score > history[-1][1] if contest.metric.higher_is_better
                                 else entry.public_score < history[-1][1])
        if better:
            history.append((entry.submitted_at, entry.public_score))
    return history


def _public_order(contest: Contest, by_trainee: dict[str, list[Entry]]) -> list[tuple[str, Entry]]:
    best = {trainee: _best(contest, entries) for trainee, entries in by_trainee.items()}
    return sorted(best.items(), key=lambda item: _key(contest, item[1].public_score, item[1]))


def build_board(contest: Contest, entries: list[Entry], people: dict[str, Person], final: bool = False,
                now: dt.datetime | None = None, known: frozenset[str] = frozenset()) -> Board:
    """The leaderboard: public ranks; with ``final``, private ranks too (rows in final order)."""
    by_trainee = scored_by_trainee(entries)
    flags = flagged_trainees(entries, known) if contest.kind is Kind.TABLE else {}
    public = _public_order(contest, by_trainee)
    public_rank = {trainee: rank for rank, (trainee, _) in enumerate(public, 1)}
    final_rank: dict[str, int] = {}
    final_score: dict[str, float] = {}
    if final:
        chosen = {t: selected_entry(contest, es, entries) for t, es in by_trainee.items()}
        order = sorted(chosen.items(), key=lambda item: _key(contest, item[1].private_score, item[1]))
        final_rank = {trainee: rank for rank, (trainee, _) in enumerate(order, 1)}
        final_score = {trainee: entry.private_score for trainee, entry in chosen.items()}
    rows = []
    for trainee, best in public:
        person = people.get(trainee, Person(trainee))
        rows.append(BoardRow(trainee=trainee, display_name=person.display_name, site=person.site, area=person.area,
                             public_rank=public_rank[trainee], public_score=best.public_score,
                             entries=len(by_trainee[trainee]),
                             last_entry=max(e.submitted_at for e in by_trainee[trainee]),
                             private_rank=final_rank.get(trainee), private_score=final_score.get(trainee),
                             flagged=trainee in flags))
    if final:
        rows.sort(key=lambda row: row.private_rank)
    return Board(contest_id=contest.id, title=contest.title, metric=contest.metric.value,
                 higher_is_better=contest.metric.higher_is_better, final=final,
                 generated_at=now or dt.datetime.now(TIME_ZONE), rows=rows, history=_history(contest, entries))


def write_final_csv(board: Board, path: Path) -> Path:
    """The final results for talent selection (columns ``FINAL_COLUMNS``), written atomically."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(FINAL_COLUMNS)
        for row in board.rows:
            writer.writerow([board.contest_id, row.trainee, row.display_name, row.site, row.area, row.private_rank,
                             repr(row.private_score), row.public_rank, repr(row.public_score), row.entries,
                             int(row.flagged)])
    os.replace(temporary, path)
    return path
