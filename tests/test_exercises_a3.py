"""Lesson A3's exercises: right answers pass, each recognised mistake gets its own explanation."""

import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from aijourney.exercises.a3 import q1, q2, q3, q4
from aijourney.feedback import ____
from aijourney.datasets.weather import seattle_weather
from aijourney.toolkit.forecast import add_lags, lag_names, mae, naive_forecast, time_split


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def parts():
    table = add_lags(seattle_weather(), "temp_max", 14)
    table["hom_qua"] = naive_forecast(table, "temp_max")
    train, validation, test = time_split(table, "date", ["2014-01-01", "2015-01-01"])
    return table, train, validation, test


def fitted_mae(learn, judge, n):
    cols = lag_names("temp_max", n)
    return mae(judge["temp_max"], LinearRegression().fit(learn[cols], learn["temp_max"]).predict(judge[cols]))


def test_q1_naive_baseline_on_validation(parts):
    table, train, validation, test = parts
    right = mae(validation["temp_max"], validation["hom_qua"])
    assert q1.evaluate({"mae_hom_qua": right}).correct
    assert q1.evaluate({"mae_hom_qua": ____}).status == "not_attempted"
    assert "bù trừ" in message(q1, (validation["temp_max"] - validation["hom_qua"]).mean())
    assert "2012–2013" in message(q1, mae(train["temp_max"], train["hom_qua"]))
    assert "cả bốn năm" in message(q1, mae(table["temp_max"], table["hom_qua"]))
    assert "**một lần**" in message(q1, mae(test["temp_max"], test["hom_qua"]))
    assert "ô ví dụ" in message(q1, mae(validation["temp_max"], [train["temp_max"].mean()] * len(validation)))
    assert "làm tròn" in message(q1, round(right, 2))
    assert "chưa đúng" in message(q1, 3.5)


def test_q2_seven_lags_on_validation(parts):
    _, train, validation, test = parts
    right = fitted_mae(train, validation, 7)
    assert q2.evaluate({"mae_7_ngay": right}).correct
    assert q2.evaluate({"mae_7_ngay": ____}).status == "not_attempted"
    assert "**3** ngày trễ" in message(q2, fitted_mae(train, validation, 3))
    assert "đã học" in message(q2, fitted_mae(train, train, 7))
    assert "**2015**" in message(q2, fitted_mae(train, test, 7))
    assert "giống hôm qua" in message(q2, mae(validation["temp_max"], validation["hom_qua"]))
    assert "chưa đúng" in message(q2, 1.0)


@pytest.mark.parametrize("answer, status, words", [
    ("D", "correct", "nhìn trộm"), ("d.", "correct", ""),
    ("A", "incorrect", "cần, nhưng chưa đủ"), ("B", "incorrect", "còn tệ hơn"),
    ("C", "incorrect", "chứa đáp án"), ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q3_the_peeking_feature(answer, status, words):
    result = q3.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q3_options_are_fair():
    options = q3.option_texts()
    assert sorted(options) == list("ABCD")
    assert len(options["D"]) < max(map(len, options.values()))
    assert max(map(len, options.values())) < 1.25 * min(map(len, options.values()))


def test_q4_test_period_opened_once(parts):
    _, train, validation, test = parts
    both = pd.concat([train, validation])
    chosen = min([1, 2, 3, 7, 14], key=lambda n: fitted_mae(train, validation, n))
    right = fitted_mae(both, test, chosen)
    assert q4.evaluate({"mae_kiem_tra": right}).correct
    assert q4.evaluate({"mae_kiem_tra": ____}).status == "not_attempted"
    assert "2012–2013" in message(q4, fitted_mae(train, test, chosen))
    assert "**chọn**" in message(q4, fitted_mae(train, validation, chosen))
    assert "giống hôm qua" in message(q4, mae(test["temp_max"], test["hom_qua"]))
    assert "**7** ngày trễ" in message(q4, fitted_mae(both, test, 7))
    assert "đã học" in message(q4, fitted_mae(both, both, chosen))
    assert "làm tròn" in message(q4, round(right, 2))


def test_the_lesson_shows_the_leaks_are_real(parts):
    """A shuffled split and a centred rolling mean both give a nicer error than the honest one."""
    _, train, validation, _ = parts
    honest = fitted_mae(train, validation, 3)
    both = pd.concat([train, validation]).sample(frac=1, random_state=0)
    cut = int(len(both) * 0.67)
    assert fitted_mae(both.iloc[:cut], both.iloc[cut:], 3) < honest
    assert min(fitted_mae(train, validation, n) for n in [1, 2, 3, 7, 14]) < mae(validation["temp_max"], validation["hom_qua"])
