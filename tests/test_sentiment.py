"""The sentiment helpers of lesson A5 (aijourney.toolkit.sentiment), on tiny hand-made data."""

import pandas as pd
import pytest

from aijourney.toolkit.sentiment import (chosen_settings, group_table, macro_f1, make_sentiment_model, mark_negation,
                                         settings_name, strongest_weights, validation_table, word_contributions,
                                         wrong_predictions)

TRAIN = pd.DataFrame({
    "van_ban": ["hàng ngon lắm", "rất ngon và thơm", "giao nhanh, ngon", "thơm ngon tuyệt",
                "hàng dở quá", "rất dở và hôi", "giao chậm, dở", "hôi dở tệ"],
    "cam_xuc": ["tich_cuc"] * 4 + ["tieu_cuc"] * 4,
    "hien_tuong": ["thuong", "thuong", "phu_dinh", "thuong"] * 2,
})


def test_mark_negation_glues_the_flipped_word_and_fillers():
    assert mark_negation(["không", "ngon"]) == ["không_ngon"]
    assert mark_negation(["cà_phê", "không", "hề", "đắng", "lắm"]) == ["cà_phê", "không_hề_đắng", "lắm"]
    assert mark_negation(["ko", "ngon", "k", "thơm"]) == ["ko_ngon", "k_thơm"]
    assert mark_negation(["ngon", "không"]) == ["ngon", "không"]  # nothing after it: kept alone
    assert mark_negation(["không", "hề"]) == ["không_hề"]  # a filler at the end is the flipped word


def test_the_model_counts_words_or_syllables_and_can_mark_negation():
    words = make_sentiment_model("tu", (1, 2)).fit(TRAIN["van_ban"], TRAIN["cam_xuc"])
    names = set(words.named_steps["dem"].get_feature_names_out())
    assert "ngon" in names and "rất ngon" in names  # unigrams and bigrams
    neg = make_sentiment_model("am_tiet", negation=True).fit(["không ngon", "ngon"], ["tieu_cuc", "tich_cuc"])
    assert set(neg.named_steps["dem"].get_feature_names_out()) == {"không_ngon", "ngon"}
    assert list(words.predict(["ngon thơm", "dở hôi"])) == ["tich_cuc", "tieu_cuc"]
    with pytest.raises(ValueError):
        make_sentiment_model("chu")


def test_macro_f1_weighs_classes_equally():
    assert macro_f1(["a", "a", "a", "b"], ["a", "a", "a", "a"]) == pytest.approx((6 / 7 + 0) / 2)
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0


def test_validation_table_and_the_choice_rule():
    grid = [("am_tiet", (1, 1), 1.0), ("tu", (1, 2), 10.0)]
    table = validation_table(TRAIN, TRAIN.iloc[::-1], grid)
    assert list(table["cai_dat"]) == [settings_name(*g) for g in grid] == ["am_tiet, 1-1, C=1", "tu, 1-2, C=10"]
    assert table["f1_kiem_dinh"].between(0, 1).all()
    tie = table.assign(f1_kiem_dinh=[0.8, 0.8])
    assert chosen_settings(tie) == {"tokens": "am_tiet", "ngram_range": (1, 1), "C": 1.0}  # first of a tie
    better = table.assign(f1_kiem_dinh=[0.7, 0.8])
    assert chosen_settings(better) == {"tokens": "tu", "ngram_range": (1, 2), "C": 10.0}


def test_group_table_wrong_predictions_and_weights():
    model = make_sentiment_model("am_tiet").fit(TRAIN["van_ban"], TRAIN["cam_xuc"])
    test = pd.DataFrame({"van_ban": ["ngon thơm", "dở hôi", "không ngon", "không dở"],
                         "cam_xuc": ["tich_cuc", "tieu_cuc", "tieu_cuc", "tich_cuc"],
                         "kieu_viet": ["chuan"] * 4, "hien_tuong": ["thuong", "thuong", "phu_dinh", "phu_dinh"]})
    table = group_table(model, test, "hien_tuong")
    assert list(table["hien_tuong"]) == ["phu_dinh", "thuong"]  # worst first
    assert table.set_index("hien_tuong").loc["thuong", "do_chinh_xac"] == 1.0
    assert table.set_index("hien_tuong").loc["phu_dinh", "do_chinh_xac"] == 0.0
    wrong = wrong_predictions(model, test)
    assert list(wrong["van_ban"]) == ["không ngon", "không dở"]
    assert list(wrong["du_doan"]) == ["tich_cuc", "tieu_cuc"]
    weights = strongest_weights(model, 2)
    assert set(weights["tich_cuc"]) <= {"ngon", "thơm", "tuyệt", "lắm", "nhanh"}
    assert set(weights["tieu_cuc"]) <= {"dở", "hôi", "tệ", "quá", "chậm"}
    push = word_contributions(model, "ngon mà dở", 2)
    assert set(push["dac_trung"]) == {"ngon", "dở"}
    assert push.set_index("dac_trung").loc["dở", "day_ve_tieu_cuc"] > 0 > push.set_index("dac_trung").loc["ngon", "day_ve_tieu_cuc"]
