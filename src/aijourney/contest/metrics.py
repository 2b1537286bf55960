"""The contest metrics, in plain numpy (thousands of entries are scored in a loop; each call is microseconds).

``tests/test_contest_engine.py`` checks each against scikit-learn's implementation.
"""

from __future__ import annotations

import numpy as np

from .definition import Metric


def accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean(truth == predicted))


def macro_f1(truth: np.ndarray, predicted: np.ndarray, classes) -> float:
    """Mean over ``classes`` of F1 (a class neither true nor predicted counts 0, as scikit-learn's default)."""
    scores = []
    for label in classes:
        is_true, is_predicted = truth == label, predicted == label
        hits = np.sum(is_true & is_predicted)
        denominator = np.sum(is_true) + np.sum(is_predicted)
        scores.append(2 * hits / denominator if denominator else 0.0)
    return float(np.mean(scores))


def roc_auc(truth: np.ndarray, probability: np.ndarray) -> float:
    """Area under the ROC curve: the chance a positive outranks a negative (ties count half)."""
    positive = truth.astype(float) == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(probability, kind="mergesort")
    ranks = np.empty(len(probability))
    sorted_p = probability[order]
    # average ranks of ties
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_p)) + 1]
    ends = np.r_[starts[1:], len(sorted_p)]
    average = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(average, ends - starts)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def rmse(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.sqrt(np.mean((truth.astype(float) - predicted) ** 2)))


def mae(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean(np.abs(truth.astype(float) - predicted)))


def score(metric: Metric, truth: np.ndarray, predicted: np.ndarray, classes=None) -> float:
    """``metric`` of ``predicted`` against ``truth`` (aligned arrays). Hit-rate is scored by the minigame."""
    if metric is Metric.ACCURACY:
        return accuracy(truth, predicted)
    if metric is Metric.MACRO_F1:
        return macro_f1(truth, predicted, classes)
    if metric is Metric.ROC_AUC:
        return roc_auc(truth, predicted)
    if metric is Metric.RMSE:
        return rmse(truth, predicted)
    if metric is Metric.MAE:
        return mae(truth, predicted)
    raise ValueError(f"{metric.value} is not scored from a table")
