"""Lesson B9 — Trò chuyện với AI: what a language model does (next-token probabilities, tokens),
base versus instruction-tuned models, few-shot prompting, sampling settings, made-up facts checked
against a trusted source, privacy, disclosing AI use, deepfake and voice-clone scams.

In the notebook::

    from aijourney.exercises.b9 import CAU_VI_DU, CAU_BT1, DANH_GIA_MOI, TIN_NHAN_CHI_HOA, q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____

The checks never generate text: q1 reads next-token probabilities (one forward pass, cached),
the other checks judge the form of what the trainee wrote.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..datasets.vi_text import load_vi_feedback
from ..feedback import (
    AS_PERCENT,
    CheckProblem,
    ChoiceProblem,
    Incorrect,
    Mistake,
    NotAttempted,
    NumberProblem,
    as_number,
    is_placeholder,
    rounded,
    shown,
)
from ..i18n import t
from ..toolkit.assistant import find_personal_data
from ..toolkit.vntext import remove_diacritics

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "CAU_VI_DU", "CAU_BT1", "DANH_GIA_MOI", "TIN_NHAN_CHI_HOA",
           "NHAN", "CUE"]

# -- the lesson's texts -------------------------------------------------------------------------
# Section 2: the worked example and exercise 1 read the model's next-token table for these prompts.
CAU_VI_DU = "Thủ đô của Việt Nam là thành phố"
CAU_BT1 = "Để đăng ký khai sinh cho con, bạn cần mang theo giấy"

# Section 4 (exercise 2): the public-service feedback the trainee's few-shot prompt must classify.
DANH_GIA_MOI = "Tổng đài luôn bận, chờ nửa tiếng không ai nghe."
NHAN = ("tích cực", "tiêu cực")  # the two labels, written the same way in every example
REVIEW, CUE = "Đánh giá:", "Cảm xúc:"

# Section 7 (exercise 5): the message a citizen wants to paste into an online assistant
# (every number is made up).
TIN_NHAN_CHI_HOA = ("Tôi là Nguyễn Thị Hoa, số căn cước 074190001234, số điện thoại 0912345678, "
                    "mật khẩu của tôi là Hoa@2024. Tôi quên mật khẩu VNeID thì làm sao đăng nhập lại?")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold(text: str) -> str:
    return remove_diacritics(_nfc(text)).lower()


# -- q1: the probability of the most likely next token -------------------------------------------
@lru_cache(maxsize=4)
def _table(prompt: str):
    """The model's 10 most likely next tokens after ``prompt`` (one forward pass, cached)."""
    from ..llm import load_model

    return load_model().next_tokens(prompt, k=10)


def _probability(prompt: str, row: int) -> float:
    return float(_table(prompt)["xac_suat"].iloc[row])


def _q1_figures() -> dict[str, str]:
    table = _table(CAU_BT1)
    return {"token": table["token"].iloc[0].strip(), "p": f"{table['xac_suat'].iloc[0]:.4f}",
            "pct": f"{table['xac_suat'].iloc[0]:.0%}", "second": table["token"].iloc[1].strip(),
            "p_second": f"{table['xac_suat'].iloc[1]:.0%}", "top10": f"{table['xac_suat'].sum():.0%}"}


q1 = NumberProblem(
    "b9.q1", "xac_suat_cao_nhat", lambda: _probability(CAU_BT1, 0), tol=5e-4,
    mistakes=[
        AS_PERCENT,
        rounded(2),
        Mistake("second_row", lambda _: _probability(CAU_BT1, 1)),
        Mistake("whole_column", lambda _: float(_table(CAU_BT1)["xac_suat"].sum())),
        # last: only a wrong answer computes the worked example's table
        Mistake("example_prompt", lambda _: [_probability(CAU_VI_DU, 0), _probability(CAU_VI_DU, 1)]),
    ],
    figures=_q1_figures,
    name="q1",
)


# -- q2: a few-shot prompt for a base model --------------------------------------------------------
@lru_cache(maxsize=1)
def _known() -> dict[str, tuple[str, str]]:
    """Every course feedback sentence: its label (as the prompt writes it) and its topic."""
    df = load_vi_feedback()
    words = {"tich_cuc": NHAN[0], "tieu_cuc": NHAN[1]}
    return {_nfc(text).strip(): (words[label], topic)
            for text, label, topic in zip(df["van_ban"], df["cam_xuc"], df["chu_de"])}


def _label_typo(label: str) -> bool:
    """``Tích cực``, ``tich cuc``, ``tich_cuc``: one of the two labels, written another way."""
    return _fold(label).replace("_", " ").strip(" .") in ("tich cuc", "tieu cuc") and label not in NHAN


def _examples(lines: list[str]) -> list[tuple[str, str]]:
    """The labelled examples of a prompt: each ``Đánh giá: …`` line followed by ``Cảm xúc: …``."""
    pairs = []
    for i, line in enumerate(lines):
        if line.startswith(REVIEW) and CUE in line:
            raise Incorrect("same_line", line=shown(line, 70))
        if not line.startswith(REVIEW):
            continue
        review = line[len(REVIEW):].strip()
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if not following.startswith(CUE):
            raise Incorrect("no_label", review=shown(review, 60))
        label = following[len(CUE):].strip()
        if label not in NHAN:
            raise Incorrect("label_form" if _label_typo(label) else "unknown_label", label=shown(label))
        if not review:
            raise Incorrect("empty_example")
        pairs.append((review, label))
    return pairs


def _check_prompt(value: Any) -> None:
    if not isinstance(value, str):
        raise Incorrect("not_text", got_type=type(value).__name__)
    text = _nfc(value)
    ending = f"{REVIEW} {DANH_GIA_MOI}\n{CUE}"
    if text != text.rstrip() and text.rstrip().endswith(CUE):
        raise Incorrect("trailing_space")
    lines = text.split("\n")
    last = lines[-1]
    if not text.endswith(CUE):
        if last.startswith(CUE) and last[len(CUE):].strip():
            raise Incorrect("answer_given", label=shown(last[len(CUE):].strip()))
        if last.startswith(REVIEW) and CUE in last:
            raise Incorrect("same_line", line=shown(last, 70))
        raise Incorrect("no_cue")
    if last != CUE:
        raise Incorrect("same_line", line=shown(last, 70))
    if len(lines) < 2 or not lines[-2].startswith(REVIEW) or lines[-2][len(REVIEW):].strip() != DANH_GIA_MOI:
        raise Incorrect("wrong_review")
    if not text.endswith(ending):
        raise Incorrect("wrong_review")
    pairs = _examples(lines[:-2])
    if len(pairs) < 2:
        raise Incorrect("too_few", count=len(pairs))
    labels = {label for _, label in pairs}
    if len(labels) < 2:
        raise Incorrect("one_label", label=next(iter(labels)))
    known = _known()
    for review, label in pairs:
        if review == DANH_GIA_MOI:
            raise Incorrect("leaked")
        if review in known and known[review][0] != label:
            raise Incorrect("wrong_label", review=review, label=label, right=known[review][0])
    if all(known.get(review, ("", ""))[1] == "ocop" for review, _ in pairs):
        raise Incorrect("ocop_examples")


q2 = CheckProblem("b9.q2", "loi_nhac_cua_ban", _check_prompt, name="q2")


# -- q3: settings for a reproducible answer without loops ----------------------------------------
def _check_settings(value: Any) -> None:
    if not isinstance(value, dict):
        raise Incorrect("not_dict", got_type=type(value).__name__)
    if any(is_placeholder(v) for v in value.values()):
        raise NotAttempted("check.placeholder", name="cai_dat")
    for key in ("temperature", "repetition_penalty"):
        if key not in value:
            raise Incorrect("missing_key", param=key)
    try:
        temperature = as_number(value["temperature"])
        penalty = as_number(value["repetition_penalty"])
    except Incorrect:
        raise Incorrect("not_numbers") from None
    if not 0 <= temperature <= 5:
        raise Incorrect("temperature_range", got=shown(value["temperature"]))
    if temperature > 0:
        raise Incorrect("sampling", got=shown(value["temperature"]))
    if not 1 <= penalty <= 3:
        raise Incorrect("penalty_range", got=shown(value["repetition_penalty"]))
    if penalty == 1:
        raise Incorrect("no_penalty")
    if penalty > 2:
        raise Incorrect("penalty_too_high", got=shown(value["repetition_penalty"]))


q3 = CheckProblem("b9.q3", "cai_dat", _check_settings, name="q3")


# -- q4: checking a made-up fact -------------------------------------------------------------------
q4 = ChoiceProblem("b9.q4", "cau_tra_loi_4", "B", "ABCD", name="q4")


# -- q5: a question safe to paste into an online assistant ----------------------------------------
_NAME = re.compile(r"\b(?:Nguyễn|Thị Hoa|Hoa)\b")
_TOPIC = (("vneid",), ("mat khau", "mk", "password"))


def _check_safe_question(value: Any) -> None:
    if not isinstance(value, str):
        raise Incorrect("not_text", got_type=type(value).__name__)
    text = _nfc(value).strip()
    if not text:
        raise Incorrect("empty")
    found = find_personal_data(text)
    if found:
        raise Incorrect("still_personal", kinds=", ".join(t(f"b9.personal.{k}") for k in found))
    if _NAME.search(text):
        raise Incorrect("name_left")
    folded = _fold(text)
    if not all(any(re.search(rf"\b{word}\b", folded) for word in words) for words in _TOPIC):
        raise Incorrect("lost_question")


q5 = CheckProblem("b9.q5", "cau_hoi_an_toan", _check_safe_question, name="q5")


# -- q6: a voice-clone call asking for money -------------------------------------------------------
q6 = ChoiceProblem("b9.q6", "cau_tra_loi_6", "D", "ABCD", name="q6")
