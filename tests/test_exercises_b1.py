"""Every exercise of lesson B1: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import pytest
from sklearn.tree import DecisionTreeClassifier

from aijourney.datasets import load_ocop_batches, ocop_split
from aijourney.exercises.b1 import q1, q2, q3, q4
from aijourney.feedback import ____


def test_q1_pass_rate():
    right = load_ocop_batches()["dat_chuan"].mean()
    assert q1.evaluate({"ty_le_dat": right}).correct
    assert q1.evaluate({"ty_le_dat": ____}).status == "not_attempted"
    as_count = q1.evaluate({"ty_le_dat": int(load_ocop_batches()["dat_chuan"].sum())})
    assert as_count.status == "incorrect" and "tỉ lệ từ 0 đến 1" in as_count.message


def test_q2_cashew_rule():
    def right(do_am, ty_le_loi, co_truy_xuat):
        return int(do_am <= 5 and ty_le_loi <= 8 and co_truy_xuat == 1)

    def strict(do_am, ty_le_loi, co_truy_xuat):
        return int(do_am < 5 and ty_le_loi < 8 and co_truy_xuat == 1)

    def ignores_qr(do_am, ty_le_loi, co_truy_xuat):
        return int(do_am <= 5 and ty_le_loi <= 8)

    assert q2.evaluate({"tu_van_hat_dieu": right}).correct
    r = q2.evaluate({"tu_van_hat_dieu": strict})
    assert r.status == "incorrect" and "tu_van_hat_dieu(5.0, 8.0, 1) trả về 0" in r.message
    assert "tu_van_hat_dieu(3.5, 2.0, 0) trả về 1" in q2.evaluate({"tu_van_hat_dieu": ignores_qr}).message

    def placeholder(do_am, ty_le_loi, co_truy_xuat):
        return ____

    assert q2.evaluate({"tu_van_hat_dieu": placeholder}).status == "not_attempted"


def test_q3_tree_accuracy():
    X_train, X_test, y_train, y_test = ocop_split()
    model = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    test_score, train_score = model.score(X_test, y_test), model.score(X_train, y_train)
    assert test_score >= 0.85
    assert q3.evaluate({"do_chinh_xac_cay": test_score}).correct
    assert "không nhân với 100" in q3.evaluate({"do_chinh_xac_cay": test_score * 100}).message
    assert "dữ liệu huấn luyện" in q3.evaluate({"do_chinh_xac_cay": train_score}).message
    deeper = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X_train, y_train).score(X_test, y_test)
    assert q3.evaluate({"do_chinh_xac_cay": deeper}).status == "incorrect"
    assert q3.evaluate({"do_chinh_xac_cay": ____}).status == "not_attempted"
    assert q3.evaluate({"do_chinh_xac_cay": "cao"}).status == "incorrect"


@pytest.mark.parametrize("answer, status", [("B", "correct"), ("a", "incorrect"), ("D", "incorrect"),
                                            ("X", "incorrect"), (____, "not_attempted")])
def test_q4_choice(answer, status):
    assert q4.evaluate({"cau_tra_loi": answer}).status == status


def test_every_b1_problem_has_two_hints_and_a_solution():
    from aijourney.i18n import has

    for q in (q1, q2, q3, q4):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
