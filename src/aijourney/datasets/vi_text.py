"""Vietnamese feedback sentences the course wrote (lesson B7): ``datasets/vi-phan-hoi/``.

120 short citizen feedback / product review sentences about OCOP products and online public
services, labelled with a topic, a sentiment and the way they are written (standard Vietnamese,
without diacritics, with abbreviations/teencode, mixed with English). See the datasheet
``datasets/vi-phan-hoi/README.md``.
"""

from __future__ import annotations

import pandas as pd

from .files import read_csv

__all__ = ["load_vi_feedback", "vi_feedback_split", "validation_split", "STYLES"]

FOLDER, FILE = "vi-phan-hoi", "phan_hoi.csv"

# kieu_viet: how a sentence is written
STYLES = ("chuan", "khong_dau", "viet_tat", "tron_tieng_anh")


def load_vi_feedback() -> pd.DataFrame:
    """Columns ``ma``, ``van_ban``, ``chu_de`` (ocop / dich_vu_cong), ``cam_xuc`` (tich_cuc /
    tieu_cuc), ``kieu_viet`` (chuan / khong_dau / viet_tat / tron_tieng_anh)."""
    return read_csv(FOLDER, FILE)


def vi_feedback_split(test_size: float = 1 / 3, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lesson's split: ``(train, test)`` data frames.

    The model learns only from standard Vietnamese (``kieu_viet == "chuan"``): two thirds of
    those sentences, stratified on topic and sentiment. The test part holds the other third of
    the standard sentences *and every non-standard sentence*, so a lesson can show how a model
    trained on clean text copes with text written differently.
    """
    from sklearn.model_selection import train_test_split

    df = load_vi_feedback()
    standard = df[df["kieu_viet"] == "chuan"]
    other = df[df["kieu_viet"] != "chuan"]
    train, test_standard = train_test_split(
        standard, test_size=test_size, random_state=random_state,
        stratify=standard["chu_de"] + "/" + standard["cam_xuc"],
    )
    test = pd.concat([test_standard, other])
    return train.reset_index(drop=True), test.reset_index(drop=True)


def validation_split(train: pd.DataFrame, size: float = 1 / 4, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the training sentences again: ``(learn, validation)``, stratified on topic and sentiment.

    Lesson B7 compares its two tokenizers on the validation part (a model learns from ``learn``,
    is scored on ``validation``) and so chooses one without ever looking at the test data.
    """
    from sklearn.model_selection import train_test_split

    learn, validation = train_test_split(
        train, test_size=size, random_state=random_state, stratify=train["chu_de"] + "/" + train["cam_xuc"],
    )
    return learn.reset_index(drop=True), validation.reset_index(drop=True)
