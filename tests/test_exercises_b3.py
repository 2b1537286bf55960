"""Every exercise of lesson B3: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error

from aijourney.exercises.b3 import q1, q2, q3, q4
from aijourney.feedback import ____
from aijourney.i18n import has
from aijourney.datasets import household_split


@pytest.fixture(scope="module")
def fitted():
    X_train, X_test, y_train, y_test = household_split()
    model = LinearRegression().fit(X_train, y_train)
    return X_train, X_test, y_train, y_test, model


def test_q1_baseline_mae(fitted):
    X_train, X_test, y_train, y_test, _ = fitted
    base = np.full(len(y_test), y_train.mean())
    right = mean_absolute_error(y_test, base)
    assert q1.evaluate({"mae_co_so": right}).correct
    assert q1.evaluate({"mae_co_so": (y_test - y_train.mean()).abs().mean()}).correct
    assert q1.evaluate({"mae_co_so": ____}).status == "not_attempted"
    peek = mean_absolute_error(y_test, np.full(len(y_test), y_test.mean()))
    assert "trung bình của `y_test`" in q1.evaluate({"mae_co_so": peek}).message
    assert "RMSE" in q1.evaluate({"mae_co_so": mean_squared_error(y_test, base) ** 0.5}).message
    assert "giá trị tuyệt đối" in q1.evaluate({"mae_co_so": (y_test - base).mean()}).message
    on_train = mean_absolute_error(y_train, np.full(len(y_train), y_train.mean()))
    assert "dữ liệu huấn luyện" in q1.evaluate({"mae_co_so": on_train}).message
    assert q1.evaluate({"mae_co_so": right + 0.01}).status == "incorrect"
    assert "cả một bảng" in q1.evaluate({"mae_co_so": y_test - base}).message


def test_q2_model_mae(fitted):
    X_train, X_test, y_train, y_test, model = fitted
    pred = model.predict(X_test)
    right = mean_absolute_error(y_test, pred)
    base = mean_absolute_error(y_test, np.full(len(y_test), y_train.mean()))
    assert right < base  # the model beats the baseline
    assert q2.evaluate({"mae_hoi_quy": right}).correct
    assert q2.evaluate({"mae_hoi_quy": ____}).status == "not_attempted"
    on_train = mean_absolute_error(y_train, model.predict(X_train))
    assert "dữ liệu huấn luyện" in q2.evaluate({"mae_hoi_quy": on_train}).message
    assert "R²" in q2.evaluate({"mae_hoi_quy": model.score(X_test, y_test)}).message
    assert "RMSE" in q2.evaluate({"mae_hoi_quy": mean_squared_error(y_test, pred) ** 0.5}).message
    assert "luôn đoán trung bình" in q2.evaluate({"mae_hoi_quy": base}).message
    one_feature = LinearRegression().fit(X_train[["so_nguoi"]], y_train)
    other = mean_absolute_error(y_test, one_feature.predict(X_test[["so_nguoi"]]))
    assert q2.evaluate({"mae_hoi_quy": other}).status == "incorrect"


def test_q3_money_mae(fitted):
    X_train, X_test, y_train, y_test, model = fitted
    pred = model.predict(X_test)
    right = mean_absolute_error(np.exp(y_test), np.exp(pred))
    assert 1000 < right < 5000  # thousand dong a year
    assert q3.evaluate({"mae_tien": right}).correct
    assert q3.evaluate({"mae_tien": ____}).status == "not_attempted"
    log_mae = mean_absolute_error(y_test, pred)
    assert "hệ số nhân" in q3.evaluate({"mae_tien": np.exp(log_mae)}).message
    assert "theo **log**" in q3.evaluate({"mae_tien": log_mae}).message
    assert "nghìn đồng" in q3.evaluate({"mae_tien": right * 1000}).message
    base = np.full(len(y_test), y_train.mean())
    baseline = mean_absolute_error(np.exp(y_test), np.exp(base))
    assert "luôn đoán trung bình" in q3.evaluate({"mae_tien": baseline}).message
    # the error of the sums is not the sum of the errors
    assert q3.evaluate({"mae_tien": abs(np.exp(y_test).mean() - np.exp(pred).mean())}).status == "incorrect"


@pytest.mark.parametrize("answer, status, phrase", [
    ("C", "correct", "con người xác minh"),
    ("A", "incorrect", "bỏ sót"),
    ("B", "incorrect", "đoán mò"),
    ("d", "incorrect", "dữ liệu huấn luyện"),
    (____, "not_attempted", ""),
])
def test_q4_good_enough(answer, status, phrase):
    result = q4.evaluate({"cau_tra_loi": answer})
    assert result.status == status and phrase in result.message


def test_every_b3_problem_has_two_hints_and_a_solution():
    for q in (q1, q2, q3, q4):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
