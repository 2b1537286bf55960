"""Loaders for the data the lessons use.

Data the project writes lives in the repository's ``datasets/`` folder (each with a datasheet);
set ``AIJOURNEY_DATASETS`` to point elsewhere (e.g. a read-only copy on a JupyterHub).
Data a pip package ships is read from that package (see ``vietnam``). Topic-specific loaders live
in submodules of this package (``aijourney.datasets.<topic>``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..i18n import t
from .vietnam import load_vietnam_households, load_vietnam_individuals


def datasets_dir() -> Path:
    """The folder holding the project's datasets."""
    env = os.environ.get("AIJOURNEY_DATASETS")
    if env:
        return Path(env)
    # editable install / source checkout: <repo>/src/aijourney/datasets/__init__.py -> <repo>/datasets
    return Path(__file__).resolve().parents[3] / "datasets"


def dataset_path(folder: str, name: str) -> Path:
    """Path of a file the project ships in ``datasets/<folder>/``; a clear error when missing."""
    path = datasets_dir() / folder / name
    if not path.is_file():
        raise FileNotFoundError(t("data.missing", path=str(path)))
    return path


def read_csv(folder: str, name: str, **kwargs) -> pd.DataFrame:
    """Read a CSV the project ships in ``datasets/<folder>/``."""
    return pd.read_csv(dataset_path(folder, name), **kwargs)


def load_ocop_batches() -> pd.DataFrame:
    """240 synthetic OCOP batches (cashew, pepper) with the council's verdict ``dat_chuan``."""
    return read_csv("ocop-batches", "ocop_batches.csv")


__all__ = [
    "datasets_dir", "dataset_path", "read_csv", "load_ocop_batches", "ocop_features", "ocop_split",
    "load_vietnam_households", "load_vietnam_individuals",
]


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
