"""Lesson B1's data: 240 synthetic OCOP batches (cashew, pepper) and the course's split."""

from __future__ import annotations

import pandas as pd

from .files import read_csv

__all__ = ["load_ocop_batches", "ocop_features", "ocop_split"]


def load_ocop_batches() -> pd.DataFrame:
    """240 synthetic OCOP batches (cashew, pepper) with the council's verdict ``dat_chuan``."""
    return read_csv("ocop-batches", "ocop_batches.csv")


def ocop_features(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric features a model can learn from: moisture, defects, traceability, product."""
    features = df[["do_am", "ty_le_loi", "co_truy_xuat"]].copy()
    features["la_hat_dieu"] = (df["san_pham"] == "hat_dieu").astype(int)
    return features


def ocop_split(test_size: float = 0.25, random_state: int = 0):
    """The course's train/test split of the OCOP batches: ``X_train, X_test, y_train, y_test``.

    Stratified on the label so both parts keep the same share of accepted batches.
    """
    from sklearn.model_selection import train_test_split

    df = load_ocop_batches()
    return train_test_split(
        ocop_features(df), df["dat_chuan"], test_size=test_size, random_state=random_state,
        stratify=df["dat_chuan"],
    )
