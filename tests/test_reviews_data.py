"""datasets/danh-gia-san-pham: invented Vietnamese product reviews (A5, A7) and their loader."""

import unicodedata

import pytest

from aijourney.datasets.reviews import (LABELS, PHENOMENA, SPLITS, STYLES, load_reviews, make_split,
                                        reviews_split)
from aijourney.datasets.vi_text import load_vi_feedback
from aijourney.toolkit.vntext import ABBREVIATIONS, remove_diacritics

COLUMNS = ["ma", "van_ban", "san_pham", "cam_xuc", "kieu_viet", "hien_tuong", "tap"]


@pytest.fixture(scope="module")
def df():
    return load_reviews()


def _key(text: str) -> str:
    return " ".join(str(text).lower().split())


def test_columns_ids_and_values(df):
    assert list(df.columns) == COLUMNS
    assert len(df) >= 480
    assert df["ma"].is_unique
    assert df["ma"].str.fullmatch(r"DG\d{4}").all()
    assert set(df["cam_xuc"]) == set(LABELS)
    assert set(df["kieu_viet"]) == set(STYLES)
    assert set(df["hien_tuong"]) == set(PHENOMENA)
    assert set(df["tap"]) == set(SPLITS)
    assert df["san_pham"].str.fullmatch(r"[a-z_]+").all()
    assert df.notna().all().all()


def test_texts_are_new_nfc_and_short(df):
    keys = df["van_ban"].map(_key)
    assert keys.is_unique, df[keys.duplicated(keep=False)]["van_ban"].tolist()
    assert not set(keys) & set(load_vi_feedback()["van_ban"].map(_key))
    assert (df["van_ban"] == df["van_ban"].map(lambda t: unicodedata.normalize("NFC", t))).all()
    assert df["van_ban"].str.split().str.len().between(4, 35).all()


def test_no_phone_numbers(df):
    digits = df["van_ban"].str.replace(r"[\s.\-]", "", regex=True)
    assert not digits.str.contains(r"\d{9,11}").any()
    assert not df["van_ban"].str.contains(r"\d{9,}").any()


def test_writing_styles_are_what_they_say(df):
    plain = df[df["kieu_viet"] == "khong_dau"]["van_ban"]
    assert (plain == plain.map(remove_diacritics)).all()
    standard = df[df["kieu_viet"] == "chuan"]["van_ban"]
    assert (standard != standard.map(remove_diacritics)).all()
    words = df[df["kieu_viet"] == "viet_tat"]["van_ban"].str.lower().str.findall(r"\w+")
    teencode = set(ABBREVIATIONS) | {"cf", "nc", "mk", "ng", "r", "ae", "e", "bt", "lun", "thik", "đg", "hqua"}
    assert words.map(lambda ws: bool(teencode & set(ws))).all()


def test_labels_balanced_overall_and_per_split(df):
    def balanced(part):
        counts = part["cam_xuc"].value_counts()
        return set(counts.index) == set(LABELS) and counts.max() - counts.min() <= 1
    assert balanced(df)
    for name, part in df.groupby("tap"):
        assert balanced(part), name
    for name, part in df.groupby("hien_tuong"):
        assert balanced(part), name


def test_split_proportions_and_strata(df):
    for name, share in SPLITS.items():
        assert abs((df["tap"] == name).mean() - share) <= 0.01, name
    for name, part in df.groupby("tap"):
        for column in ("kieu_viet", "hien_tuong"):
            both = part.groupby(column)["cam_xuc"].nunique()
            assert set(both.index) == set(df[column]) and (both == 2).all(), (name, column)


def test_stored_split_is_the_seeded_stratified_split(df):
    assert (df["tap"] == make_split(df)).all()


def test_mix_of_styles_and_phenomena(df):
    style = df["kieu_viet"].value_counts(normalize=True)
    assert 0.65 <= style["chuan"] <= 0.75
    assert all(0.07 <= style[s] <= 0.13 for s in STYLES[1:])
    kind = df["hien_tuong"].value_counts(normalize=True)
    assert 0.55 <= kind["thuong"] <= 0.65 and kind["mia_mai"] >= 0.08
    assert all(0.12 <= kind[k] <= 0.18 for k in ("phu_dinh", "tuong_phan"))


def test_reviews_split_returns_one_part(df):
    parts = {name: reviews_split(name) for name in SPLITS}
    assert sum(len(p) for p in parts.values()) == len(df)
    for name, part in parts.items():
        assert set(part["tap"]) == {name}
        assert list(part.index) == list(range(len(part)))
    assert not set(parts["huan_luyen"]["ma"]) & set(parts["kiem_tra"]["ma"])


@pytest.mark.parametrize("name", ["train", "test", "", "kiem tra", None])
def test_reviews_split_rejects_unknown_part(name):
    with pytest.raises(ValueError, match="unknown split"):
        reviews_split(name)


def test_missing_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("AIJOURNEY_DATASETS", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        load_reviews()
