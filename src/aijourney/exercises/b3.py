"""Lesson B3 — Dự đoán đầu tiên (a first prediction: linear regression and its error).

Predict a household's log food expenditure (VietNamH, 1997) from four quick facts
(``aijourney.datasets.household_split``), compare with the baseline that always predicts the mean.

In the notebook::

    from aijourney.exercises.b3 import q1, q2, q3, q4
    from aijourney.feedback import ____
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from ..feedback import ChoiceProblem, CheckProblem, Incorrect
from ..datasets import household_split
from .b2 import _number, _shown

__all__ = ["q1", "q2", "q3", "q4", "reference_numbers"]


@lru_cache(maxsize=1)
def reference_numbers() -> dict[str, float]:
    """Every number the lesson's exercises and typical mistakes produce (same split, same model)."""
    X_train, X_test, y_train, y_test = household_split()
    model = LinearRegression().fit(X_train, y_train)
    pred, pred_train = model.predict(X_test), model.predict(X_train)
    base = np.full(len(y_test), y_train.mean())
    base_train = np.full(len(y_train), y_train.mean())
    mae = mean_absolute_error(y_test, pred)
    return {
        "base_mae": mean_absolute_error(y_test, base),
        "base_mae_test_mean": mean_absolute_error(y_test, np.full(len(y_test), y_test.mean())),
        "base_mae_train": mean_absolute_error(y_train, base_train),
        "base_rmse": math.sqrt(mean_squared_error(y_test, base)),
        "base_mean_error": float(np.mean(y_test - base)),
        "mae": mae,
        "mae_train": mean_absolute_error(y_train, pred_train),
        "rmse": math.sqrt(mean_squared_error(y_test, pred)),
        "mse": mean_squared_error(y_test, pred),
        "r2": r2_score(y_test, pred),
        "r2_train": model.score(X_train, y_train),
        "mean_error": float(np.mean(y_test - pred)),
        "money_mae": mean_absolute_error(np.exp(y_test), np.exp(pred)),
        "money_base_mae": mean_absolute_error(np.exp(y_test), np.exp(base)),
        "exp_of_mae": math.exp(mae),
    }


def _close(a: float, b: float, tol: float = 1e-6) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


def _check_baseline_mae(value) -> None:
    got, r = _number(value), reference_numbers()
    if _close(got, r["base_mae"]):
        return
    if _close(got, r["base_mae_test_mean"]):
        raise Incorrect("test_mean", got=_shown(got))
    if _close(got, r["base_rmse"]):
        raise Incorrect("rmse", got=_shown(got))
    if _close(got, r["base_mean_error"]) or _close(got, -r["base_mean_error"]):
        raise Incorrect("not_absolute", got=_shown(got))
    if _close(got, r["base_mae_train"]):
        raise Incorrect("train_part", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


def _check_model_mae(value) -> None:
    got, r = _number(value), reference_numbers()
    if _close(got, r["mae"]):
        return
    if _close(got, r["mae_train"]):
        raise Incorrect("train_score", got=_shown(got))
    if _close(got, r["r2"]) or _close(got, r["r2_train"]):
        raise Incorrect("r2", got=_shown(got))
    if _close(got, r["rmse"]) or _close(got, r["mse"]):
        raise Incorrect("rmse", got=_shown(got))
    if _close(got, r["base_mae"]):
        raise Incorrect("baseline", got=_shown(got))
    if _close(got, r["mean_error"]) or _close(got, -r["mean_error"]):
        raise Incorrect("not_absolute", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


def _check_money_mae(value) -> None:
    got, r = _number(value), reference_numbers()
    if _close(got, r["money_mae"], 0.5):
        return
    if _close(got, r["exp_of_mae"], 1e-4):
        raise Incorrect("exp_of_error", got=_shown(got))
    if _close(got, r["mae"], 1e-4):
        raise Incorrect("forgot_exp", got=_shown(got))
    if _close(got, r["money_mae"] * 1000, 500):
        raise Incorrect("in_dong", got=_shown(got))
    if _close(got, r["money_base_mae"], 0.5):
        raise Incorrect("baseline", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


q1 = CheckProblem("b3.q1", "mae_co_so", _check_baseline_mae, name="q1")
q2 = CheckProblem("b3.q2", "mae_hoi_quy", _check_model_mae, name="q2")
q3 = CheckProblem("b3.q3", "mae_tien", _check_money_mae, name="q3")
q4 = ChoiceProblem("b3.q4", "cau_tra_loi", "C", "ABCD", name="q4")
