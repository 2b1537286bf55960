"""Lesson B5 — Ảnh là những con số (an image is an array of numbers; k-nearest neighbours).

In the notebook::

    from aijourney.exercises.b5 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: scikit-learn's hand-written digits (``aijourney.datasets.load_digit_images``, 8×8 pixels,
values 0–16) and the course's split ``aijourney.datasets.digits_split()``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

from ..feedback import ChoiceProblem, CheckProblem, Incorrect, as_number
from ..datasets import digits_split, load_digit_images
from ..toolkit.images import MAX_VALUE, SIDE

__all__ = ["q1", "q2", "q3", "q4", "q5", "lesson_numbers", "reader"]

#: The digit the trainee draws in exercise 2.
DRAW_DIGIT = 7


@lru_cache(maxsize=1)
def lesson_numbers() -> dict[str, float]:
    """Every number the lesson's exercises expect (and typical wrong ones), computed from data."""
    d = load_digit_images()
    X_train, X_test, y_train, y_test = digits_split()
    knn = KNeighborsClassifier(n_neighbors=3).fit(X_train, y_train)
    knn5 = KNeighborsClassifier().fit(X_train, y_train)
    pred = knn.predict(X_test)
    wrong = int(np.sum(pred != y_test))
    return {
        "n_pixels": SIDE * SIDE,
        "side": SIDE,
        "n_images": int(len(d.images)),
        "max_value": float(d.images.max()),
        "knn_test": float(knn.score(X_test, y_test)),
        "knn_train": float(knn.score(X_train, y_train)),
        "knn5_test": float(knn5.score(X_test, y_test)),
        "n_test": int(len(y_test)),
        "n_wrong": wrong,
        "n_right": int(len(y_test) - wrong),
    }


@lru_cache(maxsize=1)
def reader() -> KNeighborsClassifier:
    """The k-NN (k = 3) that reads a trainee's drawing, trained on all 1,797 digits."""
    d = load_digit_images()
    return KNeighborsClassifier(n_neighbors=3).fit(d.data, d.target)


def _close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol


def _check_pixels(value) -> None:
    if isinstance(value, tuple) and tuple(value) == (SIDE, SIDE):
        raise Incorrect("shape", got=repr(value))
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["n_pixels"]):
        return
    for reason, key in (("side", "side"), ("n_images", "n_images"), ("max_value", "max_value")):
        if _close(got, n[key]):
            raise Incorrect(reason, got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


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


def _check_accuracy(value) -> None:
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["knn_test"]):
        return
    if _close(got, 100 * n["knn_test"], 1e-6):
        raise Incorrect("as_percent", got=repr(value))
    if _close(got, n["knn_train"]):
        raise Incorrect("train_score", got=repr(value))
    if _close(got, n["knn5_test"]):
        raise Incorrect("default_k", got=repr(value))
    if _close(got, n["knn_test"], 0.005):
        raise Incorrect("rounded", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


def _check_wrong_count(value) -> None:
    got, n = as_number(value), lesson_numbers()
    if _close(got, n["n_wrong"]):
        return
    if _close(got, n["n_right"]):
        raise Incorrect("right_count", got=repr(value))
    if _close(got, n["n_test"]):
        raise Incorrect("all_test", got=repr(value))
    if _close(got, n["n_wrong"] / n["n_test"], 1e-6) or _close(got, 1 - n["knn_test"], 1e-6):
        raise Incorrect("as_share", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


q1 = CheckProblem("b5.q1", "so_diem_anh", _check_pixels, name="q1")

q2 = CheckProblem("b5.q2", "chu_so_7", _check_drawing, name="q2")

q3 = CheckProblem("b5.q3", "do_chinh_xac_knn", _check_accuracy, name="q3")

q4 = CheckProblem("b5.q4", "so_anh_doan_sai", _check_wrong_count, name="q4")

q5 = ChoiceProblem("b5.q5", "cau_tra_loi", "B", "ABCD", name="q5")
