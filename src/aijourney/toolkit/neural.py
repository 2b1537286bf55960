"""Neural networks from scratch (lesson A2): gradient descent on one parameter, a perceptron that
records its updates, and small ``MLPClassifier`` helpers for the 8×8 digits.

In a notebook::

    from aijourney.toolkit.neural import descent_path, plot_descent, TracedPerceptron, train_mlp
    duong_di = descent_path(khoi_luong, gia, w_start=100, learning_rate=0.1, steps=10)
    plot_descent(khoi_luong, gia, {"0,1": duong_di})
    p = TracedPerceptron(learning_rate=0.1).fit(X, y)          # p.history: every update
    mlp = train_mlp(X_train, y_train, hidden=16, learning_rate=0.01)   # a few tenths of a second

Drawing helpers return nothing: the notebook shows the figure once. Every trainee-facing text comes
from the message catalogue (keys ``neural.*``). Training is silent: a network stopped after a fixed,
small number of epochs does not warn (``ConvergenceWarning`` is expected here, by design).
"""

from __future__ import annotations

import warnings
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..i18n import t

__all__ = [
    "mse", "mse_slope", "descent_path", "plot_descent", "plot_loss_curves",
    "perceptron_update", "TracedPerceptron", "plot_perceptron",
    "train_mlp", "mlp_grid", "best_setting", "initial_first_layer", "show_weights",
]

SIDE = 8  # the digits are 8×8 pixels


# -- one parameter: price = w × weight ---------------------------------------------------------
def mse(w: float, x, y) -> float:
    """The loss of the one-parameter model ``y ≈ w·x``: the mean of the squared errors."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean((w * x - y) ** 2))


def mse_slope(w: float, x, y) -> float:
    """The slope (derivative) of ``mse`` at ``w``: mean of ``2·x·(w·x − y)``. Positive: the loss
    grows when w grows, so w should go down; negative: w should go up."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(np.mean(2 * x * (w * x - y)))


def descent_path(x, y, w_start: float, learning_rate: float, steps: int = 10) -> pd.DataFrame:
    """Gradient descent on ``mse``: one row per step (``buoc`` 0 is the start) with ``w``, the loss
    ``mat_mat`` and the slope ``do_doc`` at that w. Each step: ``w ← w − learning_rate × slope``."""
    rows, w = [], float(w_start)
    for step in range(steps + 1):
        slope = mse_slope(w, x, y)
        rows.append({"buoc": step, "w": w, "mat_mat": mse(w, x, y), "do_doc": slope})
        w = w - learning_rate * slope
    return pd.DataFrame(rows)


def _axes(ax, size=(6, 4)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def plot_descent(x, y, paths: Mapping[str, pd.DataFrame], ax=None, title: str | None = None) -> None:
    """The loss as a function of w (a curve) and, on it, the steps of each path (label → the table
    of ``descent_path``). Steps that fly far away (a learning rate that is too large) leave the frame."""
    ax = _axes(ax)
    x_arr, y_arr = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    best = float(x_arr @ y_arr / (x_arr @ x_arr))
    starts = [float(p["w"].iloc[0]) for p in paths.values()] or [0.0]
    reach = max(abs(best - s) for s in starts) * 1.6 or 1.0
    lo, hi = best - reach, best + reach
    grid = np.linspace(lo, hi, 200)
    ax.plot(grid, [mse(w, x_arr, y_arr) for w in grid], color="#555555", lw=1.5)
    for label, path in paths.items():
        inside = path[(path["w"] >= lo) & (path["w"] <= hi)]
        ax.plot(inside["w"], inside["mat_mat"], "o-", ms=5, lw=1, alpha=0.85, label=label)
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, mse(lo, x_arr, y_arr) * 1.05)
    ax.set_xlabel(t("neural.descent.xlabel"))
    ax.set_ylabel(t("neural.descent.ylabel"))
    ax.set_title(title or t("neural.descent.title"))
    if paths:
        ax.legend(title=t("neural.descent.legend"))


def plot_loss_curves(curves: Mapping[str, Sequence[float]], ax=None, title: str | None = None,
                     ylabel: str | None = None, log: bool = False) -> None:
    """One line per curve (label → the loss after each epoch, e.g. ``model.loss_curve_``)."""
    ax = _axes(ax)
    for label, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), list(values), marker=".", label=str(label))
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(t("neural.curve.xlabel"))
    ax.set_ylabel(ylabel or t("neural.curve.ylabel"))
    ax.set_title(title or t("neural.curve.title"))
    ax.legend()


# -- the perceptron ----------------------------------------------------------------------------
def perceptron_update(w, b: float, x, label: int, predicted: int, learning_rate: float):
    """The perceptron rule for one example: ``w ← w + rate·(label − predicted)·x`` and
    ``b ← b + rate·(label − predicted)``; nothing changes when the prediction was right."""
    error = int(label) - int(predicted)
    w = np.asarray(w, dtype=float) + learning_rate * error * np.asarray(x, dtype=float)
    return w, float(b + learning_rate * error)


class TracedPerceptron:
    """A perceptron (weights ``w``, intercept ``b``; says 1 when ``x·w + b > 0``) that records every
    update in ``history`` and the number of mistakes of each pass over the data in ``errors``."""

    def __init__(self, learning_rate: float = 0.1, max_epochs: int = 100):
        self.learning_rate = learning_rate
        self.max_epochs = max_epochs

    def decision(self, X) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.w + self.b

    def predict(self, X) -> np.ndarray:
        return (self.decision(X) > 0).astype(int)

    def score(self, X, y) -> float:
        return float(np.mean(self.predict(X) == np.asarray(y)))

    def fit(self, X, y) -> "TracedPerceptron":
        """Go through the examples in order, pass after pass, until a pass makes no mistake (or
        ``max_epochs`` passes). Starts from w = 0, b = 0."""
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
        self.w, self.b = np.zeros(X.shape[1]), 0.0
        self.history, self.errors = [], []
        for epoch in range(1, self.max_epochs + 1):
            mistakes = 0
            for i, (x, label) in enumerate(zip(X, y)):
                predicted = int(x @ self.w + self.b > 0)
                if predicted != label:
                    mistakes += 1
                    self.w, self.b = perceptron_update(self.w, self.b, x, label, predicted, self.learning_rate)
                    self.history.append({"vong": epoch, "vi_tri": i, "nhan": int(label), "du_doan": predicted,
                                         **{f"w{j + 1}": v for j, v in enumerate(self.w)}, "b": self.b})
            self.errors.append(mistakes)
            if mistakes == 0:
                break
        self.history = pd.DataFrame(self.history)
        return self


def plot_perceptron(X, y, w, b: float, names: Sequence[str] = ("x1", "x2"), ax=None, title: str | None = None) -> None:
    """The examples (1: green circles, 0: red crosses) and the perceptron's line ``x·w + b = 0``."""
    ax = _axes(ax, (5, 4))
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    ax.scatter(*X[y == 1].T, marker="o", color="#1b5e20", label=t("neural.perceptron.yes"))
    ax.scatter(*X[y == 0].T, marker="x", color="#b3261e", label=t("neural.perceptron.no"))
    x0 = np.linspace(X[:, 0].min() - 1, X[:, 0].max() + 1, 50)
    if abs(w[1]) > 1e-12:
        ax.plot(x0, -(w[0] * x0 + b) / w[1], color="#1f4e79", label=t("neural.perceptron.line"))
    ax.set_xlim(x0[0], x0[-1])
    ax.set_ylim(X[:, 1].min() - 2, X[:, 1].max() + 2)
    ax.set_xlabel(names[0])
    ax.set_ylabel(names[1])
    ax.set_title(title or t("neural.perceptron.title"))
    ax.legend(fontsize=8)


# -- a small network on the digits -------------------------------------------------------------
def train_mlp(X, y, hidden: int = 16, learning_rate: float = 0.01, epochs: int = 30, random_state: int = 0):
    """A network with one hidden layer of ``hidden`` neurons (ReLU), trained with Adam for a fixed
    number of passes over the data (``epochs``); ``model.loss_curve_`` holds the loss of each pass.
    Stopping after a few passes is deliberate, so the "not converged" warning is silenced here."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    model = MLPClassifier(hidden_layer_sizes=(hidden,), learning_rate_init=learning_rate, max_iter=epochs,
                          random_state=random_state)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return model


def mlp_grid(X_train, y_train, X_val, y_val, hidden_sizes: Sequence[int], learning_rates: Sequence[float],
             epochs: int = 30) -> pd.DataFrame:
    """Train one network per (hidden size, learning rate) on the training data; the table gives
    the accuracy on the training data (``huan_luyen``) and on the validation data (``kiem_dinh``)."""
    rows = []
    for hidden in hidden_sizes:
        for rate in learning_rates:
            model = train_mlp(X_train, y_train, hidden=hidden, learning_rate=rate, epochs=epochs)
            rows.append({"so_no_ron": hidden, "toc_do_hoc": rate,
                         "huan_luyen": model.score(X_train, y_train), "kiem_dinh": model.score(X_val, y_val)})
    return pd.DataFrame(rows)


def best_setting(table: pd.DataFrame) -> dict:
    """The first row of ``mlp_grid``'s table with the highest validation accuracy."""
    row = table.loc[table["kiem_dinh"].idxmax()]
    return {"hidden": int(row["so_no_ron"]), "learning_rate": float(row["toc_do_hoc"])}


def initial_first_layer(model, n_features: int = SIDE * SIDE) -> np.ndarray:
    """The first layer's weights of ``model`` *before* training (``n_features`` × hidden): the same
    random numbers scikit-learn starts from (uniform, seeded by ``random_state``)."""
    hidden = model.hidden_layer_sizes
    hidden = hidden[0] if isinstance(hidden, (tuple, list)) else hidden
    factor = 2.0 if model.activation == "logistic" else 6.0
    bound = np.sqrt(factor / (n_features + hidden))
    return np.random.RandomState(model.random_state).uniform(-bound, bound, (n_features, hidden))


def show_weights(weights, n: int = 16, n_cols: int = 8, title: str | None = None, labels=None) -> None:
    """The first ``n`` columns of ``weights`` (64 × neurons) drawn as 8×8 pictures: blue where a
    pixel's ink pushes the neuron up, red where it pushes it down, white near zero."""
    import matplotlib.pyplot as plt

    W = np.asarray(weights, dtype=float)
    n = min(n, W.shape[1])
    n_rows = int(np.ceil(n / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.2 * n_cols, 1.3 * n_rows + 0.4), squeeze=False)
    limit = float(np.abs(W[:, :n]).max()) or 1.0
    for k, ax in enumerate(axes.flat):
        ax.axis("off")
        if k < n:
            ax.imshow(W[:, k].reshape(SIDE, SIDE), cmap="RdBu", vmin=-limit, vmax=limit)
            ax.set_title(str(labels[k]) if labels is not None else t("neural.weights.neuron", k=k), fontsize=8)
    fig.suptitle(title or t("neural.weights.title"))
    fig.tight_layout()
