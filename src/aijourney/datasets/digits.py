"""scikit-learn's hand-written digits (8×8 pixels, values 0–16) and the course's split (lesson B5)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["load_digit_images", "digits_split"]


@lru_cache(maxsize=1)
def _digits():
    from sklearn.datasets import load_digits

    return load_digits()


def load_digit_images():
    """scikit-learn's 1,797 hand-written digits (a ``Bunch``: ``images``, ``data``, ``target``).

    Ships inside scikit-learn: nothing is downloaded.
    """
    return _digits()


def digits_split(test_size: float = 0.25, random_state: int = 0):
    """The course's split of the digits: ``X_train, X_test, y_train, y_test`` (each image a row of 64).

    The same as ``train_test_split(digits.data, digits.target, test_size=0.25, random_state=0,
    stratify=digits.target)``.
    """
    from sklearn.model_selection import train_test_split

    d = _digits()
    return train_test_split(d.data, d.target, test_size=test_size, random_state=random_state, stratify=d.target)
