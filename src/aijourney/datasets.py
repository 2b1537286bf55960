"""Loaders for the data the lessons use.

Data the project writes lives in the repository's ``datasets/`` folder (each with a datasheet);
set ``AIJOURNEY_DATASETS`` to point elsewhere (e.g. a read-only copy on a JupyterHub).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .i18n import t


def datasets_dir() -> Path:
    """The folder holding the project's datasets."""
    env = os.environ.get("AIJOURNEY_DATASETS")
    if env:
        return Path(env)
    # editable install / source checkout: <repo>/src/aijourney/datasets.py -> <repo>/datasets
    return Path(__file__).resolve().parents[2] / "datasets"


def _read_csv(folder: str, name: str) -> pd.DataFrame:
    path = datasets_dir() / folder / name
    if not path.is_file():
        raise FileNotFoundError(t("data.missing", path=str(path)))
    return pd.read_csv(path)


def load_ocop_batches() -> pd.DataFrame:
    """240 synthetic OCOP batches (cashew, pepper) with the council's verdict ``dat_chuan``."""
    return _read_csv("ocop-batches", "ocop_batches.csv")


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
