"""Honest evaluation, made visible (lesson A1): the course's tree, tables of training and validation
scores from cross-validation (by tree depth, by training-set size), their plot, the score of each
feature on its own (to spot a leaky one) and the effect of preprocessing fitted on every row.

In a notebook::

    from aijourney.toolkit.honest import course_tree, depth_table, learning_curve_table, plot_scores
    bang = depth_table(X, y, cv=GroupKFold(5), groups=nhom)
    plot_scores(bang, "do_sau")

Every score is cross-validated with ``scoring`` (default: balanced accuracy), with ``n_jobs=1``.
Trainee-facing texts come from the message catalogue (keys ``honest.*``).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import cross_val_score, cross_validate, learning_curve
from sklearn.tree import DecisionTreeClassifier

from ..i18n import t

__all__ = ["course_tree", "course_pipeline", "depth_table", "learning_curve_table", "plot_scores", "one_feature_scores",
           "preprocessing_leak", "SCORING"]

#: The lesson's score: balanced accuracy, the mean of the recall of each class (0.5 for a guess).
SCORING = "balanced_accuracy"
TRAIN, VALIDATION = "diem_huan_luyen", "diem_kiem_dinh"


def course_tree(max_depth: int | None = 5) -> DecisionTreeClassifier:
    """The lesson's decision tree: the rare class weighs as much as the common one (B4)."""
    return DecisionTreeClassifier(max_depth=max_depth, class_weight="balanced", random_state=0)


def course_pipeline(numeric: Sequence[str], categorical: Sequence[str], n_neighbors: int = 15):
    """The lesson's Pipeline: numeric columns get their blanks filled with the median and are
    standardised, text columns are one-hot encoded, then k nearest neighbours decide."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    prepare = ColumnTransformer([
        ("so", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), list(numeric)),
        ("chu", OneHotEncoder(), list(categorical)),
    ])
    return Pipeline([("chuan_bi", prepare), ("mo_hinh", KNeighborsClassifier(n_neighbors=n_neighbors, algorithm="brute"))])


def depth_table(X, y, cv, groups=None, depths: Iterable[int | None] = (2, 4, 6, 8, 12, None),
                scoring: str = SCORING) -> pd.DataFrame:
    """For each depth of ``course_tree``: the mean score on the training folds and on the
    validation folds of ``cv`` (``None`` = no limit, written as 0 in the ``do_sau`` column)."""
    rows = []
    for depth in depths:
        scores = cross_validate(course_tree(depth), X, y, cv=cv, groups=groups, scoring=scoring,
                                return_train_score=True, n_jobs=1)
        rows.append({"do_sau": 0 if depth is None else depth, TRAIN: scores["train_score"].mean(),
                     VALIDATION: scores["test_score"].mean()})
    return pd.DataFrame(rows)


def learning_curve_table(model, X, y, cv, groups=None,
                         sizes: Sequence[float] = (0.1, 0.25, 0.5, 0.75, 1.0),
                         scoring: str = SCORING) -> pd.DataFrame:
    """A learning curve as a table: for each number of training rows, the mean score on the rows
    learned from and on the validation folds."""
    n_rows, train, val = learning_curve(model, X, y, cv=cv, groups=groups, train_sizes=list(sizes),
                                        scoring=scoring, n_jobs=1)
    return pd.DataFrame({"so_dong_hoc": n_rows, TRAIN: train.mean(axis=1), VALIDATION: val.mean(axis=1)})


def plot_scores(table: pd.DataFrame, x: str, title: str | None = None, ax=None):
    """Draw the training and validation columns of ``table`` against its column ``x``."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(table[x], table[TRAIN], "o-", label=t("honest.train"))
    ax.plot(table[x], table[VALIDATION], "s-", label=t("honest.validation"))
    ax.axhline(0.5, color="grey", linestyle=":", label=t("honest.guess"))
    ax.set_xlabel(t(f"honest.x.{x}") if x in ("do_sau", "so_dong_hoc") else x)
    ax.set_ylabel(t("honest.score"))
    ax.set_ylim(0.45, 1.02)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def one_feature_scores(table: pd.DataFrame, features: Iterable[str], target: str, cv, groups=None,
                       scoring: str = SCORING) -> pd.Series:
    """The cross-validated score of a small tree (depth 3) that sees ONE feature, for each feature,
    best first: a single feature that predicts almost perfectly is a suspect for leakage."""
    scores = {}
    for feature in features:
        X = table[[feature]].fillna(table[feature].median())
        scores[feature] = cross_val_score(course_tree(3), X, table[target], cv=cv, groups=groups,
                                          scoring=scoring, n_jobs=1).mean()
    return pd.Series(scores, name=scoring).sort_values(ascending=False)


def preprocessing_leak(pipeline, X, y, cv, groups=None, scoring: str = SCORING) -> dict[str, float]:
    """The pipeline's cross-validated score done right (preprocessing learned on the training folds
    only) and done wrong (its first step fitted on every row of ``X`` before the folds are cut),
    and the difference ``ro_ri - dung_cach``."""
    right = cross_val_score(clone(pipeline), X, y, cv=cv, groups=groups, scoring=scoring, n_jobs=1).mean()
    steps = clone(pipeline).steps
    prepared = steps[0][1].fit_transform(X)
    rest = steps[1][1] if len(steps) == 2 else type(pipeline)(steps[1:])
    leaky = cross_val_score(rest, prepared, np.asarray(y), cv=cv, groups=groups, scoring=scoring, n_jobs=1).mean()
    return {"dung_cach": float(right), "ro_ri": float(leaky), "chenh_lech": float(leaky - right)}
