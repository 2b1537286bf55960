"""Every exercise of lesson B8: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import math

import numpy as np
import pytest

from aijourney.toolkit.assistant import build_assistant, threshold_table
from aijourney.datasets.faq import faq_split, load_faq, load_out_of_scope
from aijourney.exercises.b8 import BA_CAU, MAX_OUT_OF_SCOPE, MIN_RIGHT, q1, q2, q3, q4, q5, q6
from aijourney.feedback import ____


def test_q1_number_of_answers():
    df = load_faq()
    right = df["ma_cau_tra_loi"].nunique()
    assert 40 <= right <= 50
    assert q1.evaluate({"so_cau_tra_loi": right}).correct
    assert q1.evaluate({"so_cau_tra_loi": ____}).status == "not_attempted"
    rows = q1.evaluate({"so_cau_tra_loi": len(df)})
    assert rows.status == "incorrect" and "số **dòng**" in rows.message
    topics = q1.evaluate({"so_cau_tra_loi": df["chu_de"].nunique()})
    assert topics.status == "incorrect" and "số **chủ đề**" in topics.message
    assert q1.evaluate({"so_cau_tra_loi": right + 1}).status == "incorrect"


def test_q2_idf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(token_pattern=r"\S+").fit(BA_CAU)
    right = vec.idf_[vec.vocabulary_["cho"]]
    assert q2.evaluate({"idf_cho": right}).correct
    assert q2.evaluate({"idf_cho": round(right, 3)}).correct
    assert q2.evaluate({"idf_cho": ____}).status == "not_attempted"
    assert "quên cộng thêm 1" in q2.evaluate({"idf_cho": right - 1}).message
    assert "n / df" in q2.evaluate({"idf_cho": math.log(3 / 2) + 1}).message
    assert "cơ số 10" in q2.evaluate({"idf_cho": math.log10(4 / 3) + 1}).message
    khai = vec.idf_[vec.vocabulary_["khai"]]  # a word in one sentence only
    assert "(df) chưa đúng" in q2.evaluate({"idf_cho": khai}).message
    assert q2.evaluate({"idf_cho": "1.29"}).status == "incorrect"


def test_q3_top_k():
    def right(diem, k):
        return np.argsort(-diem)[:k]

    def as_list(diem, k):
        return sorted(range(len(diem)), key=lambda i: -diem[i])[:k]

    def ascending(diem, k):
        return np.argsort(diem)[:k]

    def scores(diem, k):
        return sorted(diem, reverse=True)[:k]

    def wrong_order(diem, k):
        return np.argsort(diem)[-k:]

    def placeholder(diem, k):
        return ____

    def stub(diem, k):
        raise NotImplementedError()

    assert q3.evaluate({"chon_top_k": right}).correct
    assert q3.evaluate({"chon_top_k": as_list}).correct
    assert "ít giống nhất" in q3.evaluate({"chon_top_k": ascending}).message
    msg = q3.evaluate({"chon_top_k": scores}).message
    assert "các **điểm**" in msg and "[0.7, 0.3]" in msg
    assert "sai thứ tự" in q3.evaluate({"chon_top_k": wrong_order}).message
    assert "cần đúng 2 vị trí" in q3.evaluate({"chon_top_k": lambda d, k: np.argsort(-d)}).message
    assert "báo lỗi" in q3.evaluate({"chon_top_k": lambda d, k: d.sort()[:k]}).message
    assert q3.evaluate({"chon_top_k": placeholder}).status == "not_attempted"
    assert q3.evaluate({"chon_top_k": stub}).status == "not_attempted"
    assert q3.evaluate({"chon_top_k": 3}).status == "incorrect"


def test_q4_held_out_accuracy():
    bank, test = faq_split()
    assistant = build_assistant()
    predicted = np.array(assistant.predict(test["cau_hoi"]))
    right = float((predicted == test["ma_cau_tra_loi"].to_numpy()).mean())
    assert right >= 0.85
    assert q4.evaluate({"do_chinh_xac": right}).correct
    assert q4.evaluate({"do_chinh_xac": ____}).status == "not_attempted"
    assert "không nhân với 100" in q4.evaluate({"do_chinh_xac": 100 * right}).message
    count = int((predicted == test["ma_cau_tra_loi"].to_numpy()).sum())
    assert f"({len(test)})" in q4.evaluate({"do_chinh_xac": count}).message
    on_bank = assistant.accuracy(bank["cau_hoi"], bank["ma_cau_tra_loi"])
    assert "ngan_hang" in q4.evaluate({"do_chinh_xac": on_bank}).message
    assert q4.evaluate({"do_chinh_xac": right - 0.1}).status == "incorrect"


def test_q5_threshold():
    _, test = faq_split()
    table = threshold_table(build_assistant(), test["cau_hoi"], test["ma_cau_tra_loi"],
                            load_out_of_scope()["cau_hoi"], np.round(np.arange(0.30, 0.71, 0.05), 2))
    good = table[(table["tra_loi_dung"] >= MIN_RIGHT) & (table["ngoai_pham_vi_bi_tra_loi"] <= MAX_OUT_OF_SCOPE)]
    assert len(good) >= 2, "the lesson needs a range of acceptable thresholds"
    for th in good["nguong"]:
        assert q5.evaluate({"nguong": float(th)}).correct, th
    assert "Hãy tăng ngưỡng" in q5.evaluate({"nguong": 0.3}).message
    assert "Hãy giảm ngưỡng" in q5.evaluate({"nguong": 0.7}).message
    assert "không phải 50" in q5.evaluate({"nguong": 50}).message
    assert "lớn hơn 0" in q5.evaluate({"nguong": 0}).message
    assert q5.evaluate({"nguong": ____}).status == "not_attempted"


@pytest.mark.parametrize("answer, status, words", [
    ("C", "correct", "chuyển cho người thật"), ("c ", "correct", ""),
    ("A", "incorrect", "ảo giác"), ("B", "incorrect", "trả lời sai"), ("D", "incorrect", "số căn cước"),
    ("E", "incorrect", "A, B, C, D"), (____, "not_attempted", ""),
])
def test_q6_choice(answer, status, words):
    result = q6.evaluate({"cach_xu_ly": answer})
    assert result.status == status and words in result.message


def test_every_b8_problem_has_two_hints_and_a_solution():
    from aijourney.i18n import has

    for q in (q1, q2, q3, q4, q5, q6):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
