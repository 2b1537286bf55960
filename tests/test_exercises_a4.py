"""Lesson A4's exercises: right answers pass, each recognised mistake gets its own explanation."""

import pandas as pd
import pytest

from aijourney.datasets.orders import load_orders
from aijourney.exercises.a4 import q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit.segments import kmeans_labels, kmeans_range, pca_2d, rfm_table, scale, segment_summary

DAY = pd.Timestamp("2026-01-01")


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def lesson():
    orders = load_orders()
    rfm = rfm_table(orders)
    X = scale(rfm)
    table = kmeans_range(X, range(2, 9))
    return orders, rfm, X, table


def test_q1_recency_of_one_customer(lesson):
    orders = lesson[0]
    days = orders.loc[orders["ma_khach"] == "KH0042", "ngay"]
    right = (DAY - days.max()).days
    assert q1.evaluate({"so_ngay": right}).correct
    assert q1.evaluate({"so_ngay": ____}).status == "not_attempted"
    assert "**đầu tiên**" in message(q1, (DAY - days.min()).days)
    ex = orders.loc[orders["ma_khach"] == "KH0001", "ngay"]
    assert "`KH0001`" in message(q1, (DAY - ex.max()).days)
    assert "lệch đúng một ngày" in message(q1, (pd.Timestamp("2025-12-31") - days.max()).days)
    assert "chưa đúng" in message(q1, 1000)


def test_q2_k_with_the_highest_silhouette(lesson):
    table = lesson[3]
    row = table["silhouette"].idxmax()
    right = int(table.loc[row, "k"])
    assert right != row  # the row-label mistake is a real one
    assert q2.evaluate({"k_tot": right}).correct
    assert q2.evaluate({"k_tot": ____}).status == "not_attempted"
    assert "**nhãn dòng**" in message(q2, row)
    assert "**điểm silhouette**" in message(q2, table["silhouette"].max())
    assert "inertia nhỏ nhất" in message(q2, int(table.loc[table["inertia"].idxmin(), "k"]))
    assert "chưa đúng" in message(q2, 20)


def test_q3_share_kept_by_two_components(lesson):
    _, rfm, X, _ = lesson
    shares = pca_2d(X)[1]
    right = shares.sum()
    assert 0.5 < right < 1
    assert q3.evaluate({"ty_le_giu_lai": right}).correct
    assert q3.evaluate({"ty_le_giu_lai": ____}).status == "not_attempted"
    assert "**thứ nhất**" in message(q3, shares[0])
    assert "**chưa chuẩn hoá**" in message(q3, pca_2d(rfm)[1].sum())
    assert "nhân với 100" in message(q3, 100 * right)
    assert "làm tròn" in message(q3, round(right, 2))
    assert "chưa đúng" in message(q3, 0.1)


def test_q4_share_of_the_lapsed_segment(lesson):
    _, rfm, X, table = lesson
    labels = kmeans_labels(X, int(table.loc[table["silhouette"].idxmax(), "k"]))
    summary = segment_summary(rfm, labels)
    lapsed = summary["recency"].idxmax()
    right = (labels == lapsed).mean()
    assert q4.evaluate({"ty_le_roi_bo": right}).correct
    assert q4.evaluate({"ty_le_roi_bo": ____}).status == "not_attempted"
    assert "**số** khách" in message(q4, (labels == lapsed).sum())
    assert "**mua sỉ**" in message(q4, (labels == summary["monetary"].idxmax()).mean())
    assert "**nhỏ nhất**" in message(q4, (labels == summary["recency"].idxmin()).mean())
    assert "nhân với 100" in message(q4, 100 * right)
    assert "chưa đúng" in message(q4, 0.99)


@pytest.mark.parametrize("answer, status, words", [
    ("B", "correct", "bảng đã dùng"), ("b.", "correct", ""),
    ("A", "incorrect", "**chính bảng**"), ("C", "incorrect", "không có nhãn"),
    ("D", "incorrect", "kể cả khi"), ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q5_what_the_silhouette_proves(answer, status, words):
    result = q5.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message, result.message


def test_every_recognised_mistake_has_its_explanation_in_both_languages():
    from aijourney.i18n import catalogue

    for problem in (q1, q2, q3, q4):
        for mistake in problem.mistakes:
            key = mistake.reason if mistake.reason.startswith("check.") else f"{problem.key}.{mistake.reason}"
            assert key in catalogue("vi") and key in catalogue("en"), key
