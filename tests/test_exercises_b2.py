"""Every exercise of lesson B2: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest

from aijourney.datasets import load_vietnam_households
from aijourney.exercises.b2 import MISLEADING_BOTTOM, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.i18n import has


@pytest.fixture(scope="module")
def hh():
    return load_vietnam_households()


def test_q1_urban_households(hh):
    counts = hh["urban"].value_counts()
    assert q1.evaluate({"so_ho_thanh_thi": counts["yes"]}).correct
    assert q1.evaluate({"so_ho_thanh_thi": int((hh["urban"] == "yes").sum())}).correct
    assert q1.evaluate({"so_ho_thanh_thi": ____}).status == "not_attempted"
    assert "nông thôn" in q1.evaluate({"so_ho_thanh_thi": counts["no"]}).message
    assert "tổng số hộ" in q1.evaluate({"so_ho_thanh_thi": len(hh)}).message
    share = q1.evaluate({"so_ho_thanh_thi": (hh["urban"] == "yes").mean()})
    assert share.status == "incorrect" and "số hộ" in share.message
    assert "tỉ lệ" in q1.evaluate({"so_ho_thanh_thi": 100 * (hh["urban"] == "yes").mean()}).message
    whole = q1.evaluate({"so_ho_thanh_thi": counts})
    assert whole.status == "incorrect" and "cả một bảng" in whole.message
    assert q1.evaluate({"so_ho_thanh_thi": "nhiều"}).status == "incorrect"
    assert q1.evaluate({"so_ho_thanh_thi": counts["yes"] + 1}).status == "incorrect"


def test_q2_median_expenditure_back_from_the_log(hh):
    money = np.exp(hh["lntotal"])
    assert q2.evaluate({"chi_tieu_trung_vi": money.median()}).correct
    # the median of the logs, turned into money afterwards, is the same household
    assert q2.evaluate({"chi_tieu_trung_vi": np.exp(hh["lntotal"].median())}).correct
    assert q2.evaluate({"chi_tieu_trung_vi": ____}).status == "not_attempted"
    assert "dạng **log**" in q2.evaluate({"chi_tieu_trung_vi": hh["lntotal"].median()}).message
    assert "trung bình cộng" in q2.evaluate({"chi_tieu_trung_vi": money.mean()}).message
    assert "trung bình của log" in q2.evaluate({"chi_tieu_trung_vi": np.exp(hh["lntotal"].mean())}).message
    assert "nghìn đồng" in q2.evaluate({"chi_tieu_trung_vi": money.median() * 1000}).message
    wrong = q2.evaluate({"chi_tieu_trung_vi": money.median() + 100})
    assert wrong.status == "incorrect" and "np.exp" in wrong.message


def test_q3_schooling_by_area(hh):
    right = hh.groupby("urban")["educyr"].mean()
    assert right["yes"] > right["no"]
    assert q3.evaluate({"hoc_van_theo_khu_vuc": right}).correct
    assert q3.evaluate({"hoc_van_theo_khu_vuc": right.sort_values()}).correct  # order does not matter
    assert q3.evaluate({"hoc_van_theo_khu_vuc": ____}).status == "not_attempted"
    cases = {
        "trung vị": hh.groupby("urban")["educyr"].median(),
        "tổng": hh.groupby("urban")["educyr"].sum(),
        "số hộ": hh["urban"].value_counts(),
        "`farm`": hh.groupby("farm")["educyr"].mean(),
        "`hhsize`": hh.groupby("urban")["hhsize"].mean(),
        "nhiều cột": hh.groupby("urban")[["educyr"]].mean(),
        "kiểu `float`": float(right.mean()),
    }
    for phrase, answer in cases.items():
        result = q3.evaluate({"hoc_van_theo_khu_vuc": answer})
        assert result.status == "incorrect" and phrase in result.message, (phrase, result.message)
    off = q3.evaluate({"hoc_van_theo_khu_vuc": right + 1})
    assert off.status == "incorrect" and "chưa đúng" in off.message


def test_q4_real_ratio(hh):
    means = hh.groupby("urban")["hhsize"].mean()
    real = means["no"] / means["yes"]
    assert 1.05 < real < 1.15
    assert q4.evaluate({"ti_le_that": real}).correct
    assert q4.evaluate({"ti_le_that": round(real, 2)}).correct
    assert q4.evaluate({"ti_le_that": ____}).status == "not_attempted"
    assert "chia ngược" in q4.evaluate({"ti_le_that": 1 / real}).message
    looks = (means["no"] - MISLEADING_BOTTOM) / (means["yes"] - MISLEADING_BOTTOM)
    assert looks > 3
    assert "biểu đồ gây hiểu nhầm" in q4.evaluate({"ti_le_that": looks}).message
    assert "**hiệu**" in q4.evaluate({"ti_le_that": means["no"] - means["yes"]}).message
    assert "nhân với 100" in q4.evaluate({"ti_le_that": 100 * real}).message
    assert q4.evaluate({"ti_le_that": 2.0}).status == "incorrect"


@pytest.mark.parametrize("answer, status, phrase", [
    ("B", "correct", "bắt đầu trục tung từ 0"),
    ("b", "correct", ""),
    ("A", "incorrect", "không ai bịa số"),
    ("C", "incorrect", "Màu sắc"),
    ("D", "incorrect", "khoảng 9%"),
    ("E", "incorrect", "A, B, C, D"),
    (____, "not_attempted", ""),
])
def test_q5_choice(answer, status, phrase):
    result = q5.evaluate({"cau_tra_loi": answer})
    assert result.status == status and phrase in result.message


def test_every_b2_problem_has_two_hints_a_solution_and_english():
    from aijourney.i18n import catalogue

    for q in (q1, q2, q3, q4, q5):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
        assert f"{q.key}.solution" in catalogue("en"), q.key
