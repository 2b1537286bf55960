"""aijourney.toolkit.segments and the invented order table of lesson A4."""

import numpy as np
import pandas as pd

from aijourney.datasets.orders import GROUPS, generate_orders, load_orders, true_groups
from aijourney.toolkit.segments import kmeans_labels, kmeans_range, pca_2d, rfm_table, scale, segment_summary

ORDERS = pd.DataFrame({
    "ma_khach": ["KH1", "KH1", "KH2", "KH1", "KH3"],
    "ngay": pd.to_datetime(["2025-01-10", "2025-12-01", "2025-06-30", "2025-03-01", "2025-12-31"]),
    "so_tien": [100, 200, 50, 300, 1000],
})


def test_the_shipped_csv_is_the_generators_output():
    pd.testing.assert_frame_equal(load_orders(), generate_orders())


def test_the_generator_follows_its_stated_rules():
    orders = generate_orders()
    assert 1000 <= len(orders) <= 3000 and orders["ma_khach"].nunique() == 300
    assert orders["ngay"].min() >= pd.Timestamp("2025-01-01") and orders["ngay"].max() <= pd.Timestamp("2025-12-31")
    assert orders["ma_khach"].str.fullmatch(r"KH\d{4}").all() and orders["ma_don"].is_unique
    groups, rfm = true_groups(), rfm_table(orders)
    for name, rule in GROUPS.items():
        mine = rfm.loc[groups[groups == name].index]
        assert mine["frequency"].between(*rule["orders"]).all(), name
        assert (rfm.loc[mine.index, "recency"] >= 365 - rule["days"][1]).all(), name
    assert not generate_orders(seed=1).equals(orders)


def test_rfm_table_counts_days_orders_and_money():
    rfm = rfm_table(ORDERS, today="2026-01-01")
    assert rfm.loc["KH1"].tolist() == [31, 3, 600]
    assert rfm.loc["KH2"].tolist() == [185, 1, 50]
    assert rfm.loc["KH3"].tolist() == [1, 1, 1000]


def test_scale_gives_mean_zero_and_unit_spread():
    X = scale(rfm_table(ORDERS))
    assert np.allclose(X.mean(), 0) and np.allclose(X.std(ddof=0), 1)
    assert list(X.index) == ["KH1", "KH2", "KH3"]


def test_kmeans_range_finds_the_number_of_well_separated_blobs():
    rng = np.random.default_rng(0)
    blobs = np.vstack([rng.normal(centre, 0.1, size=(30, 2)) for centre in ([0, 0], [5, 5], [0, 5])])
    table = kmeans_range(blobs, range(2, 6))
    assert table["k"].tolist() == [2, 3, 4, 5]
    assert int(table.loc[table["silhouette"].idxmax(), "k"]) == 3
    assert table["inertia"].is_monotonic_decreasing
    labels = kmeans_labels(blobs, 3)
    assert len(set(labels[:30])) == 1 and len(set(labels)) == 3
    assert (kmeans_labels(blobs, 3) == labels).all()  # deterministic


def test_pca_2d_keeps_everything_of_two_dimensional_data():
    data = pd.DataFrame({"a": [0.0, 1, 2, 3], "b": [1.0, 0, 1, 5]}, index=list("wxyz"))
    points, shares = pca_2d(data)
    assert list(points.columns) == ["pc1", "pc2"] and list(points.index) == list("wxyz")
    assert np.isclose(shares.sum(), 1) and shares[0] >= shares[1]


def test_segment_summary_in_original_units():
    rfm = rfm_table(ORDERS)
    summary = segment_summary(rfm, [0, 1, 1], names={0: "khách quen"})
    assert summary.loc[0, "so_khach"] == 1 and summary.loc[1, "so_khach"] == 2
    assert summary.loc[1, "monetary"] == 525 and summary.loc[1, "ty_le_khach"] == 0.667
    assert summary.loc[0, "ten"] == "khách quen" and summary.loc[1, "ten"] == ""
