"""Every exercise of lesson B4: a right answer passes, typical mistakes get their own Vietnamese
message, an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, precision_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from aijourney.datasets import POVERTY_FEATURES, poverty_split, poverty_table
from aijourney.toolkit.evaluation import confusion_table
from aijourney.exercises.b4 import q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.i18n import has


@pytest.fixture(scope="module")
def lesson():
    """What the notebook computes, cell by cell, with the trainee's own calls."""
    df = poverty_table()
    X, y = df[POVERTY_FEATURES], df["ngheo"]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
    tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    balanced = DecisionTreeClassifier(max_depth=4, random_state=0, class_weight="balanced").fit(X_train, y_train)
    return dict(df=df, X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test,
                pred=tree.predict(X_test), pred_bal=balanced.predict(X_test), balanced=balanced)


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


def test_the_notebook_split_is_the_course_split(lesson):
    X_train, X_test, y_train, y_test = poverty_split()
    assert X_test.index.equals(lesson["X_test"].index) and (y_train == lesson["y_train"]).all()


def test_the_story_holds_accuracy_lies(lesson):
    """The lesson's point must stay true of the data: the plain tree is no better than always
    saying 'not poor' and misses almost every poor household; the balanced one finds most."""
    y_test = lesson["y_test"]
    baseline = accuracy_score(y_test, np.zeros(len(y_test), dtype=int))
    assert 0.88 < baseline < 0.92
    assert accuracy_score(y_test, lesson["pred"]) <= baseline + 0.005
    assert recall_score(y_test, lesson["pred"]) < 0.1
    assert recall_score(y_test, lesson["pred_bal"]) > 0.5
    assert accuracy_score(y_test, lesson["pred_bal"]) < accuracy_score(y_test, lesson["pred"])


def test_q1_share_of_poor_households(lesson):
    df = lesson["df"]
    right = df["ngheo"].mean()
    assert q1.evaluate({"ty_le_ho_ngheo": right}).correct
    assert q1.evaluate({"ty_le_ho_ngheo": ____}).status == "not_attempted"
    assert "phần trăm" in message(q1, right * 100)
    assert "**số** hộ nghèo" in message(q1, int(df["ngheo"].sum()))
    assert "**không** nghèo" in message(q1, 1 - right)
    assert "làm tròn" in message(q1, 0.1)
    assert "chưa đúng" in message(q1, 0.5)
    assert "q1.hint()" in message(q1, 0.5)
    assert q1.evaluate({"ty_le_ho_ngheo": "mười phần trăm"}).status == "incorrect"


def test_q2_baseline_accuracy(lesson):
    y_test, df = lesson["y_test"], lesson["df"]
    doan_khong = np.zeros(len(y_test), dtype=int)
    right = accuracy_score(y_test, doan_khong)
    assert q2.evaluate({"do_chinh_xac_doan_khong": right}).correct
    assert q2.evaluate({"do_chinh_xac_doan_khong": (y_test == 0).mean()}).correct
    assert q2.evaluate({"do_chinh_xac_doan_khong": ____}).status == "not_attempted"
    assert "không nhân với 100" in message(q2, right * 100)
    assert "tỉ lệ hộ **nghèo**" in message(q2, y_test.mean())
    assert "cây quyết định" in message(q2, accuracy_score(y_test, lesson["pred"]))
    assert "toàn bộ bảng" in message(q2, (df["ngheo"] == 0).mean())
    assert "chưa đúng" in message(q2, 0.5)


def test_q3_missed_households_read_from_the_table(lesson):
    bang = confusion_table(lesson["y_test"], lesson["pred"], ["không nghèo", "nghèo"])
    tn, fp, fn, tp = confusion_matrix(lesson["y_test"], lesson["pred"]).ravel()
    assert bang.iloc[1, 0] == fn and bang.iloc[0, 1] == fp
    assert q3.evaluate({"so_ho_bi_bo_sot": bang.iloc[1, 0]}).correct
    assert q3.evaluate({"so_ho_bi_bo_sot": int(fn)}).correct
    assert q3.evaluate({"so_ho_bi_bo_sot": ____}).status == "not_attempted"
    assert "**tìm đúng**" in message(q3, tp)
    assert "**báo nhầm**" in message(q3, fp)
    assert "đoán đúng" in message(q3, tn)
    assert "**tất cả**" in message(q3, tp + fn)
    assert "không phải tỉ lệ" in message(q3, fn / (tp + fn))
    assert "chưa đúng" in message(q3, 1000)


def test_q4_recall_of_the_balanced_tree(lesson):
    y_test, pred_bal = lesson["y_test"], lesson["pred_bal"]
    right = recall_score(y_test, pred_bal)
    assert q4.evaluate({"do_phu_can_bang": right}).correct
    assert q4.evaluate({"do_phu_can_bang": ____}).status == "not_attempted"
    assert "không nhân với 100" in message(q4, right * 100)
    assert "**độ chuẩn xác**" in message(q4, precision_score(y_test, pred_bal))
    assert "đảo thứ tự" in message(q4, recall_score(pred_bal, y_test))  # swapped arguments = precision
    assert "`accuracy_score`" in message(q4, accuracy_score(y_test, pred_bal))
    assert "cây **thường**" in message(q4, recall_score(y_test, lesson["pred"]))
    train_recall = recall_score(lesson["y_train"], lesson["balanced"].predict(lesson["X_train"]))
    assert "huấn luyện" in message(q4, train_recall)
    assert "làm tròn" in message(q4, round(right, 2))
    assert "chưa đúng" in message(q4, 0.3)


@pytest.mark.parametrize("answer, status, words", [
    ("B", "correct", "con người xác minh"), (" b ", "correct", ""), ("A", "incorrect", "cây thường bỏ sót"),
    ("C", "incorrect", "không qua xác minh"), ("D", "incorrect", "cái bẫy"), ("E", "incorrect", "A, B, C, D"),
    (____, "not_attempted", ""),
])
def test_q5_who_decides(answer, status, words):
    result = q5.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_every_b4_problem_has_two_hints_a_solution_and_english():
    from aijourney.i18n import t

    for q in (q1, q2, q3, q4, q5):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
        assert t(f"{q.key}.hint.1", lang="en") != t(f"{q.key}.hint.1", lang="vi")
