"""Every exercise of lesson A9: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm", every option of the choice questions its own
explanation. No check runs the language model."""

import re

import pytest
from helpers import assert_options_look_alike

from aijourney.datasets.faq import faq_split, faq_validation_split
from aijourney.exercises.a9 import MAX_NGOAI_PHAM_VI, MIN_RIGHT, VI_DU_TRA_LOI, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.llm.rag import DEFAULT_TEMPLATE, check_template, hit_rate_at_k, is_grounded
from aijourney.toolkit.assistant import THRESHOLD_GRID, build_assistant, threshold_table


def _message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


# -- q1: a grounded prompt template ----------------------------------------------------------------
GOOD = ("Thông tin chính thức về dịch vụ công:\n{context}\n"
        "Chỉ dùng thông tin trên để trả lời. Nếu thông tin trên không có câu trả lời, hãy viết: Không rõ.\n"
        "Câu hỏi: {question}\nTrả lời:")


@pytest.mark.parametrize("template", [
    GOOD,
    "{context}\nChỉ dựa vào những mục trên. Nếu không có câu trả lời thì viết: không rõ.\nHỏi: {question}\nĐáp:",
    "Thong tin: {context}\nchi su dung thong tin nay; neu khong co thi noi khong biet\nCau hoi: {question}\nTra loi:",
])
def test_q1_grounded_templates_pass(template):
    check_template(template)
    assert q1.evaluate({"mau_loi_nhac": template}).correct


@pytest.mark.parametrize("template, words", [
    (GOOD.replace("{context}", "{contex}"), "`{context}` (đang có 0)"),
    (GOOD.replace("{context}", "{context} {context}"), "`{context}` (đang có 2)"),
    (GOOD.replace("{question}", "{cau_hoi}"), "`{question}` (đang có 0)"),
    ("Câu hỏi: {question}\n{context}\nChỉ dùng thông tin trên. Nếu không có, viết: Không rõ.\nTrả lời:", "**trước** thông tin"),
    (DEFAULT_TEMPLATE, "**nếu** thông tin **không**"),
    (GOOD.replace("Chỉ dùng thông tin trên để trả lời. ", "Dùng thông tin trên để trả lời. "), "**chỉ** dùng"),
    (GOOD + " ", "dấu cách"),
    (GOOD + "\n", "dấu cách"),
    (GOOD.replace("\nTrả lời:", "\nHãy trả lời ngắn gọn."), "nhãn như `Trả lời:`"),
    (42, "chuỗi văn bản"),
])
def test_q1_each_missing_part_is_explained(template, words):
    assert words in _message(q1, template)


def test_q1_placeholder():
    assert q1.evaluate({"mau_loi_nhac": ____}).status == "not_attempted"
    assert q1.evaluate({}).status == "not_attempted"


# -- q2: reading a reply ---------------------------------------------------------------------------
def test_q2_the_example_reply_is_not_grounded_because_of_its_number():
    sources = "\n".join(VI_DU_TRA_LOI["nguon"].values())
    numbers = re.findall(r"\d+(?:[.,]\d+)*", VI_DU_TRA_LOI["tra_loi"])
    assert numbers and not any(n in sources for n in numbers)
    assert not is_grounded(VI_DU_TRA_LOI["tra_loi"], sources, question=VI_DU_TRA_LOI["cau_hoi"])
    # without its number, the same sentence would count as grounded: the number alone decides
    without = re.sub(r",[^,]*\d[^,]*\.$", ".", VI_DU_TRA_LOI["tra_loi"])
    assert without != VI_DU_TRA_LOI["tra_loi"]
    assert is_grounded(without, sources, question=VI_DU_TRA_LOI["cau_hoi"])
    solution = q2.solution_text()
    assert numbers[0] in solution and "False" in solution and next(iter(VI_DU_TRA_LOI["nguon"])) in solution


@pytest.mark.parametrize("answer, status, words", [
    ("A", "correct", "mở ra kiểm tra"), ("a.", "correct", ""),
    ("B", "incorrect", "đưa cho"), ("C", "incorrect", "mọi con số"), ("D", "incorrect", "nhiệt độ 0"),
    ("E", "incorrect", "A, B, C, D"), ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q2_choice(answer, status, words):
    result = q2.evaluate({"cau_tra_loi_2": answer})
    assert result.status == status and words in result.message


# -- q3: hit-rate@k on validation data -------------------------------------------------------------
@pytest.fixture(scope="module")
def parts():
    bank, _ = faq_split()
    return (bank, *faq_validation_split())


def test_q3_hit_rate_on_validation_data(parts):
    bank, kiem_dinh, kiem_tra, _, _ = parts
    retriever = build_assistant()
    right = hit_rate_at_k(retriever, kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"], k=2)
    by_hand = sum(a in set(retriever.top_k(q, 2)["ma_cau_tra_loi"])
                  for q, a in zip(kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"])) / len(kiem_dinh)
    assert right == by_hand and 0.5 < right < 1
    assert q3.evaluate({"ty_le_trung_kiem_dinh": right}).correct
    assert q3.evaluate({"ty_le_trung_kiem_dinh": ____}).status == "not_attempted"
    assert "nhân với 100" in _message(q3, 100 * right)
    assert "**số** câu trúng" in _message(q3, round(right * len(kiem_dinh)))
    on_bank = hit_rate_at_k(retriever, bank["cau_hoi"], bank["ma_cau_tra_loi"], k=2)
    assert on_bank != right and "**dữ liệu huấn luyện**" in _message(q3, on_bank)
    on_test = hit_rate_at_k(retriever, kiem_tra["cau_hoi"], kiem_tra["ma_cau_tra_loi"], k=2)
    assert on_test != right and "**dữ liệu kiểm tra**" in _message(q3, on_test)
    assert "chưa đúng" in _message(q3, 0.5)
    assert "cả một bảng" in _message(q3, kiem_dinh)


# -- q4: the refusal threshold chosen on validation data -------------------------------------------
def test_q4_threshold_chosen_on_validation_data(parts):
    _, kiem_dinh, _, ngoai_kiem_dinh, _ = parts
    table = threshold_table(build_assistant(), kiem_dinh["cau_hoi"], kiem_dinh["ma_cau_tra_loi"],
                            ngoai_kiem_dinh["cau_hoi"], THRESHOLD_GRID)
    good = table[(table["tra_loi_dung"] >= MIN_RIGHT) & (table["ngoai_pham_vi_bi_tra_loi"] <= MAX_NGOAI_PHAM_VI)]
    b8 = table[(table["tra_loi_dung"] >= MIN_RIGHT) & (table["ngoai_pham_vi_bi_tra_loi"] <= 0.2)]
    lowest, b8_lowest = float(good["nguong"].min()), float(b8["nguong"].min())
    assert b8_lowest < lowest, "the lesson needs a stricter rule than B8's to choose a different threshold"
    assert q4.evaluate({"nguong_tu_choi": lowest}).correct
    assert q4.evaluate({"nguong_tu_choi": ____}).status == "not_attempted"
    assert "ngưỡng của bài B8" in _message(q4, b8_lowest)
    assert "Hãy tăng ngưỡng" in _message(q4, 0.3)
    higher_good = [float(x) for x in good["nguong"] if x > lowest]
    if higher_good:
        assert "chưa phải ngưỡng **thấp nhất**" in _message(q4, higher_good[-1])
    assert "Hãy giảm ngưỡng" in _message(q4, 0.7)
    assert "nhân với 100" in _message(q4, 100 * lowest)
    assert "cột `nguong`" in _message(q4, 0.52)


# -- q5: responsibility ----------------------------------------------------------------------------
@pytest.mark.parametrize("answer, status, words", [
    ("D", "correct", "chịu trách nhiệm"), (" d ", "correct", ""),
    ("A", "incorrect", "chương trình"), ("B", "incorrect", "trốn trách nhiệm"),
    ("C", "incorrect", "Điều khoản sử dụng Gemma"), ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q5_choice(answer, status, words):
    result = q5.evaluate({"cau_tra_loi_5": answer})
    assert result.status == status and words in result.message


@pytest.mark.parametrize("problem", [q2, q5], ids=["q2", "q5"])
def test_choice_right_option_is_not_the_longest(problem):
    assert_options_look_alike(problem)


def test_no_check_runs_the_model(monkeypatch):
    """The checks and the worked solutions' figures never generate text (the notebook does it, in batches)."""
    import aijourney.llm.model as model

    def refuse(*args, **kwargs):
        raise AssertionError("an exercise check called the language model")

    monkeypatch.setattr(model.LanguageModel, "generate", refuse)
    monkeypatch.setattr(model.LanguageModel, "generate_many", refuse)
    monkeypatch.setattr(model, "load_model", refuse)
    for problem in (q1, q2, q3, q4, q5):
        problem.evaluate({problem.var: "A"})
        problem.solution_text()
