"""Lesson B5 — Ảnh là những con số (an image is an array of numbers; k-nearest neighbours).

In the notebook::

    from aijourney.exercises.b5 import q1, q2, q3, q4, q5, q6, q7
    from aijourney.feedback import ____

The data: scikit-learn's hand-written digits (``aijourney.datasets.load_digit_images``, 8×8 pixels,
values 0–16) in three parts, ``aijourney.datasets.digits.digits_validation_split()``: k is chosen on
the validation part, the test part is used once, at the end.

q1 the pixels in one image; q2 a drawn 7; q3 k = 1's accuracy on the validation data; q4 the k chosen
on the validation data; q5 how many validation images the chosen model misreads; q6 why k-NN misreads
(multiple choice); q7 the final accuracy, on the test data, of the chosen k. Every figure a solution
quotes comes from ``figures=``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from ..datasets.digits import digits_validation_split, load_digit_images
from ..feedback import (
    AS_PERCENT,
    ChoiceProblem,
    CheckProblem,
    Incorrect,
    Mistake,
    NumberProblem,
    on_training_data,
    rounded,
    shown,
)
from ..toolkit.images import MAX_VALUE, SIDE
from ..toolkit.tabular import format_number

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "K_VALUES", "EXAMPLE_ANSWER_SIZE", "DRAW_DIGIT",
           "k_scores", "chosen_k", "reader"]

#: The k the lesson's table tries (section 5), in the notebook's order.
K_VALUES = (1, 3, 5, 10, 25, 50, 100)
#: The k of exercise 3 (the worked example scores the same model on its training data).
EXERCISE_K = 1
#: The number of pixels of the worked example's small image ``anh_nho`` (2 rows × 3 columns).
EXAMPLE_ANSWER_SIZE = 6
#: The digit the trainee draws in exercise 2.
DRAW_DIGIT = 7


def _pct(share: float) -> str:
    """A share as a percentage with one decimal, without a useless ",0": ``98,7%``, ``100%``."""
    value = round(100 * share, 1)
    return f"{format_number(value, 0 if value == int(value) else 1)}%"


# -- q1: the pixels of one image -------------------------------------------------------------------
class _PixelCount(NumberProblem):
    """A count of pixels; the image's shape ``(8, 8)`` (a pair, not a number) gets its own
    explanation before the core judges the number."""

    def check_value(self, value) -> None:
        if isinstance(value, tuple) and len(value) == 2:
            raise Incorrect("shape", got=shown(value))
        super().check_value(value)


q1 = _PixelCount(
    "b5.q1", "so_diem_anh", SIDE * SIDE,
    mistakes=[
        Mistake("side", SIDE),
        Mistake("sixteen", MAX_VALUE),  # the darkest ink, and also 8 + 8
        Mistake("n_images", lambda _right: len(load_digit_images().images)),
        Mistake("example", EXAMPLE_ANSWER_SIZE),
    ],
    name="q1", figures=lambda: {"n_pixels": str(SIDE * SIDE), "side": str(SIDE)},
)


# -- q2: a 7 drawn with numbers --------------------------------------------------------------------
@lru_cache(maxsize=1)
def reader() -> KNeighborsClassifier:
    """The k-NN (k = 3) that reads a trainee's drawing, trained on all 1,797 digits."""
    d = load_digit_images()
    return KNeighborsClassifier(n_neighbors=3).fit(d.data, d.target)


def _check_drawing(value) -> None:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect("not_numbers", got_type=type(value).__name__) from None
    if arr.shape != (SIDE, SIDE):
        if arr.size == SIDE * SIDE:
            raise Incorrect("flat", shape=str(arr.shape))
        raise Incorrect("shape", shape=str(arr.shape), size=int(arr.size))
    if np.isnan(arr).any():
        raise Incorrect("not_numbers", got_type="nan")
    if arr.min() < 0:
        raise Incorrect("negative")
    if arr.max() > MAX_VALUE:
        raise Incorrect("too_bright", top=f"{arr.max():g}")
    if arr.sum() == 0:
        raise Incorrect("empty")
    guess = int(reader().predict(arr.reshape(1, -1))[0])
    if guess != DRAW_DIGIT:
        raise Incorrect("read_as", guess=guess)


q2 = CheckProblem("b5.q2", "chu_so_7", _check_drawing, name="q2")


# -- q3, q4: k chosen on the validation data -------------------------------------------------------
@lru_cache(maxsize=1)
def k_scores() -> dict[int, tuple[float, float, float]]:
    """For each k in ``K_VALUES``: (training, validation, test) accuracy of k-NN trained on the
    training part."""
    X_train, X_val, X_test, y_train, y_val, y_test = digits_validation_split()
    scores = {}
    for k in K_VALUES:
        knn = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
        scores[k] = tuple(float(knn.score(X, y)) for X, y in
                          ((X_train, y_train), (X_val, y_val), (X_test, y_test)))
    return scores


def chosen_k() -> int:
    """The k with the best validation accuracy (the first in ``K_VALUES`` on a tie), as the
    notebook's loop picks it."""
    scores = k_scores()
    best = K_VALUES[0]
    for k in K_VALUES:
        if scores[k][1] > scores[best][1]:
            best = k
    return best


def _q3_figures() -> dict[str, str]:
    train, val, _ = k_scores()[EXERCISE_K]
    n_val = len(digits_validation_split()[4])
    return {"train": _pct(train), "val": _pct(val), "n_val": str(n_val), "n_right": str(round(val * n_val))}


q3 = NumberProblem(
    "b5.q3", "do_chinh_xac_kiem_dinh", lambda: k_scores()[EXERCISE_K][1],
    mistakes=[
        AS_PERCENT,
        on_training_data(lambda: k_scores()[EXERCISE_K][0]),
        Mistake("test_score", lambda _right: k_scores()[EXERCISE_K][2]),
        rounded(2), rounded(3),
    ],
    name="q3", figures=_q3_figures,
)


def _worst_k(_right: float) -> int:
    scores = k_scores()
    return min(K_VALUES, key=lambda k: scores[k][1])


def _q4_figures() -> dict[str, str]:
    scores, k, top = k_scores(), chosen_k(), max(K_VALUES)
    return {"k": str(k), "val": _pct(scores[k][1]), "train_k1": _pct(scores[1][0]), "k_max": str(top),
            "val_k_max": _pct(scores[top][1])}


q4 = NumberProblem(
    "b5.q4", "k_tot_nhat", chosen_k,
    mistakes=[
        Mistake("score_not_k", lambda _right: [val for _, val, _ in k_scores().values()], tol=0.005),
        Mistake("score_not_k", lambda _right: [100 * val for _, val, _ in k_scores().values()], tol=0.05),
        Mistake("worst_k", _worst_k),
    ],
    name="q4", figures=_q4_figures,
)


# -- q5: the chosen model's mistakes on the validation data ----------------------------------------
@lru_cache(maxsize=1)
def _validation_counts() -> tuple[int, int]:
    """(misread, total) validation images of the chosen k."""
    X_train, X_val, _, y_train, y_val, _ = digits_validation_split()
    predicted = KNeighborsClassifier(n_neighbors=chosen_k()).fit(X_train, y_train).predict(X_val)
    return int(np.sum(predicted != y_val)), int(len(y_val))


q5 = NumberProblem(
    "b5.q5", "so_anh_doan_sai", lambda: _validation_counts()[0],
    mistakes=[
        Mistake("right_count", lambda right: _validation_counts()[1] - right),
        Mistake("all_val", lambda _right: _validation_counts()[1]),
        Mistake("as_share", lambda right: [right / _validation_counts()[1], 100 * right / _validation_counts()[1]]),
    ],
    name="q5",
    figures=lambda: {"wrong": str(_validation_counts()[0]), "n_val": str(_validation_counts()[1])},
)


# -- q6: why k-NN misreads (multiple choice) --------------------------------------------------------
q6 = ChoiceProblem("b5.q6", "cau_tra_loi", "D", "ABCD", name="q6",
                   figures=lambda: {"n_pixels": str(SIDE * SIDE), "side": str(SIDE)})


# -- q7: the figure to report, the test data used once ---------------------------------------------
def _q7_figures() -> dict[str, str]:
    k = chosen_k()
    _, val, test = k_scores()[k]
    n_test = len(digits_validation_split()[5])
    return {"k": str(k), "test": _pct(test), "val": _pct(val), "n_test": str(n_test),
            "n_right": str(round(test * n_test))}


q7 = NumberProblem(
    "b5.q7", "do_chinh_xac_cuoi", lambda: k_scores()[chosen_k()][2],
    mistakes=[
        AS_PERCENT,
        on_training_data(lambda: k_scores()[chosen_k()][0]),
        Mistake("val_score", lambda _right: k_scores()[chosen_k()][1]),
        Mistake("other_k", lambda _right: [test for k, (_, _, test) in k_scores().items() if k != chosen_k()]),
        rounded(2), rounded(3),
    ],
    name="q7", figures=_q7_figures,
)
