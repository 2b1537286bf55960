"""Small pictures made of numbers: scikit-learn's hand-written digits (8×8, values 0–16).

In a notebook::

    from aijourney.toolkit.images import show_pixels, show_digits, show_neighbours
    show_pixels(digits.images[0])                    # one image, every pixel's number written on it
    show_digits(X_val[:20], y_val[:20])              # a grid of images with their labels
    show_digits(X_val[sai], y_val[sai], du_doan[sai])     # mistakes: "Thật: 9 / Đoán: 3" in red
    show_neighbours(knn, X_train, y_train, X_val[i])      # the k training images k-NN looked at

The drawing helpers return nothing: the notebook shows the figure once. Every trainee-facing text
comes from the message catalogue (keys ``images.*``).
"""

from __future__ import annotations

import numpy as np

from ..i18n import t

__all__ = ["SIDE", "MAX_VALUE", "as_image", "shift_images", "show_pixels",
           "show_digits", "show_neighbours"]

#: The digits are SIDE × SIDE pixels ...
SIDE = 8
#: ... each from 0 (white paper) to MAX_VALUE (full ink).
MAX_VALUE = 16

_RIGHT, _WRONG = "#1b5e20", "#b3261e"


def as_image(values) -> np.ndarray:
    """One image as an 8×8 array, from 8×8 rows or a flat row of 64 numbers."""
    arr = np.asarray(values, dtype=float)
    if arr.size != SIDE * SIDE:
        raise ValueError(f"an image has {SIDE * SIDE} pixels, got {arr.size} numbers")
    return arr.reshape(SIDE, SIDE)


def shift_images(images, right: int = 1, down: int = 0) -> np.ndarray:
    """Move every image ``right`` pixels to the right and ``down`` pixels down (negative: left, up).

    Pixels pushed out are lost, the gap is white (0). Returns the same layout as given: rows of 64
    numbers stay rows of 64, 8×8 images stay 8×8, and one image stays one image.
    """
    arr = np.asarray(images, dtype=float)
    if arr.shape in ((SIDE, SIDE), (SIDE * SIDE,)):
        return shift_images(arr.reshape(1, SIDE, SIDE), right, down).reshape(arr.shape)
    flat = arr.ndim == 2 and arr.shape[1] == SIDE * SIDE
    imgs = _as_images(arr)
    out = np.zeros_like(imgs)
    src_r = slice(max(0, -down), SIDE - max(0, down))
    dst_r = slice(max(0, down), SIDE - max(0, -down))
    src_c = slice(max(0, -right), SIDE - max(0, right))
    dst_c = slice(max(0, right), SIDE - max(0, -right))
    if abs(right) < SIDE and abs(down) < SIDE:
        out[:, dst_r, dst_c] = imgs[:, src_r, src_c]
    return out.reshape(len(imgs), -1) if flat else out


def _imshow(ax, image, title=None, colour=None):
    ax.imshow(as_image(image), cmap="gray_r", vmin=0, vmax=MAX_VALUE, interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title, fontsize=9, color=colour or "black")


def show_pixels(image, title: str | None = None, ax=None) -> None:
    """Draw one image large, with the number of every pixel written on it."""
    import matplotlib.pyplot as plt

    img = as_image(image)
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.6))
    _imshow(ax, img, title)
    for r in range(SIDE):
        for c in range(SIDE):
            value = img[r, c]
            ax.text(c, r, f"{value:g}", ha="center", va="center", fontsize=8,
                    color="white" if value > MAX_VALUE / 2 else "black")


def _as_images(images) -> np.ndarray:
    arr = np.asarray(images, dtype=float)
    if arr.ndim == 2 and arr.shape[1] == SIDE * SIDE:
        return arr.reshape(-1, SIDE, SIDE)
    if arr.ndim == 3 and arr.shape[1:] == (SIDE, SIDE):
        return arr
    raise ValueError(f"expected images of {SIDE}×{SIDE} or rows of {SIDE * SIDE} numbers, got shape {arr.shape}")


def show_digits(images, labels=None, predicted=None, n_cols: int = 10, title: str | None = None,
                limit: int = 60) -> None:
    """Draw a grid of digit images.

    With ``labels`` each image gets "Nhãn: 3"; with ``labels`` and ``predicted`` it gets
    "Thật: 9 / Đoán: 3", in red when the two differ. At most ``limit`` images are drawn.
    """
    import matplotlib.pyplot as plt

    imgs = _as_images(images)[:limit]
    n = len(imgs)
    if n == 0:
        print(t("images.none"))
        return
    labels = None if labels is None else list(np.asarray(labels).ravel())
    predicted = None if predicted is None else list(np.asarray(predicted).ravel())
    cols = max(1, min(n_cols, n))
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.15 * cols, 1.45 * rows + (0.4 if title else 0)), squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.axis("off")
            continue
        caption, colour = None, None
        if labels is not None and predicted is not None:
            caption = t("images.true_pred", true=labels[i], pred=predicted[i])
            colour = _RIGHT if labels[i] == predicted[i] else _WRONG
        elif labels is not None:
            caption = t("images.label", label=labels[i])
        elif predicted is not None:
            caption = t("images.pred", pred=predicted[i])
        _imshow(ax, imgs[i], caption, colour)
    if title:
        fig.suptitle(title)
    fig.tight_layout()


def show_neighbours(model, X_train, y_train, image, true_label=None) -> None:
    """Draw ``image`` next to the training images a fitted k-NN ``model`` compares it with.

    Each neighbour shows its label and its distance to ``image`` (smaller = more alike).
    """
    import matplotlib.pyplot as plt

    row = as_image(image).reshape(1, -1)
    distances, indices = model.kneighbors(row)
    distances, indices = distances[0], indices[0]
    y_train = np.asarray(y_train)
    X_train = np.asarray(X_train)
    guess = model.predict(row)[0]
    fig, axes = plt.subplots(1, len(indices) + 1, figsize=(1.7 * (len(indices) + 1), 2.1), squeeze=False)
    axes = axes[0]
    if true_label is None:
        caption = t("images.query", pred=guess)
    else:
        caption = t("images.query_true", true=true_label, pred=guess)
    _imshow(axes[0], row, caption, _WRONG if true_label is not None and true_label != guess else None)
    for k, (ax, idx, dist) in enumerate(zip(axes[1:], indices, distances), start=1):
        _imshow(ax, X_train[idx], t("images.neighbour", n=k, label=y_train[idx], dist=f"{dist:.0f}"))
    fig.tight_layout()
