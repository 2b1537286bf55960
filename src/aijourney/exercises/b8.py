"""Lesson B8 — Mỗi đoàn viên – một trợ lý ảo (v0): a retrieval FAQ assistant, used responsibly.

In the notebook::

    from aijourney.exercises.b8 import q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..toolkit.assistant import build_assistant, threshold_table
from ..datasets.faq import faq_split, load_faq, load_out_of_scope
from ..feedback import ChoiceProblem, CheckProblem, Incorrect, call_trainee

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "BA_CAU", "MIN_RIGHT", "MAX_OUT_OF_SCOPE"]

# The three sentences of "TF-IDF by hand" (section 3 of the lesson).
BA_CAU = ["Đăng ký khai sinh cho con", "Đăng ký tạm trú cho sinh viên", "Đăng ký thẻ bảo hiểm y tế"]

# Exercise 5: a threshold is good when it answers at least this share of held-out questions right
# and answers at most this share of out-of-scope questions.
MIN_RIGHT = 0.8
MAX_OUT_OF_SCOPE = 0.2


def _number(value) -> float:
    if isinstance(value, bool):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None


def _shown(value) -> str:
    """A short, readable repr of what a trainee's function returned (arrays as plain lists)."""
    try:
        if isinstance(value, (np.ndarray, list, tuple)):
            value = np.asarray(value).tolist()
    except Exception:  # ragged or odd objects: keep them as they are
        pass
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _close(a: float, b: float, tol: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


# -- q1: how many distinct answers --------------------------------------------------------------
def _check_n_answers(value) -> None:
    got = _number(value)
    df = load_faq()
    if _close(got, df["ma_cau_tra_loi"].nunique(), 1e-9):
        return
    if _close(got, len(df), 1e-9):
        raise Incorrect("counted_rows", got=repr(value))
    if _close(got, df["chu_de"].nunique(), 1e-9):
        raise Incorrect("counted_topics", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q2: IDF of "cho" by hand -------------------------------------------------------------------
def _idf_cases() -> dict[str, float]:
    n, df = 3, 2  # "cho" is in 2 of the 3 sentences
    return {
        "right": math.log((1 + n) / (1 + df)) + 1,
        "no_plus_one": math.log((1 + n) / (1 + df)),
        "no_smoothing": math.log(n / df) + 1,
        "log10": math.log10((1 + n) / (1 + df)) + 1,
        "wrong_count_1": math.log((1 + n) / (1 + 1)) + 1,
        "wrong_count_3": math.log((1 + n) / (1 + 3)) + 1,
    }


def _check_idf(value) -> None:
    got = _number(value)
    cases = _idf_cases()
    if _close(got, cases["right"], 1e-3):
        return
    for reason in ("no_plus_one", "no_smoothing", "log10"):
        if _close(got, cases[reason], 1e-3):
            raise Incorrect(reason, got=repr(value))
    if _close(got, cases["wrong_count_1"], 1e-3) or _close(got, cases["wrong_count_3"], 1e-3):
        raise Incorrect("wrong_count", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q3: top-k positions ------------------------------------------------------------------------
TOP_K_CASES = [
    ([0.1, 0.7, 0.3], 2),
    ([0.5, 0.2, 0.9, 0.4], 3),
    ([0.3, 0.6, 0.1, 0.9, 0.5], 1),
    ([0.05, 0.8], 1),
]


def _check_top_k(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for scores, k in TOP_K_CASES:
        call = f"chon_top_k(np.array({scores}), {k})"
        arr = np.array(scores)
        got = call_trainee(func, arr, k, call=call)
        try:
            values = [float(x) for x in np.ravel(np.asarray(got, dtype=object))]
        except (TypeError, ValueError):
            raise Incorrect("not_positions", call=call, got=_shown(got)) from None
        expected = [int(i) for i in np.argsort(-arr, kind="stable")[:k]]
        if values == [float(i) for i in expected]:
            continue
        if len(values) != k:
            raise Incorrect("length", call=call, got=_shown(got), k=k)
        if values == sorted(scores, reverse=True)[:k]:
            raise Incorrect("values", call=call, got=_shown(got))
        if values == [float(i) for i in np.argsort(arr, kind="stable")[:k]]:
            raise Incorrect("ascending", call=call, got=_shown(got))
        if sorted(values) == sorted(float(i) for i in expected):
            raise Incorrect("order", call=call, got=_shown(got))
        raise Incorrect("check.function_wrong", call=call, got=_shown(got), expected=_shown(expected))


# -- q4: accuracy on held-out paraphrases -------------------------------------------------------
@lru_cache(maxsize=1)
def _accuracies() -> tuple[float, float, int]:
    bank, test = faq_split()
    assistant = build_assistant()
    test_acc = assistant.accuracy(test["cau_hoi"], test["ma_cau_tra_loi"])
    bank_acc = assistant.accuracy(bank["cau_hoi"], bank["ma_cau_tra_loi"])
    return test_acc, bank_acc, len(test)


def _check_accuracy(value) -> None:
    got = _number(value)
    test_acc, bank_acc, n = _accuracies()
    if _close(got, test_acc, 1e-6):
        return
    if _close(got, 100 * test_acc, 1e-4):
        raise Incorrect("as_percent", got=repr(value))
    if _close(got, test_acc * n, 1e-6):
        raise Incorrect("as_count", got=repr(value), n=n)
    if _close(got, bank_acc, 1e-6):
        raise Incorrect("train_score", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q5: a threshold --------------------------------------------------------------------------------
@lru_cache(maxsize=64)
def _threshold_effect(threshold: float) -> tuple[float, float]:
    _, test = faq_split()
    row = threshold_table(build_assistant(), test["cau_hoi"].tolist(), test["ma_cau_tra_loi"].tolist(),
                          load_out_of_scope()["cau_hoi"].tolist(), [threshold]).iloc[0]
    return float(row["tra_loi_dung"]), float(row["ngoai_pham_vi_bi_tra_loi"])


def _check_threshold(value) -> None:
    got = _number(value)
    if 10 <= got <= 100:
        raise Incorrect("as_percent", got=repr(value))
    if not 0 < got < 1:
        raise Incorrect("out_of_range", got=repr(value))
    right, out_answered = _threshold_effect(round(got, 6))
    pct = lambda x: f"{round(100 * x)}%"  # noqa: E731
    if out_answered > MAX_OUT_OF_SCOPE:
        raise Incorrect("too_low", got=repr(value), share=pct(out_answered))
    if right < MIN_RIGHT:
        raise Incorrect("too_high", got=repr(value), share=pct(right))


q1 = CheckProblem("b8.q1", "so_cau_tra_loi", _check_n_answers, name="q1")
q2 = CheckProblem("b8.q2", "idf_cho", _check_idf, name="q2")
q3 = CheckProblem("b8.q3", "chon_top_k", _check_top_k, name="q3")
q4 = CheckProblem("b8.q4", "do_chinh_xac", _check_accuracy, name="q4")
q5 = CheckProblem("b8.q5", "nguong", _check_threshold, name="q5")
q6 = ChoiceProblem("b8.q6", "cach_xu_ly", "C", "ABCD", name="q6")
