"""Lesson A6 — Bên trong transformer (tokens, attention, embeddings, model–language fit, a tiny
transformer trained from scratch).

In the notebook::

    from aijourney.exercises.a6 import CAU_TOKEN, CAU_CHU_Y, TU_THANH_DIEU, CAU_A, CAU_B, q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____

Every expected number is computed with ``aijourney.toolkit.transformer_inside``, as the notebook does.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..feedback import AS_PERCENT, CheckProblem, ChoiceProblem, Incorrect, Mistake, NumberProblem, shown
from ..toolkit import transformer_inside as ti

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "CAU_TOKEN", "CAU_CHU_Y", "TU_THANH_DIEU", "CAU_A", "CAU_B",
           "LOP_CHU_Y", "DAU_CHU_Y", "TOKEN_HOI", "SO_VONG", "lesson_numbers"]

CAU_TOKEN = "Cán bộ xã hướng dẫn nhiệt tình"  # exercise 1
TU_THANH_DIEU = ["ma", "má", "mà", "mả", "mã", "mạ", "mua", "mưa", "múa"]  # exercise 2
CAU_CHU_Y = "The farmer sells cashew nuts at the market"  # exercise 3: English, where MiniLM is at home
LOP_CHU_Y, DAU_CHU_Y, TOKEN_HOI = 0, 1, "nuts"  # exercise 3: layer, head, the token that looks
CAU_A, CAU_B = "Hạt điều rang giòn và thơm ngon.", "Hạt điều này ăn rất ngon."  # exercise 4
SO_VONG = (10, 30, 60)  # section 6: numbers of epochs tried on the validation data


def _dec(x: float, digits: int = 2) -> str:
    """A number as Vietnamese writes it: 0,71."""
    return f"{x:.{digits}f}".replace(".", ",")


def _count(x: float) -> str:
    return f"{int(x):,}".replace(",", ".")


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect, and the typical wrong ones."""
    mini, gem = ti.minilm_tokenizer(), ti.gemma_tokenizer()
    words = len(CAU_TOKEN.split())
    a, b = ti.embed(CAU_A), ti.embed(CAU_B)
    table = ti.attention_table(CAU_CHU_Y, LOP_CHU_Y, DAU_CHU_Y)
    return {
        "words": words,
        "mini_tokens": len(mini.tokenize(CAU_TOKEN)), "gemma_tokens": len(gem.tokenize(CAU_TOKEN)),
        "mini_ids": len(mini(CAU_TOKEN)["input_ids"]), "gemma_ids": len(gem(CAU_TOKEN)["input_ids"]),
        "forms_mini": ti.distinct_forms("MiniLM", TU_THANH_DIEU), "forms_gemma": ti.distinct_forms("Gemma", TU_THANH_DIEU),
        "cosine": ti.cosine(a, b), "dot": float(a @ b), "euclid": float(np.linalg.norm(a - b)),
        "norm_a": float(np.linalg.norm(a)), "norm_b": float(np.linalg.norm(b)),
        "row": table.loc[TOKEN_HOI], "tokens": list(table.columns),
    }


# -- q1: tokens per word -------------------------------------------------------------------------
def _q1_figures() -> dict[str, str]:
    n = lesson_numbers()
    return {"mini": str(n["mini_tokens"]), "gemma": str(n["gemma_tokens"]), "words": str(n["words"]),
            "ratio": _dec(n["mini_tokens"] / n["words"]), "gemma_ratio": _dec(n["gemma_tokens"] / n["words"]),
            "pieces": " ".join(ti.minilm_tokenizer().tokenize(CAU_TOKEN))}


q1 = NumberProblem(
    "a6.q1", "token_moi_tu", lambda: lesson_numbers()["mini_tokens"] / lesson_numbers()["words"], tol=1e-3,
    mistakes=[
        Mistake("gemma", lambda _: lesson_numbers()["gemma_tokens"] / lesson_numbers()["words"], tol=1e-3),
        Mistake("inverted", lambda r: 1 / r, tol=1e-3),
        Mistake("count", lambda _: lesson_numbers()["mini_tokens"], tol=0.5),
        Mistake("special", lambda _: lesson_numbers()["mini_ids"] / lesson_numbers()["words"], tol=1e-3),
    ],
    name="q1", figures=_q1_figures,
)


# -- q2: words that collide after MiniLM's normalisation -------------------------------------------
q2 = NumberProblem(
    "a6.q2", "so_dang_khac_nhau", lambda: lesson_numbers()["forms_mini"], tol=0.5,
    mistakes=[Mistake("all_words", len(TU_THANH_DIEU), tol=0.5),
              Mistake("all_same", 1, tol=0.5)],
    name="q2",
    figures=lambda: {"forms": str(lesson_numbers()["forms_mini"]), "n": str(len(TU_THANH_DIEU)),
                     "gemma": str(lesson_numbers()["forms_gemma"]),
                     "shown": ", ".join(f"{w} → {' '.join(ti.minilm_tokenizer().tokenize(w))}" for w in TU_THANH_DIEU)},
)


# -- q3: read one row of an attention table ------------------------------------------------------
def _check_attention(value) -> None:
    n = lesson_numbers()
    if not isinstance(value, str):
        raise Incorrect("not_text", got=shown(value))
    got = value.strip()
    if got == n["row"].idxmax():
        return
    if got not in n["tokens"]:
        raise Incorrect("not_a_token", got=shown(value), tokens=", ".join(n["tokens"]))
    if got == TOKEN_HOI:
        raise Incorrect("itself")
    previous = n["tokens"][n["tokens"].index(TOKEN_HOI) - 1]
    if got == previous:
        raise Incorrect("previous", got=shown(value))
    raise Incorrect("not_largest", got=shown(value), weight=_dec(n["row"][got]))


q3 = CheckProblem("a6.q3", "token_duoc_chu_y", _check_attention, name="q3", figures=lambda: {
    "token": lesson_numbers()["row"].idxmax(), "weight": _dec(lesson_numbers()["row"].max()),
    "second": lesson_numbers()["row"].drop(lesson_numbers()["row"].idxmax()).idxmax(),
    "second_weight": _dec(lesson_numbers()["row"].drop(lesson_numbers()["row"].idxmax()).max()),
})


# -- q4: cosine similarity by hand ---------------------------------------------------------------
def _wrong_norms(_right: float) -> list[float]:
    n = lesson_numbers()
    return [n["dot"] / n["norm_a"], n["dot"] / n["norm_b"], n["dot"] / (n["norm_a"] + n["norm_b"]),
            n["dot"] / (n["norm_a"] ** 2 * n["norm_b"] ** 2), n["dot"] / n["norm_a"] * n["norm_b"]]


q4 = NumberProblem(
    "a6.q4", "do_tuong_dong", lambda: lesson_numbers()["cosine"], tol=1e-4,
    mistakes=[
        Mistake("dot", lambda _: lesson_numbers()["dot"], tol=1e-3),
        Mistake("euclid", lambda _: lesson_numbers()["euclid"], tol=1e-3),
        Mistake("distance", lambda r: 1 - r, tol=1e-4),
        Mistake("half_normalised", _wrong_norms, tol=1e-3),
        AS_PERCENT,
    ],
    name="q4",
    figures=lambda: {"cosine": _dec(lesson_numbers()["cosine"]), "dot": _dec(lesson_numbers()["dot"], 1),
                     "norm_a": _dec(lesson_numbers()["norm_a"]), "norm_b": _dec(lesson_numbers()["norm_b"])},
)


# -- q5: the parameters of the tiny transformer --------------------------------------------------
@lru_cache(maxsize=1)
def _tiny_numbers() -> dict:
    from ..datasets.vi_text import validation_split, vi_feedback_split

    learn, _ = validation_split(vi_feedback_split()[0])
    model = ti.train_tiny(learn["van_ban"], learn["cam_xuc"], epochs=1).model
    named = dict(model.named_parameters())
    return {
        "total": sum(p.numel() for p in named.values()),
        "tensors": len(named),
        "weights_only": sum(p.numel() for k, p in named.items() if k.endswith("weight")),
        "embeddings": sum(p.numel() for k, p in named.items() if ".embeddings." in k),
        "minilm": sum(p.numel() for p in ti.minilm_model().parameters()),
    }


q5 = NumberProblem(
    "a6.q5", "so_tham_so", lambda: _tiny_numbers()["total"], tol=0.5,
    mistakes=[
        Mistake("tensors", lambda _: _tiny_numbers()["tensors"], tol=0.5),
        Mistake("weights_only", lambda _: _tiny_numbers()["weights_only"], tol=0.5),
        Mistake("embeddings", lambda _: _tiny_numbers()["embeddings"], tol=0.5),
        Mistake("minilm", lambda _: _tiny_numbers()["minilm"], tol=0.5),
    ],
    name="q5",
    figures=lambda: {"total": _count(_tiny_numbers()["total"]), "minilm": _count(_tiny_numbers()["minilm"]),
                     "times": _count(round(_tiny_numbers()["minilm"] / _tiny_numbers()["total"])),
                     "embeddings": _count(_tiny_numbers()["embeddings"]),
                     "share": f"{_tiny_numbers()['embeddings'] / _tiny_numbers()['total']:.0%}"},
)


# -- q6: model–language fit -----------------------------------------------------------------------
def _q6_figures() -> dict[str, str]:
    table = ti.similarity_table()
    means = table.groupby(["ngon_ngu", "cap"])["cosine"].mean()
    return {"en_gap": _dec(means["tiếng Anh", "liên quan"] - means["tiếng Anh", "không liên quan"]),
            "vi_gap": _dec(means["tiếng Việt", "liên quan"] - means["tiếng Việt", "không liên quan"])}


q6 = ChoiceProblem("a6.q6", "cau_tra_loi", "C", "ABCD", name="q6", figures=_q6_figures)
