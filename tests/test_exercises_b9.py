"""Every exercise of lesson B9: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm", every option of the choice questions its own
explanation. Expected values are computed from the model and the data, never typed."""

import json
from pathlib import Path

import pytest
from helpers import assert_options_look_alike

from aijourney.datasets.vi_text import load_vi_feedback
from aijourney.exercises.b9 import (
    CAU_BT1,
    CAU_VI_DU,
    DANH_GIA_MOI,
    TIN_NHAN_CHI_HOA,
    q1,
    q2,
    q3,
    q4,
    q5,
    q6,
)
from aijourney.feedback import ____
from aijourney.llm import load_model
from aijourney.toolkit.assistant import find_personal_data, mask_personal_data

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "basic" / "09-tro-chuyen-voi-ai.ipynb"


def _message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


# -- q1 -------------------------------------------------------------------------------------------
def test_q1_probability_of_the_most_likely_token():
    mo_hinh = load_model()
    bang = mo_hinh.next_tokens(CAU_BT1, k=10)
    right = bang["xac_suat"].iloc[0]
    assert right == bang["xac_suat"].max() and right > bang["xac_suat"].iloc[1]
    assert q1.evaluate({"xac_suat_cao_nhat": right}).correct
    assert q1.evaluate({"xac_suat_cao_nhat": float(right)}).correct
    assert q1.evaluate({"xac_suat_cao_nhat": ____}).status == "not_attempted"
    assert "nhân với 100" in _message(q1, 100 * right)
    if abs(round(right, 2) - right) > 5e-4:
        assert "làm tròn quá sớm" in _message(q1, round(right, 2))
    assert "**thứ hai**" in _message(q1, bang["xac_suat"].iloc[1])
    assert "**tổng**" in _message(q1, bang["xac_suat"].sum())
    example = mo_hinh.next_tokens(CAU_VI_DU, k=10)["xac_suat"]
    assert "`CAU_VI_DU`" in _message(q1, example.iloc[0])
    assert "`CAU_VI_DU`" in _message(q1, example.iloc[1])  # the worked example, copied unchanged
    assert "chưa đúng" in _message(q1, 0.999)
    assert "cả một bảng" in _message(q1, bang)
    assert "chưa phải một con số" in _message(q1, bang["token"].iloc[0])


def test_q1_solution_quotes_the_computed_figures():
    bang = load_model().next_tokens(CAU_BT1, k=10)
    text = q1.solution_text()
    assert f"{bang['xac_suat'].iloc[0]:.4f}" in text and bang["token"].iloc[0].strip() in text


# -- q2 -------------------------------------------------------------------------------------------
GOOD = ("Phân loại cảm xúc của góp ý về dịch vụ công.\n"
        "Đánh giá: Nộp hồ sơ trực tuyến rất tiện, không phải đi lại nhiều.\nCảm xúc: tích cực\n"
        "Đánh giá: Trang web dịch vụ công bị lỗi liên tục, không nộp được hồ sơ.\nCảm xúc: tiêu cực\n")
END = "Đánh giá: " + DANH_GIA_MOI + "\nCảm xúc:"
OCOP = ("Đánh giá: Hạt điều rang muối giòn, béo, đóng gói cẩn thận, rất hài lòng.\nCảm xúc: tích cực\n"
        "Đánh giá: Mật ong bị lên men, mùi chua, không giống mô tả.\nCảm xúc: tiêu cực\n")


def test_the_new_feedback_is_a_public_service_complaint_the_lesson_table_does_not_show():
    df = load_vi_feedback()
    row = df[df["van_ban"] == DANH_GIA_MOI]
    assert len(row) == 1 and row["chu_de"].iloc[0] == "dich_vu_cong" and row["cam_xuc"].iloc[0] == "tieu_cuc"
    shown = df[(df["chu_de"] == "dich_vu_cong") & (df["kieu_viet"] == "chuan")].groupby("cam_xuc").head(3)
    assert DANH_GIA_MOI not in set(shown["van_ban"])


@pytest.mark.parametrize("prompt", [
    GOOD + END,
    "Đánh giá: Cán bộ xã rất nhiệt tình.\nCảm xúc: tích cực\nĐánh giá: Chờ quá lâu.\nCảm xúc: tiêu cực\n" + END,
    OCOP + GOOD + END,  # OCOP examples are fine as long as some are about public services
])
def test_q2_right_prompts(prompt):
    assert q2.evaluate({"loi_nhac_cua_ban": prompt}).correct


@pytest.mark.parametrize("prompt, words", [
    (GOOD + END + " ", "**kèm dấu cách**"),
    (GOOD + END + "\n", "**kèm dấu cách**"),
    (GOOD + END + " tiêu cực", "đã có sẵn nhãn"),
    (GOOD + "Đánh giá: " + DANH_GIA_MOI, "phải kết thúc bằng dòng `Cảm xúc:`"),
    (GOOD + "Đánh giá: " + DANH_GIA_MOI + " Cảm xúc:", "gộp đánh giá và cảm xúc"),
    ("Đánh giá: Nộp hồ sơ nhanh. Cảm xúc: tích cực\n" + GOOD + END, "gộp đánh giá và cảm xúc"),
    (GOOD + "Đánh giá: Tổng đài luôn bận.\nCảm xúc:", "đúng câu `DANH_GIA_MOI`"),
    (GOOD + "Cảm xúc:", "đúng câu `DANH_GIA_MOI`"),
    ("Đánh giá: Nộp hồ sơ trực tuyến rất tiện.\nCảm xúc: tích cực\n" + END, "mới có 1 ví dụ"),
    (END, "mới có 0 ví dụ"),
    (GOOD.replace("tiêu cực", "tích cực") + END, "Mọi ví dụ đều có nhãn tích cực"),
    (GOOD.replace("tiêu cực", "tieu_cuc") + END, "viết khác với nhãn của ví dụ mẫu"),
    (GOOD.replace("tích cực", "Tích cực") + END, "viết khác với nhãn của ví dụ mẫu"),
    (GOOD.replace("tiêu cực", "xấu") + END, "không phải `tích cực` hay `tiêu cực`"),
    ("Đánh giá: Nộp nhanh\nĐánh giá: Chậm\nCảm xúc: tích cực\n" + END, "chưa có nhãn"),
    ("Đánh giá:\nCảm xúc: tích cực\n" + GOOD + END, "để trống"),
    (GOOD + "Đánh giá: " + DANH_GIA_MOI + "\nCảm xúc: tiêu cực\n" + END, "xem trước đáp án"),
    (GOOD.replace("nhiều.\nCảm xúc: tích cực", "nhiều.\nCảm xúc: tiêu cực")
         .replace("hồ sơ.\nCảm xúc: tiêu cực", "hồ sơ.\nCảm xúc: tích cực") + END, "trong bộ phản hồi nó là tích cực"),
    (OCOP + END, "**sản phẩm OCOP**"),
    (42, "cần là một chuỗi"),
])
def test_q2_recognised_mistakes(prompt, words):
    assert words in _message(q2, prompt)


def test_q2_placeholder_is_not_attempted():
    assert q2.evaluate({"loi_nhac_cua_ban": ____}).status == "not_attempted"
    skeleton = "Đánh giá: ____\nCảm xúc: tích cực\nĐánh giá: ____\nCảm xúc: tiêu cực\n" + END
    assert q2.evaluate({"loi_nhac_cua_ban": skeleton}).status == "not_attempted"


def test_q2_worked_example_prompt_follows_the_rules_it_teaches():
    """The notebook's OCOP prompt is built like the exercise asks: its examples are real
    feedback sentences with their right labels."""
    cells = json.loads(NOTEBOOK.read_text("utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if "loi_nhac_ocop = (" in "".join(c["source"]))
    namespace = {}
    exec(source.split("for danh_gia")[0], namespace)
    prompt = namespace["loi_nhac_ocop"]
    df = load_vi_feedback()
    labels = dict(zip(df["van_ban"], df["cam_xuc"].map({"tich_cuc": "tích cực", "tieu_cuc": "tiêu cực"})))
    lines = prompt.strip("\n").split("\n")[1:]
    for review, label in zip(lines[::2], lines[1::2]):
        assert labels[review.removeprefix("Đánh giá: ")] == label.removeprefix("Cảm xúc: ")


# -- q3 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("settings", [
    {"temperature": 0, "repetition_penalty": 1.3},
    {"temperature": 0.0, "repetition_penalty": 1.1, "seed": 3},
    {"temperature": 0, "repetition_penalty": 2},
])
def test_q3_right_settings(settings):
    assert q3.evaluate({"cai_dat": settings}).correct


@pytest.mark.parametrize("settings, words", [
    ({"temperature": 0.7, "repetition_penalty": 1.3}, "vẫn **bốc thăm**"),
    ({"temperature": 1.0, "repetition_penalty": 1.3}, "vẫn **bốc thăm**"),
    ({"temperature": 0, "repetition_penalty": 1}, "**không phạt**"),
    ({"temperature": 0, "repetition_penalty": 2.5}, "quá nặng"),
    ({"temperature": 0, "repetition_penalty": 0.8}, "ngoài khoảng cho phép"),
    ({"temperature": 7, "repetition_penalty": 1.3}, "ngoài khoảng cho phép"),
    ({"temperature": "0", "repetition_penalty": 1.3}, "phải là **số**"),
    ({"temp": 0, "repetition_penalty": 1.3}, "thiếu khoá `\"temperature\"`"),
    ({"temperature": 0}, "thiếu khoá `\"repetition_penalty\"`"),
    ([0, 1.3], "cần là một từ điển"),
])
def test_q3_recognised_mistakes(settings, words):
    assert words in _message(q3, settings)


def test_q3_placeholder_is_not_attempted():
    assert q3.evaluate({"cai_dat": ____}).status == "not_attempted"
    assert q3.evaluate({"cai_dat": {"temperature": ____, "repetition_penalty": ____}}).status == "not_attempted"
    assert q3.evaluate({"cai_dat": {"temperature": 0, "repetition_penalty": ____}}).status == "not_attempted"


# -- q4, q6: choices ------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, status, words", [
    ("B", "correct", "nguồn gốc"), ("b ", "correct", ""), ("(B)", "correct", ""),
    ("A", "incorrect", "Hỏi lại không phải là kiểm chứng"), ("C", "incorrect", "Số đông"),
    ("D", "incorrect", "**nghe** đáng tin"), ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q4_choice(answer, status, words):
    result = q4.evaluate({"cau_tra_loi_4": answer})
    assert result.status == status and words in result.message


@pytest.mark.parametrize("answer, status, words", [
    ("D", "correct", "gọi lại số đã lưu"), ("d.", "correct", ""),
    ("A", "incorrect", "**deepfake**"), ("B", "incorrect", "mật khẩu gia đình"),
    ("C", "incorrect", "vẫn là mất tiền"), ("F", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q6_choice(answer, status, words):
    result = q6.evaluate({"cau_tra_loi_6": answer})
    assert result.status == status and words in result.message


@pytest.mark.parametrize("problem", [q4, q6], ids=["q4", "q6"])
def test_right_option_is_not_the_longest(problem):
    assert_options_look_alike(problem)


# -- q5 -------------------------------------------------------------------------------------------
def test_the_message_holds_data_the_filter_finds_and_a_name_it_misses():
    assert set(find_personal_data(TIN_NHAN_CHI_HOA)) == {"cccd", "phone", "secret"}
    assert "Nguyễn Thị Hoa" in mask_personal_data(TIN_NHAN_CHI_HOA)


@pytest.mark.parametrize("question", [
    "Tôi quên mật khẩu VNeID thì làm sao đăng nhập lại?",
    "quen mk vneid phai lam sao",
    "Làm thế nào để lấy lại mật khẩu tài khoản VNeID?",
])
def test_q5_safe_questions(question):
    assert q5.evaluate({"cau_hoi_an_toan": question}).correct


@pytest.mark.parametrize("question, words", [
    (TIN_NHAN_CHI_HOA, "số căn cước / số định danh cá nhân, số điện thoại, mật khẩu hoặc mã OTP"),
    ("Sđt 0912345678, quên mật khẩu VNeID thì sao?", "bộ lọc nhận ra: số điện thoại"),
    (mask_personal_data(TIN_NHAN_CHI_HOA), "**họ tên**"),
    ("Tôi là Hoa, quên mật khẩu VNeID thì làm sao?", "**họ tên**"),
    ("Tôi quên mật khẩu thì làm sao?", "**VNeID**"),
    ("Làm sao đăng nhập VNeID?", "**mật khẩu**"),
    ("   ", "chuỗi rỗng"),
    (12, "cần là một chuỗi"),
])
def test_q5_recognised_mistakes(question, words):
    assert words in _message(q5, question)


def test_q5_placeholder_is_not_attempted():
    assert q5.evaluate({"cau_hoi_an_toan": ____}).status == "not_attempted"
    assert q5.evaluate({"cau_hoi_an_toan": "____"}).status == "not_attempted"
