"""The contest engine end to end on disk: a trainee's checks and messages, the inbox, scoring, limits,
statuses, folder modes, forged and hostile entry files, and the metrics against scikit-learn."""

import datetime as dt
import json
import os
import stat

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as sk

from aijourney import contest
from aijourney.contest import metrics
from aijourney.contest.definition import TIME_ZONE, Metric
from aijourney.contest.entries import EntryKind, entry_name
from aijourney.contest.organiser import score
from aijourney.contest.store import EntryStatus, Store
from aijourney.contest.submission import max_entry_bytes
from contest_helpers import CLASSES, as_trainee, make_site, perfect, truth_of


@pytest.fixture
def site(tmp_path, monkeypatch):
    site = make_site(tmp_path)
    as_trainee(monkeypatch, site, tmp_path / "home-lan", "lan")
    return site


def entries_of(site, trainee=None):
    with Store(site.store.database) as store:
        return store.entries(trainee)


def test_folders_have_the_modes_that_keep_entries_and_truth_private(site):
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    assert mode(site.exchange.inbound) == 0o1733  # write, not list; no one deletes another's file
    assert mode(site.exchange.results) == 0o711
    assert mode(site.store.root) == 0o700 and mode(site.store.truth) == 0o600
    public = {p.name for p in site.exchange.public.iterdir()}
    assert public == {"contest.yaml", "test.csv"}
    assert "nhom" not in pd.read_csv(site.exchange.public / "test.csv").columns


def test_a_good_entry_is_sent_scored_and_shown_to_its_trainee(site, capsys):
    name = contest.submit(perfect(site), contest="thi-thu")
    assert name and "Đã gửi bài" in capsys.readouterr().out
    waiting = contest.my_entries("thi-thu")
    assert waiting["Trạng thái"].tolist() == ["Đang chờ chấm"]
    report = score(site)
    assert report.recorded[EntryStatus.SCORED] == 1 and report.results_written == 1
    mine = contest.my_entries("thi-thu")
    assert mine["Trạng thái"].tolist() == ["Đã chấm"] and mine["Điểm công khai"].tolist() == [1.0]
    (entry,) = entries_of(site)
    assert (entry.trainee, entry.public_score, entry.private_score) == ("lan", 1.0, 1.0)
    result = json.loads(site.exchange.result_of(name).read_text())
    assert "private_score" not in result  # the trainee sees the public score only


BAD = [
    (lambda df: df.rename(columns={"nhom": "du_doan"}), "cần đúng các cột: ma, nhom"),
    (lambda df: df.iloc[:-2], "thiếu 2 mã của tập kiểm tra"),
    (lambda df: pd.concat([df, df.iloc[:1]]), "xuất hiện nhiều lần"),
    (lambda df: pd.concat([df, pd.DataFrame({"ma": ["X9"], "nhom": ["cao"]})]), "không thuộc tập kiểm tra, ví dụ: X9"),
    (lambda df: df.assign(nhom=df["nhom"].where(df.index > 0, None)), "có 1 ô trống"),
    (lambda df: df.assign(nhom="rat_cao"), "nhãn không hợp lệ: rat_cao. Nhãn hợp lệ: cao, thap, vua"),
    (lambda df: df.assign(nhom=0.5), "cần nhãn (chữ hoặc số nguyên)"),
    (lambda df: df["nhom"], "phải là một bảng pandas DataFrame"),
]


@pytest.mark.parametrize("spoil, words", BAD)
def test_each_bad_entry_is_explained_in_vietnamese_and_not_sent(site, capsys, spoil, words):
    assert contest.submit(spoil(perfect(site)), contest="thi-thu") is None
    out = capsys.readouterr().out
    assert "Bài chưa được gửi" in out and words in out
    assert os.listdir(site.exchange.inbound) == []


NUMERIC_BAD = [
    (lambda df: df.assign(gia=np.where(df.index == 3, np.inf, df["gia"])), "không phải số hữu hạn"),
    (lambda df: df.assign(gia=df["gia"].astype(str).where(df.index != 2, "năm mươi")), "cần số"),
    (lambda df: df.assign(gia=True), "cần số"),
]


@pytest.mark.parametrize("spoil, words", NUMERIC_BAD)
def test_a_numeric_contest_checks_numbers(tmp_path, monkeypatch, capsys, spoil, words):
    site = make_site(tmp_path, "gia", metric="rmse", classes=None, target_column="gia")
    as_trainee(monkeypatch, site, tmp_path / "home", "lan")
    good = truth_of(site).astype({"gia": float})
    assert contest.submit(spoil(good), contest="gia") is None
    assert words in capsys.readouterr().out


def test_probabilities_must_lie_between_0_and_1(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path, "xs", metric="roc_auc", classes=None, target_column="kha_nang")
    as_trainee(monkeypatch, site, tmp_path / "home", "lan")
    entry = truth_of(site).astype({"kha_nang": float})
    entry.loc[0, "kha_nang"] = 1.5
    assert contest.submit(entry, contest="xs") is None
    assert "đoạn [0, 1]" in capsys.readouterr().out and "1.5" not in truth_of(site)["kha_nang"].tolist()


def write_raw(site, login, data: bytes, kind=EntryKind.TABLE) -> str:
    """What a trainee who skips contest.submit can do: put any bytes in the inbox."""
    name = entry_name(login, kind)
    (site.exchange.inbound / name).write_bytes(data)
    return name


def test_the_scorer_checks_raw_files_again_and_never_reveals_a_truth_value(tmp_path):
    site = make_site(tmp_path, "gia", metric="mae", classes=None, target_column="gia", n=30)
    truth = truth_of(site)
    bad = truth.copy()
    bad.loc[5, "gia"] = "nan"
    files = [b"\xff\xfe not utf-8", b"ma,gia\n", bad.to_csv(index=False).encode(),
             truth.iloc[:10].to_csv(index=False).encode(), truth.assign(gia="x").to_csv(index=False).encode()]
    for data in files:
        write_raw(site, "minh", data)
    score(site)
    entries = entries_of(site)
    assert [e.status for e in entries] == [EntryStatus.INVALID] * len(files)
    for entry in entries:
        assert entry.message and entry.public_score is None
        assert not any(value in entry.message for value in truth["gia"]), entry.message


def test_invalid_entries_do_not_count_against_the_limits(site):
    for _ in range(4):
        write_raw(site, "lan", b"ma,nhom\nM0000,cao\n")  # invalid: ids missing
    for _ in range(4):
        write_raw(site, "lan", perfect(site).to_csv(index=False).encode())
    score(site)
    statuses = [e.status for e in entries_of(site, "lan")]
    assert statuses.count(EntryStatus.INVALID) == 4
    assert statuses.count(EntryStatus.SCORED) == 3  # per_day = 3
    assert statuses.count(EntryStatus.OVER_LIMIT) == 1


def test_a_link_a_forged_owner_and_an_oversized_file_are_refused_unread(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("ma,nhom\n")
    os.symlink(secret, site.exchange.inbound / entry_name("lan", EntryKind.TABLE))
    forged = write_raw(site, "lan", perfect(site).to_csv(index=False).encode())
    os.chown(site.exchange.inbound / forged, 54321, 54321)  # a file "lan" did not write
    big = write_raw(site, "lan", b"x" * (max_entry_bytes(50) + 1))  # the site's contest has 50 test ids
    score(site)
    by_name = {e.name: e for e in entries_of(site)}
    assert all(e.status is EntryStatus.INVALID for e in by_name.values()) and len(by_name) == 3
    assert "không do tài khoản đó tạo ra" in by_name[forged].message
    assert f"lớn hơn {max_entry_bytes(50) // 1024} KB" in by_name[big].message
    assert any("không phải một tệp thường" in e.message for e in by_name.values())


def test_names_that_are_not_entries_are_ignored(site):
    (site.exchange.inbound / "../../x+1+2.csv".replace("/", "_")).write_text("a")
    (site.exchange.inbound / (".lan+20261201T080000+" + "0" * 32 + ".csv.part")).write_text("half")
    score(site)
    assert entries_of(site) == []


def test_a_second_scorer_returns_at_once_while_one_runs(site):
    import fcntl

    contest.submit(perfect(site), contest="thi-thu")
    with open(site.store.lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert score(site).busy
    assert entries_of(site) == []
    assert score(site).recorded[EntryStatus.SCORED] == 1


def test_scoring_again_records_nothing_new(site):
    contest.submit(perfect(site), contest="thi-thu")
    score(site)
    again = score(site)
    assert sum(again.recorded.values()) == 0 and again.results_written == 0
    assert len(entries_of(site)) == 1


def test_an_entry_after_the_deadline_is_closed_and_submit_refuses_it(tmp_path, monkeypatch, capsys):
    now = dt.datetime.now(TIME_ZONE)
    site = make_site(tmp_path, start=(now - dt.timedelta(days=3)).isoformat(),
                     deadline=(now - dt.timedelta(days=1)).isoformat())
    as_trainee(monkeypatch, site, tmp_path / "home", "lan")
    assert contest.submit(perfect(site), contest="thi-thu") is None
    assert "chỉ nhận bài từ" in capsys.readouterr().out
    write_raw(site, "lan", perfect(site).to_csv(index=False).encode())
    score(site)
    assert [e.status for e in entries_of(site)] == [EntryStatus.CLOSED]


def test_an_unknown_contest_gets_a_vietnamese_message(site, capsys):
    assert contest.submit(perfect(site), contest="khong-co") is None
    assert "chưa có cuộc thi «khong-co»" in capsys.readouterr().out


def test_marking_records_the_chosen_entries(site, capsys):
    for _ in range(2):
        contest.submit(perfect(site), contest="thi-thu")
    assert not contest.mark([1, 2, 3], contest="thi-thu")  # more than two
    assert contest.mark([2], contest="thi-thu")
    score(site)
    marks = [e for e in entries_of(site) if e.status is EntryStatus.MARKS]
    assert len(marks) == 1 and marks[0].marked == (entries_of(site)[1].name,)


@pytest.mark.parametrize("metric", [m for m in Metric if m is not Metric.HIT_RATE_AT_K])  # hit-rate: test_minigame
def test_each_metric_agrees_with_scikit_learn(metric):
    rng = np.random.default_rng(3)
    if metric.needs_classes:
        truth, predicted = rng.choice(CLASSES, 200).astype(object), rng.choice(CLASSES[:2], 200).astype(object)
    elif metric is Metric.ROC_AUC:
        truth, predicted = rng.integers(0, 2, 200).astype(str).astype(object), np.round(rng.random(200), 1)
    else:
        truth, predicted = rng.normal(size=200), rng.normal(size=200)
    ours = metrics.score(metric, truth, predicted, CLASSES)
    expected = {
        Metric.ACCURACY: lambda: sk.accuracy_score(truth, predicted),
        Metric.MACRO_F1: lambda: sk.f1_score(truth, predicted, average="macro", labels=CLASSES, zero_division=0),
        Metric.ROC_AUC: lambda: sk.roc_auc_score(truth.astype(int), predicted),
        Metric.RMSE: lambda: np.sqrt(sk.mean_squared_error(truth, predicted)),
        Metric.MAE: lambda: sk.mean_absolute_error(truth, predicted),
    }[metric]()
    assert ours == pytest.approx(expected, abs=1e-12)
