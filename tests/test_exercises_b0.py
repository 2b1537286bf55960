"""Every exercise of lesson B0 (Python vừa đủ): a right answer passes, each recognised mistake gets
its Vietnamese message, an untouched placeholder is "chưa làm", each wrong option of the choice has
its own explanation; the data typed in the notebook is the data the checks use."""

import ast
import json
from pathlib import Path

import pytest

from aijourney.datasets import load_ocop_batches
from aijourney.exercises import b0
from aijourney.exercises.b0 import q1, q2, q3, q4, q5, q6
from aijourney.feedback import ____
from aijourney.i18n import catalogue

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "basic" / "00-python-vua-du.ipynb"


def code_cells():
    cells = json.loads(NOTEBOOK.read_text("utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def literal(name):
    """The value the notebook assigns to ``name`` with a literal (``gia_ban = {...}``)."""
    for cell in code_cells():
        for node in ast.parse(source(cell)).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
                return ast.literal_eval(node.value)
    raise AssertionError(f"the notebook never assigns {name}")


def test_the_notebook_types_the_data_the_checks_use():
    assert literal("gia_ban") == b0.PRICES
    assert literal("san_luong_cac_ho") == b0.HARVESTS_KG
    assert literal("so_kg_hoa") == b0.SOLD_KG


def test_q1_harvest():
    assert q1.evaluate({"san_luong_hoa": 1.5 * 2.8}).correct
    assert q1.evaluate({"san_luong_hoa": 4.2}).correct
    assert q1.evaluate({"san_luong_hoa": ____}).status == "not_attempted"
    assert "**cộng**" in q1.evaluate({"san_luong_hoa": 1.5 + 2.8}).message
    assert "tính bằng **tấn**" in q1.evaluate({"san_luong_hoa": 4200.0}).message
    comma = q1.evaluate({"san_luong_hoa": (1, 5 * 2.8)})
    assert comma.status == "incorrect" and "`1,5` là hai số 1 và 5" in comma.message
    assert "Bỏ dấu nháy" in q1.evaluate({"san_luong_hoa": "4.2"}).message
    assert "diện tích (ha) × năng suất" in q1.evaluate({"san_luong_hoa": 3.0}).message


def test_q2_price_lookup():
    assert q2.evaluate({"tien_ban_tieu": b0.PRICES["ho_tieu"] * 4200}).correct
    assert q2.evaluate({"tien_ban_tieu": ____}).status == "not_attempted"
    for other in ("hat_dieu", "sau_rieng"):
        assert "**một sản phẩm khác**" in q2.evaluate({"tien_ban_tieu": b0.PRICES[other] * 4200}).message
    assert "giá của **một kg**" in q2.evaluate({"tien_ban_tieu": b0.PRICES["ho_tieu"]}).message
    assert "số **tấn**" in q2.evaluate({"tien_ban_tieu": b0.PRICES["ho_tieu"] * 4.2}).message
    assert "không có dấu ngăn cách hàng nghìn" in q2.evaluate({"tien_ban_tieu": (145, 0 * 4200)}).message
    assert "chưa đúng" in q2.evaluate({"tien_ban_tieu": 1}).message


def count(start, condition):
    """Run the exercise's loop as a trainee filled it in."""
    namespace = {"san_luong_cac_ho": list(b0.HARVESTS_KG)}
    exec(f"so_ho_lon = {start}\nfor kg in san_luong_cac_ho:\n    if {condition}:\n        so_ho_lon = so_ho_lon + 1\n",
         namespace)
    return namespace["so_ho_lon"]


@pytest.mark.parametrize("start, condition, phrase", [
    (0, "kg > 1000", "dùng dấu `>=` chứ không phải `>`"),
    (0, "kg < 800", "**dưới 800 kg** của ví dụ"),
    (1, "kg >= 1000", "bắt đầu từ `0`"),
    (0, "kg < 1000", "**dưới** 1000 kg"),
    (0, "kg >= 1.000", "Python hiểu là 1,0"),
    (0, "kg >= 2000", "chưa đúng"),
])
def test_q3_count_mistakes(start, condition, phrase):
    result = q3.evaluate({"so_ho_lon": count(start, condition)})
    assert result.status == "incorrect" and phrase in result.message


def test_q3_count():
    assert q3.evaluate({"so_ho_lon": count(0, "kg >= 1000")}).correct
    assert q3.evaluate({"so_ho_lon": ____}).status == "not_attempted"


def test_q4_moisture_function():
    namespace = {"____": ____}
    exec('def untouched(do_am):\n    if ____:\n        return "dat"\n    else:\n        return ____\n'
         'def half(do_am):\n    if do_am <= 5:\n        return "dat"\n    else:\n        return ____\n', namespace)
    assert q4.evaluate({"kiem_tra_do_am": namespace["untouched"]}).status == "not_attempted"
    assert q4.evaluate({"kiem_tra_do_am": namespace["half"]}).status == "not_attempted"
    assert q4.evaluate({"kiem_tra_do_am": lambda d: "dat" if d <= 5 else "phoi_them"}).correct
    strict = q4.evaluate({"kiem_tra_do_am": lambda d: "dat" if d < 5 else "phoi_them"})
    assert strict.status == "incorrect" and "kiem_tra_do_am(5.0) trả về 'phoi_them'" in strict.message
    accents = q4.evaluate({"kiem_tra_do_am": lambda d: "đạt" if d <= 5 else "phơi thêm"})
    assert "kết quả đúng là 'dat'" in accents.message
    boom = q4.evaluate({"kiem_tra_do_am": lambda d: d + "%"})
    assert boom.status == "incorrect" and "TypeError" in boom.message
    assert "phải là một hàm" in q4.evaluate({"kiem_tra_do_am": "dat"}).message


def test_q5_mean_moisture():
    df = load_ocop_batches()
    assert q5.evaluate({"do_am_tb": df["do_am"].mean()}).correct
    assert q5.evaluate({"do_am_tb": ____}).status == "not_attempted"
    forgot_brackets = q5.evaluate({"do_am_tb": df["do_am"].mean})
    assert forgot_brackets.status == "incorrect" and "quên cặp ngoặc tròn" in forgot_brackets.message
    cases = [
        (df["ty_le_loi"].mean(), "cột `ty_le_loi` của ví dụ"),
        (df["do_am"].sum(), "**tổng** độ ẩm"),
        (len(df), "**số lô** hàng"),
        (df["do_am"].median(), "**trung vị**"),
        (round(df["do_am"].mean(), 1), "làm tròn quá sớm"),
        (df["do_am"], "cả một bảng"),
    ]
    for value, phrase in cases:
        result = q5.evaluate({"do_am_tb": value})
        assert result.status == "incorrect" and phrase in result.message, (value, result.message)


@pytest.mark.parametrize("answer, phrase", [
    ("A", "không chạy \"may rủi\""),
    ("b", "Tệp dữ liệu vẫn nằm nguyên"),
    ("D.", "lời khuyên để **người đọc**"),
    ("E", "A, B, C, D"),
    ("B", "Tệp dữ liệu vẫn nằm nguyên"),
])
def test_q6_each_wrong_option_has_its_own_explanation(answer, phrase):
    result = q6.evaluate({"cau_tra_loi": answer})
    assert result.status == "incorrect" and phrase in result.message


def test_q6_choice():
    for answer in ("C", "c", " C ", "C."):
        assert q6.evaluate({"cau_tra_loi": answer}).correct
    assert q6.evaluate({"cau_tra_loi": "____"}).status == "not_attempted"
    assert q6.evaluate({"cau_tra_loi": ____}).status == "not_attempted"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_q6_options_are_fair(lang):
    options = {c: catalogue(lang)[f"b0.q6.option.{c}"] for c in "ABCD"}
    assert len(options["C"]) < max(len(t) for t in options.values())
    assert max(map(len, options.values())) - min(map(len, options.values())) <= 12
