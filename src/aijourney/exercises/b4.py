"""Lesson B4 — Phân loại và đánh giá (encoding, leakage, baseline, confusion matrix, recall and
precision, choosing on validation data and testing once).

In the notebook::

    from aijourney.exercises.b4 import q1, q2, q3, q4, q5, q6, q7
    from aijourney.feedback import ____

The data: ``aijourney.datasets.poverty`` (VLSS 1997–98 households, label ``ngheo`` = the 10% who
spend least per person): ``poverty_raw_table()`` for encoding, ``poverty_tables_split()`` for the
training / validation / test tables the notebook makes with two ``train_test_split`` calls.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, precision_score, recall_score
from sklearn.tree import DecisionTreeClassifier

from ..datasets.poverty import (
    POVERTY_FEATURES,
    POVERTY_SHARE,
    poverty_raw_table,
    poverty_table,
    poverty_tables_split,
)
from ..feedback import (
    AS_PERCENT,
    ChoiceProblem,
    CheckProblem,
    Incorrect,
    Mistake,
    NumberProblem,
    on_training_data,
    rounded,
)
from ..toolkit.evaluation import confusion_counts

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "lesson_numbers", "LEAKY_FEATURES"]

#: The features plus the column the label is computed from: the leak of section 5.
LEAKY_FEATURES = POVERTY_FEATURES + ["chi_tieu_moi_nguoi"]


def _tree(**kwargs) -> DecisionTreeClassifier:
    return DecisionTreeClassifier(max_depth=4, random_state=0, **kwargs)


@lru_cache(maxsize=1)
def lesson_numbers() -> dict[str, float]:
    """Every number the exercises expect (and the typical wrong ones), computed from the data as
    the notebook computes it: models learn on the training table, are compared on the validation
    table, and the chosen one is tested once on the test table."""
    df = poverty_table()
    train, val, test = poverty_tables_split()
    X_tr, y_tr = train[POVERTY_FEATURES], train["ngheo"]
    X_val, y_val = val[POVERTY_FEATURES], val["ngheo"]
    X_te, y_te = test[POVERTY_FEATURES], test["ngheo"]
    plain, balanced = _tree().fit(X_tr, y_tr), _tree(class_weight="balanced").fit(X_tr, y_tr)
    leaky = _tree().fit(train[LEAKY_FEATURES], y_tr)
    pred, pred_bal = plain.predict(X_val), balanced.predict(X_val)
    counts, counts_test = confusion_counts(y_val, pred), confusion_counts(y_te, plain.predict(X_te))
    return {
        "share_poor": float(df["ngheo"].mean()),
        "n_poor": int(df["ngheo"].sum()),
        "n_households": int(len(df)),
        "leak_val": float(leaky.score(val[LEAKY_FEATURES], y_val)),
        "baseline_val": float((y_val == 0).mean()),
        "baseline_test": float((y_te == 0).mean()),
        "baseline_all": float((df["ngheo"] == 0).mean()),
        "share_poor_val": float(y_val.mean()),
        "tree_val": float(accuracy_score(y_val, pred)),
        "tree_recall_val": float(recall_score(y_val, pred)),
        **{f"val_{k}": v for k, v in counts.items()},
        **{f"test_{k}": v for k, v in counts_test.items()},
        "bal_recall_val": float(recall_score(y_val, pred_bal)),
        "bal_precision_val": float(precision_score(y_val, pred_bal, zero_division=0)),
        "bal_accuracy_val": float(accuracy_score(y_val, pred_bal)),
        "bal_recall_train": float(recall_score(y_tr, balanced.predict(X_tr))),
        "bal_recall_test": float(recall_score(y_te, balanced.predict(X_te))),
    }


def _n(key: str):
    """A mistake's value: the lesson number ``key`` (computed when first needed)."""
    return lambda _right: lesson_numbers()[key]


def _pct(x: float, digits: int = 0) -> str:
    """A share as Vietnamese writes it: 27%, 89,7%."""
    return f"{x:.{digits}%}".replace(".", ",")


def _count(x: float) -> str:
    """A count as Vietnamese writes it: 5.999."""
    return f"{int(x):,}".replace(",", ".")


# -- q1: encode a text column as 0/1 ------------------------------------------------------------
def _codes(column: str, one: str) -> np.ndarray:
    return (poverty_raw_table()[column] == one).astype(int).to_numpy()


def _check_encoding(value) -> None:
    if type(value).__name__ == "DataFrame" and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not hasattr(value, "__len__") or isinstance(value, (str, dict)) or np.ndim(value) != 1:
        raise Incorrect("not_column")
    values = pd.Series(list(value) if not hasattr(value, "to_numpy") else value.to_numpy())
    right = _codes("sex", "female")
    if len(values) != len(right):
        raise Incorrect("wrong_length", got=len(values), expected=len(right))
    if values.isna().any():
        raise Incorrect("has_nan", missing=int(values.isna().sum()))
    if values.map(lambda v: isinstance(v, str)).any():
        raise Incorrect("still_text")
    try:
        numbers = values.astype(float).to_numpy()
    except (TypeError, ValueError):
        raise Incorrect("still_text") from None
    if np.array_equal(numbers, right):
        return
    if np.array_equal(numbers, 1 - right):
        raise Incorrect("reversed")
    for column, one in (("urban", "yes"), ("urban", "no"), ("farm", "yes"), ("farm", "no")):
        if np.array_equal(numbers, _codes(column, one)):
            raise Incorrect("other_column", column=column)
    raise Incorrect("wrong_value")


q1 = CheckProblem("b4.q1", "chu_ho_nu", _check_encoding, name="q1", figures=lambda: {
    "share_women": _pct(_codes("sex", "female").mean()),
})

# -- q2: how imbalanced are the classes? --------------------------------------------------------
q2 = NumberProblem(
    "b4.q2", "ty_le_ho_ngheo", lambda: lesson_numbers()["share_poor"],
    mistakes=[AS_PERCENT, Mistake("count", _n("n_poor"), tol=0.5),
              Mistake("complement", lambda right: 1 - right), rounded(2)],
    name="q2",
    figures=lambda: {"share": _pct(lesson_numbers()["share_poor"]), "n_poor": _count(lesson_numbers()["n_poor"]),
                     "n": _count(lesson_numbers()["n_households"]),
                     "label": _pct(POVERTY_SHARE), "ratio": round((1 - lesson_numbers()["share_poor"]) / lesson_numbers()["share_poor"])},
)

# -- q3: a leak: the column the label is made from -----------------------------------------------
q3 = NumberProblem(
    "b4.q3", "do_chinh_xac_ro_ri", lambda: lesson_numbers()["leak_val"],
    mistakes=[AS_PERCENT, Mistake("honest", _n("tree_val"))],
    name="q3",
    figures=lambda: {"leak": _pct(lesson_numbers()["leak_val"]), "honest": _pct(lesson_numbers()["tree_val"], 1)},
)

# -- q4: the baseline "always not poor", on validation data --------------------------------------
q4 = NumberProblem(
    "b4.q4", "do_chinh_xac_co_so", lambda: lesson_numbers()["baseline_val"],
    mistakes=[AS_PERCENT, Mistake("share_poor", _n("share_poor_val")), Mistake("tree_score", _n("tree_val")),
              Mistake("test_data", _n("baseline_test")), Mistake("whole_data", _n("baseline_all")), rounded(2)],
    name="q4",
    figures=lambda: {"baseline": _pct(lesson_numbers()["baseline_val"], 1), "tree": _pct(lesson_numbers()["tree_val"], 1)},
)

# -- q5: read the confusion table ----------------------------------------------------------------
q5 = NumberProblem(
    "b4.q5", "so_ho_bi_bo_sot", lambda: lesson_numbers()["val_bo_sot"], tol=1e-9,
    mistakes=[
        Mistake("found", _n("val_tim_dung")),
        Mistake("false_alarm", _n("val_bao_nham")),
        Mistake("true_negative", _n("val_loai_dung")),
        Mistake("all_poor", lambda right: right + lesson_numbers()["val_tim_dung"]),
        Mistake("as_share", lambda right: [right / (right + lesson_numbers()["val_tim_dung"]),
                                           lesson_numbers()["tree_recall_val"]], tol=1e-6),
        Mistake("test_data", _n("test_bo_sot")),
    ],
    name="q5",
    figures=lambda: {"missed": lesson_numbers()["val_bo_sot"], "found": lesson_numbers()["val_tim_dung"],
                     "poor": lesson_numbers()["val_bo_sot"] + lesson_numbers()["val_tim_dung"]},
)

# -- q6: recall of the balanced tree, on validation data -----------------------------------------
q6 = NumberProblem(
    "b4.q6", "do_phu_can_bang", lambda: lesson_numbers()["bal_recall_val"],
    mistakes=[AS_PERCENT,
              Mistake("precision", _n("bal_precision_val")),
              Mistake("accuracy", _n("bal_accuracy_val")),
              Mistake("unbalanced", _n("tree_recall_val")),
              on_training_data(lambda: lesson_numbers()["bal_recall_train"]),
              Mistake("test_data", _n("bal_recall_test")),
              rounded(2)],
    name="q6",
    figures=lambda: {"recall": _pct(lesson_numbers()["bal_recall_val"]),
                     "precision": _pct(lesson_numbers()["bal_precision_val"]),
                     "accuracy": _pct(lesson_numbers()["bal_accuracy_val"]),
                     "plain_recall": _pct(lesson_numbers()["tree_recall_val"])},
)

# -- q7: who decides -----------------------------------------------------------------------------
q7 = ChoiceProblem("b4.q7", "cau_tra_loi", "A", "ABCD", name="q7", figures=lambda: {
    "missed": _pct(1 - lesson_numbers()["bal_recall_test"]),
})
