"""Lesson B7 — Tiếng Việt và máy tính (word segmentation, bag of words, where the tools go wrong).

In the notebook::

    from aijourney.exercises.b7 import q1, q2, q3, q4, q5, CAU_MAU
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

from ..datasets.vi_text import vi_feedback_split
from ..feedback import ChoiceProblem, CheckProblem, Incorrect, call_trainee
from ..toolkit.vntext import ABBREVIATIONS, make_classifier

__all__ = ["q1", "q2", "q3", "q4", "q5", "CAU_MAU"]

CAU_MAU = "Sản phẩm hạt điều Bình Phước đạt chuẩn OCOP ba sao"  # the sentence of exercise 1

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


def _short(value, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return list(word_tokenize(text))


def _call(func, call: str, *args):
    """Call the trainee's function; turn its failures into feedback."""
    got = call_trainee(func, *args, call=call)
    return got


# -- q1: words vs syllables -------------------------------------------------------------------
def _check_word_count(value) -> None:
    try:
        got = float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None
    if got == len(_words(CAU_MAU)):
        return
    if got == len(CAU_MAU.split()):
        raise Incorrect("syllables", got=repr(value))
    if got == len(CAU_MAU):
        raise Incorrect("characters", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q2: a tokenizer for the bag of words ------------------------------------------------------
def _check_segmenter(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for text in _SEGMENT_CASES:
        call = f"tach_tu({text!r})"
        got = _call(func, call, text)
        words = _words(text)
        expected = [w.lower().replace(" ", "_") for w in words]
        if isinstance(got, tuple):
            got = list(got)
        if got == expected:
            continue
        params = {"call": call, "got": _short(got), "expected": _short(expected)}
        if isinstance(got, str):
            raise Incorrect("gave_string", **params)
        if not isinstance(got, list):
            raise Incorrect("not_a_list", **params)
        if got == text.lower().split():
            raise Incorrect("syllables", **params)
        if got == [w.replace(" ", "_") for w in words]:
            raise Incorrect("not_lower", **params)
        if got == [w.lower() for w in words]:
            raise Incorrect("spaces_inside", **params)
        if got == [w.replace(" ", "_") for w in _words(text.lower())]:
            raise Incorrect("lowered_first", **params)
        raise Incorrect("check.function_wrong", call=call, got=_short(got), expected=_short(expected))


# -- q3: accuracy of the small classifier --------------------------------------------------------
@lru_cache(maxsize=1)
def _scores() -> dict[str, float]:
    train, test = vi_feedback_split()
    out = {}
    for tokenizer in ("underthesea", "space"):
        model = make_classifier(tokenizer).fit(train["van_ban"], train["cam_xuc"])
        out[tokenizer] = float(model.score(test["van_ban"], test["cam_xuc"]))
        out[tokenizer + "_train"] = float(model.score(train["van_ban"], train["cam_xuc"]))
    return out


def _check_accuracy(value) -> None:
    try:
        got = float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None
    scores = _scores()
    if abs(got - scores["underthesea"]) < 1e-9:
        return
    if abs(got - 100 * scores["underthesea"]) < 1e-6:
        raise Incorrect("as_percent", got=repr(value))
    if abs(got - scores["underthesea_train"]) < 1e-9:
        raise Incorrect("train_score", got=repr(value))
    if abs(got - scores["space"]) < 1e-9:
        raise Incorrect("space_tokenizer", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q4: expanding abbreviations / teencode ------------------------------------------------------
_EXPANSIONS = {v for v in ABBREVIATIONS.values() if " " not in v}


def _check_expander(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for text in _EXPAND_CASES:
        call = f"chuan_hoa({text!r})"
        got = _call(func, call, text)
        expected = " ".join(ABBREVIATIONS.get(w, w) for w in text.lower().split())
        if got == expected:
            continue
        params = {"call": call, "got": _short(got), "expected": _short(expected)}
        if isinstance(got, (list, tuple)):
            raise Incorrect("gave_list", **params)
        if not isinstance(got, str):
            raise Incorrect("not_string", **params)
        if any(v in w and w != v for w in got.split() for v in _EXPANSIONS):
            raise Incorrect("inside_words", **params)
        if got == " ".join(ABBREVIATIONS.get(w, w) for w in text.split()):
            raise Incorrect("not_lower", **params)
        raise Incorrect("check.function_wrong", call=call, got=_short(got), expected=_short(expected))


q1 = CheckProblem("b7.q1", "so_tu", _check_word_count, name="q1")
q2 = CheckProblem("b7.q2", "tach_tu", _check_segmenter, name="q2")
q3 = CheckProblem("b7.q3", "do_chinh_xac", _check_accuracy, name="q3")
q4 = CheckProblem("b7.q4", "chuan_hoa", _check_expander, name="q4")
q5 = ChoiceProblem("b7.q5", "cau_tra_loi", "B", "ABCD", name="q5")
