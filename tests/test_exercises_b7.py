"""Every exercise of lesson B7: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import pytest
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline
from underthesea import word_tokenize

from aijourney.datasets.vi_text import vi_feedback_split
from aijourney.exercises.b7 import CAU_MAU, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit.vntext import ABBREVIATIONS, make_vectorizer


def test_q1_words_not_syllables():
    right = len(word_tokenize(CAU_MAU))
    assert right < len(CAU_MAU.split())
    assert q1.evaluate({"so_tu": right}).correct
    assert "âm tiết" in q1.evaluate({"so_tu": len(CAU_MAU.split())}).message
    assert "ký tự" in q1.evaluate({"so_tu": len(CAU_MAU)}).message
    assert q1.evaluate({"so_tu": right + 1}).status == "incorrect"
    assert q1.evaluate({"so_tu": word_tokenize(CAU_MAU)}).status == "incorrect"
    assert q1.evaluate({"so_tu": ____}).status == "not_attempted"


def test_q2_segmenter():
    def right(van_ban):
        return [tu.lower().replace(" ", "_") for tu in word_tokenize(van_ban)]

    assert q2.evaluate({"tach_tu": right}).correct
    assert q2.evaluate({"tach_tu": lambda s: tuple(right(s))}).correct

    def message(func):
        result = q2.evaluate({"tach_tu": func})
        assert result.status == "incorrect"
        return result.message

    assert "danh sách" in message(lambda s: word_tokenize(s, format="text"))
    assert "âm tiết" in message(lambda s: s.lower().split())
    assert "chữ thường" in message(lambda s: [w.replace(" ", "_") for w in word_tokenize(s)])
    assert "bên trong" in message(lambda s: [w.lower() for w in word_tokenize(s)])
    assert "trước" in message(lambda s: [w.replace(" ", "_") for w in word_tokenize(s.lower())])
    assert "báo lỗi" in message(lambda s: word_tokenize(s)[100])
    assert "danh sách" in message(lambda s: len(s))

    def placeholder(van_ban):
        return ____

    assert q2.evaluate({"tach_tu": placeholder}).status == "not_attempted"


def test_q3_classifier_accuracy():
    train, test = vi_feedback_split()

    def fitted(tokenizer):
        return make_pipeline(make_vectorizer(tokenizer), MultinomialNB()).fit(train["van_ban"], train["cam_xuc"])

    model = fitted("underthesea")
    score = model.score(test["van_ban"], test["cam_xuc"])
    assert 0.6 <= score < 1
    assert q3.evaluate({"do_chinh_xac": score}).correct
    assert "100" in q3.evaluate({"do_chinh_xac": score * 100}).message
    assert "huấn luyện" in q3.evaluate({"do_chinh_xac": model.score(train["van_ban"], train["cam_xuc"])}).message
    space = fitted("space").score(test["van_ban"], test["cam_xuc"])
    assert space != score
    assert "dấu cách" in q3.evaluate({"do_chinh_xac": space}).message
    assert q3.evaluate({"do_chinh_xac": 0.5}).status == "incorrect"
    assert q3.evaluate({"do_chinh_xac": "cao"}).status == "incorrect"
    assert q3.evaluate({"do_chinh_xac": ____}).status == "not_attempted"


def test_q4_abbreviations():
    def right(van_ban):
        return " ".join(ABBREVIATIONS.get(tu, tu) for tu in van_ban.lower().split())

    def replace_everywhere(van_ban):
        van_ban = van_ban.lower()
        for short, full in ABBREVIATIONS.items():
            van_ban = van_ban.replace(short, full)
        return van_ban

    assert q4.evaluate({"chuan_hoa": right}).correct
    inside = q4.evaluate({"chuan_hoa": replace_everywhere})
    assert inside.status == "incorrect" and "bên trong" in inside.message
    assert "chữ thường" in q4.evaluate({"chuan_hoa": lambda s: " ".join(ABBREVIATIONS.get(w, w) for w in s.split())}).message
    assert "chuỗi" in q4.evaluate({"chuan_hoa": lambda s: [ABBREVIATIONS.get(w, w) for w in s.lower().split()]}).message
    assert q4.evaluate({"chuan_hoa": lambda s: s.lower()}).status == "incorrect"
    assert q4.evaluate({"chuan_hoa": lambda s: None}).status == "incorrect"

    def placeholder(van_ban):
        return ____

    assert q4.evaluate({"chuan_hoa": placeholder}).status == "not_attempted"


@pytest.mark.parametrize("answer, status", [("B", "correct"), ("b", "correct"), ("A", "incorrect"),
                                            ("C", "incorrect"), ("D", "incorrect"), (____, "not_attempted")])
def test_q5_why_unaccented_text_fails(answer, status):
    assert q5.evaluate({"cau_tra_loi": answer}).status == status


def test_every_b7_problem_has_two_hints_and_a_solution():
    from aijourney.i18n import has

    for q in (q1, q2, q3, q4, q5):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
