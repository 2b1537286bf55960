"""Lesson A3 — Dự báo cho nông nghiệp (a time-ordered split, lag features, the naive "same as
yesterday" baseline, MAE on the later period only, settings chosen on validation before the test).

In the notebook::

    from aijourney.exercises.a3 import q1, q2, q3, q4
    from aijourney.feedback import ____

The data: Seattle's daily weather 2012–2015 (``aijourney.datasets.weather.seattle_weather``); the
target is the day's maximum temperature ``temp_max``; training 2012–2013, validation 2014, test 2015.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sklearn.linear_model import LinearRegression

from ..feedback import ChoiceProblem, Mistake, NumberProblem, rounded
from ..datasets.weather import seattle_weather
from ..toolkit.forecast import add_lags, lag_names, lag_table, mae, naive_forecast, time_split

__all__ = ["q1", "q2", "q3", "q4", "TARGET", "CUTS", "MAX_LAGS", "LAG_CHOICES", "lesson_table", "lesson_numbers"]

TARGET = "temp_max"
CUTS = ["2014-01-01", "2015-01-01"]  # training 2012–2013, validation 2014, test 2015
MAX_LAGS = 14
LAG_CHOICES = [1, 2, 3, 7, 14]


def lesson_table() -> pd.DataFrame:
    """The lesson's table: the series with 14 lag features and the naive forecast ``hom_qua``."""
    table = add_lags(seattle_weather(), TARGET, MAX_LAGS)
    table["hom_qua"] = naive_forecast(table, TARGET)
    return table


def _fit_mae(learn: pd.DataFrame, judge: pd.DataFrame, n_lags: int) -> float:
    names = lag_names(TARGET, n_lags)
    model = LinearRegression().fit(learn[names], learn[TARGET])
    return mae(judge[TARGET], model.predict(judge[names]))


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect (and the typical wrong ones), computed as the notebook does."""
    table = lesson_table()
    train, validation, test = time_split(table, "date", CUTS)
    both = pd.concat([train, validation])
    lags = lag_table(train, validation, TARGET, LAG_CHOICES)
    chosen = int(lags.loc[lags["mae_kiem_dinh"].idxmin(), "so_ngay_tre"])
    return {
        "naive_val": mae(validation[TARGET], validation["hom_qua"]),
        "naive_signed": float((validation[TARGET] - validation["hom_qua"]).mean()),
        "naive_train": mae(train[TARGET], train["hom_qua"]),
        "naive_all": mae(table[TARGET], table["hom_qua"]),
        "naive_test": mae(test[TARGET], test["hom_qua"]),
        "mean_val": mae(validation[TARGET], [train[TARGET].mean()] * len(validation)),
        "lag7_val": _fit_mae(train, validation, 7),
        "lag7_train": _fit_mae(train, train, 7),
        "lag7_test": _fit_mae(train, test, 7),
        "lag3_val": _fit_mae(train, validation, 3),
        "chosen": chosen,
        "chosen_val": float(lags["mae_kiem_dinh"].min()),
        "final": _fit_mae(both, test, chosen),
        "final_train_only": _fit_mae(train, test, chosen),
        "final_lag7": _fit_mae(both, test, 7),
        "final_on_both": _fit_mae(both, both, chosen),
    }


def _n(key: str):
    return lambda _right: lesson_numbers()[key]


def _f(x: float, digits: int = 3) -> str:
    """A number as Vietnamese writes it: 2,276."""
    return f"{x:.{digits}f}".replace(".", ",")


def _figures(*keys: str):
    return lambda: {k: _f(lesson_numbers()[k]) for k in keys}


# -- q1: the naive baseline's error on the validation period -------------------------------------------
q1 = NumberProblem(
    "a3.q1", "mae_hom_qua", lambda: lesson_numbers()["naive_val"], tol=1e-6,
    mistakes=[Mistake("signed", _n("naive_signed")),
              Mistake("on_training", _n("naive_train")),
              Mistake("whole_series", _n("naive_all")),
              Mistake("on_test", _n("naive_test")),
              Mistake("example", _n("mean_val")),
              rounded(2)],
    name="q1",
    figures=_figures("naive_val", "mean_val", "naive_train"),
)

# -- q2: a linear regression on 7 lag features, judged on the validation period -------------------------
q2 = NumberProblem(
    "a3.q2", "mae_7_ngay", lambda: lesson_numbers()["lag7_val"], tol=1e-6,
    mistakes=[Mistake("example_3_lags", _n("lag3_val")),
              Mistake("on_training", _n("lag7_train")),
              Mistake("on_test", _n("lag7_test")),
              Mistake("naive", _n("naive_val")),
              rounded(2)],
    name="q2",
    figures=_figures("lag7_val", "naive_val", "lag7_train"),
)

# -- q3: why the "too good" error is not to be believed ------------------------------------------------
q3 = ChoiceProblem("a3.q3", "cau_tra_loi", "D", "ABCD", name="q3")

# -- q4: the chosen model, learned again on training + validation, opened once on the test period ---------
q4 = NumberProblem(
    "a3.q4", "mae_kiem_tra", lambda: lesson_numbers()["final"], tol=1e-6,
    mistakes=[Mistake("train_only", _n("final_train_only")),
              Mistake("validation_figure", _n("chosen_val")),
              Mistake("naive", _n("naive_test")),
              Mistake("seven_lags", _n("final_lag7")),
              Mistake("on_learned_days", _n("final_on_both")),
              rounded(2)],
    name="q4",
    figures=lambda: {**_figures("final", "naive_test", "chosen_val")(), "chosen": str(lesson_numbers()["chosen"])},
)
