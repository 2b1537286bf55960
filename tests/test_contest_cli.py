"""The organiser's path of README and docs/contests.md through the real CLI: set up the shipped basic contest,
two trainees of the roster submit, score and publish, status and duplicates, finalize (refused before the
deadline without --early), then the talent shortlist and job matching read the final results."""

import csv
from types import SimpleNamespace

import pandas as pd
import pytest

from aijourney.cli import main
from aijourney.contest import submit
from aijourney.contest.places import ExchangePlaces
from aijourney.contest.shipped import baseline_basic
from aijourney.course import Course, Student
from contest_helpers import as_trainee
from test_contest_starters import open_copy

pytestmark = pytest.mark.slow


def test_a_contest_from_setup_to_talent_matching(tmp_path, monkeypatch, capsys):
    open_copy(tmp_path, "co-ban")
    (tmp_path / "course").mkdir()
    course = Course(root=tmp_path / "course", exchange=tmp_path / "exchange", course_id="aijourney")
    course.add_students([Student("lan", "Lan", "Nguyễn Thị", "Xã Tân Phú", "Đồng Phú"),
                         Student("binh", "Bình", "Trần Văn", "Phường Bình Phước", "")])
    base = ["--course-dir", str(tmp_path / "course"), "--exchange", str(tmp_path / "exchange")]
    contest = base + ["contest", "--contests", str(tmp_path / "contests"), "--store", str(tmp_path / "store")]
    assert main(contest + ["setup", "co-ban"]) == 0
    places = ExchangePlaces(tmp_path / "exchange", "aijourney", "co-ban")
    train = pd.read_csv(places.public / "train.csv", dtype={"ma_ho": str})
    test = pd.read_csv(places.public / "test.csv", dtype={"ma_ho": str})
    as_trainee(monkeypatch, SimpleNamespace(exchange=places), tmp_path / "home-lan", "lan")
    assert submit(baseline_basic(train, test), contest="co-ban")
    as_trainee(monkeypatch, SimpleNamespace(exchange=places), tmp_path / "home-chi", "chi")
    assert submit(baseline_basic(train, test), contest="co-ban")  # the starter's baseline, sent unchanged
    as_trainee(monkeypatch, SimpleNamespace(exchange=places), tmp_path / "home-binh", "binh")
    majority = train["muc_chi_tieu"].mode()[0]
    assert submit(test[["ma_ho"]].assign(muc_chi_tieu=majority), contest="co-ban")
    capsys.readouterr()
    assert main(contest + ["score", "co-ban", "--publish"]) == 0
    assert "3 scored" in capsys.readouterr().out
    page = (places.leaderboard / "index.html").read_text("utf-8")
    assert "Nguyễn Thị Lan" in page and "Xã Tân Phú" in page
    assert main(contest + ["status", "co-ban"]) == 0 and "3 scored" in capsys.readouterr().out
    assert main(contest + ["duplicates", "co-ban"]) == 0 and "0 trainees flagged" in capsys.readouterr().out
    assert main(contest + ["finalize", "co-ban"]) == 2 and "--early" in capsys.readouterr().err
    assert main(contest + ["finalize", "co-ban", "--early"]) == 0
    final = list(csv.DictReader(open(tmp_path / "store" / "co-ban" / "final.csv", encoding="utf-8")))
    assert [row["trainee"] for row in final] == ["lan", "chi", "binh"]  # the baseline beats the majority class
    assert [row["flagged"] for row in final] == ["0", "0", "0"]  # two trainees sent the starter's baseline: no flag

    talent = tmp_path / "talent"
    assert main(base + ["talent", "--contest", str(tmp_path / "store" / "co-ban"), "--output", str(talent)]) == 0
    shortlist = list(csv.DictReader(open(talent / "shortlist.csv", encoding="utf-8-sig")))
    assert [(r["ma_hoc_vien"], r["ho_ten"], r["cuoc_thi"]) for r in shortlist] == [
        ("lan", "Nguyễn Thị Lan", "100.0"), ("binh", "Trần Văn Bình", "33.33")]  # contest part: (3 - rank + 1) / 3
    openings = tmp_path / "vi-tri.csv"
    openings.write_text("ma_vi_tri,vi_tri,nang_luc,diem_cau,khu_vuc,so_ung_vien\n"
                        "KT-01,Kỹ thuật viên dữ liệu,\"Kỹ năng ứng dụng: 1\",,,5\n", "utf-8")
    assert main(base + ["talent", "match", "--openings", str(openings), "--contest",
                        str(tmp_path / "store" / "co-ban"), "--output", str(tmp_path / "match")]) == 0
    assert (tmp_path / "match" / "matches.csv").exists()
