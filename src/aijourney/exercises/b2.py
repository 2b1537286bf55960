"""Lesson B2 — Đọc dữ liệu và biểu đồ (reading data, missing values, charts, a misleading chart).

Data: the households of the 1997–98 Viet Nam Living Standards Survey (General Statistics Office,
with World Bank support), as prepared by Cameron and Trivedi (``load_vietnam_households``).

In the notebook::

    from aijourney.exercises.b2 import q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..datasets import load_vietnam_households
from ..feedback import AS_PERCENT, ChoiceProblem, CheckProblem, Incorrect, Mistake, NumberProblem, rounded, shown
from ..toolkit.tabular import format_number

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "MISLEADING_BOTTOM", "reference_numbers"]

# Where the misleading chart of the lesson starts its y-axis (mean household size).
MISLEADING_BOTTOM = 4.3


@lru_cache(maxsize=1)
def _households() -> pd.DataFrame:
    return load_vietnam_households()


@lru_cache(maxsize=1)
def reference_numbers() -> dict[str, float]:
    """Every number the exercises, their typical mistakes and the worked solutions use."""
    df = _households()
    areas = df["urban"].value_counts()
    heads = df["sex"].value_counts()
    blank = df["lnexp12m"].isna()
    log_total = df["lntotal"]
    money = np.exp(log_total)
    food = np.exp(df["lnrlfood"]).groupby(df["urban"])
    size = df.groupby("urban")["hhsize"].mean()
    school = df.groupby("urban")["educyr"].mean()
    return {
        "n_all": float(len(df)),
        "n_urban": float(areas["yes"]),
        "n_rural": float(areas["no"]),
        "n_female": float(heads["female"]),
        "n_male": float(heads["male"]),
        "n_blank": float(blank.sum()),
        "n_filled": float(df["lnexp12m"].count()),
        "blank_share": float(blank.mean()),
        "blank_share_all_cells": float(df.isna().to_numpy().mean()),
        "mean_skip_blanks": float(df["lnexp12m"].mean()),
        "mean_blanks_as_zero": float(df["lnexp12m"].fillna(0).mean()),
        "median_money": float(money.median()),
        "mean_money": float(money.mean()),
        "exp_of_mean_log": float(np.exp(log_total.mean())),
        "median_log": float(log_total.median()),
        "mean_log": float(log_total.mean()),
        "median_food": float(np.exp(df["lnrlfood"]).median()),
        "food_rural": float(food.median()["no"]),
        "food_urban": float(food.median()["yes"]),
        "school_rural": float(school["no"]),
        "school_urban": float(school["yes"]),
        "size_rural": float(size["no"]),
        "size_urban": float(size["yes"]),
    }


def _n(name: str) -> float:
    return reference_numbers()[name]


def _percent(share: float) -> str:
    return f"{format_number(100 * share, 1)}%"


# -- q1: how many urban households ------------------------------------------------------------
q1 = NumberProblem(
    "b2.q1", "so_ho_thanh_thi", lambda: _n("n_urban"), tol=1e-9, name="q1",
    mistakes=[
        Mistake("rural", lambda _: _n("n_rural")),
        Mistake("all_rows", lambda _: _n("n_all")),
        Mistake("example", lambda _: [_n("n_female"), _n("n_male")]),
        Mistake("as_share", lambda right: right / _n("n_all"), tol=1e-3),
        Mistake("as_share", lambda right: 100 * right / _n("n_all"), tol=0.1),
    ],
    figures=lambda: {
        "urban": format_number(_n("n_urban")),
        "rural": format_number(_n("n_rural")),
        "share": _percent(_n("n_urban") / _n("n_all")),
    },
)

# -- q2: the share of households with a blank (missing value) in lnexp12m ---------------------
q2 = NumberProblem(
    "b2.q2", "ty_le_o_trong", lambda: _n("blank_share"), tol=1e-6, name="q2",
    mistakes=[
        Mistake("count_not_share", lambda _: _n("n_blank"), tol=0.5),
        AS_PERCENT,
        Mistake("share_filled", lambda right: 1 - right),
        Mistake("divided_by_filled", lambda _: _n("n_blank") / _n("n_filled")),
        Mistake("all_columns", lambda _: _n("blank_share_all_cells")),
        rounded(2),
        rounded(3),
    ],
    figures=lambda: {
        "blank": format_number(_n("n_blank")),
        "share": _percent(_n("blank_share")),
        "filled": format_number(_n("n_filled")),
    },
)

# -- q3: median household expenditure, back from the log ------------------------------------
q3 = NumberProblem(
    "b2.q3", "chi_tieu_trung_vi", lambda: _n("median_money"), tol=0.5, name="q3",
    mistakes=[
        Mistake("forgot_exp", lambda _: [_n("median_log"), _n("mean_log")], tol=0.01),
        Mistake("food", lambda _: _n("median_food")),
        Mistake("mean_not_median", lambda _: _n("mean_money")),
        Mistake("exp_of_mean", lambda _: _n("exp_of_mean_log")),
        Mistake("in_dong", lambda right: 1000 * right, tol=500),
        Mistake("in_million", lambda right: right / 1000, tol=0.01),
    ],
    figures=lambda: {
        "median": format_number(_n("median_money")),
        "median_million": format_number(_n("median_money") / 1000, 1),
        "mean_million": format_number(_n("mean_money") / 1000, 1),
    },
)


# -- q4: mean schooling of the household head, urban vs rural -------------------------------
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
    money = {"chi_an_uong": np.exp(df["lnrlfood"]), "tong_chi": np.exp(df["lntotal"])}
    columns = {c: df[c] for c in df.columns if c not in ("educyr", "urban") and pd.api.types.is_numeric_dtype(df[c])}
    for column, values in {**money, **columns}.items():
        by_column = values.groupby(df["urban"])
        if _same(value, by_column.mean()) or _same(value, by_column.median()):
            raise Incorrect("wrong_column", column=column)
    pairs = ", ".join(f"{k}: {shown(v, 20)}" for k, v in value.items())
    raise Incorrect("wrong_value", got=f"[{pairs}]"[:120])


q4 = CheckProblem(
    "b2.q4", "hoc_van_theo_khu_vuc", _check_schooling_by_area, name="q4",
    figures=lambda: {
        "rural": format_number(_n("school_rural"), 1),
        "urban": format_number(_n("school_urban"), 1),
        "gap": format_number(_n("school_urban") - _n("school_rural"), 1),
    },
)

# -- q5: the real ratio behind the misleading chart -----------------------------------------
q5 = NumberProblem(
    "b2.q5", "ty_le_that", lambda: _n("size_rural") / _n("size_urban"), tol=0.01, name="q5",
    mistakes=[
        Mistake("inverse", lambda right: 1 / right),
        Mistake("visual_ratio", lambda _: (_n("size_rural") - MISLEADING_BOTTOM) / (_n("size_urban") - MISLEADING_BOTTOM),
                tol=0.05),
        Mistake("difference", lambda _: _n("size_rural") - _n("size_urban")),
        Mistake("example", lambda _: [_n("food_urban") / _n("food_rural"), _n("food_rural") / _n("food_urban")]),
        Mistake("as_percent", lambda right: [100 * right, 100 * (right - 1)], tol=1),
    ],
    figures=lambda: {
        "ratio": format_number(_n("size_rural") / _n("size_urban"), 2),
        "more": f"{format_number(100 * (_n('size_rural') / _n('size_urban') - 1), 0)}%",
        "rural": format_number(_n("size_rural"), 2),
        "urban": format_number(_n("size_urban"), 2),
        "looks": format_number((_n("size_rural") - MISLEADING_BOTTOM) / (_n("size_urban") - MISLEADING_BOTTOM), 1),
    },
)

# -- q6: what to answer a friend who wants to cut the y-axis --------------------------------
q6 = ChoiceProblem(
    "b2.q6", "cau_tra_loi", "D", "ABCD", name="q6",
    figures=lambda: {
        "bottom": format_number(MISLEADING_BOTTOM, 1),
        "more": f"{format_number(100 * (_n('size_rural') / _n('size_urban') - 1), 0)}%",
        "looks": format_number((_n("size_rural") - MISLEADING_BOTTOM) / (_n("size_urban") - MISLEADING_BOTTOM), 1),
    },
)
