"""Lesson A4's data: an INVENTED year of online orders of a youth start-up selling OCOP products
(cashews, pepper, coffee, honey) from Đồng Nai (formerly Bình Phước province).

The CSV ``datasets/don-hang-ocop/don_hang.csv`` is exactly ``generate_orders()``'s output (a test
checks it). Customers are ids only (``KH0001`` …): no personal data. Rebuild the CSV with
``python -m aijourney.datasets.orders``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .files import datasets_dir, read_csv

__all__ = ["GROUPS", "PRODUCTS", "REFERENCE_DAY", "SEED", "generate_orders", "load_orders", "true_groups"]

SEED = 2026
#: The day the shop looks back from: recency is counted in days before it.
REFERENCE_DAY = "2026-01-01"
PRODUCTS = {"hat_dieu": 180, "ho_tieu": 90, "ca_phe": 120, "mat_ong": 150}  # typical price of one bag, nghìn đồng
#: The behaviour groups the generator draws from: share of customers, orders in the year (low–high),
#: days of the year they may order in (first–last, 0 = 1 January 2025), bags per order (low–high).
GROUPS = {
    "trung_thanh": dict(share=0.15, orders=(8, 16), days=(0, 364), bags=(1, 3)),    # loyal, order all year
    "mua_si": dict(share=0.07, orders=(4, 6), days=(0, 364), bags=(12, 20)),         # small shops buying in bulk
    "thinh_thoang": dict(share=0.35, orders=(2, 5), days=(0, 364), bags=(1, 2)),    # occasional
    "roi_bo": dict(share=0.25, orders=(1, 3), days=(0, 150), bags=(1, 2)),          # stopped after May
    "khach_moi": dict(share=0.18, orders=(1, 2), days=(300, 364), bags=(1, 2)),     # first order in Nov–Dec
}
N_CUSTOMERS = 300


def _customer_groups(rng: np.random.Generator) -> list[str]:
    names = list(GROUPS)
    counts = [round(GROUPS[g]["share"] * N_CUSTOMERS) for g in names]
    counts[-1] = N_CUSTOMERS - sum(counts[:-1])
    groups = [g for g, n in zip(names, counts) for _ in range(n)]
    return list(rng.permutation(groups))


def _orders_of(rng: np.random.Generator, group: str) -> list[tuple[int, str, int]]:
    rule = GROUPS[group]
    n = int(rng.integers(rule["orders"][0], rule["orders"][1] + 1))
    days = np.sort(rng.integers(rule["days"][0], rule["days"][1] + 1, size=n))
    rows = []
    for day in days:
        product = str(rng.choice(list(PRODUCTS)))
        bags = int(rng.integers(rule["bags"][0], rule["bags"][1] + 1))
        price = PRODUCTS[product] * rng.uniform(0.9, 1.1)  # small price changes through the year
        rows.append((int(day), product, int(round(bags * price))))
    return rows


def generate_orders(seed: int = SEED) -> pd.DataFrame:
    """The invented order table: one row per order, in date order.

    Columns: ``ma_don`` (DH00001 …), ``ma_khach`` (KH0001 …), ``ngay`` (a date in 2025), ``san_pham``,
    ``so_tien`` (thousand đồng). Every customer belongs to one of ``GROUPS`` (drawn at random with
    the stated shares) and orders by that group's rule; nothing else is in the data.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i, group in enumerate(_customer_groups(rng), 1):
        rows += [(f"KH{i:04d}", day, product, money) for day, product, money in _orders_of(rng, group)]
    table = pd.DataFrame(rows, columns=["ma_khach", "ngay", "san_pham", "so_tien"])
    table["ngay"] = pd.Timestamp("2025-01-01") + pd.to_timedelta(table["ngay"], unit="D")
    table = table.sort_values(["ngay", "ma_khach"], kind="stable").reset_index(drop=True)
    table.insert(0, "ma_don", [f"DH{i:05d}" for i in range(1, len(table) + 1)])
    return table


def true_groups(seed: int = SEED) -> pd.Series:
    """The group each customer was generated from (``ma_khach`` -> group name): for checking only,
    a shop never has this column."""
    groups = _customer_groups(np.random.default_rng(seed))
    return pd.Series(groups, index=[f"KH{i:04d}" for i in range(1, N_CUSTOMERS + 1)], name="nhom_sinh")


def load_orders() -> pd.DataFrame:
    """The shipped order table (``ngay`` as dates)."""
    return read_csv("don-hang-ocop", "don_hang.csv", parse_dates=["ngay"])


if __name__ == "__main__":  # rebuild the CSV
    generate_orders().to_csv(datasets_dir() / "don-hang-ocop" / "don_hang.csv", index=False, date_format="%Y-%m-%d")
