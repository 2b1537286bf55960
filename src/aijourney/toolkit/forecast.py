"""Forecasting a time series honestly (lesson A3): a real daily weather series, a time-ordered
split (no shuffling), lag features, the naive "same as last period" forecast and an error table.

In a notebook::

    from aijourney.datasets.weather import seattle_weather
    from aijourney.toolkit.forecast import time_split, add_lags, naive_forecast, error_table
    bang = add_lags(seattle_weather(), "temp_max", 3)
    hoc, kiem_dinh, kiem_tra = time_split(bang, "date", ["2014-01-01", "2015-01-01"])

The series (``aijourney.datasets.weather``) is Seattle's (USA) daily weather 2012–2015.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.linear_model import LinearRegression

__all__ = ["time_split", "lag_names", "add_lags", "naive_forecast", "mae", "error_table", "lag_table"]

def time_split(df: pd.DataFrame, date_column: str, cuts: Sequence[str]) -> list[pd.DataFrame]:
    """Cut ``df`` into consecutive periods at the dates ``cuts`` (each cut starts a new period):
    two cuts give (training, validation, test). Rows keep their time order; nothing is shuffled."""
    dates = pd.to_datetime(df[date_column])
    edges = [pd.Timestamp.min, *map(pd.Timestamp, cuts), pd.Timestamp.max]
    return [df[(dates >= start) & (dates < end)] for start, end in zip(edges[:-1], edges[1:])]


def lag_names(column: str, n_lags: int) -> list[str]:
    """The names of the lag features ``add_lags`` makes: ``temp_max_lag1`` … ``temp_max_lagN``."""
    return [f"{column}_lag{k}" for k in range(1, n_lags + 1)]


def add_lags(df: pd.DataFrame, column: str, n_lags: int) -> pd.DataFrame:
    """A copy of ``df`` with ``column``'s values 1, 2, … ``n_lags`` rows earlier (``shift(k)``:
    only the past); the first ``n_lags`` rows, which have no full past, are dropped."""
    out = df.copy()
    for k, name in enumerate(lag_names(column, n_lags), 1):
        out[name] = out[column].shift(k)
    return out.iloc[n_lags:].reset_index(drop=True)


def naive_forecast(df: pd.DataFrame, column: str) -> pd.Series:
    """The baseline "same as last period": each row's forecast is the previous row's value."""
    return df[column].shift(1)


def mae(actual, forecast) -> float:
    """Mean absolute error, skipping rows where either side is missing."""
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    keep = ~(np.isnan(a) | np.isnan(f))
    return float(np.mean(np.abs(a[keep] - f[keep])))


def error_table(actual, forecasts: Mapping[str, object]) -> pd.DataFrame:
    """One row per forecast: its mean absolute error (``mae``) against ``actual``, best first."""
    rows = [{"du_bao": name, "mae": mae(actual, values)} for name, values in forecasts.items()]
    return pd.DataFrame(rows).sort_values("mae", kind="stable").reset_index(drop=True)


def lag_table(train: pd.DataFrame, validation: pd.DataFrame, column: str, choices: Sequence[int],
              model=None) -> pd.DataFrame:
    """For each number of lags in ``choices``: a model (default ``LinearRegression``) learned on
    ``train``'s lag features, its MAE on ``train`` and on ``validation``. Both frames need the lag
    columns of the largest choice (``add_lags(df, column, max(choices))``)."""
    model = LinearRegression() if model is None else model
    rows = []
    for n in choices:
        names = lag_names(column, n)
        fitted = clone(model).fit(train[names], train[column])
        rows.append({"so_ngay_tre": n,
                     "mae_huan_luyen": mae(train[column], fitted.predict(train[names])),
                     "mae_kiem_dinh": mae(validation[column], fitted.predict(validation[names]))})
    return pd.DataFrame(rows)
