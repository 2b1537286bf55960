"""Lesson B1 — AI là gì? Luật lệ và học từ dữ liệu (rules vs learning from data).

In the notebook::

    from aijourney.exercises.b1 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____

q1 the share of accepted batches; q2 the cashew rule (a skeleton with blanks); q3 a depth-4 tree's
accuracy on the validation data; q4 the depth chosen on the validation data; q5 when to learn from
data (multiple choice). Every figure a solution quotes comes from ``figures=``.
"""

from __future__ import annotations

from functools import lru_cache

from sklearn.tree import DecisionTreeClassifier

from ..datasets.ocop import load_ocop_batches, ocop_validation_split
from ..feedback import (
    AS_PERCENT,
    ChoiceProblem,
    FunctionProblem,
    Incorrect,
    Mistake,
    NotAttempted,
    NumberProblem,
    on_training_data,
    rounded,
    has_blank,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "DEPTHS", "EXAMPLE_DEPTH", "EXERCISE_DEPTH"]

#: The depths the lesson tries (section 5), the worked example's depth and exercise 3's depth.
DEPTHS = tuple(range(1, 11))
EXAMPLE_DEPTH, EXERCISE_DEPTH = 2, 4


def _pct(share: float) -> str:
    return f"{share:.0%}"


# -- q1: the share of accepted batches -------------------------------------------------------------
def _pass_share() -> float:
    return float(load_ocop_batches()["dat_chuan"].mean())


def _q1_figures() -> dict[str, str]:
    df = load_ocop_batches()
    return {"share": _pct(_pass_share()), "passed": str(int(df["dat_chuan"].sum())), "total": str(len(df)),
            "baseline": _pct(1 - _pass_share())}


q1 = NumberProblem(
    "b1.q1", "ty_le_dat", _pass_share,
    mistakes=[
        AS_PERCENT,
        Mistake("count", lambda _right: float(load_ocop_batches()["dat_chuan"].sum())),
        Mistake("flipped", lambda right: 1 - right),
        Mistake("wrong_column", lambda _right: float(load_ocop_batches()["co_truy_xuat"].mean())),
        rounded(2), rounded(3),
    ],
    name="q1", figures=_q1_figures,
)


# -- q2: the cashew rule, a skeleton whose blanks sit in the conditions ----------------------------
def _cashew(do_am, ty_le_loi, co_truy_xuat, moist=5, defects=8, trace=True, strict=False):
    below = (lambda a, b: a < b) if strict else (lambda a, b: a <= b)
    return int(below(do_am, moist) and below(ty_le_loi, defects) and (co_truy_xuat == 1 or not trace))


#: Typical wrong rules a trainee writes, recognised by what they answer on a grid of batches.
_Q2_MISTAKES = {
    "copied_example": dict(moist=10, defects=10),
    "swapped": dict(moist=8, defects=5),
    "no_trace": dict(trace=False),
    "strict": dict(strict=True),
}
_Q2_GRID = [(m, d, c) for m in (3.0, 4.5, 5.0, 5.5, 7.0, 9.0, 10.0, 11.0)
            for d in (2.0, 4.0, 5.0, 6.0, 8.0, 9.0, 10.0, 12.0) for c in (0, 1)]


class _RuleSkeleton(FunctionProblem):
    """The cashew rule. A function still holding ``____`` is "not attempted" (its blanks sit inside
    the conditions, where calling it would raise a TypeError); a wrong rule that behaves like a
    typical mistake gets that mistake's explanation."""

    def check_value(self, value) -> None:
        if has_blank(value):
            raise NotAttempted("blank_left")
        try:
            super().check_value(value)
        except Incorrect:
            reason = self._recognise(value)
            if reason is None:
                raise
            raise Incorrect(reason) from None

    @staticmethod
    def _recognise(func) -> str | None:
        try:
            answers = [func(*batch) for batch in _Q2_GRID]
        except Exception:  # the generic explanation of the failing case is better
            return None
        for reason, params in _Q2_MISTAKES.items():
            if all(got == _cashew(*batch, **params) for got, batch in zip(answers, _Q2_GRID)):
                return reason
        return None


q2 = _RuleSkeleton(
    "b1.q2", "tu_van_hat_dieu",
    [
        ((4.2, 7.9, 1), 1),
        ((6.4, 3.0, 1), 0),  # too moist
        ((4.0, 10.2, 1), 0),  # too many defects
        ((3.5, 2.0, 0), 0),  # no traceability code
        ((5.0, 8.0, 1), 1),  # "không quá" includes the limit
        ((5.1, 8.0, 1), 0),
        ((4.0, 8.1, 1), 0),
    ],
    name="q2",
)


# -- q3, q4: trees on the training data, judged on the validation data -----------------------------
@lru_cache(maxsize=1)
def depth_scores() -> dict[int, tuple[float, float, float]]:
    """For each depth in ``DEPTHS``: (training, validation, test) accuracy of the lesson's tree."""
    X_train, X_val, X_test, y_train, y_val, y_test = ocop_validation_split()
    scores = {}
    for depth in DEPTHS:
        tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
        scores[depth] = tuple(float(tree.score(X, y)) for X, y in
                              ((X_train, y_train), (X_val, y_val), (X_test, y_test)))
    return scores


def chosen_depth() -> int:
    """The depth with the best validation accuracy; on a tie, the shallower (simpler) tree."""
    scores = depth_scores()
    best = max(val for _, val, _ in scores.values())
    return min(d for d, (_, val, _) in scores.items() if abs(val - best) < 1e-12)


def _q3_figures() -> dict[str, str]:
    val = depth_scores()[EXERCISE_DEPTH][1]
    y_val = ocop_validation_split()[4]
    return {"val": _pct(val), "baseline": _pct(float((y_val == 0).mean())),
            "depth": str(EXERCISE_DEPTH)}


q3 = NumberProblem(
    "b1.q3", "do_chinh_xac_kiem_dinh", lambda: depth_scores()[EXERCISE_DEPTH][1],
    mistakes=[
        AS_PERCENT,
        on_training_data(lambda: depth_scores()[EXERCISE_DEPTH][0]),
        Mistake("test_score", lambda _right: depth_scores()[EXERCISE_DEPTH][2]),
        Mistake("example_depth", lambda _right: depth_scores()[EXAMPLE_DEPTH][1]),
    ],
    name="q3", figures=_q3_figures,
)


def _train_best_depths(_right: float) -> list[int]:
    scores = depth_scores()
    best = max(train for train, _, _ in scores.values())
    return [d for d, (train, _, _) in scores.items() if abs(train - best) < 1e-12]


def _tied_deeper(right: float) -> list[int]:
    scores, best = depth_scores(), depth_scores()[int(right)][1]
    return [d for d, (_, val, _) in scores.items() if d > right and abs(val - best) < 1e-12]


def _q4_figures() -> dict[str, str]:
    scores, depth = depth_scores(), chosen_depth()
    deepest = max(DEPTHS)
    return {"depth": str(depth), "val": _pct(scores[depth][1]), "train": _pct(scores[depth][0]),
            "deepest": str(deepest), "deep_train": _pct(scores[deepest][0]),
            "deep_val": _pct(scores[deepest][1]), "test": _pct(scores[depth][2])}


q4 = NumberProblem(
    "b1.q4", "do_sau_chon", chosen_depth,
    mistakes=[
        Mistake("tie", _tied_deeper),
        Mistake("train_best", _train_best_depths),
        Mistake("score_not_depth", lambda right: depth_scores()[int(right)][1]),
    ],
    name="q4", figures=_q4_figures,
)


# -- q5: when to learn from data -------------------------------------------------------------------
def _q5_figures() -> dict[str, str]:
    X_train, _, X_test, y_train, _, y_test = ocop_validation_split()
    tree = DecisionTreeClassifier(max_depth=chosen_depth(), random_state=0).fit(X_train, y_train)
    return {"wrong": str(int((tree.predict(X_test) != y_test).sum())), "n_test": str(len(y_test))}


q5 = ChoiceProblem("b1.q5", "cau_tra_loi", "A", "ABCD", name="q5", figures=_q5_figures)
