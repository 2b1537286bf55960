"""Judging a classifier in plain Vietnamese: a confusion table, its plot, a short report, and a
table of scores to compare several models on the same data (lesson B4; its data is in
``aijourney.datasets.poverty``).

In a notebook::

    from aijourney.toolkit.evaluation import confusion_table, plot_confusion, report, scores_table
    print(report(y_kiem_dinh, du_doan, positive_name="hộ nghèo"))
    scores_table(y_kiem_dinh, {"cây thường": du_doan, "cây cân bằng": du_doan_can_bang})

Every trainee-facing text comes from the message catalogue (keys ``evaluation.*``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..i18n import t

__all__ = [
    "confusion_counts",
    "confusion_table",
    "plot_confusion",
    "report",
    "scores_table",
]

# -- judging a classifier -------------------------------------------------------------------


def _as_array(values) -> np.ndarray:
    return np.asarray(values).ravel()


def confusion_counts(y_true, y_pred, positive=1) -> dict[str, int]:
    """The four cells of a yes/no confusion matrix, named as the lessons say them:

    ``tim_dung`` (true positive), ``bo_sot`` (false negative), ``bao_nham`` (false positive),
    ``loai_dung`` (true negative).
    """
    yt, yp = _as_array(y_true), _as_array(y_pred)
    if len(yt) != len(yp):
        raise ValueError(f"y_true has {len(yt)} values but y_pred has {len(yp)}")
    real, said = yt == positive, yp == positive
    return {
        "tim_dung": int(np.sum(real & said)),
        "bo_sot": int(np.sum(real & ~said)),
        "bao_nham": int(np.sum(~real & said)),
        "loai_dung": int(np.sum(~real & ~said)),
    }


def _names(names: Sequence[str] | None) -> tuple[str, str]:
    if names is None:
        return t("evaluation.negative"), t("evaluation.positive")
    negative, positive = names
    return str(negative), str(positive)


def confusion_table(y_true, y_pred, names: Sequence[str] | None = None, positive=1) -> pd.DataFrame:
    """A 2×2 table: rows are what really is, columns what the model said (negative first).

    ``names`` = (name of the negative class, name of the positive class), e.g.
    ``("không nghèo", "nghèo")``.
    """
    negative, positive_name = _names(names)
    c = confusion_counts(y_true, y_pred, positive)
    rows = [t("evaluation.row", label=negative), t("evaluation.row", label=positive_name)]
    cols = [t("evaluation.col", label=negative), t("evaluation.col", label=positive_name)]
    return pd.DataFrame(
        [[c["loai_dung"], c["bao_nham"]], [c["bo_sot"], c["tim_dung"]]], index=rows, columns=cols
    )


def plot_confusion(y_true, y_pred, names: Sequence[str] | None = None, positive=1, title: str | None = None, ax=None):
    """Draw the confusion matrix with Vietnamese axis labels (on ``ax`` or on a new figure).

    Returns nothing, so a notebook shows the picture once and no ``<Axes …>`` line under it.
    """
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    negative, positive_name = _names(names)
    c = confusion_counts(y_true, y_pred, positive)
    matrix = np.array([[c["loai_dung"], c["bao_nham"]], [c["bo_sot"], c["tim_dung"]]])
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6))
    ConfusionMatrixDisplay(matrix, display_labels=[negative, positive_name]).plot(
        ax=ax, cmap="Blues", colorbar=False, values_format="d"
    )
    ax.set_xlabel(t("evaluation.xlabel"))
    ax.set_ylabel(t("evaluation.ylabel"))
    if title:
        ax.set_title(title)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def report(y_true, y_pred, positive_name: str | None = None, positive=1) -> str:
    """A few plain Vietnamese sentences: accuracy, what was found, missed and wrongly flagged."""
    c = confusion_counts(y_true, y_pred, positive)
    total = sum(c.values())
    real = c["tim_dung"] + c["bo_sot"]
    said = c["tim_dung"] + c["bao_nham"]
    right = c["tim_dung"] + c["loai_dung"]
    name = positive_name or t("evaluation.report.default_name")
    lines = [
        t("evaluation.report.accuracy", right=right, total=total, pct=f"{100 * _share(right, total):.1f}"),
        t("evaluation.report.recall", real=real, name=name, found=c["tim_dung"], missed=c["bo_sot"],
          pct=f"{100 * _share(c['tim_dung'], real):.1f}"),
        t("evaluation.report.precision", said=said, name=name, found=c["tim_dung"], wrong=c["bao_nham"],
          pct=f"{100 * _share(c['tim_dung'], said):.1f}"),
    ]
    return "\n".join(lines)


def scores_table(y_true, predictions: dict, positive=1) -> pd.DataFrame:
    """One row per model (``predictions`` = {name: predicted labels}, all for the same ``y_true``):
    accuracy, recall, precision (shares from 0 to 1), and how many cases it found and flagged.

    A model that flags nothing has precision 0 (not an error), as in ``report``.
    """
    rows = {}
    for name, y_pred in predictions.items():
        c = confusion_counts(y_true, y_pred, positive)
        total, real = sum(c.values()), c["tim_dung"] + c["bo_sot"]
        said = c["tim_dung"] + c["bao_nham"]
        rows[name] = {
            t("evaluation.scores.accuracy"): _share(c["tim_dung"] + c["loai_dung"], total),
            t("evaluation.scores.recall"): _share(c["tim_dung"], real),
            t("evaluation.scores.precision"): _share(c["tim_dung"], said),
            t("evaluation.scores.found"): c["tim_dung"],
            t("evaluation.scores.flagged"): said,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
