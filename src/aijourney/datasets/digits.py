"""scikit-learn's hand-written digits (8×8 pixels, values 0–16) and the course's splits (lesson B5)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["load_digit_images", "digits_split", "digits_validation_split"]


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


def digits_validation_split(val_size: float = 1 / 3, random_state: int = 0):
    """Training, validation and test parts: ``X_train, X_val, X_test, y_train, y_val, y_test``.

    The test part is exactly ``digits_split()``'s; its training part is split again (stratified,
    seeded) into training and validation data, so a setting such as k of k-nearest neighbours is
    chosen on the validation part and the test part is used once, at the end. With the defaults:
    898 training, 449 validation and 450 test images (about half, a quarter and a quarter).
    """
    from sklearn.model_selection import train_test_split

    X_rest, X_test, y_rest, y_test = digits_split()
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size, random_state=random_state, stratify=y_rest,
    )
    return X_train, X_val, X_test, y_train, y_val, y_test
