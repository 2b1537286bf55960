"""Invented Vietnamese product reviews (lessons A5 sentiment, A7 fine-tuning): ``datasets/danh-gia-san-pham/``.

500 short reviews of local products (OCOP products of Đồng Nai, formerly Bình Phước province, and
everyday local goods), labelled with a sentiment, the way they are written and the phenomenon that
makes them hard for a bag-of-words model. The split (column ``tap``) is stored in the CSV; it is
exactly what ``make_split()`` returns (a test checks it). See the datasheet
``datasets/danh-gia-san-pham/README.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .files import read_csv

__all__ = ["load_reviews", "reviews_split", "make_split", "SPLITS", "STYLES", "PHENOMENA", "LABELS", "SEED"]

FOLDER, FILE = "danh-gia-san-pham", "danh_gia.csv"
SEED = 2026
#: parts of the fixed split and their shares
SPLITS = {"huan_luyen": 0.6, "kiem_dinh": 0.2, "kiem_tra": 0.2}
LABELS = ("tich_cuc", "tieu_cuc")
#: kieu_viet: standard, no diacritics, abbreviations/teencode, mixed with English
STYLES = ("chuan", "khong_dau", "viet_tat", "tron_tieng_anh")
#: hien_tuong: plain, negation, contrast ("... nhưng ..."), sarcasm/irony
PHENOMENA = ("thuong", "phu_dinh", "tuong_phan", "mia_mai")
STRATA = ["cam_xuc", "kieu_viet", "hien_tuong"]


def load_reviews() -> pd.DataFrame:
    """Columns ``ma``, ``van_ban``, ``san_pham``, ``cam_xuc`` (tich_cuc / tieu_cuc), ``kieu_viet``,
    ``hien_tuong`` and ``tap`` (huan_luyen / kiem_dinh / kiem_tra)."""
    return read_csv(FOLDER, FILE)


def reviews_split(name: str) -> pd.DataFrame:
    """The rows of one part of the fixed split: ``"huan_luyen"`` (train, 60 %), ``"kiem_dinh"``
    (validation, 20 %) or ``"kiem_tra"`` (held-out test, 20 %: touch it once)."""
    if name not in SPLITS:
        raise ValueError(f"unknown split {name!r}: choose one of {', '.join(SPLITS)}")
    df = load_reviews()
    return df[df["tap"] == name].reset_index(drop=True)


def make_split(df: pd.DataFrame, seed: int = SEED) -> pd.Series:
    """How the stored ``tap`` column was made: within every stratum ``cam_xuc × kieu_viet ×
    hien_tuong`` (rows in ``ma`` order), a seeded permutation gives the first 60 % to
    ``huan_luyen``, the next 20 % to ``kiem_dinh`` and the rest to ``kiem_tra``."""
    rng = np.random.default_rng(seed)
    tap = pd.Series("", index=df.index, dtype=object)
    for _, group in df.sort_values("ma").groupby(STRATA, sort=True):
        order = group.index[rng.permutation(len(group))]
        n_train = round(SPLITS["huan_luyen"] * len(group))
        n_val = round(SPLITS["kiem_dinh"] * len(group))
        tap[order[:n_train]] = "huan_luyen"
        tap[order[n_train:n_train + n_val]] = "kiem_dinh"
        tap[order[n_train + n_val:]] = "kiem_tra"
    return tap.rename("tap")
