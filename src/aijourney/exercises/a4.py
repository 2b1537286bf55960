"""Lesson A4 — Phân khúc khách hàng (RFM, k-means, silhouette, PCA) on an invented order table.

In the notebook::

    from aijourney.exercises.a4 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: ``aijourney.datasets.orders.load_orders()`` (invented, see its datasheet).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..datasets.orders import REFERENCE_DAY, load_orders
from ..feedback import AS_PERCENT, ChoiceProblem, Mistake, NumberProblem, rounded
from ..toolkit.segments import kmeans_labels, kmeans_range, pca_2d, rfm_table, scale, segment_summary

__all__ = ["q1", "q2", "q3", "q4", "q5", "EXAMPLE_CUSTOMER", "CUSTOMER", "KS", "lesson_numbers"]

EXAMPLE_CUSTOMER, CUSTOMER = "KH0001", "KH0042"
KS = range(2, 9)


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect (and the typical wrong ones), computed as the notebook does."""
    orders = load_orders()
    days = orders.loc[orders["ma_khach"] == CUSTOMER, "ngay"]
    rfm = rfm_table(orders)
    X = scale(rfm)
    table = kmeans_range(X, KS)
    best = int(table.loc[table["silhouette"].idxmax(), "k"])
    labels = kmeans_labels(X, best)
    summary = segment_summary(rfm, labels)
    lapsed, bulk, fresh = (summary["recency"].idxmax(), summary["monetary"].idxmax(), summary["recency"].idxmin())
    share = float((labels == lapsed).mean())
    return {
        "recency": (pd.Timestamp(REFERENCE_DAY) - days.max()).days,
        "recency_first": (pd.Timestamp(REFERENCE_DAY) - days.min()).days,
        "recency_example": int(rfm.loc[EXAMPLE_CUSTOMER, "recency"]),
        "best_k": best, "best_row": int(table["silhouette"].idxmax()),
        "best_silhouette": float(table["silhouette"].max()), "min_inertia_k": int(table.loc[table["inertia"].idxmin(), "k"]),
        "pca": float(pca_2d(X)[1].sum()), "pca_first": float(pca_2d(X)[1][0]), "pca_raw": float(pca_2d(rfm)[1].sum()),
        "lapsed_share": share, "lapsed_count": int((labels == lapsed).sum()),
        "bulk_share": float((labels == bulk).mean()), "fresh_share": float((labels == fresh).mean()),
        "n_customers": len(rfm),
    }


def _n(key: str):
    return lambda _right: lesson_numbers()[key]


def _f(x: float, digits: int = 3) -> str:
    """A number as Vietnamese writes it: 0,641."""
    return f"{x:.{digits}f}".replace(".", ",")


# -- q1: recency of one customer ------------------------------------------------------------------
q1 = NumberProblem(
    "a4.q1", "so_ngay", lambda: lesson_numbers()["recency"],
    mistakes=[Mistake("first_order", _n("recency_first")),
              Mistake("example_customer", _n("recency_example")),
              Mistake("wrong_day", lambda right: [right - 1, right + 1])],
    name="q1",
    figures=lambda: {"days": lesson_numbers()["recency"], "first": lesson_numbers()["recency_first"]},
)

# -- q2: choosing k with the silhouette ------------------------------------------------------------
q2 = NumberProblem(
    "a4.q2", "k_tot", lambda: lesson_numbers()["best_k"],
    mistakes=[Mistake("row_index", _n("best_row")),
              Mistake("silhouette_value", _n("best_silhouette"), tol=5e-3),
              Mistake("lowest_inertia", _n("min_inertia_k"))],
    name="q2",
    figures=lambda: {"k": lesson_numbers()["best_k"], "s": _f(lesson_numbers()["best_silhouette"]),
                     "row": lesson_numbers()["best_row"]},
)

# -- q3: how much of the picture two principal components keep -----------------------------------------
q3 = NumberProblem(
    "a4.q3", "ty_le_giu_lai", lambda: lesson_numbers()["pca"],
    mistakes=[AS_PERCENT, Mistake("first_only", _n("pca_first")), Mistake("unscaled", _n("pca_raw")), rounded(2)],
    name="q3",
    figures=lambda: {"both": _f(lesson_numbers()["pca"]), "first": _f(lesson_numbers()["pca_first"]),
                     "raw": _f(lesson_numbers()["pca_raw"])},
)

# -- q4: the share of customers in the "stopped buying" segment ------------------------------------------
q4 = NumberProblem(
    "a4.q4", "ty_le_roi_bo", lambda: lesson_numbers()["lapsed_share"],
    mistakes=[AS_PERCENT, Mistake("count", _n("lapsed_count")), Mistake("example_segment", _n("bulk_share")),
              Mistake("freshest", _n("fresh_share")), rounded(2)],
    name="q4",
    figures=lambda: {"share": _f(lesson_numbers()["lapsed_share"]), "count": lesson_numbers()["lapsed_count"],
                     "n": lesson_numbers()["n_customers"]},
)

# -- q5: what a high silhouette on invented data proves ---------------------------------------------------
q5 = ChoiceProblem("a4.q5", "cau_tra_loi", "B", "ABCD", name="q5")
