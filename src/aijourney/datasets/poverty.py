"""Lesson B4's data: which households of the Viet Nam Living Standards Survey 1997
(``load_vietnam_households``) are among the poorest 10%, with features a commune official can see
without measuring spending."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .vietnam import load_vietnam_households

__all__ = ["POVERTY_FEATURES", "POVERTY_SHARE", "poverty_table", "poverty_split"]

#: Features an official can observe on a visit: household size, the head's years of schooling,
#: age and sex, whether the household farms, whether it lives in a town.
POVERTY_FEATURES = ["so_nguoi", "so_nam_hoc", "tuoi", "chu_ho_nu", "lam_nong", "thanh_thi"]

#: The label ``ngheo`` marks the households whose spending per person is in the lowest 10%.
POVERTY_SHARE = 0.10


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
