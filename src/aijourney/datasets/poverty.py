"""Lesson B4's data: which households of the Viet Nam Living Standards Survey 1997–98 (run by the
General Statistics Office with World Bank support; ``load_vietnam_households``) are among the poorest
10%, with features a commune official can see without measuring spending.

``poverty_raw_table`` shows the same households as the survey wrote them (text categories), so the
lesson can encode them in the open; ``poverty_tables_split`` cuts the table in training, validation
and test parts whose test part is exactly ``poverty_split``'s.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .vietnam import load_vietnam_households

__all__ = [
    "POVERTY_FEATURES", "POVERTY_SHARE", "SCHOOL_LEVELS", "poverty_table", "poverty_split",
    "poverty_raw_table", "poverty_tables_split",
]

#: Features an official can observe on a visit: household size, the head's years of schooling,
#: age and sex, whether the household farms, whether it lives in a town.
POVERTY_FEATURES = ["so_nguoi", "so_nam_hoc", "tuoi", "chu_ho_nu", "lam_nong", "thanh_thi"]

#: The label ``ngheo`` marks the households whose spending per person is in the lowest 10%.
POVERTY_SHARE = 0.10

#: The head's schooling as a level (the column ``cap_hoc`` of ``poverty_raw_table``), lowest first,
#: with the highest year of school each level covers (1997 system: primary 1–5, lower secondary
#: 6–9, upper secondary 10–12).
SCHOOL_LEVELS = {"chưa đi học": 0, "tiểu học": 5, "THCS": 9, "THPT": 12, "trên THPT": np.inf}


@lru_cache(maxsize=1)
def _poverty_table() -> pd.DataFrame:
    h = load_vietnam_households()
    per_person = np.exp(h["lntotal"]) / h["hhsize"]
    df = pd.DataFrame(
        {
            "so_nguoi": h["hhsize"].astype(int),
            "so_nam_hoc": h["educyr"].astype(float),
            "tuoi": h["age"].astype(int),
            "chu_ho_nu": (h["sex"] == "female").astype(int),
            "lam_nong": (h["farm"] == "yes").astype(int),
            "thanh_thi": (h["urban"] == "yes").astype(int),
            "xa": h["commune"].astype(int),
            "chi_tieu_moi_nguoi": per_person.round(0),
        }
    )
    df["ngheo"] = (per_person < per_person.quantile(POVERTY_SHARE)).astype(int)
    return df.reset_index(drop=True)


def poverty_table() -> pd.DataFrame:
    """5,999 households (VLSS 1997) with Vietnamese column names and the label ``ngheo``.

    ``xa`` is the survey's commune id (households of a commune resemble each other: split by it to
    test on unseen communes, as lesson B3 does); ``chi_tieu_moi_nguoi`` is the household's yearly
    spending divided by its size, in the survey's 1997 money (thousand dong, see
    ``aijourney.toolkit.tabular.VLSS_UNIT``); ``ngheo`` is 1 for the 10% of households that spend least per
    person.
    """
    return _poverty_table().copy()


def poverty_split(test_size: float = 0.25, random_state: int = 0):
    """The course's split of ``poverty_table()``: ``X_train, X_test, y_train, y_test``.

    The same as ``train_test_split(df[POVERTY_FEATURES], df["ngheo"], test_size=0.25,
    random_state=0, stratify=df["ngheo"])``: both parts keep one poor household in ten.
    """
    from sklearn.model_selection import train_test_split

    df = poverty_table()
    return train_test_split(
        df[POVERTY_FEATURES], df["ngheo"], test_size=test_size, random_state=random_state,
        stratify=df["ngheo"],
    )


def _school_level(years: pd.Series) -> pd.Series:
    edges = [-np.inf] + list(SCHOOL_LEVELS.values())
    return pd.cut(years, bins=edges, labels=list(SCHOOL_LEVELS), right=True)


def poverty_raw_table() -> pd.DataFrame:
    """The households of ``poverty_table()`` (same rows, same order) as the survey wrote them.

    ``sex`` is "female"/"male", ``farm`` and ``urban`` are "yes"/"no" (text, as in VietNamH);
    ``cap_hoc`` is the head's schooling as a level (an ordered category, see ``SCHOOL_LEVELS``),
    made by the course from ``educyr``; ``age``, ``educyr``, ``hhsize`` and ``commune`` are the
    survey's numbers. No spending columns: this table is for encoding categories.
    """
    h = load_vietnam_households().reset_index(drop=True)
    return pd.DataFrame(
        {
            "sex": h["sex"].astype(str),
            "age": h["age"].astype(int),
            "educyr": h["educyr"].astype(float),
            "cap_hoc": _school_level(h["educyr"].astype(float)),
            "farm": h["farm"].astype(str),
            "urban": h["urban"].astype(str),
            "hhsize": h["hhsize"].astype(int),
            "commune": h["commune"].astype(int),
        }
    )


def poverty_tables_split(validation_size: float = 0.25, test_size: float = 0.25, random_state: int = 0):
    """``poverty_table()`` cut in three tables with every column: ``train, validation, test``.

    ``test`` holds exactly the rows of ``poverty_split()``'s test part (same order); the rest is cut
    again, stratified by ``ngheo``, into ``train`` and ``validation`` (``validation_size`` of it).
    The same as two calls of ``train_test_split(table, test_size=..., random_state=0,
    stratify=table["ngheo"])``, first on the whole table, then on what is left.
    """
    from sklearn.model_selection import train_test_split

    df = poverty_table()
    rest, test = train_test_split(df, test_size=test_size, random_state=random_state, stratify=df["ngheo"])
    train, validation = train_test_split(
        rest, test_size=validation_size, random_state=random_state, stratify=rest["ngheo"]
    )
    return train, validation, test
