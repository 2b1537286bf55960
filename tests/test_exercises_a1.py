"""Lesson A1's exercises: right answers pass, each recognised mistake gets its own explanation."""

import pytest
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GroupKFold, KFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from aijourney.datasets.vietnam import INDIVIDUAL_NUMERIC, individuals_split
from aijourney.exercises.a1 import FEATURES, q1, q2, q3, q4, q5
from aijourney.feedback import ____

BA = "balanced_accuracy"


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def data():
    train, _ = individuals_split()
    return train[FEATURES], train["insurance"], train["commune"], train[FEATURES + ["commune"]]


def tree(depth):
    return DecisionTreeClassifier(max_depth=depth, class_weight="balanced", random_state=0)


def folds():
    return KFold(n_splits=5, shuffle=True, random_state=0)


def test_q1_cross_validated_score(data):
    X, y, xa, _ = data
    scores = cross_val_score(tree(5), X, y, cv=folds(), scoring=BA)
    right = scores.mean()
    assert q1.evaluate({"diem_kiem_dinh_cheo": right}).correct
    assert q1.evaluate({"diem_kiem_dinh_cheo": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q1, 100 * right)
    assert "**độ chính xác (accuracy)**" in message(q1, cross_val_score(tree(5), X, y, cv=folds()).mean())
    assert "**một** phần" in message(q1, scores[0])
    assert "cây **3** tầng" in message(q1, cross_val_score(tree(3), X, y, cv=folds(), scoring=BA).mean())
    assert "chia theo xã" in message(q1, cross_val_score(tree(5), X, y, cv=GroupKFold(5), groups=xa, scoring=BA).mean())
    assert "huấn luyện" in message(q1, balanced_accuracy_score(y, tree(5).fit(X, y).predict(X)))
    assert "làm tròn" in message(q1, round(right, 2))
    assert "chưa đúng" in message(q1, 0.9)
    assert "bảng" in message(q1, scores) or "mảng" in message(q1, scores) or "ndarray" in message(q1, scores)


@pytest.mark.parametrize("answer, status, words", [
    ("C", "correct", "khoảng cách"), ("c.", "correct", ""),
    ("A", "incorrect", "học thuộc"), ("B", "incorrect", "chỉnh phép đo cho đẹp"),
    ("D", "incorrect", "đi **xuống**"), ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q2_reading_a_learning_curve(answer, status, words):
    result = q2.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q2_options_are_fair():
    options = q2.option_texts()
    assert sorted(options) == list("ABCD")
    assert len(options["C"]) < max(map(len, options.values()))
    assert max(map(len, options.values())) < 1.25 * min(map(len, options.values()))


def test_q3_group_split_against_the_optimistic_one(data):
    X, y, xa, X_xa = data
    right = cross_val_score(tree(12), X_xa, y, cv=GroupKFold(n_splits=5), groups=xa, scoring=BA).mean()
    optimistic = cross_val_score(tree(12), X_xa, y, cv=folds(), scoring=BA).mean()
    assert optimistic > right + 0.05  # the leak the lesson shows is real
    assert q3.evaluate({"diem_theo_xa": right}).correct
    assert q3.evaluate({"diem_theo_xa": ____}).status == "not_attempted"
    assert "**ngẫu nhiên**" in message(q3, optimistic)
    assert "**không có** cột `commune`" in message(
        q3, cross_val_score(tree(12), X, y, cv=GroupKFold(n_splits=5), groups=xa, scoring=BA).mean())
    assert "cây **3** tầng" in message(
        q3, cross_val_score(tree(3), X_xa, y, cv=GroupKFold(n_splits=5), groups=xa, scoring=BA).mean())
    assert "nhân với 100" in message(q3, 100 * right)
    assert "chưa đúng" in message(q3, 0.5)


def pipeline(numeric=make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), columns=INDIVIDUAL_NUMERIC,
             text=OneHotEncoder(), model=KNeighborsClassifier(n_neighbors=15)):
    parts = [("so", numeric, columns)] + ([("chu", text, ["sex"])] if text is not None else [])
    return Pipeline([("chuan_bi", ColumnTransformer(parts)), ("mo_hinh", model)])


def test_q4_the_pipeline_is_fitted_on_a_training_fold_and_names_what_is_missing():
    assert q4.evaluate({"quy_trinh": pipeline()}).correct
    assert q4.evaluate({"quy_trinh": ____}).status == "not_attempted"
    assert "chưa phải một `Pipeline`" in message(q4, KNeighborsClassifier())
    assert "`ColumnTransformer`" in message(q4, make_pipeline(StandardScaler(), KNeighborsClassifier()))
    assert "chưa phải một mô hình" in message(q4, Pipeline([("chuan_bi", ColumnTransformer([]))]))
    assert "`SimpleImputer`" in message(q4, pipeline(numeric=StandardScaler()))
    assert "`sex`" in message(q4, pipeline(text="passthrough"))
    assert "bỏ mất các cột: lnhhexp" in message(q4, pipeline(columns=INDIVIDUAL_NUMERIC[1:]))
    assert "bỏ mất các cột: sex" in message(q4, pipeline(text=None))
    assert "**chuẩn hoá**" in message(q4, pipeline(numeric=SimpleImputer(strategy="median")))
    assert "dự đoán khác" in message(q4, pipeline(model=KNeighborsClassifier(n_neighbors=1)))
    # a tree in sklearn accepts blanks: the check still asks for the imputer
    no_imputer_tree = pipeline(numeric=StandardScaler(), model=tree(3))
    assert "`SimpleImputer`" in message(q4, no_imputer_tree)


@pytest.mark.parametrize("answer, status, words", [
    ("illdays", "correct", "nhãn viết lại"), (" 'illdays' ", "correct", ""),
    ("illness", "incorrect", "**tính ra từ**"), ("pharvis", "incorrect", "hiệu thuốc"),
    ("age", "incorrect", "`age`"), ("ngày ốm", "incorrect", "không phải tên một cột"),
    (3, "incorrect", "kiểu `int`"), ("____", "not_attempted", ""),
])
def test_q5_the_leaky_feature(answer, status, words):
    result = q5.evaluate({"cot_ro_ri": answer})
    assert result.status == status and words in result.message, result.message


def test_every_recognised_mistake_has_its_explanation_in_both_languages():
    from aijourney.i18n import catalogue

    for problem in (q1, q3):
        for mistake in problem.mistakes:
            key = mistake.reason if mistake.reason.startswith("check.") else f"{problem.key}.{mistake.reason}"
            assert key in catalogue("vi") and key in catalogue("en"), key
