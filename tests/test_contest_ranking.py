"""Ranking rules: best (not last) entry, ties to the earlier entry, final selection from marked entries
(else the best public one), identical-entry flags, finalize and final.csv; and a scorer killed with
SIGKILL in the middle resumes with every entry recorded exactly once."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

from aijourney.contest.definition import TIME_ZONE, parse_contest
from aijourney.contest.organiser import finalize, people_from_roster, score
from aijourney.contest.ranking import FINAL_COLUMNS, Person, build_board, flagged_trainees
from aijourney.contest.store import Entry, EntryStatus, Store
from aijourney.course import Student
from contest_helpers import definition, make_site, perfect, truth_of

T0 = dt.datetime(2026, 12, 5, 8, 0, tzinfo=TIME_ZONE)
CONTEST = parse_contest("thu", definition(start="2026-12-01 08:00", deadline="2026-12-20 17:00"))
RMSE = parse_contest("gia", definition(metric="rmse", classes=None, start="2026-12-01 08:00",
                                       deadline="2026-12-20 17:00"))


def entry(trainee, minutes, public, private=None, status=EntryStatus.SCORED, marked=(), digest=None, name=None):
    return Entry(name=name or f"{trainee}+{minutes}", trainee=trainee, kind="csv",
                 submitted_at=T0 + dt.timedelta(minutes=minutes), status=status, public_score=public,
                 private_score=private if private is not None else public, file_digest=digest or f"f-{trainee}-{minutes}",
                 prediction_digest=f"p-{trainee}-{minutes}", message="", marked=tuple(marked))


def test_the_best_entry_counts_not_the_last():
    board = build_board(CONTEST, [entry("lan", 1, 0.8), entry("lan", 2, 0.6)], {})
    assert [(r.trainee, r.public_score, r.entries) for r in board.rows] == [("lan", 0.8, 2)]
    assert board.rows[0].last_entry == T0 + dt.timedelta(minutes=2)


def test_equal_scores_rank_the_earlier_entry_higher_whatever_the_names():
    entries = [entry("an", 9, 0.7), entry("zung", 3, 0.7), entry("minh", 5, 0.9)]
    assert [r.trainee for r in build_board(CONTEST, entries, {}).rows] == ["minh", "zung", "an"]


def test_lower_is_better_metrics_rank_the_smallest_error_first():
    entries = [entry("an", 1, 3.0), entry("binh", 2, 1.5), entry("chi", 3, 1.5)]
    assert [r.trainee for r in build_board(RMSE, entries, {}).rows] == ["binh", "chi", "an"]


def test_failed_and_over_limit_entries_are_not_on_the_board():
    entries = [entry("an", 1, None, status=EntryStatus.INVALID), entry("an", 2, 0.5),
               entry("binh", 3, None, status=EntryStatus.OVER_LIMIT)]
    board = build_board(CONTEST, entries, {})
    assert [(r.trainee, r.entries) for r in board.rows] == [("an", 1)]


def test_final_selection_uses_the_marked_entries_best_private_score():
    entries = [entry("lan", 1, 0.9, 0.60), entry("lan", 2, 0.7, 0.75), entry("lan", 3, 0.6, 0.80),
               entry("lan", 4, None, status=EntryStatus.MARKS, marked=["lan+2", "lan+3"])]
    row = build_board(CONTEST, entries, {}, final=True).rows[0]
    assert (row.public_score, row.private_score) == (0.9, 0.80)


def test_without_marks_the_best_public_entry_counts_even_if_another_was_better_in_private():
    entries = [entry("lan", 1, 0.9, 0.60), entry("lan", 2, 0.7, 0.95)]
    assert build_board(CONTEST, entries, {}, final=True).rows[0].private_score == 0.60


def test_the_last_marks_file_before_the_deadline_is_the_one_that_counts():
    late = dt.datetime(2026, 12, 21, tzinfo=TIME_ZONE)
    entries = [entry("lan", 1, 0.9, 0.6), entry("lan", 2, 0.5, 0.7), entry("lan", 3, 0.4, 0.8),
               entry("lan", 4, None, status=EntryStatus.MARKS, marked=["lan+2"]),
               Entry("lan+late", "lan", "marks.json", late, EntryStatus.MARKS, None, None, "x", None, "", ("lan+3",))]
    assert build_board(CONTEST, entries, {}, final=True).rows[0].private_score == 0.7


def test_final_ranks_sit_beside_public_ranks_with_the_shake_up():
    entries = [entry("an", 1, 0.9, 0.5), entry("binh", 2, 0.8, 0.85), entry("chi", 3, 0.7, 0.85)]
    board = build_board(CONTEST, entries, {"binh": Person("Trần Bình", "Phường Đồng Xoài")}, final=True)
    assert [(r.trainee, r.public_rank, r.private_rank, r.shake_up) for r in board.rows] == [
        ("binh", 2, 1, 1), ("chi", 3, 2, 1), ("an", 1, 3, -2)]
    assert board.rows[0].display_name == "Trần Bình" and board.rows[0].site == "Phường Đồng Xoài"


def test_a_trainee_who_sends_an_entry_identical_to_an_earlier_one_of_another_is_flagged():
    entries = [entry("an", 1, 0.5, digest="same"), entry("binh", 2, 0.5, digest="same"),
               entry("chi", 3, 0.4), entry("chi", 4, 0.4, digest="f-chi-3")]  # chi twice: not a flag
    earlier = Entry("dung+1", "dung", "csv", T0, EntryStatus.SCORED, 0.3, 0.3, "f-dung", "p-chi-3", "", ())
    flags = flagged_trainees(entries + [earlier])
    assert flags == {"binh": {"an"}, "chi": {"dung"}}  # the later sender only: an and dung were first
    board = build_board(CONTEST, entries + [earlier], {})
    assert {r.trainee for r in board.rows if r.flagged} == {"binh", "chi"}
    assert not flagged_trainees(entries + [earlier], known=frozenset({"same", "p-chi-3"}))  # e.g. the baseline


def test_the_history_records_each_improvement_of_the_best_score():
    entries = [entry("an", 1, 0.5), entry("binh", 2, 0.4), entry("an", 3, 0.7), entry("chi", 4, 0.7)]
    assert [s for _, s in build_board(CONTEST, entries, {}).history] == [0.5, 0.7]


def test_finalize_writes_final_csv_for_talent_selection(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    good = perfect(site).to_csv(index=False).encode()
    truth = truth_of(site)
    worse = truth.assign(nhom="cao").to_csv(index=False).encode()
    from test_contest_engine import write_raw

    write_raw(site, "an", worse)
    write_raw(site, "binh", good)
    people = people_from_roster([Student("binh", "Bình", "Trần", "Xã Tân Phú", "Đồng Phú")])
    with pytest.raises(Exception, match="--early"):
        finalize(site, people)
    path = finalize(site, people, early=True)
    final = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert final.columns.tolist() == FINAL_COLUMNS
    assert final[["trainee", "display_name", "site", "area", "final_rank"]].values.tolist() == [
        ["binh", "Trần Bình", "Xã Tân Phú", "Đồng Phú", "1"], ["an", "an", "", "", "2"]]
    assert float(final.loc[0, "final_score"]) == 1.0
    assert (site.exchange.leaderboard / "index.html").exists()


def test_a_scorer_killed_mid_run_resumes_and_records_every_entry_exactly_once(tmp_path):
    site = make_site(tmp_path, n=300, limits={"per_day": 5000, "total": 5000})
    truth = truth_of(site)
    from test_contest_engine import write_raw

    names = []
    for i in range(600):
        spoilt = truth.assign(nhom=truth["nhom"].where(truth.index % 600 != i % 300, "cao"))
        names.append(write_raw(site, f"tv{i % 40:02d}", spoilt.to_csv(index=False).encode()))
    command = [sys.executable, "-m", "aijourney.cli", "--exchange", str(site.exchange.root), "--course-id",
               site.exchange.course_id, "contest", "--contests", str(tmp_path / "contests"), "--store",
               str(site.store.root), "score", site.contest.id, "--batch", "10"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    recorded = 0
    while time.monotonic() < deadline and process.poll() is None:
        if site.store.database.exists():
            try:
                recorded = sqlite3.connect(site.store.database).execute("SELECT count(*) FROM entries").fetchone()[0]
            except sqlite3.Error:
                recorded = 0
        if recorded >= 20:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the scorer finished before it could be killed: make the test bigger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(site.store.database) as store:
        partial = len(store.entries())
    assert 20 <= partial < 600
    score(site)  # the rerun
    with Store(site.store.database) as store:
        entries = store.entries()
    assert sorted(e.name for e in entries) == sorted(names)  # each exactly once (names are the primary key)
    assert all(e.status is EntryStatus.SCORED for e in entries)
    assert all(site.exchange.result_of(n).exists() for n in names)
