"""Every exercise of lesson B2: a right answer passes, each recognised mistake gets its own message,
an untouched placeholder is "chưa làm", every option of the choice question is explained."""

import numpy as np
import pytest

from aijourney.datasets import load_vietnam_households
from aijourney.exercises.b2 import MISLEADING_BOTTOM, q1, q2, q3, q4, q5, q6
from aijourney.feedback import ____
from aijourney.i18n import t


@pytest.fixture(scope="module")
def hh():
    return load_vietnam_households()


def message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


def test_q1_urban_households(hh):
    counts = hh["urban"].value_counts()
    assert q1.evaluate({"so_ho_thanh_thi": counts["yes"]}).correct
    assert q1.evaluate({"so_ho_thanh_thi": int((hh["urban"] == "yes").sum())}).correct
    assert q1.evaluate({"so_ho_thanh_thi": ____}).status == "not_attempted"
    assert "số hộ **nông thôn**" in message(q1, counts["no"])
    assert "**tổng số hộ**" in message(q1, len(hh))
    assert "cột `sex`" in message(q1, hh["sex"].value_counts()["female"])
    assert "**tỉ lệ**" in message(q1, (hh["urban"] == "yes").mean())
    assert "**tỉ lệ**" in message(q1, 100 * (hh["urban"] == "yes").mean())
    assert "cả một bảng" in message(q1, counts)
    assert "chưa đúng" in message(q1, counts["yes"] + 1)


def test_q2_share_of_missing_values(hh):
    blank = hh["lnexp12m"].isna()
    assert 0.1 < blank.mean() < 0.2
    assert q2.evaluate({"ty_le_o_trong": blank.mean()}).correct
    assert q2.evaluate({"ty_le_o_trong": blank.sum() / len(hh)}).correct
    assert q2.evaluate({"ty_le_o_trong": ____}).status == "not_attempted"
    assert "dùng `.mean()` thay cho `.sum()`" in message(q2, blank.sum())
    assert "không nhân với 100" in message(q2, 100 * blank.mean())
    assert "`.notna()`" in message(q2, hh["lnexp12m"].notna().mean())
    assert "`count` trong `describe()`" in message(q2, blank.sum() / hh["lnexp12m"].count())
    assert "**cả bảng**" in message(q2, hh.isna().mean().mean())
    assert "làm tròn quá sớm" in message(q2, round(blank.mean(), 2))
    assert "cả một bảng" in message(q2, hh.isna().mean())
    assert "chưa đúng" in message(q2, 0.5)


def test_q3_median_expenditure_back_from_the_log(hh):
    money = np.exp(hh["lntotal"])
    assert q3.evaluate({"chi_tieu_trung_vi": money.median()}).correct
    # the median of the logs, turned into money afterwards, is the same household
    assert q3.evaluate({"chi_tieu_trung_vi": np.exp(hh["lntotal"].median())}).correct
    assert q3.evaluate({"chi_tieu_trung_vi": ____}).status == "not_attempted"
    assert "dạng **log**" in message(q3, hh["lntotal"].median())
    assert "dạng **log**" in message(q3, hh["lntotal"].mean())
    assert "**chi ăn uống**" in message(q3, np.exp(hh["lnrlfood"]).median())
    assert "**trung bình cộng**" in message(q3, money.mean())
    assert "trung bình của log" in message(q3, np.exp(hh["lntotal"].mean()))
    assert "nhân 1000" in message(q3, money.median() * 1000)
    assert "chia 1000" in message(q3, money.median() / 1000)
    assert "chưa đúng" in message(q3, money.median() + 100)


def test_q4_schooling_by_area(hh):
    right = hh.groupby("urban")["educyr"].mean()
    assert right["yes"] > right["no"]
    assert q4.evaluate({"hoc_van_theo_khu_vuc": right}).correct
    assert q4.evaluate({"hoc_van_theo_khu_vuc": right.sort_values()}).correct  # order does not matter
    assert q4.evaluate({"hoc_van_theo_khu_vuc": ____}).status == "not_attempted"
    food = np.exp(hh["lnrlfood"]).groupby(hh["urban"]).median()  # the worked example
    cases = {
        "**trung vị**": hh.groupby("urban")["educyr"].median(),
        "**tổng**": hh.groupby("urban")["educyr"].sum(),
        "**số hộ**": hh["urban"].value_counts(),
        "cột `farm`": hh.groupby("farm")["educyr"].mean(),
        "cột `hhsize`": hh.groupby("urban")["hhsize"].mean(),
        "cột `chi_an_uong`": food,
        "hai cặp ngoặc": hh.groupby("urban")[["educyr"]].mean(),
        "kiểu `float`": float(right.mean()),
    }
    for phrase, answer in cases.items():
        assert phrase in message(q4, answer), phrase
    assert "chưa đúng" in message(q4, right + 1)


def test_q5_real_ratio(hh):
    means = hh.groupby("urban")["hhsize"].mean()
    real = means["no"] / means["yes"]
    assert 1.05 < real < 1.15
    assert q5.evaluate({"ty_le_that": real}).correct
    assert q5.evaluate({"ty_le_that": round(real, 2)}).correct
    assert q5.evaluate({"ty_le_that": ____}).status == "not_attempted"
    assert "chia ngược" in message(q5, 1 / real)
    looks = (means["no"] - MISLEADING_BOTTOM) / (means["yes"] - MISLEADING_BOTTOM)
    assert looks > 3
    assert "biểu đồ gây hiểu nhầm" in message(q5, looks)
    assert "**hiệu**" in message(q5, means["no"] - means["yes"])
    food = np.exp(hh["lnrlfood"]).groupby(hh["urban"]).median()
    assert "**chi ăn uống**" in message(q5, food["yes"] / food["no"])
    assert "không nhân với 100" in message(q5, 100 * real)
    assert "không nhân với 100" in message(q5, 100 * (real - 1))
    assert "chưa đúng" in message(q5, 2.0)


@pytest.mark.parametrize("answer, status, phrase", [
    ("D", "correct", "bắt đầu trục tung từ 0"),
    (" d. ", "correct", ""),
    ("A", "incorrect", "**cách vẽ**"),
    ("B", "incorrect", "ít ai đọc kỹ"),
    ("C", "incorrect", "Trung vị hữu ích"),
    ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""),
])
def test_q6_choice(answer, status, phrase):
    result = q6.evaluate({"cau_tra_loi": answer})
    assert result.status == status and phrase in result.message


def test_q6_options_are_fair():
    for lang in ("vi", "en"):
        options = {c: t(f"b2.q6.option.{c}", lang=lang) for c in "ABCD"}
        longest = max(len(text) for text in options.values())
        assert len(options["D"]) < longest, lang  # the right answer is not the longest
        assert longest <= 1.2 * min(len(text) for text in options.values()), lang  # similar lengths


def test_solutions_quote_computed_figures(hh):
    blank = hh["lnexp12m"].isna()
    assert f"{100 * blank.mean():.1f}%".replace(".", ",") in q2.solution_text()
    assert "{" not in "".join(q.solution_text() for q in (q1, q2, q3, q4, q5, q6))
