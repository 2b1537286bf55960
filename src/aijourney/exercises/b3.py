"""Lesson B3 — Dự đoán đầu tiên (a first prediction: linear regression and its error).

A food-support programme looks for households where each person has little to eat. The lesson
predicts the log of a household's yearly food expenditure PER PERSON (VietNamH, VLSS 1997–98;
``household_split("lnfood_per_person")``) from four quick facts, compares the linear regression
with the baseline that always predicts the training mean, turns the error into money, and checks
with the data which households the model would pick (``claim_numbers``).

In the notebook::

    from aijourney.exercises.b3 import q1, q2, q3, q4
    from aijourney.feedback import ____
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from ..datasets.vietnam import household_split
from ..feedback import ChoiceProblem, Mistake, NumberProblem, on_training_data, rounded
from ..toolkit.tabular import VLSS_UNIT, format_dong, format_number

__all__ = ["q1", "q2", "q3", "q4", "TARGET", "SHARE", "reference_numbers", "claim_numbers"]

#: What the lesson predicts: log of the household's food expenditure divided by its size.
TARGET = "lnfood_per_person"
#: The programme helps the fifth of households with the lowest (predicted) spending per person.
SHARE = 0.2


@lru_cache(maxsize=1)
def _fitted():
    X_train, X_test, y_train, y_test = household_split(TARGET)
    model = LinearRegression().fit(X_train, y_train)
    return X_train, X_test, y_train, y_test, model


@lru_cache(maxsize=1)
def reference_numbers() -> dict[str, float]:
    """Every number the exercises and their typical mistakes produce (same split, same model)."""
    X_train, X_test, y_train, y_test, model = _fitted()
    pred, pred_train = model.predict(X_test), model.predict(X_train)
    base = np.full(len(y_test), y_train.mean())
    mae = mean_absolute_error(y_test, pred)
    return {
        "base_mae": mean_absolute_error(y_test, base),
        "base_mae_test_mean": mean_absolute_error(y_test, np.full(len(y_test), y_test.mean())),
        "base_mae_train": mean_absolute_error(y_train, np.full(len(y_train), y_train.mean())),
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
        "money_median": float(np.exp(y_test).median()),
        "exp_of_mae": math.exp(mae),
    }


@lru_cache(maxsize=1)
def claim_numbers() -> dict[str, float]:
    """Which test households the model would pick (the lowest ``SHARE`` of predicted spending per
    person), compared with the households that really spend least per person, and with what a
    model of the whole household's food spending (the first edition's target) would pick."""
    X_train, X_test, _, y_test, model = _fitted()
    y_train_total = household_split("lnrlfood")[2]
    pred = pd.Series(model.predict(X_test), index=X_test.index)
    pred_total = pd.Series(LinearRegression().fit(X_train, y_train_total).predict(X_test), index=X_test.index)
    truly = y_test <= y_test.quantile(SHARE)
    picked, picked_total = pred <= pred.quantile(SHARE), pred_total <= pred_total.quantile(SHARE)
    size = X_test["so_nguoi"]
    return {
        "found": float(truly[picked].mean()),  # share of the picked households that truly spend least
        "found_total": float(truly[picked_total].mean()),
        "small_all": float((size <= 3).mean()),  # households of 1-3 people
        "small_truly": float((size[truly] <= 3).mean()),
        "small_picked": float((size[picked] <= 3).mean()),
        "small_picked_total": float((size[picked_total] <= 3).mean()),
        "small_truly_count": int((truly & (size <= 3)).sum()),
        "small_found_count": int((truly & picked & (size <= 3)).sum()),
        "median_all": float(np.exp(y_test).median()),
        "median_picked": float(np.exp(y_test[picked]).median()),
        "median_picked_total": float(np.exp(y_test[picked_total]).median()),
    }


def _r(name: str):
    return lambda _right: reference_numbers()[name]


def _both_signs(name: str):
    return lambda _right: [reference_numbers()[name], -reference_numbers()[name]]


def _decimal(name: str, digits: int = 2):
    return lambda: {"value": format_number(reference_numbers()[name], digits)}


def _q2_figures() -> dict[str, str]:
    r = reference_numbers()
    return {"mae": format_number(r["mae"], 2), "base": format_number(r["base_mae"], 2),
            "cut": f"{1 - r['mae'] / r['base_mae']:.0%}"}


def _q3_figures() -> dict[str, str]:
    r = reference_numbers()
    return {"money": format_number(r["money_mae"], 0),
            "money_dong": format_dong(round(r["money_mae"]), unit=VLSS_UNIT),
            "median": format_dong(round(r["money_median"], -1), unit=VLSS_UNIT, short=True),
            "share": f"{r['money_mae'] / r['money_median']:.0%}"}


def _q4_figures() -> dict[str, str]:
    c = claim_numbers()
    return {"found": str(round(10 * c["found"])), "chance": str(round(10 * SHARE)),
            "small": str(c["small_truly_count"]), "small_found": str(c["small_found_count"])}


q1 = NumberProblem(
    "b3.q1", "mae_co_so", lambda: reference_numbers()["base_mae"],
    mistakes=[
        Mistake("test_mean", _r("base_mae_test_mean")),
        Mistake("rmse", _r("base_rmse")),
        Mistake("not_absolute", _both_signs("base_mean_error")),
        Mistake("train_part", _r("base_mae_train")),
        rounded(2),
    ],
    name="q1", figures=_decimal("base_mae"),
)

q2 = NumberProblem(
    "b3.q2", "mae_hoi_quy", lambda: reference_numbers()["mae"],
    mistakes=[
        on_training_data(lambda: reference_numbers()["mae_train"]),
        Mistake("r2", lambda _right: [reference_numbers()["r2"], reference_numbers()["r2_train"]]),
        Mistake("rmse", lambda _right: [reference_numbers()["rmse"], reference_numbers()["mse"]]),
        Mistake("baseline", _r("base_mae")),
        Mistake("not_absolute", _both_signs("mean_error")),
        rounded(2),
    ],
    name="q2", figures=_q2_figures,
)

q3 = NumberProblem(
    "b3.q3", "mae_tien", lambda: reference_numbers()["money_mae"], tol=0.5,
    mistakes=[
        Mistake("exp_of_error", _r("exp_of_mae"), tol=1e-4),
        Mistake("forgot_exp", _r("mae"), tol=1e-4),
        Mistake("in_dong", lambda right: right * VLSS_UNIT, tol=500),
        Mistake("baseline", _r("money_base_mae")),
    ],
    name="q3", figures=_q3_figures,
)

q4 = ChoiceProblem("b3.q4", "cau_tra_loi", "B", "ABCD", name="q4", figures=_q4_figures)
