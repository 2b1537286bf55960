"""Lesson B1: a right answer passes, each recognised mistake gets its Vietnamese message, an
untouched placeholder is "chưa làm"; the lesson's splits and the figures its notebook relies on."""

import json
import re
from pathlib import Path

import pytest
from sklearn.tree import DecisionTreeClassifier

from aijourney.datasets import load_ocop_batches, ocop_split
from aijourney.datasets.ocop import ocop_rule_predictions, ocop_validation_split
from aijourney.exercises.b1 import chosen_depth, depth_scores, q1, q2, q3, q4, q5
from aijourney.feedback import ____

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "basic" / "01-luat-le-va-hoc-tu-du-lieu.ipynb"


def incorrect(problem, var, value, phrase):
    result = problem.evaluate({var: value})
    assert result.status == "incorrect", result
    assert phrase in result.message, result.message


# -- the data --------------------------------------------------------------------------------------
def test_validation_split_keeps_the_test_part_of_ocop_split():
    X_train, X_val, X_test, y_train, y_val, y_test = ocop_validation_split()
    X_rest, X_test0, y_rest, y_test0 = ocop_split()
    assert X_test.equals(X_test0) and y_test.equals(y_test0)
    assert (len(X_train), len(X_val), len(X_test)) == (135, 45, 60)
    assert sorted(X_train.index.append(X_val.index)) == sorted(X_rest.index)
    assert set(X_train.index).isdisjoint(X_val.index)
    assert abs(y_train.mean() - y_val.mean()) < 0.02  # stratified
    other = ocop_validation_split(random_state=1)
    assert other[2].equals(X_test) and not other[1].equals(X_val)


def test_rule_predictions_are_aligned_with_the_table():
    df = load_ocop_batches()
    always = ocop_rule_predictions(lambda do_am, ty_le_loi, co_truy_xuat: 0)
    assert always.index.equals(df.index) and set(always) == {0}
    thumb = ocop_rule_predictions(lambda m, d, c: int(m <= 10 and d <= 10 and c == 1))
    # the lesson says: the rule of thumb is worse than the baseline
    assert (thumb == df["dat_chuan"]).mean() < (df["dat_chuan"] == 0).mean()
    small = df.head(3)
    assert list(ocop_rule_predictions(lambda m, d, c: c, small)) == list(small["co_truy_xuat"])


def test_notebook_states_the_depth_q4_expects():
    text = "\n".join("".join(c["source"]) for c in json.loads(NOTEBOOK.read_text("utf-8"))["cells"])
    assert int(re.search(r"do_sau_da_chon = (\d+)", text).group(1)) == chosen_depth()
    assert "⏱️ Khoảng 90–100 phút" in text


def test_chosen_tree_is_what_the_notebook_describes():
    from sklearn.tree import export_text

    X_train, X_val, X_test, y_train, y_val, y_test = ocop_validation_split()
    tree = DecisionTreeClassifier(max_depth=chosen_depth(), random_state=0).fit(X_train, y_train)
    rules = export_text(tree, feature_names=list(X_train.columns))
    for threshold in ("do_am <= 5.00", "do_am <= 13.10", "ty_le_loi <= 8.15", "ty_le_loi <= 11.90", "do_am <= 9.10"):
        assert threshold in rules
    noisy = X_train.head(1).assign(do_am=4.0, ty_le_loi=0.5, co_truy_xuat=0, la_hat_dieu=1)
    assert tree.predict(noisy)[0] == 1  # the branch learned from a mislabelled batch
    assert tree.score(X_test, y_test) > (y_test == 0).mean()


def test_depth_curve_shows_overfitting():
    scores = depth_scores()
    depth = chosen_depth()
    assert scores[max(scores)][0] == 1.0  # the deepest tree learns the training data by heart
    assert scores[max(scores)][1] < scores[depth][1]  # ... and does worse on the validation data
    assert scores[depth][1] > scores[2][1]


# -- q1 --------------------------------------------------------------------------------------------
def test_q1_pass_rate():
    df = load_ocop_batches()
    right = df["dat_chuan"].mean()
    assert q1.evaluate({"ty_le_dat": right}).correct
    assert q1.evaluate({"ty_le_dat": ____}).status == "not_attempted"
    incorrect(q1, "ty_le_dat", int(df["dat_chuan"].sum()), "**số lô** đạt chuẩn")
    incorrect(q1, "ty_le_dat", 100 * right, "nhân với 100")
    incorrect(q1, "ty_le_dat", 1 - right, "tỉ lệ lô **không** đạt")
    incorrect(q1, "ty_le_dat", df["co_truy_xuat"].mean(), "cột `co_truy_xuat`")
    incorrect(q1, "ty_le_dat", round(right, 2), "làm tròn quá sớm")
    incorrect(q1, "ty_le_dat", 0.5, "tính trên cột `dat_chuan`")
    incorrect(q1, "ty_le_dat", df["dat_chuan"], "cả một bảng")


def test_q1_solution_quotes_computed_figures():
    text = q1.solution_text()
    assert "khoảng 26%" in text and "63 trên 240" in text and "khoảng 74%" in text


# -- q2 --------------------------------------------------------------------------------------------
def cashew(moist=5, defects=8, trace=True, strict=False):
    def rule(do_am, ty_le_loi, co_truy_xuat):
        ok = (do_am < moist and ty_le_loi < defects) if strict else (do_am <= moist and ty_le_loi <= defects)
        return int(ok and (co_truy_xuat == 1 or not trace))
    return rule


def test_q2_cashew_rule():
    assert q2.evaluate({"tu_van_hat_dieu": cashew()}).correct

    def with_if(do_am, ty_le_loi, co_truy_xuat):
        if do_am <= 5 and ty_le_loi <= 8 and co_truy_xuat == 1:
            return 1
        return 0

    assert q2.evaluate({"tu_van_hat_dieu": with_if}).correct
    incorrect(q2, "tu_van_hat_dieu", cashew(moist=10, defects=10), "ngưỡng 10 của luật kinh nghiệm")
    incorrect(q2, "tu_van_hat_dieu", cashew(moist=8, defects=5), "bị đổi chỗ")
    incorrect(q2, "tu_van_hat_dieu", cashew(trace=False), "**không có** mã truy xuất")
    incorrect(q2, "tu_van_hat_dieu", cashew(strict=True), "dùng `<=` thay cho `<`")
    # a wrong rule that is no typical mistake: the failing case is shown
    incorrect(q2, "tu_van_hat_dieu", cashew(moist=6), "tu_van_hat_dieu(5.1, 8.0, 1) trả về 1")
    incorrect(q2, "tu_van_hat_dieu", lambda a, b, c: 1 / 0, "ZeroDivisionError")
    incorrect(q2, "tu_van_hat_dieu", 1, "phải là một hàm")


def test_q2_untouched_skeleton_is_not_attempted():
    def skeleton(do_am, ty_le_loi, co_truy_xuat):
        if do_am <= ____ and ty_le_loi <= ____ and ____:
            return 1
        return 0

    def half_done(do_am, ty_le_loi, co_truy_xuat):
        if do_am <= 5 and ty_le_loi <= 8 and ____:
            return 1
        return 0

    for func in (skeleton, half_done):
        result = q2.evaluate({"tu_van_hat_dieu": func})
        assert result.status == "not_attempted" and "vẫn còn chỗ `____`" in result.message


# -- q3 --------------------------------------------------------------------------------------------
def test_q3_validation_accuracy():
    X_train, X_val, X_test, y_train, y_val, y_test = ocop_validation_split()
    model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    right = model.score(X_val, y_val)
    assert q3.evaluate({"do_chinh_xac_kiem_dinh": right}).correct
    assert q3.evaluate({"do_chinh_xac_kiem_dinh": ____}).status == "not_attempted"
    incorrect(q3, "do_chinh_xac_kiem_dinh", 100 * right, "nhân với 100")
    incorrect(q3, "do_chinh_xac_kiem_dinh", model.score(X_train, y_train), "dữ liệu huấn luyện")
    incorrect(q3, "do_chinh_xac_kiem_dinh", model.score(X_test, y_test), "**dữ liệu kiểm tra**")
    small = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X_train, y_train)
    incorrect(q3, "do_chinh_xac_kiem_dinh", small.score(X_val, y_val), "cây 2 tầng")
    incorrect(q3, "do_chinh_xac_kiem_dinh", 0.5, "Kiểm tra lại `max_depth=4`")
    incorrect(q3, "do_chinh_xac_kiem_dinh", "cao", "chưa phải một con số")


# -- q4 --------------------------------------------------------------------------------------------
def test_q4_chosen_depth():
    scores = depth_scores()
    depth = chosen_depth()
    assert depth == 5
    assert q4.evaluate({"do_sau_chon": depth}).correct
    assert q4.evaluate({"do_sau_chon": float(depth)}).correct
    assert q4.evaluate({"do_sau_chon": ____}).status == "not_attempted"
    incorrect(q4, "do_sau_chon", 6, "độ sâu **nhỏ hơn** đạt cùng điểm")
    for deep in (8, 10):
        incorrect(q4, "do_sau_chon", deep, "điểm **huấn luyện** cao nhất")
    incorrect(q4, "do_sau_chon", scores[depth][1], "không phải độ sâu")
    incorrect(q4, "do_sau_chon", 3, "Đọc lại cột `kiem_dinh`")
    incorrect(q4, "do_sau_chon", "5", "chưa phải một con số")


def test_q4_solution_quotes_computed_figures():
    text = q4.solution_text()
    assert "do_sau_chon = 5" in text and "quá khớp (overfitting)" in text and "khoảng 96%" in text


# -- q5 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["A", "a", " A ", "A.", "(A)"])
def test_q5_right_letter(answer):
    assert q5.evaluate({"cau_tra_loi": answer}).correct


@pytest.mark.parametrize("letter, phrase", [
    ("B", "cứ viết luật là đủ"),
    ("C", "không tự nghĩ ra luật"),
    ("D", "mô hình học từ dữ liệu cũng sai"),
])
def test_q5_each_wrong_option_has_its_explanation(letter, phrase):
    incorrect(q5, "cau_tra_loi", letter, phrase)


def test_q5_placeholder_and_options():
    assert q5.evaluate({"cau_tra_loi": "____"}).status == "not_attempted"
    assert q5.evaluate({"cau_tra_loi": ____}).status == "not_attempted"
    incorrect(q5, "cau_tra_loi", "E", "một trong các đáp án")
    options = q5.option_texts()
    assert set(options) == set("ABCD")
    assert len(options["A"]) < max(len(t) for t in options.values())  # the right one is not the longest
    assert max(map(len, options.values())) - min(map(len, options.values())) <= 10
