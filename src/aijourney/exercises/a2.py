"""Lesson A2 — Mạng nơ-ron từ đầu: gradient descent on one parameter (the price of a bag of
cashews), a perceptron for OCOP batches, then a small ``MLPClassifier`` on the 8×8 digits, its loss
curves, settings chosen on validation data, a comparison with logistic regression, and what
training changes inside the model.

In the notebook::

    from aijourney.exercises.a2 import GIA, KHOI_LUONG, LO_OCOP, q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____

The small examples (bags of cashews, eleven OCOP batches) are built here, in code, so the notebook,
the checks and the tests use the same numbers; the digits are ``aijourney.datasets.digits``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ..datasets.digits import digits_validation_split
from ..feedback import AS_PERCENT, ChoiceProblem, Mistake, NumberProblem, on_training_data, rounded
from ..toolkit.neural import best_setting, descent_path, mlp_grid, mse_slope, train_mlp

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "KHOI_LUONG", "GIA", "LO_OCOP", "lesson_numbers",
           "W_BAT_DAU", "TOC_DO_HOC", "CAC_TOC_DO_HOC", "SO_BUOC", "PERCEPTRON_START", "TOC_DO_HOC_P",
           "SO_NO_RON", "TOC_DO_HOC_MLP", "SO_VONG"]

# -- section 1-2: bags of roasted cashews (weight in kg, price in thousand đồng) -------------------
KHOI_LUONG = np.array([0.5, 1.0, 1.5, 2.0, 3.0])
GIA = np.array([140.0, 290.0, 420.0, 570.0, 860.0])
W_BAT_DAU = 100.0          # exercise 1: the model starts at 100 nghìn đồng per kg ...
TOC_DO_HOC = 0.01          # ... and takes one step with this learning rate
CAC_TOC_DO_HOC = [0.01, 0.05, 0.15, 0.25, 0.35]   # exercise 2: compared after SO_BUOC steps
SO_BUOC = 10

# -- section 3: eleven cashew batches (moisture %, defects %), the council's verdict (1 = đạt) ---
LO_OCOP = pd.DataFrame({
    "do_am": [3.5, 4.0, 4.5, 3.0, 5.0, 7.5, 6.0, 4.0, 8.5, 9.0, 3.5],
    "ty_le_loi": [4.0, 6.5, 2.5, 7.0, 3.5, 5.0, 11.0, 13.0, 9.5, 3.0, 15.0],
    "dat_chuan": [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
})
PERCEPTRON_START = {"w_do_am": -0.3, "w_loi": -0.2, "b": 2.0}   # the perceptron of exercise 3
TOC_DO_HOC_P = 0.1
LO_BT3 = 1          # exercise 3 updates on batch 1 (the worked example on batch 3)

# -- sections 4-7: the digits network ----------------------------------------------------------
SO_NO_RON = [4, 16, 64]
TOC_DO_HOC_MLP = [0.001, 0.01, 0.1]
SO_VONG = 30


@lru_cache(maxsize=1)
def _descent() -> dict:
    slope = mse_slope(W_BAT_DAU, KHOI_LUONG, GIA)
    final = {rate: descent_path(KHOI_LUONG, GIA, W_BAT_DAU, rate, SO_BUOC).iloc[-1] for rate in CAC_TOC_DO_HOC}
    best = min(CAC_TOC_DO_HOC, key=lambda rate: final[rate]["mat_mat"])
    return {"slope": slope, "step": W_BAT_DAU - TOC_DO_HOC * slope, "final": final, "best_rate": best,
            "w_best": float(KHOI_LUONG @ GIA / (KHOI_LUONG @ KHOI_LUONG))}


def _perceptron() -> dict:
    lo = LO_OCOP.iloc[LO_BT3]
    s = PERCEPTRON_START
    score = s["w_do_am"] * lo["do_am"] + s["w_loi"] * lo["ty_le_loi"] + s["b"]
    predicted = int(score > 0)
    error = int(lo["dat_chuan"]) - predicted
    return {"score": float(score), "predicted": predicted, "error": error, "x": float(lo["do_am"]),
            "x_other": float(lo["ty_le_loi"]), "w": s["w_do_am"],
            "new_w": s["w_do_am"] + TOC_DO_HOC_P * error * float(lo["do_am"])}


def _digits() -> tuple:
    """The course's digits split with pixels divided by 16, as in the notebook."""
    X_train, X_val, X_test, y_train, y_val, y_test = digits_validation_split()
    return X_train / 16, X_val / 16, X_test / 16, y_train, y_val, y_test


@lru_cache(maxsize=1)
def _network() -> dict:
    X_train, X_val, X_test, y_train, y_val, y_test = _digits()
    table = mlp_grid(X_train, y_train, X_val, y_val, SO_NO_RON, TOC_DO_HOC_MLP, epochs=SO_VONG)
    best = best_setting(table)
    mlp = train_mlp(X_train, y_train, hidden=best["hidden"], learning_rate=best["learning_rate"], epochs=SO_VONG)
    val = mlp.score(X_val, y_val)
    return {"hidden": best["hidden"], "rate": best["learning_rate"], "n_val": len(y_val),
            "mlp_val": val, "mlp_train": mlp.score(X_train, y_train), "mlp_test": mlp.score(X_test, y_test),
            "others_val": [v for v in sorted(set(table["kiem_dinh"])) if abs(v - val) > 1e-9],
            "n_params": sum(w.size for w in mlp.coefs_) + sum(b.size for b in mlp.intercepts_)}


@lru_cache(maxsize=1)
def _logistic() -> dict:
    from sklearn.linear_model import LogisticRegression

    X_train, X_val, X_test, y_train, y_val, y_test = _digits()
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    return {"log_val": model.score(X_val, y_val), "log_train": model.score(X_train, y_train),
            "log_test": model.score(X_test, y_test)}


class _Numbers(dict):
    """The digits figures, each part computed when first needed (the network for q4 and q6, the
    logistic regression for q5), so one check never waits for the other part."""

    def __missing__(self, key):
        part = _network if key in _PARTS["_network"] else _logistic
        return part()[key]


_PARTS = {"_network": {"hidden", "rate", "n_val", "mlp_val", "mlp_train", "mlp_test", "others_val", "n_params"},
          "_logistic": {"log_val", "log_train", "log_test"}}


def lesson_numbers() -> dict:
    """The digits figures, computed as the notebook computes them (pixels divided by 16): the grid
    of networks on validation data, the chosen network, logistic regression, the test figures."""
    return _Numbers()


def _num(x: float, digits: int = 2) -> str:
    """A number as Vietnamese writes it: 112,24; 1.224."""
    text = f"{x:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.rstrip("0").rstrip(",") if "," in text else text


def _pct(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}%}".replace(".", ",")


# -- q1: one gradient-descent step by hand -----------------------------------------------------
def _q1_figures() -> dict:
    d = _descent()
    return {"w": _num(W_BAT_DAU), "slope": _num(d["slope"]), "rate": _num(TOC_DO_HOC), "step": _num(d["step"]),
            "move": _num(-TOC_DO_HOC * d["slope"]), "best": _num(d["w_best"], 1)}


q1 = NumberProblem(
    "a2.q1", "w_moi", lambda: _descent()["step"],
    mistakes=[Mistake("sign", lambda right: 2 * W_BAT_DAU - right),
              Mistake("no_rate", lambda _r: [W_BAT_DAU - _descent()["slope"], W_BAT_DAU + _descent()["slope"]]),
              Mistake("step_only", lambda right: [right - W_BAT_DAU, W_BAT_DAU - right]),
              rounded(0)],
    name="q1", figures=_q1_figures,
)

# -- q2: which learning rate gets lowest after ten steps? ----------------------------------------
def _final_loss(rate: float) -> str:
    return _num(_descent()["final"][rate]["mat_mat"], 1)


q2 = NumberProblem(
    "a2.q2", "toc_do_hoc_tot", lambda: _descent()["best_rate"], tol=1e-9,
    mistakes=[Mistake("diverges", max(CAC_TOC_DO_HOC)), Mistake("too_slow", min(CAC_TOC_DO_HOC)),
              Mistake("oscillates", 0.25), Mistake("slower", 0.05)],
    name="q2",
    figures=lambda: {"best": _num(_descent()["best_rate"]), "best_code": repr(_descent()["best_rate"]), "best_loss": _final_loss(_descent()["best_rate"]),
                     "big_loss": _num(_descent()["final"][max(CAC_TOC_DO_HOC)]["mat_mat"], 0),
                     "small_loss": _final_loss(min(CAC_TOC_DO_HOC)), "steps": SO_BUOC},
)

# -- q3: one perceptron update -----------------------------------------------------------------
q3 = NumberProblem(
    "a2.q3", "w_do_am_moi", lambda: _perceptron()["new_w"],
    mistakes=[Mistake("no_update", PERCEPTRON_START["w_do_am"]),
              Mistake("sign", lambda right: 2 * PERCEPTRON_START["w_do_am"] - right),
              Mistake("other_feature", lambda _r: PERCEPTRON_START["w_do_am"]
                      + TOC_DO_HOC_P * _perceptron()["error"] * _perceptron()["x_other"]),
              Mistake("no_x", lambda _r: PERCEPTRON_START["w_do_am"] + TOC_DO_HOC_P * _perceptron()["error"]),
              Mistake("no_rate", lambda _r: PERCEPTRON_START["w_do_am"] + _perceptron()["error"] * _perceptron()["x"])],
    name="q3",
    figures=lambda: {"score": _num(_perceptron()["score"]), "w": _num(PERCEPTRON_START["w_do_am"]),
                     "x": _num(_perceptron()["x"]), "new_w": _num(_perceptron()["new_w"])},
)

# -- q4: the validation accuracy of the network chosen on validation data ----------------------
q4 = NumberProblem(
    "a2.q4", "do_chinh_xac_mlp", lambda: lesson_numbers()["mlp_val"],
    mistakes=[AS_PERCENT, on_training_data(lambda: lesson_numbers()["mlp_train"]),
              Mistake("test_data", lambda _r: lesson_numbers()["mlp_test"]),
              Mistake("not_best", lambda _r: lesson_numbers()["others_val"]), rounded(2)],
    name="q4",
    figures=lambda: {"hidden": lesson_numbers()["hidden"], "rate": lesson_numbers()["rate"],
                     "val": _pct(lesson_numbers()["mlp_val"]), "train": _pct(lesson_numbers()["mlp_train"])},
)

# -- q5: the network against logistic regression, on validation data ---------------------------
def _gap(a: str, b: str) -> float:
    return lesson_numbers()[a] - lesson_numbers()[b]


q5 = NumberProblem(
    "a2.q5", "chenh_lech", lambda: _gap("mlp_val", "log_val"),
    mistakes=[Mistake("reversed", lambda right: -right, tol=1e-9),
              AS_PERCENT,
              Mistake("logistic_only", lambda _r: lesson_numbers()["log_val"]),
              Mistake("mlp_only", lambda _r: lesson_numbers()["mlp_val"]),
              on_training_data(lambda: _gap("mlp_train", "log_train")),
              Mistake("test_data", lambda _r: _gap("mlp_test", "log_test"))],
    name="q5",
    figures=lambda: {"mlp": _pct(lesson_numbers()["mlp_val"]), "log": _pct(lesson_numbers()["log_val"]),
                     "gap": _num(_gap("mlp_val", "log_val"), 4),
                     "images": round(_gap("mlp_val", "log_val") * lesson_numbers()["n_val"]),
                     "n_val": lesson_numbers()["n_val"]},
)

# -- q6: what training changes -----------------------------------------------------------------
q6 = ChoiceProblem("a2.q6", "cau_tra_loi", "A", "ABCD", name="q6", figures=lambda: {
    "n_params": f"{lesson_numbers()['n_params']:,}".replace(",", "."), "hidden": lesson_numbers()["hidden"],
})
