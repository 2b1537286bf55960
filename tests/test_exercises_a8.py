"""Every exercise of lesson A8: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm", every option of the choice question its own
explanation. The expected numbers are recomputed here from the data, not read from the module."""

import re

import pandas as pd
import pytest
from sklearn.model_selection import GroupKFold

from aijourney.datasets.vietnam import INDIVIDUAL_NUMERIC, individuals_validation_split, with_urban
from aijourney.exercises.a8 import q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit.honest import course_tree, depth_table
from aijourney.toolkit.proposal import ProjectProposal


def _message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def audit():
    features = INDIVIDUAL_NUMERIC + ["nu"]
    hoc, kiem_dinh = individuals_validation_split()
    depths = depth_table(hoc[features], hoc["insurance"], cv=GroupKFold(n_splits=5), groups=hoc["commune"])
    depth = int(depths.loc[depths["diem_kiem_dinh"].idxmax(), "do_sau"])
    tree = course_tree(depth or None).fit(hoc[features], hoc["insurance"])
    kiem_dinh = with_urban(kiem_dinh)
    truth = 1 - kiem_dinh["insurance"]
    chosen = pd.Series(1 - tree.predict(kiem_dinh[features]), index=kiem_dinh.index)
    return truth, chosen, kiem_dinh["sex"], kiem_dinh["thanh_thi"]


# -- q1: the women's false-positive rate -------------------------------------------------------------
def test_q1_false_positive_rate_of_women(audit):
    truth, chosen, sex, _ = audit
    women = pd.crosstab(truth[sex == "female"], chosen[sex == "female"])
    men = pd.crosstab(truth[sex == "male"], chosen[sex == "male"])
    fpr = women.loc[0, 1] / women.loc[0].sum()
    assert 0.05 < fpr < 0.95
    assert q1.evaluate({"ty_le_bao_nham_nu": fpr}).correct
    assert q1.evaluate({"ty_le_bao_nham_nu": ____}).status == "not_attempted"
    assert "nhân với 100" in _message(q1, 100 * fpr)
    assert "**độ phủ** của nữ" in _message(q1, women.loc[1, 1] / women.loc[1].sum())
    everyone = ((truth == 0) & (chosen == 1)).sum() / (truth == 0).sum()
    assert "**mọi người**" in _message(q1, everyone)
    assert "của **nam**" in _message(q1, men.loc[0, 1] / men.loc[0].sum())
    assert "**không** bị chọn" in _message(q1, 1 - fpr)
    assert "theo **cột**" in _message(q1, women.loc[0, 1] / women[1].sum())
    assert "làm tròn" in _message(q1, round(fpr, 2))
    assert "chưa phải đáp án đúng" in _message(q1, 0.9)
    assert str(women.loc[0, 1]) in q1.solution_text()


# -- q2: the selection-rate ratio by area -------------------------------------------------------------
def test_q2_selection_rate_ratio(audit):
    truth, chosen, sex, urban = audit
    by_area = chosen.groupby(urban).mean()
    by_sex = chosen.groupby(sex).mean()
    ratio = by_area.min() / by_area.max()
    assert 0.3 < ratio < 0.8
    assert q2.evaluate({"ty_so_chon_khu_vuc": ratio}).correct
    assert q2.evaluate({"ty_so_chon_khu_vuc": ____}).status == "not_attempted"
    assert "chia ngược" in _message(q2, 1 / ratio)
    assert "**hiệu**" in _message(q2, by_area.max() - by_area.min())
    assert "theo **giới**" in _message(q2, by_sex.min() / by_sex.max())
    recall = chosen[truth == 1].groupby(urban[truth == 1]).mean()
    assert "`do_phu`" in _message(q2, recall.min() / recall.max())
    base = truth.groupby(urban).mean()
    assert "`ty_le_nen`" in _message(q2, base.min() / base.max())
    assert "nhân với 100" in _message(q2, 100 * ratio)


# -- q3: what the urban/rural recall gap says ------------------------------------------------------------
@pytest.mark.parametrize("answer, status, words", [
    ("D", "correct", "khoảng bất định"), ("d.", "correct", ""),
    ("A", "incorrect", "**đi cùng**"), ("B", "incorrect", "tỉ lệ nền khác nhau"), ("C", "incorrect", "**từng nhóm**"),
    ("E", "incorrect", "A, B, C, D"), ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q3_choice(answer, status, words):
    result = q3.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q3_solution_quotes_an_interval_above_zero(audit):
    truth, chosen, _, urban = audit
    recall = chosen[truth == 1].groupby(urban[truth == 1]).mean()
    text = q3.solution_text()
    assert f"{100 * recall[1]:.0f}%" in text and f"{100 * recall[0]:.0f}%" in text
    low = float(re.search(r"từ (\d+,\d+) đến", text).group(1).replace(",", "."))
    assert low > 0


# -- q4: the model card -----------------------------------------------------------------------------------
CARD = {"ten": "Cây", "muc_dich": "Gợi ý người cần tư vấn bảo hiểm y tế.", "khong_dung_cho": "____",
        "du_lieu": "VLSS 1997–98", "danh_gia": "bảng", "han_che": "____", "nguoi_chiu_trach_nhiem": "____"}
FILLED = {"khong_dung_cho": "Không dùng để tự động quyết định ai được hỗ trợ.",
          "han_che": "Dữ liệu năm 1997–98 đã cũ; thành thị bị bỏ sót nhiều hơn.",
          "nguoi_chiu_trach_nhiem": "Ban chấp hành chi đoàn xã"}


def _card(**change):
    return {**CARD, **FILLED, **change}


def test_q4_a_filled_card_passes():
    assert q4.evaluate({"the_mo_hinh": _card()}).correct


@pytest.mark.parametrize("card, words", [
    (_card(nguoi_chiu_trach_nhiem="Mô hình AI"), "không phải mô hình"),
    (_card(han_che="Nhóm nhỏ thì khoảng bootstrap rất rộng."), "**thời điểm**"),
    (_card(khong_dung_cho=CARD["muc_dich"]), "giống hệt"),
    (_card(han_che="Cũ."), "quá ngắn"),
    (_card(han_che="____ năm 1997"), "vẫn còn `____`"),
    (_card(han_che=1997), "đoạn chữ"),
    ({k: v for k, v in _card().items() if k != "danh_gia"}, "`danh_gia`"),
    ("một thẻ", "từ điển"),
])
def test_q4_each_mistake_is_explained(card, words):
    assert words in _message(q4, card)


def test_q4_untouched():
    assert q4.evaluate({"the_mo_hinh": dict(CARD)}).status == "not_attempted"
    assert q4.evaluate({"the_mo_hinh": ____}).status == "not_attempted"


# -- q5: the project proposal ---------------------------------------------------------------------------
def test_q5_the_worked_solution_is_a_complete_proposal():
    code = re.search(r"```python\n(.*?)```", q5.solution_text(), re.S).group(1)
    namespace = {"ProjectProposal": ProjectProposal}
    exec(code, namespace)
    assert q5.evaluate({"de_xuat": namespace["de_xuat"]}).correct


def test_q5_problems_are_the_feedback():
    weak = ProjectProposal(
        ten_du_an="Trợ lý tiêm chủng", van_de="Phụ huynh quên lịch tiêm cho con, nhất là các gia đình đi làm xa.",
        nguoi_huong_loi="Các gia đình có con nhỏ trong xã, khoảng 300 trẻ.",
        du_lieu="Lịch tiêm của trẻ trong xã, lấy từ sổ tiêm chủng của trạm y tế xã.",
        mo_hinh="Trợ lý hỏi–đáp kiểu truy xuất như bài B8, thêm phần nhắc lịch.",
        cach_danh_gia="Hỏi thử vài câu và xem trợ lý trả lời có đúng không, độ chính xác cao là được.",
        rui_ro="Nhắc sai ngày tiêm; lộ thông tin của trẻ em nếu danh sách để ở nơi không an toàn.",
        cach_giam_rui_ro="Cán bộ trạm y tế kiểm tra lịch trước khi gửi tin nhắn.",
        nguoi_chiu_trach_nhiem="Trợ lý AI")
    message = _message(q5, weak)
    assert "còn 3 điều cần sửa" in message and "**so với**" in message and "chưa thấy" in message
    assert "không phải mô hình" in message


def test_q5_untouched_and_wrong_type():
    assert q5.evaluate({"de_xuat": ProjectProposal()}).status == "not_attempted"
    assert q5.evaluate({"de_xuat": ____}).status == "not_attempted"
    assert "`ProjectProposal(...)`" in _message(q5, {"ten_du_an": "x"})
