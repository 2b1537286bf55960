"""The online-public-services FAQ written for lesson B8 (``datasets/dvc-faq/``).

``faq.csv`` holds question/answer pairs: about 45 answers, each asked in several paraphrases
(formal, casual, without diacritics, with typos, short). ``ngoai_pham_vi.csv`` holds questions
the FAQ does not cover, to test when an assistant should hand over to a person.

``faq_split`` keeps the assistant's question bank apart from the held-out paraphrases;
``faq_validation_split`` cuts the held-out paraphrases and the out-of-scope questions into a
validation part (to choose settings such as the confidence threshold) and a test part (to report
once, after every choice). See ``datasets/dvc-faq/README.md`` for the datasheet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .files import read_csv

FOLDER = "dvc-faq"

__all__ = ["load_faq", "load_out_of_scope", "faq_answers", "faq_split", "faq_validation_split"]


def load_faq() -> pd.DataFrame:
    """Every question/answer pair: ``ma_cau_tra_loi, chu_de, kieu_cau_hoi, cau_hoi, cau_tra_loi, ngay_cap_nhat``."""
    return read_csv(FOLDER, "faq.csv", dtype=str)


def load_out_of_scope() -> pd.DataFrame:
    """Questions the FAQ does not answer: ``loai`` (``ngoai_chu_de`` off-topic, ``gan_chu_de``
    near the topic but not covered) and ``cau_hoi``."""
    return read_csv(FOLDER, "ngoai_pham_vi.csv", dtype=str)


def faq_answers(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per distinct answer (id, topic, answer text, date), in id order."""
    df = load_faq() if df is None else df
    cols = [c for c in ("ma_cau_tra_loi", "chu_de", "cau_tra_loi", "ngay_cap_nhat") if c in df.columns]
    return df[cols].drop_duplicates("ma_cau_tra_loi").sort_values("ma_cau_tra_loi").reset_index(drop=True)


def faq_split(per_answer: int = 1, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The course's split: ``(ngan_hang, kiem_tra)``.

    For every answer, ``per_answer`` of its paraphrases (chosen at random with a fixed seed) are held
    out in ``kiem_tra``; the others form the assistant's question bank ``ngan_hang``. Every answer
    keeps at least two paraphrases in the bank, so each held-out question has a right answer to find.
    """
    df = load_faq()
    rng = np.random.default_rng(random_state)
    held: list[int] = []
    for _, group in df.groupby("ma_cau_tra_loi", sort=True):
        k = min(per_answer, len(group) - 2)
        if k > 0:
            held.extend(rng.choice(group.index.to_numpy(), size=k, replace=False).tolist())
    is_test = df.index.isin(held)
    return df[~is_test].reset_index(drop=True), df[is_test].reset_index(drop=True)


def _two_parts(df: pd.DataFrame, by: str, share: float,
               rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``df`` cut in two, ``share`` of every group of ``by`` (rounded) in the first part."""
    first: list[int] = []
    for _, group in df.groupby(by, sort=True):
        first.extend(rng.permutation(group.index.to_numpy())[: int(round(share * len(group)))].tolist())
    is_first = df.index.isin(first)
    return df[is_first].reset_index(drop=True), df[~is_first].reset_index(drop=True)


def faq_validation_split(
    per_answer: int = 1, random_state: int = 0, validation_share: float = 0.5
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Lesson B8's honest evaluation: ``(kiem_dinh, kiem_tra, ngoai_kiem_dinh, ngoai_kiem_tra)``.

    The held-out paraphrases of ``faq_split(per_answer, random_state)`` (the bank is unchanged)
    and the out-of-scope questions are each cut in two with a fixed seed, ``validation_share`` of
    every question style (``kieu_cau_hoi``) and of every kind of out-of-scope question (``loai``)
    going to the validation part:

    - ``kiem_dinh`` and ``ngoai_kiem_dinh`` (validation data): used to compare settings and to
      choose the confidence threshold;
    - ``kiem_tra`` and ``ngoai_kiem_tra`` (test data): used once, after every choice, to report
      how well the assistant does on questions that played no part in any choice.
    """
    _, held = faq_split(per_answer=per_answer, random_state=random_state)
    rng = np.random.default_rng(random_state)
    kiem_dinh, kiem_tra = _two_parts(held, "kieu_cau_hoi", validation_share, rng)
    ngoai_kiem_dinh, ngoai_kiem_tra = _two_parts(load_out_of_scope(), "loai", validation_share, rng)
    return kiem_dinh, kiem_tra, ngoai_kiem_dinh, ngoai_kiem_tra
