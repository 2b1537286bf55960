"""Lesson B7 — Tiếng Việt và máy tính (word segmentation, bag of words, where the tools go wrong).

In the notebook::

    from aijourney.exercises.b7 import CAU_MAU, q1, q2, q3, q4, q5
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

from ..datasets.vi_text import validation_split, vi_feedback_split
from ..feedback import (AS_PERCENT, CheckProblem, ChoiceProblem, Incorrect, Mistake, NumberProblem,
                        call_trainee, on_training_data, rounded, shown)
from ..toolkit.tabular import format_number
from ..toolkit.vntext import ABBREVIATIONS, make_classifier

__all__ = ["q1", "q2", "q3", "q4", "q5", "CAU_MAU", "CHOSEN_TOKENIZER"]

CAU_MAU = "Sản phẩm hạt điều Đồng Nai đạt chuẩn OCOP ba sao"  # the sentence of exercise 1
CHOSEN_TOKENIZER = "underthesea"  # what the lesson chooses on the validation data (section 4)

_SEGMENT_CASES = [
    "Học sinh được học sinh học",
    "Cán bộ xã hướng dẫn nhiệt tình",
    "Chị Lan ở Đồng Xoài mua mật ong Bù Gia Mập",
]

_EXPAND_CASES = [
    "sp dùng ok lắm",
    "Ko đăng nhập dc",
    "shop tư vấn kỹ k có j chê",
    "hs nộp rồi mà chưa thấy kết quả",
]


def _words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return list(word_tokenize(text))


# -- q1: words vs syllables -------------------------------------------------------------------
def _q1_figures() -> dict[str, str]:
    words = _words(CAU_MAU)
    return {"syllables": str(len(CAU_MAU.split())), "words": str(len(words)),
            "joined": ", ".join(f"\"{w}\"" for w in words if " " in w)}


q1 = NumberProblem(
    "b7.q1", "so_tu", lambda: float(len(_words(CAU_MAU))), tol=0.5, name="q1", figures=_q1_figures,
    mistakes=[
        Mistake("syllables", lambda _right: float(len(CAU_MAU.split()))),
        Mistake("characters", lambda _right: float(len(CAU_MAU))),
    ],
)


# -- q2: a tokenizer for the bag of words ------------------------------------------------------
def _check_segmenter(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for text in _SEGMENT_CASES:
        call = f"tach_tu({text!r})"
        got = call_trainee(func, text, call=call)
        words = _words(text)
        expected = [w.lower().replace(" ", "_") for w in words]
        if isinstance(got, tuple):
            got = list(got)
        if got == expected:
            continue
        params = {"call": call, "got": shown(got), "expected": shown(expected)}
        if isinstance(got, str):
            raise Incorrect("gave_string", **params)
        if not isinstance(got, list):
            raise Incorrect("not_a_list", **params)
        if got in (text.lower().split(), text.split()):
            raise Incorrect("syllables", **params)
        if got == [w.replace(" ", "_") for w in words]:
            raise Incorrect("not_lower", **params)
        if got == [w.lower() for w in words]:
            raise Incorrect("spaces_inside", **params)
        if got == [w.replace(" ", "_") for w in _words(text.lower())]:
            raise Incorrect("lowered_first", **params)
        raise Incorrect("check.function_wrong", **params)


q2 = CheckProblem("b7.q2", "tach_tu", _check_segmenter, name="q2")


# -- q3: accuracy of the chosen classifier, measured once on the test data ------------------------
@lru_cache(maxsize=1)
def _scores() -> dict[str, float]:
    train, test = vi_feedback_split()
    learn, validation = validation_split(train)
    out = {}
    for tokenizer in ("underthesea", "space"):
        model = make_classifier(tokenizer).fit(train["van_ban"], train["cam_xuc"])
        out[tokenizer] = float(model.score(test["van_ban"], test["cam_xuc"]))
        out[tokenizer + "_train"] = float(model.score(train["van_ban"], train["cam_xuc"]))
        trial = make_classifier(tokenizer).fit(learn["van_ban"], learn["cam_xuc"])
        out[tokenizer + "_validation"] = float(trial.score(validation["van_ban"], validation["cam_xuc"]))
    out["n_test"] = float(len(test))
    out["baseline"] = float((test["cam_xuc"] == train["cam_xuc"].mode()[0]).mean())
    return out


def _q3_figures() -> dict[str, str]:
    s = _scores()
    return {"accuracy": format_number(s[CHOSEN_TOKENIZER], 2), "right": str(round(s[CHOSEN_TOKENIZER] * s["n_test"])),
            "n_test": str(int(s["n_test"])), "validation": format_number(s[CHOSEN_TOKENIZER + "_validation"], 2),
            "baseline": format_number(s["baseline"], 2)}


q3 = NumberProblem(
    "b7.q3", "do_chinh_xac", lambda: _scores()[CHOSEN_TOKENIZER], name="q3", figures=_q3_figures,
    mistakes=[
        AS_PERCENT,
        on_training_data(lambda: _scores()[CHOSEN_TOKENIZER + "_train"]),
        Mistake("validation_score", lambda _right: _scores()[CHOSEN_TOKENIZER + "_validation"]),
        Mistake("space_tokenizer", lambda _right: _scores()["space"]),
        rounded(2),
    ],
)


# -- q4: expanding abbreviations / teencode ------------------------------------------------------
_EXPANSIONS = {v for v in ABBREVIATIONS.values() if " " not in v}


def _check_expander(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for text in _EXPAND_CASES:
        call = f"chuan_hoa({text!r})"
        got = call_trainee(func, text, call=call)
        expected = " ".join(ABBREVIATIONS.get(w, w) for w in text.lower().split())
        if got == expected:
            continue
        params = {"call": call, "got": shown(got), "expected": shown(expected)}
        if isinstance(got, (list, tuple)):
            raise Incorrect("gave_list", **params)
        if not isinstance(got, str):
            raise Incorrect("not_string", **params)
        if any(v in w and w != v for w in got.split() for v in _EXPANSIONS):
            raise Incorrect("inside_words", **params)
        if got == " ".join(ABBREVIATIONS.get(w, w) for w in text.split()):
            raise Incorrect("not_lower", **params)
        raise Incorrect("check.function_wrong", **params)


q4 = CheckProblem("b7.q4", "chuan_hoa", _check_expander, name="q4")

# -- q5: why text without diacritics fails ------------------------------------------------------
q5 = ChoiceProblem("b7.q5", "cau_tra_loi", "B", "ABCD", name="q5")
