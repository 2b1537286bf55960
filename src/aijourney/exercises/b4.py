"""Lesson B4 — Phân loại và đánh giá (classification, and why accuracy can lie).

In the notebook::

    from aijourney.exercises.b4 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: ``aijourney.datasets.poverty_table()`` / ``poverty_split()`` (VLSS 1997 households,
label ``ngheo`` = the 10% who spend least per person).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.metrics import precision_score, recall_score
from sklearn.tree import DecisionTreeClassifier

from ..datasets import poverty_split, poverty_table
from ..toolkit.evaluation import confusion_counts
from ..feedback import ChoiceProblem, CheckProblem, Incorrect, as_number

__all__ = ["q1", "q2", "q3", "q4", "q5", "lesson_numbers"]


@lru_cache(maxsize=1)
def lesson_numbers() -> dict[str, float]:
    """Every number the lesson's exercises expect (and the typical wrong ones), computed from data."""
    df = poverty_table()
    X_train, X_test, y_train, y_test = poverty_split()
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    balanced = DecisionTreeClassifier(max_depth=4, random_state=0, class_weight="balanced").fit(X_train, y_train)
    pred, pred_bal = tree.predict(X_test), balanced.predict(X_test)
    counts = confusion_counts(y_test, pred)
    return {
        "share_poor": float(df["ngheo"].mean()),
        "n_poor": int(df["ngheo"].sum()),
        "n_households": int(len(df)),
        "baseline_test": float((np.asarray(y_test) == 0).mean()),
        "baseline_all": float((df["ngheo"] == 0).mean()),
        "share_poor_test": float(np.asarray(y_test).mean()),
        "tree_accuracy": float(tree.score(X_test, y_test)),
        **{f"tree_{k}": v for k, v in counts.items()},
        "balanced_recall": float(recall_score(y_test, pred_bal)),
        "balanced_precision": float(precision_score(y_test, pred_bal, zero_division=0)),
        "balanced_accuracy": float(balanced.score(X_test, y_test)),
        "balanced_recall_train": float(recall_score(y_train, balanced.predict(X_train))),
        "tree_recall": float(recall_score(y_test, pred)),
    }


def _close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol


def _check_share_poor(value) -> None:
    got, n = as_number(value), lesson_numbers()
    share = n["share_poor"]
    if _close(got, share):
        return
    if _close(got, 100 * share, 1e-4):
        raise Incorrect("as_percent", got=repr(value))
    if _close(got, n["n_poor"], 0.5):
        raise Incorrect("count", got=repr(value))
    if _close(got, 1 - share):
        raise Incorrect("complement", got=repr(value))
    if _close(got, share, 0.005):
        raise Incorrect("rounded", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


def _check_baseline(value) -> None:
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["baseline_test"], 1e-9):
        return
    if _close(got, 100 * n["baseline_test"], 1e-6):
        raise Incorrect("as_percent", got=repr(value))
    if _close(got, n["share_poor_test"], 1e-9):
        raise Incorrect("share_poor", got=repr(value))
    if _close(got, n["tree_accuracy"], 1e-9):
        raise Incorrect("tree_score", got=repr(value))
    if _close(got, n["baseline_all"], 1e-9):
        raise Incorrect("whole_data", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


def _check_missed(value) -> None:
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["tree_bo_sot"], 1e-9):
        return
    poor_in_test = n["tree_tim_dung"] + n["tree_bo_sot"]
    for reason, key in (("found", "tree_tim_dung"), ("false_alarm", "tree_bao_nham"), ("true_negative", "tree_loai_dung")):
        if _close(got, n[key], 1e-9):
            raise Incorrect(reason, got=repr(value))
    if _close(got, poor_in_test, 1e-9):
        raise Incorrect("all_poor", got=repr(value))
    if 0 < got < 1:
        raise Incorrect("as_share", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


def _check_balanced_recall(value) -> None:
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["balanced_recall"], 1e-9):
        return
    if _close(got, 100 * n["balanced_recall"], 1e-6):
        raise Incorrect("as_percent", got=repr(value))
    for reason, key in (("precision", "balanced_precision"), ("accuracy", "balanced_accuracy"),
                        ("unbalanced", "tree_recall"), ("train_data", "balanced_recall_train")):
        if _close(got, n[key], 1e-9):
            raise Incorrect(reason, got=repr(value))
    if _close(got, n["balanced_recall"], 0.005):
        raise Incorrect("rounded", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


q1 = CheckProblem("b4.q1", "ty_le_ho_ngheo", _check_share_poor, name="q1")

q2 = CheckProblem("b4.q2", "do_chinh_xac_doan_khong", _check_baseline, name="q2")

q3 = CheckProblem("b4.q3", "so_ho_bi_bo_sot", _check_missed, name="q3")

q4 = CheckProblem("b4.q4", "do_phu_can_bang", _check_balanced_recall, name="q4")

q5 = ChoiceProblem("b4.q5", "cau_tra_loi", "B", "ABCD", name="q5")
