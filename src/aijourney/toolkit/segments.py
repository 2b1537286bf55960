"""Customer segmentation for lesson A4: an RFM table from orders, scaling, k-means over a range of
k with the silhouette, a 2-D PCA view, and a per-segment summary.

Everything is deterministic (``random_state`` and ``n_init`` fixed) and runs on one thread: on a
small table, k-means is several times faster without a thread pool."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

__all__ = ["RFM", "rfm_table", "scale", "kmeans_labels", "kmeans_range", "pca_2d", "plot_k_range",
           "plot_segments", "segment_summary"]

#: The three RFM columns, in order.
RFM = ["recency", "frequency", "monetary"]


def rfm_table(orders: pd.DataFrame, today: str = "2026-01-01", customer: str = "ma_khach", date: str = "ngay",
              money: str = "so_tien") -> pd.DataFrame:
    """One row per customer: ``recency`` (days from the last order to ``today``), ``frequency``
    (number of orders), ``monetary`` (total spent, in the unit of ``money``)."""
    days = pd.to_datetime(orders[date])
    grouped = orders.assign(_day=days).groupby(customer)
    table = pd.DataFrame({
        "recency": (pd.Timestamp(today) - grouped["_day"].max()).dt.days,
        "frequency": grouped.size(),
        "monetary": grouped[money].sum(),
    })
    return table.astype({"recency": int, "frequency": int})


def scale(table: pd.DataFrame) -> pd.DataFrame:
    """Each column minus its mean, divided by its standard deviation (``StandardScaler``), same labels."""
    from sklearn.preprocessing import StandardScaler

    values = StandardScaler().fit_transform(table)
    return pd.DataFrame(values, index=table.index, columns=table.columns)


def kmeans_labels(X, k: int, random_state: int = 0, n_init: int = 10) -> np.ndarray:
    """The cluster (0 … k-1) of every row of ``X``, by k-means with fixed seed and ``n_init``."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return KMeans(n_clusters=int(k), n_init=n_init, random_state=random_state).fit_predict(np.asarray(X, float))


def kmeans_range(X, ks: Iterable[int] = range(2, 9), random_state: int = 0, n_init: int = 10) -> pd.DataFrame:
    """For each k: k-means' ``inertia`` and the mean ``silhouette`` (−1 … 1, higher = clusters better
    separated). The silhouette needs k ≥ 2."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from threadpoolctl import threadpool_limits

    data = np.asarray(X, float)
    rows = []
    for k in ks:
        with threadpool_limits(1):
            model = KMeans(n_clusters=int(k), n_init=n_init, random_state=random_state).fit(data)
        rows.append({"k": int(k), "inertia": float(model.inertia_),
                     "silhouette": float(silhouette_score(data, model.labels_))})
    return pd.DataFrame(rows)


def pca_2d(X) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of ``X`` on its first two principal components (columns ``pc1``, ``pc2``) and the share
    of the variance each component keeps."""
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2, random_state=0)
    points = pca.fit_transform(np.asarray(X, float))
    index = X.index if hasattr(X, "index") else None
    return pd.DataFrame(points, columns=["pc1", "pc2"], index=index), pca.explained_variance_ratio_


def segment_summary(rfm: pd.DataFrame, labels, names: dict | None = None) -> pd.DataFrame:
    """Per segment: number of customers (``so_khach``), their share (``ty_le_khach``) and the mean of
    each RFM column (in the original units), sorted by segment; ``names`` maps a segment to a name."""
    table = rfm.assign(cum=np.asarray(labels))
    summary = table.groupby("cum")[list(rfm.columns)].mean().round(1)
    summary.insert(0, "so_khach", table.groupby("cum").size())
    summary.insert(1, "ty_le_khach", (summary["so_khach"] / len(table)).round(3))
    if names:
        summary.insert(0, "ten", [names.get(c, "") for c in summary.index])
    return summary


def plot_k_range(table: pd.DataFrame, ax=None):
    """The silhouette of each k (the bar of the highest one is darker)."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(5, 3))[1]
    best = table["silhouette"].idxmax()
    colours = ["#1b5e20" if i == best else "#a5d6a7" for i in table.index]
    ax.bar(table["k"].astype(str), table["silhouette"], color=colours)
    ax.set_xlabel("số cụm k")
    ax.set_ylabel("silhouette trung bình")
    return ax


def plot_segments(points: pd.DataFrame, labels, names: dict | None = None, title: str = "", ax=None):
    """The PCA view: one dot per customer, one colour per segment."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(6, 4))[1]
    labels = np.asarray(labels)
    for c in sorted(set(labels)):
        part = points[labels == c]
        label = f"{c}: {names[c]}" if names and c in names else f"cụm {c}"
        ax.scatter(part["pc1"], part["pc2"], s=14, alpha=0.75, label=label)
    ax.set_xlabel("thành phần chính 1")
    ax.set_ylabel("thành phần chính 2")
    ax.legend(fontsize=8)
    ax.set_title(title)
    return ax
