"""The B8 FAQ assistant and its data: text normalisation, retrieval measured on held-out
paraphrases, hand-over below the threshold, and refusal of personal data."""

import re

import numpy as np
import pandas as pd
import pytest

from aijourney.toolkit.assistant import (
    DEFAULT_THRESHOLD,
    MAX_OUT_OF_SCOPE,
    MIN_RIGHT,
    THRESHOLD_GRID,
    FAQAssistant,
    build_assistant,
    choose_threshold,
    find_personal_data,
    mask_personal_data,
    normalize,
    prepare,
    threshold_table,
)
from aijourney.toolkit.vntext import remove_diacritics
from aijourney.datasets.faq import faq_answers, faq_split, faq_validation_split, load_faq, load_out_of_scope

SEEDS = range(5)
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)


# -- the data ----------------------------------------------------------------------------------
def test_faq_has_enough_paraphrased_pairs():
    df = load_faq()
    assert list(df.columns) == ["ma_cau_tra_loi", "chu_de", "kieu_cau_hoi", "cau_hoi", "cau_tra_loi", "ngay_cap_nhat"]
    assert len(df) >= 150
    assert 40 <= df["ma_cau_tra_loi"].nunique() <= 50
    assert df.groupby("ma_cau_tra_loi").size().min() >= 4
    assert not df["cau_hoi"].duplicated().any()
    assert not df.isna().any().any()
    assert set(df["kieu_cau_hoi"]) == {"chuan", "than_mat", "khong_dau", "go_sai", "ngan"}
    # one answer text and one topic per answer id
    assert (df.groupby("ma_cau_tra_loi")[["cau_tra_loi", "chu_de"]].nunique() == 1).all().all()
    no_accents = df[df["kieu_cau_hoi"] == "khong_dau"]["cau_hoi"]
    assert not no_accents.str.contains(VIETNAMESE).any()
    assert len(faq_answers(df)) == df["ma_cau_tra_loi"].nunique()


def test_answers_are_careful():
    answers = faq_answers()["cau_tra_loi"]
    assert answers.str.contains(VIETNAMESE).all()
    # no phone numbers, fee amounts or decree numbers the authors could not vouch for
    assert not answers.str.contains(r"\d{3,}").any()
    assert not answers.str.contains(r"\d+\s*(?:đồng|nghìn|ngàn|triệu|vnđ|vnd)", case=False).any()
    assert not answers.str.contains(r"(?:Nghị định|Thông tư|Quyết định)\s+số", case=False).any()
    # where to check is named often
    assert answers.str.contains("bộ phận một cửa|công an cấp xã|trang thủ tục|hỏi", case=False).mean() > 0.6


def test_split_holds_out_one_paraphrase_per_answer():
    df = load_faq()
    bank, test = faq_split()
    assert len(bank) + len(test) == len(df)
    assert not set(bank["cau_hoi"]) & set(test["cau_hoi"])
    assert test["ma_cau_tra_loi"].is_unique and set(test["ma_cau_tra_loi"]) == set(df["ma_cau_tra_loi"])
    assert bank.groupby("ma_cau_tra_loi").size().min() >= 2
    again, _ = faq_split()
    assert again.equals(bank)
    other, _ = faq_split(random_state=1)
    assert not other["cau_hoi"].equals(bank["cau_hoi"])


def test_validation_split_cuts_the_held_out_questions_in_two():
    _, held = faq_split()
    oos = load_out_of_scope()
    kiem_dinh, kiem_tra, ngoai_kiem_dinh, ngoai_kiem_tra = faq_validation_split()
    assert sorted(kiem_dinh["cau_hoi"].tolist() + kiem_tra["cau_hoi"].tolist()) == sorted(held["cau_hoi"])
    assert sorted(ngoai_kiem_dinh["cau_hoi"].tolist() + ngoai_kiem_tra["cau_hoi"].tolist()) == sorted(oos["cau_hoi"])
    assert not set(kiem_dinh["cau_hoi"]) & set(kiem_tra["cau_hoi"])
    assert not set(ngoai_kiem_dinh["cau_hoi"]) & set(ngoai_kiem_tra["cau_hoi"])
    assert list(kiem_dinh.columns) == list(held.columns) and list(ngoai_kiem_tra.columns) == list(oos.columns)
    # about half of every question style and of every kind of out-of-scope question on each side
    for part, whole, column in ((kiem_dinh, held, "kieu_cau_hoi"), (ngoai_kiem_dinh, oos, "loai")):
        counts, totals = part[column].value_counts(), whole[column].value_counts()
        assert set(counts.index) == set(totals.index)
        assert ((counts - totals / 2).abs() <= 1).all()
    again = faq_validation_split()
    assert again[0].equals(kiem_dinh) and again[3].equals(ngoai_kiem_tra)
    assert not faq_validation_split(random_state=1)[0]["cau_hoi"].equals(kiem_dinh["cau_hoi"])
    small, _, small_oos, _ = faq_validation_split(validation_share=0.25)
    assert len(small) < len(kiem_dinh) and len(small_oos) < len(ngoai_kiem_dinh)


# -- text --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, folded", [
    ("Đăng ký khai sinh", "Dang ky khai sinh"),
    ("ĐƯỢC KHÔNG Ạ", "DUOC KHONG A"),
    ("Thẻ bảo hiểm y tế", "The bao hiem y te"),
    ("quên mật khẩu", "quen mat khau"),
])
def test_remove_diacritics(text, folded):
    assert remove_diacritics(text) == folded


def test_remove_diacritics_accepts_decomposed_text():
    import unicodedata

    assert remove_diacritics(unicodedata.normalize("NFD", "Đổi số điện thoại")) == "Doi so dien thoai"


@pytest.mark.parametrize("text, expected", [
    ("  Đăng ký KHAI SINH?? ", "dang ky khai sinh"),
    ("Hồ sơ số 123-ABC", "ho so so 123 abc"),
    ("quên mật khẩu,phải làm sao?", "quen mat khau phai lam sao"),
    ("", ""),
])
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_abbreviations_are_expanded_word_by_word():
    assert prepare("dk tạm trú NTN?") == "dang ky tam tru nhu the nao"
    assert prepare("Quên MK vneid, ko đc") == "quen mat khau vneid khong duoc"
    assert prepare("kho khăn") == "kho khan"  # only whole words
    assert prepare("Thẻ bị hỏng") == "the bi hong"  # "hong" is not a short form of "không" here


# -- retrieval ---------------------------------------------------------------------------------
def _pooled_accuracy(**kwargs) -> tuple[float, float]:
    right, no_accents = [], []
    for seed in SEEDS:
        bank, test = faq_split(random_state=seed)
        assistant = FAQAssistant.from_frame(bank, **kwargs)
        ok = np.array(assistant.predict(test["cau_hoi"])) == test["ma_cau_tra_loi"].to_numpy()
        right.extend(ok)
        no_accents.extend(ok[test["kieu_cau_hoi"].to_numpy() == "khong_dau"])
    return float(np.mean(right)), float(np.mean(no_accents))


def test_paraphrases_find_the_right_answer_on_held_out_splits():
    accuracy, no_accents = _pooled_accuracy()
    assert accuracy >= 0.85, accuracy
    assert no_accents >= 0.85, no_accents
    bank, test = faq_split()
    assert build_assistant().accuracy(test["cau_hoi"], test["ma_cau_tra_loi"]) >= 0.9


def test_accent_folding_is_what_makes_it_work():
    folded, _ = _pooled_accuracy()
    raw, raw_no_accents = _pooled_accuracy(fold=False)
    assert folded - raw >= 0.2, (folded, raw)
    assert raw_no_accents < 0.5


def test_every_bank_question_finds_itself():
    bank, _ = faq_split()
    assistant = build_assistant()
    assert assistant.accuracy(bank["cau_hoi"], bank["ma_cau_tra_loi"]) == 1.0
    answer_id, score, matched = assistant.best(bank["cau_hoi"].iloc[7])
    assert matched == bank["cau_hoi"].iloc[7] and score == pytest.approx(1.0)


def test_top_k_lists_distinct_answers_best_first():
    top = build_assistant().top_k("lam khai sinh cho be o dau", k=3)
    assert list(top.columns) == ["ma_cau_tra_loi", "diem", "cau_hoi_khop", "cau_tra_loi"]
    assert len(top) == 3 and top["ma_cau_tra_loi"].is_unique
    assert top["diem"].is_monotonic_decreasing
    assert top["ma_cau_tra_loi"].iloc[0] == "A16"


def test_answer_returns_the_written_answer_with_its_date():
    reply = build_assistant().answer("quen mk vneid thi lam sao")
    expected = faq_answers().set_index("ma_cau_tra_loi").loc["A04", "cau_tra_loi"]
    assert reply.kind == "answer" and not reply.handed_over
    assert reply.answer_id == "A04" and reply.text.startswith(expected)
    assert reply.score >= DEFAULT_THRESHOLD and reply.matched_question
    assert "cập nhật ngày" in reply.text and "bộ phận một cửa" in reply.text
    assert "câu hỏi đã biết gần nhất" in str(reply)


# -- hand-over ---------------------------------------------------------------------------------
def test_unknown_questions_are_handed_over():
    oos = load_out_of_scope()
    assistant = build_assistant()
    replies = [assistant.answer(q) for q in oos["cau_hoi"]]
    handed = np.array([r.kind == "handover" for r in replies])
    assert handed.mean() >= 0.8, handed.mean()
    assert handed[oos["loai"].to_numpy() == "ngoai_chu_de"].mean() >= 0.9
    first = next(r for r in replies if r.kind == "handover")
    assert "chưa chắc chắn" in first.text and "bộ phận một cửa" in first.text
    assert first.answer_id is None
    for question in ("Kể chuyện cười đi", "hom nay an gi ngon", "Cách trồng tiêu cho năng suất cao?"):
        assert assistant.answer(question).handed_over, question


def test_empty_question_is_not_answered():
    reply = build_assistant().answer("  ??? ")
    assert reply.kind == "handover" and "chưa nhập câu hỏi" in reply.text


def test_threshold_trades_answers_for_hand_overs():
    bank, test = faq_split()
    table = threshold_table(build_assistant(), test["cau_hoi"], test["ma_cau_tra_loi"],
                            load_out_of_scope()["cau_hoi"], [0.0, 0.3, DEFAULT_THRESHOLD, 0.7, 1.01])
    assert np.allclose(table[["tra_loi_dung", "tra_loi_sai", "chuyen_nguoi"]].sum(axis=1), 1)
    assert table["chuyen_nguoi"].is_monotonic_increasing
    assert table["ngoai_pham_vi_bi_tra_loi"].is_monotonic_decreasing
    assert table["ngoai_pham_vi_bi_tra_loi"].iloc[0] == 1 and table["chuyen_nguoi"].iloc[-1] == 1
    at_default = table.set_index("nguong").loc[DEFAULT_THRESHOLD]
    assert at_default["tra_loi_dung"] >= 0.8 and at_default["ngoai_pham_vi_bi_tra_loi"] <= 0.2


def test_choose_threshold_takes_the_lowest_that_meets_both_requirements():
    table = pd.DataFrame({"nguong": [0.3, 0.4, 0.5, 0.6, 0.7],
                          "tra_loi_dung": [0.95, 0.95, 0.9, 0.85, 0.6],
                          "ngoai_pham_vi_bi_tra_loi": [0.6, 0.3, 0.2, 0.0, 0.0]})
    assert choose_threshold(table) == 0.5
    assert choose_threshold(table, max_out_of_scope=0.4) == 0.4
    with pytest.raises(ValueError):
        choose_threshold(table, min_right=0.9, max_out_of_scope=0.0)
    assert THRESHOLD_GRID[0] == 0.3 and THRESHOLD_GRID[-1] == 0.7 and len(THRESHOLD_GRID) == 9


def test_default_threshold_is_what_lesson_b8_chooses_on_validation_data():
    """DEFAULT_THRESHOLD is the choice of lesson B8's procedure on validation data (never the test part)."""
    assistant = build_assistant()
    assert assistant.threshold == DEFAULT_THRESHOLD
    kiem_dinh, _, ngoai_kiem_dinh, _ = faq_validation_split()
    table = threshold_table(assistant, kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"], ngoai_kiem_dinh["cau_hoi"],
                            THRESHOLD_GRID)
    assert choose_threshold(table) == DEFAULT_THRESHOLD
    assert MIN_RIGHT == 0.8 and MAX_OUT_OF_SCOPE == 0.2


# -- personal data -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, kinds", [
    ("CCCD của tôi là 012345678901, đổi thẻ ở đâu?", ["cccd"]),
    ("số định danh 012.345.678.901", ["cccd"]),
    ("Gọi cho tôi: 0912345678", ["phone"]),
    ("sdt 0912 345 678 nhé", ["phone"]),
    ("liên hệ +84912345678", ["phone"]),
    ("mail an.nguyen@example.com", ["email"]),
    ("số thẻ 9704123412341234", ["bank"]),
    ("mật khẩu của tôi là abc123", ["secret"]),
    ("mã OTP 482913 hết hạn rồi", ["secret"]),
    ("CMND cũ 123456789 còn dùng được không", ["cccd"]),
    ("căn cước 012345678901, sđt 0912345678", ["cccd", "phone"]),
])
def test_personal_data_is_flagged(text, kinds):
    assert find_personal_data(text) == kinds


@pytest.mark.parametrize("text", [
    "Quên mật khẩu VNeID thì làm sao?",
    "Có nên đưa mã OTP cho người khác không?",
    "Năm 2024 tôi đổi thẻ lúc 25 tuổi",
    "Mã hồ sơ 000.00.00.H10-240101-0001 đến đâu rồi?",
    "Con tôi sinh ngày 15/08/2020",
    "Số 1234567890 là gì?",
])
def test_ordinary_questions_are_not_flagged(text):
    assert find_personal_data(text) == []


def test_no_faq_question_is_mistaken_for_personal_data():
    questions = pd.concat([load_faq()["cau_hoi"], load_out_of_scope()["cau_hoi"]])
    assert [q for q in questions if find_personal_data(q)] == []


def test_personal_data_is_refused_and_masked():
    text = "CCCD của tôi là 012345678901, sđt 0912345678. Quên mật khẩu VNeID thì sao?"
    reply = build_assistant().answer(text)
    assert reply.kind == "privacy" and reply.handed_over
    assert reply.personal_data == ("cccd", "phone")
    assert "thông tin cá nhân" in reply.text and "số điện thoại" in reply.text
    assert reply.answer_id is None and reply.matched_question is None
    assert "012345678901" not in str(reply)
    masked = mask_personal_data(text)
    assert "012345678901" not in masked and "0912345678" not in masked
    assert masked.startswith("CCCD của tôi là ***") and masked.endswith("Quên mật khẩu VNeID thì sao?")
    assert mask_personal_data("mk là Abc123! cảm ơn") == "*** cảm ơn"


def test_replies_follow_the_chosen_language(monkeypatch):
    monkeypatch.setenv("AIJOURNEY_LANG", "en")
    assistant = build_assistant()
    assert "not sure" in assistant.answer("Kể chuyện cười đi").text
    assert "personal data" in assistant.answer("0912345678").text


def test_bad_input_is_rejected():
    with pytest.raises(ValueError):
        FAQAssistant(["a"], [])
    with pytest.raises(ValueError):
        build_assistant().accuracy(["a", "b"], ["A01"])
