"""Where the project's own data files live: ``datasets/<folder>/`` of the repository, or the folder
named by ``AIJOURNEY_DATASETS`` (e.g. a read-only copy on a JupyterHub)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..i18n import t

__all__ = ["datasets_dir", "dataset_path", "read_csv"]


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
