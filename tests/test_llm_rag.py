"""The grounded assistant (retrieval + the local model): it finds the right FAQ entry, cites it,
refuses out-of-scope and personal-data questions before the model sees them, and its measures
(hit-rate@k, groundedness) compute what they say."""

import pytest

from aijourney.datasets.faq import faq_validation_split
from aijourney.llm import load_model
from aijourney.llm.rag import (GroundedAssistant, ReplyKind, check_template, evaluate, hit_rate_at_k, is_grounded,
                               tidy)
from aijourney.toolkit.assistant import build_assistant

pytestmark = pytest.mark.slow


class CountingModel:
    """The real model, counting the prompts it is given."""

    def __init__(self, model):
        self.model, self.prompts = model, []

    def generate_many(self, prompts, *args, **kwargs):
        self.prompts += list(prompts)
        return self.model.generate_many(prompts, *args, **kwargs)


@pytest.fixture(scope="module")
def assistant():
    return GroundedAssistant(build_assistant(), CountingModel(load_model()))


def test_known_questions_retrieve_their_entry_and_the_answer_cites_it(assistant):
    reply = assistant.answer("quen mat khau vneid thi lam sao")
    assert reply.kind is ReplyKind.ANSWER and reply.sources[0] == "A04"
    assert reply.text and "\n" not in reply.text.strip()
    assert "A04" in str(reply) and "Nguồn" in str(reply)
    bank = build_assistant()
    assert bank.answers[bank.answer_ids.index("A04")] in reply.prompt  # the model saw the entry it cites
    assert "quen mat khau vneid thi lam sao" in reply.prompt


def test_out_of_scope_and_personal_data_are_refused_before_the_model_runs(assistant):
    before = len(assistant.model.prompts)
    replies = assistant.answer_many(["Giá hạt điều hôm nay bao nhiêu một ký?", "nau canh chua ca loc the nao",
                                     "số cccd của tôi là 074203001234, tra giúp hồ sơ", "mật khẩu của em là abc12345, vào giúp em",
                                     "   "])
    assert [r.kind for r in replies] == [ReplyKind.NO_SOURCE] * 2 + [ReplyKind.PRIVACY] * 2 + [ReplyKind.NO_SOURCE]
    assert len(assistant.model.prompts) == before, "a refused question reached the model"
    assert not any("074203001234" in p for p in assistant.model.prompts)
    assert "thông tin cá nhân" in str(replies[2]) and "không trả lời" in str(replies[0])


def test_hit_rate_at_k_counts_the_right_entry_among_the_k_retrieved():
    retriever = build_assistant()
    val = faq_validation_split()[0]
    q, ids = val["cau_hoi"].tolist(), val["ma_cau_tra_loi"].tolist()
    by_hand = [sum(a in set(retriever.top_k(x, k)["ma_cau_tra_loi"]) for x, a in zip(q, ids)) / len(q) for k in (1, 3)]
    assert [hit_rate_at_k(retriever, q, ids, k) for k in (1, 3)] == by_hand
    assert by_hand[0] <= by_hand[1] and by_hand[0] == retriever.accuracy(q, ids)


def test_groundedness_is_computed_from_numbers_and_content_words():
    source = "Đăng ký khai sinh trong 60 ngày kể từ ngày sinh, tại Ủy ban nhân dân cấp xã. Không mất lệ phí."
    assert is_grounded("Đăng ký khai sinh trong 60 ngày, tại Ủy ban nhân dân cấp xã.", source)
    assert not is_grounded("Đăng ký khai sinh trong 30 ngày.", source)  # a number the source does not say
    assert not is_grounded("Phải nộp lệ phí hai trăm nghìn đồng ở ngân hàng.", source)  # words from elsewhere
    assert not is_grounded("", source) and not is_grounded("và là của", source)
    assert tidy("[A02] Mức 1 tự đăng ký. Mức 2 cần đến công") == "Mức 1 tự đăng ký."


def test_an_echo_of_the_question_is_no_fact_and_only_the_first_line_is_the_answer():
    source = "Đăng nhập Cổng Dịch vụ công quốc gia, vào phần quản lý hồ sơ để tra cứu hồ sơ đã nộp."
    assert is_grounded("Tra cứu hồ sơ:", source)  # every word is in the source…
    assert not is_grounded("Tra cứu hồ sơ:", source, question="Tra cứu hồ sơ")  # …but it only repeats the question
    assert is_grounded("Vào phần quản lý hồ sơ của Cổng.", source, question="Tra cứu hồ sơ")
    assert tidy("\n[A13] Nhận kết quả trên Cổng.\nCâu hỏi: nhận ở đâu") == "Nhận kết quả trên Cổng."
    assert tidy(" 1. Nhận qua bưu điện\n2. Nhận trực tiếp") == "Nhận qua bưu điện"
    assert tidy("1.\n2.\n3.") == "" and tidy("1.200.000 đồng. Rồi") == "1.200.000 đồng."


def test_a_template_needs_one_slot_for_the_sources_and_one_for_the_question():
    check_template("Thông tin: {context}\nCâu hỏi: {question}\nTrả lời:")
    with pytest.raises(ValueError, match=r"\{context\}"):
        check_template("Câu hỏi: {question}\nTrả lời:")
    with pytest.raises(ValueError, match=r"\{question\}.*đang có 2"):
        check_template("{context} {question} {question}")
    with pytest.raises(TypeError, match="chuỗi"):
        check_template(None)
    with pytest.raises(ValueError, match="k"):
        GroundedAssistant(build_assistant(), None, k=0)


def test_evaluate_reports_what_happened_to_each_question(assistant):
    val, _, out_val, _ = faq_validation_split()
    q, ids = val["cau_hoi"].tolist()[:4], val["ma_cau_tra_loi"].tolist()[:4]
    outside = ["Giá hạt điều hôm nay bao nhiêu một ký?"]
    before = len(assistant.model.prompts)
    every = assistant.answer_many(q + outside)
    assert len(assistant.model.prompts) == before + 4 - sum(r.refused for r in every[:4])  # one batch, no refusal sent
    result, replies = evaluate(assistant, q, ids, outside, replies=every), every[:4]
    assert result["trung_nguon"] == sum(a in r.sources for r, a in zip(replies, ids)) / 4
    assert result["tu_choi_dung_pham_vi"] == sum(r.refused for r in replies) / 4
    assert result["tu_choi_ngoai_pham_vi"] == 1.0
    right = dict(zip(assistant.retriever.answer_ids, assistant.retriever.answers))
    assert result["co_can_cu"] == sum(not r.refused and is_grounded(r.text, right[a], question=x)
                                      for r, a, x in zip(replies, ids, q)) / 4
    assert len(assistant.model.prompts) == before + 4 - sum(r.refused for r in every[:4])  # evaluate reused them
