"""aijourney.toolkit.vntext (Vietnamese tokenizers, bag of words) and the vi-phan-hoi dataset loader."""

import pandas as pd
import pytest
from underthesea import word_tokenize

from aijourney.datasets.vi_text import STYLES, load_vi_feedback, validation_split, vi_feedback_split
from aijourney.toolkit.vntext import (ABBREVIATIONS, expand_abbreviations, make_classifier, make_vectorizer,
                              remove_diacritics, tokenize_syllables, tokenize_words, top_words, unknown_share)


def test_dataset_shape_labels_and_text():
    df = load_vi_feedback()
    assert list(df.columns) == ["ma", "van_ban", "chu_de", "cam_xuc", "kieu_viet"]
    assert 60 <= len(df) <= 120
    assert df["ma"].is_unique and df["van_ban"].is_unique
    assert set(df["chu_de"]) == {"ocop", "dich_vu_cong"}
    assert set(df["cam_xuc"]) == {"tich_cuc", "tieu_cuc"}
    assert set(df["kieu_viet"]) == set(STYLES)
    assert df["van_ban"].str.len().between(10, 120).all()
    # balanced labels within every writing style, so accuracy per style is comparable
    counts = df.groupby(["kieu_viet", "cam_xuc"]).size().unstack()
    assert (counts["tich_cuc"] == counts["tieu_cuc"]).all()
    # the "khong_dau" sentences really have no diacritics, the standard ones do
    no_marks = df[df["kieu_viet"] == "khong_dau"]["van_ban"]
    assert (no_marks == no_marks.map(remove_diacritics)).all()
    standard = df[df["kieu_viet"] == "chuan"]["van_ban"]
    assert (standard != standard.map(remove_diacritics)).all()


def test_split_trains_on_standard_text_only():
    train, test = vi_feedback_split()
    df = load_vi_feedback()
    assert set(train["kieu_viet"]) == {"chuan"}
    assert set(train["ma"]).isdisjoint(test["ma"])
    assert len(train) + len(test) == len(df)
    assert set(test["kieu_viet"]) == set(STYLES)
    assert (train["cam_xuc"].value_counts() == len(train) // 2).all()
    again, _ = vi_feedback_split()
    pd.testing.assert_frame_equal(train, again)


def test_validation_split_divides_the_training_sentences_only():
    train, test = vi_feedback_split()
    learn, validation = validation_split(train)
    assert (len(learn), len(validation)) == (42, 14)
    assert set(learn["ma"]).isdisjoint(validation["ma"])
    assert set(learn["ma"]) | set(validation["ma"]) == set(train["ma"])
    assert set(validation["ma"]).isdisjoint(test["ma"])
    assert (validation["cam_xuc"].value_counts() == 7).all()  # stratified on topic and sentiment
    again, _ = validation_split(train)
    pd.testing.assert_frame_equal(learn, again)


def test_tokenize_words_joins_syllables_and_drops_punctuation():
    assert tokenize_words("Nộp hồ sơ trực tuyến, rất tiện.") == ["nộp", "hồ_sơ", "trực_tuyến", "rất", "tiện"]
    expected = [w.lower().replace(" ", "_") for w in word_tokenize("Mật ong Bù Gia Mập")]
    assert tokenize_words("Mật ong Bù Gia Mập") == expected and "bù_gia_mập" in expected
    assert tokenize_syllables("Nộp hồ sơ, rất tiện!") == ["nộp", "hồ", "sơ", "rất", "tiện"]


def test_vectorizers_count_words_or_syllables():
    sentences = ["Học sinh được học sinh học", "Nộp hồ sơ trực tuyến"]
    words = make_vectorizer("underthesea").fit(sentences)
    syllables = make_vectorizer("space").fit(sentences)
    assert "hồ_sơ" in words.vocabulary_ and "hồ_sơ" not in syllables.vocabulary_
    assert {"hồ", "sơ"} <= set(syllables.vocabulary_)
    with pytest.raises(ValueError):
        make_vectorizer("bpe")


def test_classifier_learns_and_struggles_without_diacritics():
    train, test = vi_feedback_split()
    model = make_classifier("underthesea").fit(train["van_ban"], train["cam_xuc"])
    standard = test[test["kieu_viet"] == "chuan"]
    with_marks = model.score(standard["van_ban"], standard["cam_xuc"])
    without = model.score(standard["van_ban"].map(remove_diacritics), standard["cam_xuc"])
    assert with_marks >= 0.65
    assert without < with_marks  # the lesson's controlled experiment
    assert unknown_share(model, "hat dieu bi am") > unknown_share(model, "Hạt điều bị ẩm")
    assert unknown_share(model, "...") == 1.0
    top = top_words(model, 5)
    assert list(top.columns) == ["tich_cuc", "tieu_cuc"] and len(top) == 5
    assert "thất_vọng" in list(top_words(model, 15)["tieu_cuc"])


def test_remove_diacritics_and_abbreviations():
    assert remove_diacritics("Hạt điều Đồng Xoài") == "Hat dieu Dong Xoai"
    assert expand_abbreviations("Ko đăng nhập dc, sp ok") == "không đăng nhập được, sản phẩm ok"
    assert expand_abbreviations("ko", {"ko": "chẳng"}) == "chẳng"
    assert all(k == k.lower() and " " not in k for k in ABBREVIATIONS)
