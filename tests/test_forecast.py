"""The forecasting helpers of lesson A3: time order kept, lags from the past only, honest errors."""

import numpy as np
import pandas as pd
import pytest

from aijourney.datasets.weather import seattle_weather
from aijourney.toolkit.forecast import add_lags, error_table, lag_names, lag_table, mae, naive_forecast, time_split


@pytest.fixture
def series():
    return pd.DataFrame({"date": pd.date_range("2020-01-01", periods=10), "x": np.arange(10.0) ** 2})


def test_seattle_weather_is_the_real_local_series():
    df = seattle_weather()
    assert len(df) == 1461 and df["date"].is_monotonic_increasing
    assert list(df.columns) == ["date", "precipitation", "temp_max", "temp_min", "wind"]


def test_time_split_keeps_order_and_covers_every_row(series):
    a, b, c = time_split(series, "date", ["2020-01-04", "2020-01-08"])
    assert [len(a), len(b), len(c)] == [3, 4, 3]
    assert a["date"].max() < b["date"].min() and b["date"].max() < c["date"].min()


def test_lags_look_only_at_the_past(series):
    out = add_lags(series, "x", 2)
    assert lag_names("x", 2) == ["x_lag1", "x_lag2"]
    assert len(out) == 8 and out.loc[0, "x"] == 4 and out.loc[0, "x_lag1"] == 1 and out.loc[0, "x_lag2"] == 0
    assert "x_lag1" not in series  # the input is not changed


def test_naive_forecast_is_the_previous_value(series):
    assert naive_forecast(series, "x").tolist()[1:4] == [0.0, 1.0, 4.0]


def test_mae_skips_missing_and_is_absolute():
    assert mae([1, 2, 3], [2, 1, np.nan]) == 1.0


def test_error_table_best_first():
    table = error_table([0, 0], {"xa": [3, -3], "gan": [1, -1]})
    assert table["du_bao"].tolist() == ["gan", "xa"] and table["mae"].tolist() == [1.0, 3.0]


def test_lag_table_learns_on_training_and_scores_on_validation():
    rng = np.random.default_rng(0)
    df = add_lags(pd.DataFrame({"x": np.sin(np.arange(300) / 5) + rng.normal(0, 0.05, 300)}), "x", 3)
    table = lag_table(df.iloc[:200], df.iloc[200:], "x", [1, 3])
    assert table["so_ngay_tre"].tolist() == [1, 3]
    assert (table["mae_kiem_dinh"] < 0.2).all() and table.loc[1, "mae_huan_luyen"] < table.loc[0, "mae_huan_luyen"]
