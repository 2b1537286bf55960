"""Every exercise of lesson B7: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm"."""

import pytest
from underthesea import word_tokenize

from aijourney.datasets.vi_text import validation_split, vi_feedback_split
from aijourney.exercises.b7 import CAU_MAU, CHOSEN_TOKENIZER, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit.vntext import ABBREVIATIONS, make_classifier


def message(problem, var, value):
    result = problem.evaluate({var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


# -- q1 ----------------------------------------------------------------------------------------
def test_q1_words_not_syllables():
    right = len(word_tokenize(CAU_MAU))
    assert right < len(CAU_MAU.split())
    assert q1.evaluate({"so_tu": right}).correct
    assert "âm tiết" in message(q1, "so_tu", len(CAU_MAU.split()))
    assert "ký tự" in message(q1, "so_tu", len(CAU_MAU))
    assert "word_tokenize" in message(q1, "so_tu", right + 1)
    message(q1, "so_tu", word_tokenize(CAU_MAU))  # a list is not a number: the core explains why
    assert q1.evaluate({"so_tu": ____}).status == "not_attempted"
    solution = q1.solution_text()
    assert "Đồng Nai (trước đây là tỉnh Bình Phước)" in solution and f"{right} từ" in solution


# -- q2 ----------------------------------------------------------------------------------------
def right_segmenter(van_ban):
    ket_qua = []
    for tu in word_tokenize(van_ban):
        ket_qua.append(tu.lower().replace(" ", "_"))
    return ket_qua


def test_q2_segmenter():
    assert q2.evaluate({"tach_tu": right_segmenter}).correct
    assert q2.evaluate({"tach_tu": lambda s: tuple(right_segmenter(s))}).correct

    assert "danh sách" in message(q2, "tach_tu", lambda s: word_tokenize(s, format="text"))
    assert "âm tiết" in message(q2, "tach_tu", lambda s: s.lower().split())
    assert "âm tiết" in message(q2, "tach_tu", lambda s: s.split())
    assert "chữ thường" in message(q2, "tach_tu", lambda s: [w.replace(" ", "_") for w in word_tokenize(s)])
    assert "bên trong" in message(q2, "tach_tu", lambda s: [w.lower() for w in word_tokenize(s)])
    assert "**trước**" in message(q2, "tach_tu", lambda s: [w.replace(" ", "_") for w in word_tokenize(s.lower())])
    assert "báo lỗi" in message(q2, "tach_tu", lambda s: word_tokenize(s)[100])
    assert "return ket_qua" in message(q2, "tach_tu", lambda s: len(s))
    assert "kết quả đúng là" in message(q2, "tach_tu", lambda s: ["học_sinh"])
    assert "phải là một hàm" in message(q2, "tach_tu", ["học_sinh"])


def test_q2_untouched_skeleton_is_not_attempted():
    def skeleton(van_ban):
        ket_qua = []
        for tu in ____:
            ket_qua.append(____)
        return ket_qua

    assert q2.evaluate({"tach_tu": skeleton}).status == "not_attempted"
    assert q2.evaluate({"tach_tu": ____}).status == "not_attempted"


# -- q3 ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def scores():
    train, test = vi_feedback_split()
    hoc, kiem_dinh = validation_split(train)
    out = {}
    for tokenizer in ("underthesea", "space"):
        trial = make_classifier(tokenizer).fit(hoc["van_ban"], hoc["cam_xuc"])
        out[tokenizer + "_validation"] = trial.score(kiem_dinh["van_ban"], kiem_dinh["cam_xuc"])
        model = make_classifier(tokenizer).fit(train["van_ban"], train["cam_xuc"])
        out[tokenizer] = model.score(test["van_ban"], test["cam_xuc"])
        out[tokenizer + "_train"] = model.score(train["van_ban"], train["cam_xuc"])
    return out


def test_q3_the_choice_is_made_on_validation_data(scores):
    assert len(validation_split(vi_feedback_split()[0])[1]) == 14
    assert CHOSEN_TOKENIZER == max(("space", "underthesea"), key=lambda t: scores[t + "_validation"])


def test_q3_classifier_accuracy(scores):
    right = scores["underthesea"]
    assert 0.6 <= right < 1
    assert q3.evaluate({"do_chinh_xac": right}).correct
    assert "nhân với 100" in message(q3, "do_chinh_xac", right * 100)
    assert "dữ liệu huấn luyện" in message(q3, "do_chinh_xac", scores["underthesea_train"])
    assert "dữ liệu kiểm định" in message(q3, "do_chinh_xac", scores["underthesea_validation"])
    assert "dấu cách" in message(q3, "do_chinh_xac", scores["space"])
    assert "làm tròn" in message(q3, "do_chinh_xac", round(right, 2))
    assert "chấm điểm trên `test`" in message(q3, "do_chinh_xac", 0.5)
    message(q3, "do_chinh_xac", "cao")  # not a number: the core explains why
    assert q3.evaluate({"do_chinh_xac": ____}).status == "not_attempted"
    solution = q3.solution_text()
    assert q3.figures()["accuracy"] in solution and q3.figures()["validation"] in solution


# -- q4 ----------------------------------------------------------------------------------------
def right_expander(van_ban):
    cac_tu = []
    for tu in van_ban.lower().split():
        cac_tu.append(ABBREVIATIONS.get(tu, tu))
    return " ".join(cac_tu)


def test_q4_abbreviations():
    def replace_everywhere(van_ban):
        van_ban = van_ban.lower()
        for short, full in ABBREVIATIONS.items():
            van_ban = van_ban.replace(short, full)
        return van_ban

    assert q4.evaluate({"chuan_hoa": right_expander}).correct
    assert "bên trong" in message(q4, "chuan_hoa", replace_everywhere)
    not_lower = lambda s: " ".join(ABBREVIATIONS.get(w, w) for w in s.split())  # noqa: E731
    assert "chữ thường trước" in message(q4, "chuan_hoa", not_lower)
    assert "**chuỗi**" in message(q4, "chuan_hoa", lambda s: [ABBREVIATIONS.get(w, w) for w in s.lower().split()])
    assert "`return`" in message(q4, "chuan_hoa", lambda s: None)
    assert "kết quả đúng là" in message(q4, "chuan_hoa", lambda s: s.lower())


def test_q4_untouched_skeleton_is_not_attempted():
    def skeleton(van_ban):
        cac_tu = []
        for tu in ____:
            cac_tu.append(____)
        return ____

    assert q4.evaluate({"chuan_hoa": skeleton}).status == "not_attempted"
    assert q4.evaluate({"chuan_hoa": ____}).status == "not_attempted"


# -- q5 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["B", "b", " B ", "B."])
def test_q5_right_letter(answer):
    assert q5.evaluate({"cau_tra_loi": answer}).correct


@pytest.mark.parametrize("letter, phrase", [("A", "chữ cái a–z"), ("C", "độ dài"), ("D", "không cần internet")])
def test_q5_each_wrong_option_has_its_own_explanation(letter, phrase):
    assert phrase in message(q5, "cau_tra_loi", letter)


def test_q5_placeholder_and_fair_options():
    assert q5.evaluate({"cau_tra_loi": "____"}).status == "not_attempted"
    options = q5.option_texts()
    assert sorted(options) == ["A", "B", "C", "D"]
    assert len(options["B"]) < max(len(text) for text in options.values())  # the right one is not the longest
    assert "hàng" not in q5.solution_text() and "hãng" not in q5.solution_text()
