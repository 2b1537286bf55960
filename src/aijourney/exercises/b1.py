"""Lesson B1 — Luật lệ và học từ dữ liệu (rules vs learning from data).

In the notebook::

    from aijourney.exercises.b1 import q1, q2, q3, q4
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

from sklearn.tree import DecisionTreeClassifier

from ..datasets import load_ocop_batches, ocop_split
from ..feedback import ChoiceProblem, CheckProblem, FunctionProblem, Incorrect, NumberProblem

__all__ = ["q1", "q2", "q3", "q4"]

@lru_cache(maxsize=1)
def _tree_scores() -> tuple[float, float]:
    X_train, X_test, y_train, y_test = ocop_split()
    model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    return float(model.score(X_test, y_test)), float(model.score(X_train, y_train))


def _check_tree_accuracy(value) -> None:
    try:
        got = float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None
    test_score, train_score = _tree_scores()
    if abs(got - test_score) < 1e-9:
        return
    if abs(got - 100 * test_score) < 1e-6:
        raise Incorrect("as_percent", got=repr(value))
    if abs(got - train_score) < 1e-9:
        raise Incorrect("train_score", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


q1 = NumberProblem("b1.q1", "ty_le_dat", lambda: float(load_ocop_batches()["dat_chuan"].mean()), name="q1")

q2 = FunctionProblem(
    "b1.q2",
    "tu_van_hat_dieu",
    [
        ((4.2, 7.9, 1), 1),
        ((6.4, 3.0, 1), 0),  # too moist
        ((4.0, 10.2, 1), 0),  # too many defects
        ((3.5, 2.0, 0), 0),  # no traceability code
        ((5.0, 8.0, 1), 1),  # "không quá" includes the limit
        ((5.1, 8.0, 1), 0),
    ],
    name="q2",
)

q3 = CheckProblem("b1.q3", "do_chinh_xac_cay", _check_tree_accuracy, name="q3")

q4 = ChoiceProblem("b1.q4", "cau_tra_loi", "B", "ABCD", name="q4")
