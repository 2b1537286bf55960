"""Helpers of lessons B2 and B3: money in dong, honest and misleading charts, the households split."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from aijourney import i18n  # noqa: E402
from aijourney.datasets import (  # noqa: E402
    HOUSEHOLD_FEATURES,
    household_features,
    household_split,
    load_vietnam_households,
)
from aijourney.toolkit.tabular import (  # noqa: E402
    VLSS_UNIT,
    bar_chart,
    format_dong,
    format_number,
    misleading_vs_honest,
    residual_plot,
    visual_ratio,
)


@pytest.fixture
def vi(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("AIJOURNEY_LANG", "vi")


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("AIJOURNEY_LANG", "en")


def test_money_is_written_the_vietnamese_way(vi):
    assert format_dong(11063.6, unit=VLSS_UNIT) == "11.063.600 đồng"
    assert format_dong(11063.6, unit=VLSS_UNIT, short=True) == "11,1 triệu đồng"
    assert format_dong(25000) == "25.000 đồng"
    assert format_dong(999_999, short=True) == "999.999 đồng"  # under a million stays in full
    assert format_dong(-1500) == "-1.500 đồng"
    assert format_number(5522.83, 1) == "5.522,8"
    assert format_number(4.8702, 2) == "4,87"
    with pytest.raises(ValueError):
        format_dong(float("nan"))


def test_money_in_english(en):
    assert format_dong(11063.6, unit=VLSS_UNIT) == "11,063,600 dong"
    assert format_dong(2_500_000, short=True) == "2.5 million dong"
    assert format_number(5522.83, 1) == "5,522.8"


def test_visual_ratio():
    assert visual_ratio(6, 3) == pytest.approx(2.0)  # honest axis: the real ratio
    assert visual_ratio(4.87, 4.46, bottom=4.3) == pytest.approx(0.57 / 0.16)
    assert visual_ratio(4.87, 4.46, bottom=4.3) > 3 > visual_ratio(4.87, 4.46)
    with pytest.raises(ValueError):
        visual_ratio(5, 4.3, bottom=4.3)


def heights(ax):
    return [p.get_height() for p in ax.patches]


def test_bar_chart_draws_one_bar_per_value_from_zero(vi):
    values = pd.Series({"Nông thôn": 4.87, "Thành thị": 4.46})
    ax = bar_chart(values, title="Số người", ylabel="người/hộ")
    assert heights(ax) == pytest.approx([4.87, 4.46])
    assert ax.get_ylim()[0] == 0
    assert ax.get_title() == "Số người" and ax.get_ylabel() == "người/hộ"
    assert [t.get_text() for t in ax.texts] == ["4,87", "4,46"]
    plt.close("all")


def test_misleading_and_honest_side_by_side(vi):
    fig = misleading_vs_honest({"Nông thôn": 4.87, "Thành thị": 4.46}, bottom=4.3, ylabel="người/hộ")
    left, right = fig.axes
    assert left.get_ylim()[0] == pytest.approx(4.3) and right.get_ylim()[0] == 0
    assert heights(left) == heights(right) == pytest.approx([4.87, 4.46])  # same data, different axis
    assert "4,3" in left.get_title() and "Gây hiểu nhầm" in left.get_title()
    assert "Trung thực" in right.get_title()
    plt.close(fig)


def test_residual_plot():
    y_true, y_pred = np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.0, 2.0])
    ax = residual_plot(y_true, y_pred)
    points = ax.collections[0].get_offsets()
    assert np.allclose(points[:, 0], y_pred) and np.allclose(points[:, 1], [-0.5, 0.0, 1.0])
    assert ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError):
        residual_plot([1.0, 2.0], [1.0])
    plt.close("all")


def test_household_features():
    df = load_vietnam_households()
    X = household_features(df)
    assert list(X.columns) == HOUSEHOLD_FEATURES and len(X) == len(df) == 5999
    assert X["thanh_thi"].sum() == (df["urban"] == "yes").sum()
    assert X["lam_nong"].sum() == (df["farm"] == "yes").sum()
    assert set(X["thanh_thi"].unique()) == {0, 1}
    assert (X["so_nguoi"] == df["hhsize"]).all()


def test_household_split_keeps_communes_apart_and_is_repeatable():
    df = load_vietnam_households()
    X_train, X_test, y_train, y_test = household_split()
    assert len(X_train) + len(X_test) == len(df)
    assert 0.2 < len(X_test) / len(df) < 0.3
    assert not set(df.loc[X_train.index, "commune"]) & set(df.loc[X_test.index, "commune"])
    assert (y_test == df.loc[X_test.index, "lnrlfood"]).all()
    again = household_split()
    assert list(again[1].index) == list(X_test.index)
    total = household_split("lntotal")[3]
    assert (total == df.loc[total.index, "lntotal"]).all()
    with pytest.raises(ValueError):
        household_split("lnmed")
