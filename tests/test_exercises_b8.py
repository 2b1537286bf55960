"""Every exercise of lesson B8: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm", every option of the choice question its own
explanation."""

import math

import numpy as np
import pytest

from aijourney.datasets.faq import faq_split, faq_validation_split, load_faq
from aijourney.exercises.b8 import BA_CAU, MAX_OUT_OF_SCOPE, MIN_RIGHT, q1, q2, q3, q4, q5, q6, q7
from aijourney.feedback import ____
from aijourney.i18n import t
from aijourney.toolkit.assistant import THRESHOLD_GRID, build_assistant, threshold_table


def _message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def parts():
    bank, _ = faq_split()
    return (bank, *faq_validation_split())


def test_q1_number_of_answers():
    df = load_faq()
    right = df["ma_cau_tra_loi"].nunique()
    assert q1.evaluate({"so_cau_tra_loi": right}).correct
    assert q1.evaluate({"so_cau_tra_loi": ____}).status == "not_attempted"
    assert "số **dòng**" in _message(q1, len(df))
    assert "số **chủ đề**" in _message(q1, df["chu_de"].nunique())
    assert "số **kiểu hỏi**" in _message(q1, df["kieu_cau_hoi"].nunique())
    assert "chưa đúng" in _message(q1, right + 1)


def test_q2_idf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(token_pattern=r"\S+").fit(BA_CAU)
    right = vec.idf_[vec.vocabulary_["cho"]]
    assert q2.evaluate({"idf_cho": right}).correct
    assert q2.evaluate({"idf_cho": round(right, 3)}).correct
    assert q2.evaluate({"idf_cho": ____}).status == "not_attempted"
    assert "quên cộng thêm 1" in _message(q2, right - 1)
    assert "n / df" in _message(q2, math.log(3 / 2) + 1)
    assert "cơ số 10" in _message(q2, math.log10(4 / 3) + 1)
    khai = vec.idf_[vec.vocabulary_["khai"]]  # the worked example, copied unchanged
    assert "(df) chưa đúng" in _message(q2, khai)
    assert "(df) chưa đúng" in _message(q2, 1.0)  # df = 3
    assert "chưa đúng" in _message(q2, 2.5)


def test_q3_top_k():
    def right(diem, k):
        return np.argsort(-diem)[:k]

    def as_list(diem, k):
        return sorted(range(len(diem)), key=lambda i: -diem[i])[:k]

    def placeholder(diem, k):
        return ____

    def stub(diem, k):
        raise NotImplementedError()

    assert q3.evaluate({"chon_top_k": right}).correct
    assert q3.evaluate({"chon_top_k": as_list}).correct
    assert "ít giống nhất" in _message(q3, lambda d, k: np.argsort(d)[:k])
    msg = _message(q3, lambda d, k: sorted(d, reverse=True)[:k])
    assert "các **điểm**" in msg and "[0.7, 0.3]" in msg
    assert "sai thứ tự" in _message(q3, lambda d, k: np.argsort(d)[-k:])
    assert "cần đúng 2 vị trí" in _message(q3, lambda d, k: np.argsort(-d))
    assert "báo lỗi" in _message(q3, lambda d, k: d.sort()[:k])
    assert "**vị trí**" in _message(q3, lambda d, k: ["một", "hai"])
    assert "kết quả đúng là [1, 2]" in _message(q3, lambda d, k: [0, 1][:k])
    assert "phải là một hàm" in _message(q3, 3)
    assert q3.evaluate({"chon_top_k": placeholder}).status == "not_attempted"
    assert q3.evaluate({"chon_top_k": stub}).status == "not_attempted"


def test_q4_accuracy_on_validation_data(parts):
    bank, kiem_dinh, kiem_tra, _, _ = parts
    assistant = build_assistant()
    right = assistant.accuracy(kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"])
    by_hand = float((np.array(assistant.predict(kiem_dinh["cau_hoi"])) == kiem_dinh["ma_cau_tra_loi"].to_numpy()).mean())
    assert right == by_hand and right >= 0.85
    assert q4.evaluate({"do_chinh_xac_kiem_dinh": right}).correct
    assert q4.evaluate({"do_chinh_xac_kiem_dinh": ____}).status == "not_attempted"
    assert "nhân với 100" in _message(q4, 100 * right)
    assert "**số** câu đúng" in _message(q4, round(right * len(kiem_dinh)))
    assert "**dữ liệu huấn luyện**" in _message(q4, assistant.accuracy(bank["cau_hoi"], bank["ma_cau_tra_loi"]))
    on_test = assistant.accuracy(kiem_tra["cau_hoi"], kiem_tra["ma_cau_tra_loi"])
    assert on_test != right and "**dữ liệu kiểm tra**" in _message(q4, on_test)
    assert "chưa đúng" in _message(q4, right - 0.1)


def test_q5_threshold_chosen_on_validation_data(parts):
    _, kiem_dinh, _, ngoai_kiem_dinh, _ = parts
    table = threshold_table(build_assistant(), kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"],
                            ngoai_kiem_dinh["cau_hoi"], THRESHOLD_GRID)
    good = table[(table["tra_loi_dung"] >= MIN_RIGHT) & (table["ngoai_pham_vi_bi_tra_loi"] <= MAX_OUT_OF_SCOPE)]
    assert len(good) >= 2, "the lesson needs a lowest acceptable threshold and a higher one"
    lowest = float(good["nguong"].min())
    assert q5.evaluate({"nguong": lowest}).correct
    assert q5.evaluate({"nguong": ____}).status == "not_attempted"
    assert "Hãy tăng ngưỡng" in _message(q5, 0.3)
    assert "chưa phải ngưỡng **thấp nhất**" in _message(q5, float(good["nguong"].max()))
    assert "Hãy giảm ngưỡng" in _message(q5, 0.7)
    assert "nhân với 100" in _message(q5, 100 * lowest)
    assert "cột `nguong`" in _message(q5, 0.52)


def test_q6_one_report_on_test_data(parts):
    bank, kiem_dinh, kiem_tra, ngoai_kiem_dinh, ngoai_kiem_tra = parts
    assistant, threshold = build_assistant(), q5.expected
    test = threshold_table(assistant, kiem_tra["cau_hoi"], kiem_tra["ma_cau_tra_loi"], ngoai_kiem_tra["cau_hoi"],
                           [threshold])
    right = test["tra_loi_dung"].iloc[0]
    assert q6.evaluate({"ty_le_dung_kiem_tra": right}).correct
    assert q6.evaluate({"ty_le_dung_kiem_tra": ____}).status == "not_attempted"
    validation = threshold_table(assistant, kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"],
                                 ngoai_kiem_dinh["cau_hoi"], [threshold])["tra_loi_dung"].iloc[0]
    assert validation != right and "**dữ liệu kiểm định**" in _message(q6, validation)
    on_bank = threshold_table(assistant, bank["cau_hoi"], bank["ma_cau_tra_loi"], [], [threshold])
    assert "**dữ liệu huấn luyện**" in _message(q6, on_bank["tra_loi_dung"].iloc[0])
    assert "nhân với 100" in _message(q6, 100 * right)
    assert "làm tròn quá sớm" in _message(q6, round(right, 2))
    assert "nhầm cột" in _message(q6, test["tra_loi_sai"].iloc[0])
    assert "nhầm cột" in _message(q6, test["ngoai_pham_vi_bi_tra_loi"].iloc[0])
    assert "chưa đúng" in _message(q6, 0.5)
    assert "cả một bảng" in _message(q6, test)


@pytest.mark.parametrize("answer, status, words", [
    ("C", "correct", "chuyển cho người thật"), ("c ", "correct", ""), ("C.", "correct", ""),
    ("A", "incorrect", "ảo giác"), ("B", "incorrect", "Hạ ngưỡng"), ("D", "incorrect", "Nghị định 13/2023/NĐ-CP"),
    ("E", "incorrect", "A, B, C, D"), ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q7_choice(answer, status, words):
    result = q7.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q7_right_option_is_not_the_longest():
    for lang in ("vi", "en"):
        options = {c: t(f"b8.q7.option.{c}", lang=lang) for c in "ABCD"}
        assert max(options, key=lambda c: len(options[c])) != "C", lang
        assert max(map(len, options.values())) <= 1.3 * min(map(len, options.values())), lang
