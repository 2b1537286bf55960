"""Lesson B1's data: 240 synthetic OCOP batches (cashew, pepper), the course's splits, and a way to
run a hand-written rule over every batch."""

from __future__ import annotations

import pandas as pd

from typing import Callable

from .files import read_csv

__all__ = [
    "load_ocop_batches", "ocop_features", "ocop_split", "ocop_validation_split", "ocop_rule_predictions",
]


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


def ocop_validation_split(val_size: float = 0.25, random_state: int = 0):
    """Training, validation and test parts: ``X_train, X_val, X_test, y_train, y_val, y_test``.

    The test part is exactly ``ocop_split()``'s; its training part is split again (stratified,
    seeded) into training and validation data, so a setting such as a tree's depth can be chosen
    on the validation part and the test part is used once, at the end. With the defaults:
    135 training, 45 validation and 60 test batches.
    """
    from sklearn.model_selection import train_test_split

    X_rest, X_test, y_rest, y_test = ocop_split()
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size, random_state=random_state, stratify=y_rest,
    )
    return X_train, X_val, X_test, y_train, y_val, y_test


def ocop_rule_predictions(rule: Callable[[float, float, int], int], df: pd.DataFrame | None = None) -> pd.Series:
    """What ``rule(do_am, ty_le_loi, co_truy_xuat)`` says (1 or 0) for every batch of ``df``
    (default: all 240 batches), as a column aligned with ``df`` so that
    ``(predictions == df["dat_chuan"]).mean()`` is the rule's accuracy."""
    df = load_ocop_batches() if df is None else df
    answers = [
        int(rule(row.do_am, row.ty_le_loi, row.co_truy_xuat))
        for row in df[["do_am", "ty_le_loi", "co_truy_xuat"]].itertuples(index=False)
    ]
    return pd.Series(answers, index=df.index, name="du_doan")
