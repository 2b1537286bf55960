"""Lesson A5 — Cảm xúc trong đánh giá sản phẩm tiếng Việt (word segmentation, TF-IDF + logistic
regression, macro-F1, settings chosen on validation data, error analysis by phenomenon and by
writing style, sarcasm, a negation-aware feature measured honestly, the test data used once).

In the notebook::

    from aijourney.exercises.a5 import CAU_MAU, q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: ``aijourney.datasets.reviews`` (500 invented reviews, fixed split ``huan_luyen`` /
``kiem_dinh`` / ``kiem_tra``); the helpers: ``aijourney.toolkit.sentiment``.
"""

from __future__ import annotations

from functools import lru_cache

from ..datasets.reviews import reviews_split
from ..feedback import AS_PERCENT, ChoiceProblem, CheckProblem, Incorrect, Mistake, NumberProblem, on_training_data, rounded, shown
from ..toolkit.sentiment import LABEL, TEXT, chosen_settings, macro_f1, make_sentiment_model, validation_table
from ..toolkit.vntext import tokenize_syllables, tokenize_words

__all__ = ["q1", "q2", "q3", "q4", "q5", "CAU_MAU", "CONFUSION", "lesson_numbers"]

#: The sentence of exercise 1.
CAU_MAU = "Mật ong rừng sánh đặc, mùi thơm dịu, uống không bị gắt cổ."
#: The confusion table of exercise 2: (true label, predicted label) -> number of reviews.
CONFUSION = {("tich_cuc", "tich_cuc"): 76, ("tich_cuc", "tieu_cuc"): 4,
             ("tieu_cuc", "tich_cuc"): 12, ("tieu_cuc", "tieu_cuc"): 8}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn)


def _hand_numbers() -> dict[str, float]:
    """Exercise 2, computed from ``CONFUSION`` (and the typical wrong answers)."""
    c = CONFUSION
    pp, pn, np_, nn = c["tich_cuc", "tich_cuc"], c["tich_cuc", "tieu_cuc"], c["tieu_cuc", "tich_cuc"], c["tieu_cuc", "tieu_cuc"]
    f1_pos, f1_neg = _f1(pp, np_, pn), _f1(nn, pn, np_)
    prec_pos, rec_pos, prec_neg, rec_neg = pp / (pp + np_), pp / (pp + pn), nn / (nn + pn), nn / (nn + np_)
    n_pos, n_neg = pp + pn, np_ + nn
    return {"f1_pos": f1_pos, "f1_neg": f1_neg, "macro": (f1_pos + f1_neg) / 2,
            "accuracy": (pp + nn) / (n_pos + n_neg),
            "weighted": (n_pos * f1_pos + n_neg * f1_neg) / (n_pos + n_neg),
            "arith": ((prec_pos + rec_pos) / 2 + (prec_neg + rec_neg) / 2) / 2,
            "prec_pos": prec_pos, "rec_pos": rec_pos, "prec_neg": prec_neg, "rec_neg": rec_neg}


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect (and the typical wrong ones), computed as the notebook
    computes it: models learn on ``huan_luyen``, are compared on ``kiem_dinh``."""
    train, val = reviews_split("huan_luyen"), reviews_split("kiem_dinh")
    table = validation_table(train, val)
    best = table.loc[table["f1_kiem_dinh"].idxmax()]
    model = make_sentiment_model(**chosen_settings(table)).fit(train[TEXT], train[LABEL])
    first = make_sentiment_model("tu").fit(train[TEXT], train[LABEL])
    neg_val, neg_train = val[val["hien_tuong"] == "phu_dinh"], train[train["hien_tuong"] == "phu_dinh"]
    return {
        "n_words": len(tokenize_words(CAU_MAU)), "n_syllables": len(tokenize_syllables(CAU_MAU)),
        "n_split": len(CAU_MAU.split()), "n_raw": _raw_count(CAU_MAU),
        "chosen": best["cai_dat"], "chosen_f1": float(best["f1_kiem_dinh"]),
        "by_train": table.loc[table["f1_huan_luyen"].idxmax(), "cai_dat"],
        "worst": table.loc[table["f1_kiem_dinh"].idxmin(), "cai_dat"],
        "worst_f1": float(table["f1_kiem_dinh"].min()), "best_index": int(table["f1_kiem_dinh"].idxmax()),
        "neg_acc": float(model.score(neg_val[TEXT], neg_val[LABEL])),
        "neg_f1": macro_f1(neg_val[LABEL], model.predict(neg_val[TEXT])),
        "all_acc": float(model.score(val[TEXT], val[LABEL])),
        "neg_train_acc": float(model.score(neg_train[TEXT], neg_train[LABEL])),
        "neg_first_acc": float(first.score(neg_val[TEXT], neg_val[LABEL])),
        "neg_rows": len(neg_val), "neg_share": len(neg_val) / len(val),
        "neg_wrong": int((model.predict(neg_val[TEXT]) != neg_val[LABEL]).sum()),
    }


def _raw_count(text: str) -> int:
    from ..toolkit.vntext import _word_tokenize

    return len(_word_tokenize(text))


def _n(key: str):
    return lambda _right: lesson_numbers()[key]


def _f(x: float, digits: int = 3) -> str:
    """A score as Vietnamese writes it: 0,702."""
    return f"{x:.{digits}f}".replace(".", ",")


# -- q1: how many words does the segmenter find? -------------------------------------------------
q1 = NumberProblem(
    "a5.q1", "so_tu", lambda: lesson_numbers()["n_words"], tol=1e-9,
    mistakes=[Mistake("syllables", lambda _r: [lesson_numbers()["n_syllables"], lesson_numbers()["n_split"]]),
              Mistake("punctuation", _n("n_raw"))],
    name="q1",
    figures=lambda: {"words": lesson_numbers()["n_words"], "syllables": lesson_numbers()["n_syllables"],
                     "raw": lesson_numbers()["n_raw"]},
)

# -- q2: macro-F1 by hand from a small confusion table --------------------------------------------
_h = _hand_numbers
q2 = NumberProblem(
    "a5.q2", "macro_f1_tay", lambda: _h()["macro"], tol=5e-4,
    mistakes=[AS_PERCENT,
              Mistake("accuracy", lambda _r: _h()["accuracy"]),
              Mistake("one_class", lambda _r: [_h()["f1_pos"], _h()["f1_neg"]]),
              Mistake("weighted", lambda _r: _h()["weighted"]),
              Mistake("arithmetic", lambda _r: _h()["arith"]),
              rounded(2)],
    name="q2",
    figures=lambda: {"f1_pos": _f(_h()["f1_pos"]), "f1_neg": _f(_h()["f1_neg"]), "macro": _f(_h()["macro"]),
                     "accuracy": _f(_h()["accuracy"], 2)},
)


# -- q3: choose the setting on validation data ---------------------------------------------------
def _check_setting(value) -> None:
    numbers = lesson_numbers()
    if type(value).__name__ in ("Series", "DataFrame"):
        raise Incorrect("whole_row")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == numbers["best_index"]:
            raise Incorrect("row_number", got=shown(value))
        if abs(value - numbers["chosen_f1"]) < 1e-9:
            raise Incorrect("score_not_setting", got=shown(value))
    if not isinstance(value, str):
        raise Incorrect("not_text", got=shown(value))
    got = value.strip()
    if got == numbers["chosen"]:
        return
    if got == numbers["by_train"]:
        raise Incorrect("by_train", got=shown(value))
    if got == numbers["worst"]:
        raise Incorrect("worst", got=shown(value))
    raise Incorrect("wrong_value", got=shown(value))


q3 = CheckProblem("a5.q3", "cai_dat_chon", _check_setting, name="q3", figures=lambda: {
    "chosen": lesson_numbers()["chosen"], "f1": _f(lesson_numbers()["chosen_f1"]),
    "worst": lesson_numbers()["worst"], "worst_f1": _f(lesson_numbers()["worst_f1"]),
})

# -- q4: accuracy on the negation rows of the validation data ------------------------------------
q4 = NumberProblem(
    "a5.q4", "do_chinh_xac_phu_dinh", lambda: lesson_numbers()["neg_acc"],
    mistakes=[AS_PERCENT,
              Mistake("all_rows", _n("all_acc")),
              Mistake("macro_f1", _n("neg_f1")),
              on_training_data(lambda: lesson_numbers()["neg_train_acc"]),
              Mistake("first_model", _n("neg_first_acc")),
              Mistake("share_rows", _n("neg_share")),
              Mistake("error_rate", lambda right: 1 - right),
              rounded(2)],
    name="q4",
    figures=lambda: {"acc": _f(lesson_numbers()["neg_acc"]), "all": _f(lesson_numbers()["all_acc"]),
                     "rows": lesson_numbers()["neg_rows"], "wrong": lesson_numbers()["neg_wrong"],
                     "step": round(100 / lesson_numbers()["neg_rows"])},
)

# -- q5: why sarcasm defeats a bag of words ------------------------------------------------------
q5 = ChoiceProblem("a5.q5", "cau_tra_loi", "A", "ABCD", name="q5")
