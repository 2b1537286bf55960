"""Lesson B8 — Mỗi đoàn viên – một trợ lý ảo (v0): a retrieval FAQ assistant, evaluated honestly
(threshold chosen on validation data, one final report on test data) and used responsibly.

In the notebook::

    from aijourney.exercises.b8 import BA_CAU, q1, q2, q3, q4, q5, q6, q7
    from aijourney.feedback import ____
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from ..datasets.faq import faq_split, faq_validation_split, load_faq
from ..feedback import (
    AS_PERCENT,
    CheckProblem,
    ChoiceProblem,
    Incorrect,
    Mistake,
    NumberProblem,
    call_trainee,
    on_training_data,
    rounded,
    shown,
)
from ..toolkit.assistant import (
    MAX_OUT_OF_SCOPE,
    MIN_RIGHT,
    THRESHOLD_GRID,
    build_assistant,
    choose_threshold,
    threshold_table,
)

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "BA_CAU", "MIN_RIGHT", "MAX_OUT_OF_SCOPE"]

# The three sentences of "TF-IDF by hand" (section 3 of the lesson).
BA_CAU = ["Đăng ký khai sinh cho con", "Đăng ký tạm trú cho sinh viên", "Đăng ký thẻ bảo hiểm y tế"]


def _pct(x: float) -> str:
    return f"{x:.0%}"


# -- the lesson's data, computed once ------------------------------------------------------------
@lru_cache(maxsize=1)
def _faq_counts() -> dict[str, int]:
    df = load_faq()
    per_answer = df.groupby("ma_cau_tra_loi").size()
    return {"answers": df["ma_cau_tra_loi"].nunique(), "rows": len(df), "topics": df["chu_de"].nunique(),
            "styles": df["kieu_cau_hoi"].nunique(), "min": int(per_answer.min()), "max": int(per_answer.max())}


@lru_cache(maxsize=1)
def _results() -> dict[str, float]:
    """Every number of sections 5 and 6: the bank, the validation and the test parts."""
    bank, _ = faq_split()
    kiem_dinh, kiem_tra, ngoai_kiem_dinh, ngoai_kiem_tra = faq_validation_split()
    assistant = build_assistant()
    table = threshold_table(assistant, kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"],
                            ngoai_kiem_dinh["cau_hoi"], THRESHOLD_GRID)
    chosen = choose_threshold(table)
    at = table.set_index("nguong").loc[chosen]
    test = threshold_table(assistant, kiem_tra["cau_hoi"], kiem_tra["ma_cau_tra_loi"],
                           ngoai_kiem_tra["cau_hoi"], [chosen]).iloc[0]
    on_bank = threshold_table(assistant, bank["cau_hoi"], bank["ma_cau_tra_loi"], [], [chosen]).iloc[0]
    good = (table["tra_loi_dung"] >= MIN_RIGHT) & (table["ngoai_pham_vi_bi_tra_loi"] <= MAX_OUT_OF_SCOPE)
    return {
        "n_bank": len(bank), "n_val": len(kiem_dinh), "n_test": len(kiem_tra),
        "n_oos_val": len(ngoai_kiem_dinh), "n_oos_test": len(ngoai_kiem_tra),
        "acc_val": assistant.accuracy(kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"]),
        "acc_test": assistant.accuracy(kiem_tra["cau_hoi"], kiem_tra["ma_cau_tra_loi"]),
        "acc_bank": assistant.accuracy(bank["cau_hoi"], bank["ma_cau_tra_loi"]),
        "chosen": chosen,
        "below": [float(t) for t in table["nguong"] if t < chosen],
        "good_above": [float(t) for t in table.loc[good, "nguong"] if t > chosen],
        "bad_above": [float(t) for t in table.loc[~good, "nguong"] if t > chosen],
        "val_right": float(at["tra_loi_dung"]), "val_oos": float(at["ngoai_pham_vi_bi_tra_loi"]),
        "test_right": float(test["tra_loi_dung"]), "test_wrong": float(test["tra_loi_sai"]),
        "test_handover": float(test["chuyen_nguoi"]), "test_oos": float(test["ngoai_pham_vi_bi_tra_loi"]),
        "bank_right": float(on_bank["tra_loi_dung"]),
    }


# -- q1: how many distinct answers ---------------------------------------------------------------
q1 = NumberProblem(
    "b8.q1", "so_cau_tra_loi", lambda: _faq_counts()["answers"],
    mistakes=[
        Mistake("counted_rows", lambda _: _faq_counts()["rows"]),
        Mistake("counted_topics", lambda _: _faq_counts()["topics"]),
        Mistake("counted_styles", lambda _: _faq_counts()["styles"]),
    ],
    figures=lambda: {k: str(v) for k, v in _faq_counts().items()},
    name="q1",
)


# -- q2: IDF of "cho" by hand (n = 3 sentences, "cho" in 2 of them) ------------------------------
def _idf(n: int, df: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1


q2 = NumberProblem(
    "b8.q2", "idf_cho", _idf(3, 2), tol=1e-3,
    mistakes=[
        Mistake("no_plus_one", _idf(3, 2) - 1),
        Mistake("no_smoothing", math.log(3 / 2) + 1),
        Mistake("log10", math.log10(4 / 3) + 1),
        Mistake("wrong_count", [_idf(3, 1), _idf(3, 3)]),
    ],
    figures=lambda: {"idf_cho": f"{_idf(3, 2):.3f}", "idf_khai": f"{_idf(3, 1):.3f}", "idf_dang": f"{_idf(3, 3):.0f}"},
    name="q2",
)


# -- q3: top-k positions -------------------------------------------------------------------------
TOP_K_CASES = [
    ([0.1, 0.7, 0.3], 2),
    ([0.5, 0.2, 0.9, 0.4], 3),
    ([0.3, 0.6, 0.1, 0.9, 0.5], 1),
    ([0.05, 0.8], 1),
]


def _as_list(value, call: str) -> list[float]:
    """What a trainee's function returned, as a plain list of numbers (an array, a list, a tuple)."""
    try:
        return [float(x) for x in np.ravel(np.asarray(value, dtype=object))]
    except (TypeError, ValueError):
        raise Incorrect("not_positions", call=call, got=shown(value)) from None


def _check_top_k(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for scores, k in TOP_K_CASES:
        call = f"chon_top_k(np.array({scores}), {k})"
        arr = np.array(scores)
        values = _as_list(call_trainee(func, arr, k, call=call), call)
        expected = [float(i) for i in np.argsort(-arr, kind="stable")[:k]]
        if values == expected:
            continue
        got = shown([int(v) if v.is_integer() else v for v in values])
        if len(values) != k:
            raise Incorrect("length", call=call, got=got, k=k)
        if values == sorted(scores, reverse=True)[:k]:
            raise Incorrect("values", call=call, got=got)
        if values == [float(i) for i in np.argsort(arr, kind="stable")[:k]]:
            raise Incorrect("ascending", call=call, got=got)
        if sorted(values) == sorted(expected):
            raise Incorrect("order", call=call, got=got)
        raise Incorrect("check.function_wrong", call=call, got=got, expected=shown([int(i) for i in expected]))


q3 = CheckProblem("b8.q3", "chon_top_k", _check_top_k, name="q3")


# -- q4: accuracy on the validation questions ----------------------------------------------------
q4 = NumberProblem(
    "b8.q4", "do_chinh_xac_kiem_dinh", lambda: _results()["acc_val"],
    mistakes=[
        AS_PERCENT,
        Mistake("as_count", lambda right: right * _results()["n_val"]),
        on_training_data(lambda: _results()["acc_bank"]),
        Mistake("used_test", lambda _: _results()["acc_test"]),
    ],
    figures=lambda: {"accuracy": _pct(_results()["acc_val"]), "n_val": str(_results()["n_val"]),
                     "bank": _pct(_results()["acc_bank"]),
                     "n_right": str(round(_results()["acc_val"] * _results()["n_val"]))},
    name="q4",
)


# -- q5: the threshold chosen on validation data -------------------------------------------------
q5 = NumberProblem(
    "b8.q5", "nguong", lambda: _results()["chosen"],
    mistakes=[
        AS_PERCENT,
        Mistake("too_low", lambda _: _results()["below"]),
        Mistake("not_lowest", lambda _: _results()["good_above"]),
        Mistake("too_high", lambda _: _results()["bad_above"]),
    ],
    figures=lambda: {"threshold": f"{_results()['chosen']:.2f}", "right": _pct(_results()["val_right"]),
                     "oos": _pct(_results()["val_oos"]), "n_oos_val": str(_results()["n_oos_val"])},
    name="q5",
)


# -- q6: the one report on test data -------------------------------------------------------------
q6 = NumberProblem(
    "b8.q6", "ty_le_dung_kiem_tra", lambda: _results()["test_right"],
    mistakes=[
        Mistake("validation_score", lambda _: _results()["val_right"]),
        on_training_data(lambda: _results()["bank_right"]),
        AS_PERCENT,
        rounded(2),
        Mistake("wrong_column", lambda _: [_results()[k] for k in ("test_wrong", "test_handover", "test_oos")]),
    ],
    figures=lambda: {"threshold": f"{_results()['chosen']:.2f}", "share": _pct(_results()["test_right"]),
                     "oos": _pct(_results()["test_oos"]), "val_share": _pct(_results()["val_right"]),
                     "n_test": str(_results()["n_test"]), "n_oos_test": str(_results()["n_oos_test"]),
                     "step": _pct(1 / _results()["n_test"])},
    name="q6",
)


# -- q7: what to do when the assistant is not sure -----------------------------------------------
q7 = ChoiceProblem("b8.q7", "cau_tra_loi", "C", "ABCD", name="q7")
