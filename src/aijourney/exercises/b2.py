"""Lesson B2 — Đọc dữ liệu và biểu đồ (reading data, charts, a misleading chart).

Data: the World Bank Viet Nam Living Standards Survey 1997 households (``load_vietnam_households``).

In the notebook::

    from aijourney.exercises.b2 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from ..datasets import load_vietnam_households
from ..feedback import ChoiceProblem, CheckProblem, Incorrect

__all__ = ["q1", "q2", "q3", "q4", "q5", "MISLEADING_BOTTOM"]

# Where the misleading chart of the lesson starts its y-axis (mean household size).
MISLEADING_BOTTOM = 4.3


@lru_cache(maxsize=1)
def _households() -> pd.DataFrame:
    return load_vietnam_households()


def _number(value) -> float:
    """The answer as a float; a table instead of a number gets its own explanation."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        raise Incorrect("b2.table_not_number")
    if isinstance(value, (bool, np.bool_)):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None


def _shown(number: float) -> str:
    """A number as the trainee would write it: ``11402.19569``, ``1730`` (no ``np.float64(...)``)."""
    return format(float(number), ".10g")


def _close(a: float, b: float, tol: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


# -- q1: how many urban households ------------------------------------------------------------
def _check_urban_count(value) -> None:
    got = _number(value)
    df = _households()
    counts = df["urban"].value_counts()
    n_urban, n_rural, n_all = int(counts["yes"]), int(counts["no"]), len(df)
    if got == n_urban:
        return
    if got == n_rural:
        raise Incorrect("rural", got=_shown(got))
    if got == n_all:
        raise Incorrect("all_rows", got=_shown(got))
    if _close(got, n_urban / n_all, 1e-3) or _close(got, 100 * n_urban / n_all, 0.1):
        raise Incorrect("as_share", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


# -- q2: median household expenditure, back from the log ------------------------------------
def _check_median_spending(value) -> None:
    got = _number(value)
    log_total = _households()["lntotal"]
    money = np.exp(log_total)
    median = float(money.median())
    if _close(got, median, 0.5):
        return
    if _close(got, float(log_total.median()), 0.01) or _close(got, float(log_total.mean()), 0.01):
        raise Incorrect("forgot_exp", got=_shown(got))
    if _close(got, float(money.mean()), 0.5):
        raise Incorrect("mean_not_median", got=_shown(got))
    if _close(got, float(np.exp(log_total.mean())), 0.5):
        raise Incorrect("exp_of_mean", got=_shown(got))
    if _close(got, median * 1000, 500):
        raise Incorrect("in_dong", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


# -- q3: mean schooling of the household head, urban vs rural -------------------------------
def _same(series: pd.Series, reference: pd.Series) -> bool:
    if set(map(str, series.index)) != set(map(str, reference.index)):
        return False
    try:
        got = pd.to_numeric(series.rename(index=str).reindex(reference.index.astype(str)), errors="raise")
    except (TypeError, ValueError):
        return False
    return bool(np.allclose(got.to_numpy(dtype=float), reference.to_numpy(dtype=float), rtol=0, atol=1e-6))


def _check_schooling_by_area(value) -> None:
    df = _households()
    by_area = df.groupby("urban")["educyr"]
    if isinstance(value, pd.DataFrame):
        raise Incorrect("dataframe")
    if not isinstance(value, pd.Series):
        raise Incorrect("not_series", got_type=type(value).__name__)
    if _same(value, by_area.mean()):
        return
    if _same(value, by_area.median()):
        raise Incorrect("median_not_mean")
    if _same(value, by_area.sum()):
        raise Incorrect("sum_not_mean")
    if _same(value, by_area.size()) or _same(value, df["urban"].value_counts()):
        raise Incorrect("counts")
    for other in ("farm", "sex"):
        if _same(value, df.groupby(other)["educyr"].mean()):
            raise Incorrect("wrong_group", group=other)
    numeric = [c for c in df.columns if c not in ("educyr", "urban") and pd.api.types.is_numeric_dtype(df[c])]
    for column in numeric:
        if _same(value, df.groupby("urban")[column].mean()):
            raise Incorrect("wrong_column", column=column)
    shown = ", ".join(f"{k}: {_shown(v) if isinstance(v, (int, float, np.number)) else v!r}" for k, v in value.items())
    raise Incorrect("wrong_value", got=f"[{shown}]")


# -- q4: the real ratio behind the misleading chart -----------------------------------------
def _household_size_by_area() -> tuple[float, float]:
    means = _households().groupby("urban")["hhsize"].mean()
    return float(means["no"]), float(means["yes"])


def _check_real_ratio(value) -> None:
    got = _number(value)
    rural, urban = _household_size_by_area()
    real = rural / urban
    if _close(got, real, 0.01):
        return
    if _close(got, urban / rural, 0.01):
        raise Incorrect("inverse", got=_shown(got))
    looks = (rural - MISLEADING_BOTTOM) / (urban - MISLEADING_BOTTOM)
    if _close(got, looks, 0.05):
        raise Incorrect("visual_ratio", got=_shown(got), bottom=MISLEADING_BOTTOM)
    if _close(got, rural - urban, 0.01):
        raise Incorrect("difference", got=_shown(got))
    if _close(got, 100 * real, 1) or _close(got, 100 * (real - 1), 1):
        raise Incorrect("as_percent", got=_shown(got))
    raise Incorrect("wrong_value", got=_shown(got))


q1 = CheckProblem("b2.q1", "so_ho_thanh_thi", _check_urban_count, name="q1")
q2 = CheckProblem("b2.q2", "chi_tieu_trung_vi", _check_median_spending, name="q2")
q3 = CheckProblem("b2.q3", "hoc_van_theo_khu_vuc", _check_schooling_by_area, name="q3")
q4 = CheckProblem("b2.q4", "ti_le_that", _check_real_ratio, name="q4")
q5 = ChoiceProblem("b2.q5", "cau_tra_loi", "B", "ABCD", name="q5")
