"""Every exercise of lesson B4: a right answer passes, typical mistakes get their own Vietnamese
message, an untouched placeholder is "chưa làm"; the lesson's story stays true of the data, and
every worked solution, run in place of its answer cell, is judged correct."""

import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import accuracy_score, precision_score, recall_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

from aijourney.datasets import POVERTY_FEATURES, poverty_split, poverty_table  # noqa: E402
from aijourney.datasets.poverty import poverty_raw_table, poverty_tables_split  # noqa: E402
from aijourney.exercises import b4  # noqa: E402
from aijourney.exercises.b4 import q1, q2, q3, q4, q5, q6, q7  # noqa: E402
from aijourney.feedback import ____  # noqa: E402
from aijourney.toolkit.evaluation import confusion_counts, confusion_table  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "basic" / "04-phan-loai-va-danh-gia.ipynb"


def tree(**kwargs):
    return DecisionTreeClassifier(max_depth=4, random_state=0, **kwargs)


@pytest.fixture(scope="module")
def lesson():
    """What the notebook computes, cell by cell, with the trainee's own calls."""
    raw, df = poverty_raw_table(), poverty_table()
    rest, test = train_test_split(df, test_size=0.25, random_state=0, stratify=df["ngheo"])
    train, val = train_test_split(rest, test_size=0.25, random_state=0, stratify=rest["ngheo"])
    X_tr, y_tr, X_val, y_val = train[POVERTY_FEATURES], train["ngheo"], val[POVERTY_FEATURES], val["ngheo"]
    plain, balanced = tree().fit(X_tr, y_tr), tree(class_weight="balanced").fit(X_tr, y_tr)
    leaky_cols = POVERTY_FEATURES + ["chi_tieu_moi_nguoi"]
    leaky = tree().fit(train[leaky_cols], y_tr)
    return dict(raw=raw, df=df, train=train, val=val, test=test, y_tr=y_tr, y_val=y_val, X_tr=X_tr,
                X_te=test[POVERTY_FEATURES], y_te=test["ngheo"], plain=plain, balanced=balanced, leaky=leaky,
                leaky_cols=leaky_cols, pred=plain.predict(X_val), pred_bal=balanced.predict(X_val))


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


def test_the_notebook_split_is_the_course_split(lesson):
    X_train, X_test, y_train, y_test = poverty_split()
    assert lesson["test"].index.equals(X_test.index)  # the graded assignment's test data
    train, val, test = poverty_tables_split()
    for mine, theirs in ((lesson["train"], train), (lesson["val"], val), (lesson["test"], test)):
        assert mine.index.equals(theirs.index)
    assert set(lesson["train"].index) | set(lesson["val"].index) == set(X_train.index)


def test_the_story_holds(lesson):
    """What the notebook's prose says must stay true of the data."""
    y_val, pred, pred_bal = lesson["y_val"], lesson["pred"], lesson["pred_bal"]
    # section 2: the encoded text column is the course's column
    assert ((lesson["raw"]["urban"].map({"yes": 1, "no": 0})) == lesson["df"]["thanh_thi"]).all()
    # section 5: the leak scores (almost) perfectly with one question on spending
    assert lesson["leaky"].score(lesson["val"][lesson["leaky_cols"]], y_val) >= 0.99
    assert lesson["leaky"].tree_.feature[0] == lesson["leaky_cols"].index("chi_tieu_moi_nguoi")
    assert lesson["leaky"].get_n_leaves() == 2
    # section 6: "about 90%" and the plain tree is no better than the baseline
    baseline = accuracy_score(y_val, np.zeros(len(y_val), dtype=int))
    assert 0.88 < baseline < 0.92 and 0.88 < accuracy_score(y_val, pred) <= baseline + 0.005
    # sections 7-9: the plain tree misses most poor households, the balanced one finds most,
    # flags less than half of the households, and the test data agrees with the validation data
    assert recall_score(y_val, pred) < 0.2
    assert recall_score(y_val, pred_bal) > 0.6 and pred_bal.sum() < len(y_val) / 2
    assert accuracy_score(y_val, pred_bal) < accuracy_score(y_val, pred)
    final = lesson["balanced"].predict(lesson["X_te"])
    assert abs(recall_score(lesson["y_te"], final) - recall_score(y_val, pred_bal)) < 0.1
    c = confusion_counts(lesson["y_te"], final)
    assert c["tim_dung"] > 1.5 * (c["tim_dung"] + c["bao_nham"]) * lesson["y_te"].mean()  # far better than random visits


def test_q1_encode_sex_as_0_1(lesson):
    sex = lesson["raw"]["sex"]
    right = sex.map({"female": 1, "male": 0})
    assert q1.evaluate({"chu_ho_nu": right}).correct
    assert q1.evaluate({"chu_ho_nu": (sex == "female").astype(int)}).correct
    assert q1.evaluate({"chu_ho_nu": sex == "female"}).correct  # True/False is the same 1/0
    assert q1.evaluate({"chu_ho_nu": lesson["raw"][["sex"]].map(lambda v: int(v == "female"))}).correct
    assert q1.evaluate({"chu_ho_nu": ____}).status == "not_attempted"
    assert "**ngược**" in message(q1, sex.map({"female": 0, "male": 1}))
    assert "`NaN`" in message(q1, sex.map({"Female": 1, "male": 0}))
    assert "vẫn còn chữ" in message(q1, sex)
    assert "cột `urban`" in message(q1, lesson["raw"]["urban"].map({"yes": 1, "no": 0}))
    assert "5 giá trị" in message(q1, right.head())
    assert "cả một **cột**" in message(q1, 1)
    assert "chưa đúng" in message(q1, np.zeros(len(sex)) + 0.5)


def test_q2_share_of_poor_households(lesson):
    df = lesson["df"]
    right = df["ngheo"].mean()
    assert q2.evaluate({"ty_le_ho_ngheo": right}).correct
    assert q2.evaluate({"ty_le_ho_ngheo": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q2, right * 100)
    assert "**số** hộ nghèo" in message(q2, int(df["ngheo"].sum()))
    assert "**không** nghèo" in message(q2, 1 - right)
    assert "làm tròn" in message(q2, 0.1)
    assert "chưa đúng" in message(q2, 0.5)
    assert "q2.hint()" in message(q2, 0.5)
    assert "chữ" in message(q2, "mười phần trăm")


def test_q3_the_leak_measured(lesson):
    leaky, val, y_val = lesson["leaky"], lesson["val"], lesson["y_val"]
    right = leaky.score(val[lesson["leaky_cols"]], y_val)
    assert q3.evaluate({"do_chinh_xac_ro_ri": right}).correct
    assert q3.evaluate({"do_chinh_xac_ro_ri": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q3, 100 * right)
    assert "**không có** cột chi tiêu" in message(q3, lesson["plain"].score(val[POVERTY_FEATURES], y_val))
    assert "chưa đúng" in message(q3, 0.5)


def test_q4_baseline_on_validation_data(lesson):
    y_val, df = lesson["y_val"], lesson["df"]
    du_doan_co_so = np.zeros(len(y_val), dtype=int)
    right = accuracy_score(y_val, du_doan_co_so)
    assert q4.evaluate({"do_chinh_xac_co_so": right}).correct
    assert q4.evaluate({"do_chinh_xac_co_so": (y_val == 0).mean()}).correct
    assert q4.evaluate({"do_chinh_xac_co_so": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q4, right * 100)
    assert "tỉ lệ hộ **nghèo**" in message(q4, y_val.mean())
    assert "cây quyết định" in message(q4, accuracy_score(y_val, lesson["pred"]))
    assert "**dữ liệu kiểm tra**" in message(q4, (lesson["y_te"] == 0).mean())
    assert "toàn bộ bảng" in message(q4, (df["ngheo"] == 0).mean())
    assert "chưa đúng" in message(q4, 0.5)


def test_q5_missed_households_read_from_the_table(lesson):
    y_val, pred = lesson["y_val"], lesson["pred"]
    bang = confusion_table(y_val, pred, ["không nghèo", "nghèo"])
    c = confusion_counts(y_val, pred)
    right = bang.loc["Thực tế: nghèo", "Dự đoán: không nghèo"]
    assert right == c["bo_sot"]
    assert q5.evaluate({"so_ho_bi_bo_sot": right}).correct
    assert q5.evaluate({"so_ho_bi_bo_sot": int(right)}).correct
    assert q5.evaluate({"so_ho_bi_bo_sot": ____}).status == "not_attempted"
    assert "**tìm đúng**" in message(q5, c["tim_dung"])
    assert "**báo nhầm**" in message(q5, c["bao_nham"])
    assert "đoán đúng" in message(q5, c["loai_dung"])
    assert "**tất cả**" in message(q5, c["tim_dung"] + c["bo_sot"])
    assert "không phải tỉ lệ" in message(q5, c["bo_sot"] / (c["tim_dung"] + c["bo_sot"]))
    assert "không phải tỉ lệ" in message(q5, recall_score(y_val, pred))
    test_missed = confusion_counts(lesson["y_te"], lesson["plain"].predict(lesson["X_te"]))["bo_sot"]
    assert "**dữ liệu kiểm tra**" in message(q5, test_missed)
    assert "chưa đúng" in message(q5, 1000)


def test_q6_recall_of_the_balanced_tree(lesson):
    y_val, pred_bal = lesson["y_val"], lesson["pred_bal"]
    right = recall_score(y_val, pred_bal)
    assert q6.evaluate({"do_phu_can_bang": right}).correct
    assert q6.evaluate({"do_phu_can_bang": ____}).status == "not_attempted"
    assert "nhân với 100" in message(q6, right * 100)
    assert "**độ chuẩn xác**" in message(q6, precision_score(y_val, pred_bal))
    assert "đảo thứ tự" in message(q6, recall_score(pred_bal, y_val))  # swapped arguments = precision
    assert "`accuracy_score`" in message(q6, accuracy_score(y_val, pred_bal))
    assert "cây **thường**" in message(q6, recall_score(y_val, lesson["pred"]))
    train_recall = recall_score(lesson["y_tr"], lesson["balanced"].predict(lesson["X_tr"]))
    assert "huấn luyện" in message(q6, train_recall)
    test_recall = recall_score(lesson["y_te"], lesson["balanced"].predict(lesson["X_te"]))
    assert "**dữ liệu kiểm tra**" in message(q6, test_recall)
    assert "làm tròn" in message(q6, round(right, 2))
    assert "chưa đúng" in message(q6, 0.3)


@pytest.mark.parametrize("answer, status, words", [
    ("A", "correct", "con người xác minh"), (" a ", "correct", ""), ("A.", "correct", ""),
    ("B", "incorrect", "độ chính xác cao nhất"), ("C", "incorrect", "máy thì khách quan"),
    ("D", "incorrect", "bỏ sót một phần hộ nghèo"), ("E", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q7_who_decides(answer, status, words):
    result = q7.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_every_recognised_mistake_has_its_explanation_in_both_languages():
    from aijourney.i18n import catalogue

    for problem in (q2, q3, q4, q5, q6):
        for mistake in problem.mistakes:
            key = mistake.reason if mistake.reason.startswith("check.") else f"{problem.key}.{mistake.reason}"
            assert key in catalogue("vi") and key in catalogue("en"), key


def test_q7_options_are_fair():
    options = q7.option_texts()
    assert sorted(options) == list("ABCD")
    assert len(options["A"]) < max(len(text) for text in options.values())
    assert max(map(len, options.values())) < 1.2 * min(map(len, options.values()))


def test_every_solution_run_in_place_of_its_answer_is_correct():
    """Run the notebook's code cells, each answer cell replaced by its solution's code block."""
    cells = [c for c in json.loads(NOTEBOOK.read_text("utf-8"))["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    namespace: dict = {}
    checked = []
    for i, source in enumerate(sources):
        match = re.fullmatch(r"(q\d)\.check\(\)", source.strip())
        if match:
            problem = getattr(b4, match.group(1))
            block = re.match(r"```python\n(.*?)```", problem.solution_text().split("\n\n", 1)[1], re.S)
            assert block, f"{problem.key}.solution must start with a python code block"
            exec(block.group(1), namespace)  # the answer cell, written as the solution says
            result = problem.evaluate(namespace)
            assert result.correct, (problem.key, result.message)
            checked.append(problem.name)
        elif i + 1 < len(sources) and re.fullmatch(r"q\d\.check\(\)", sources[i + 1].strip()):
            continue  # the answer cell itself: replaced above
        else:
            exec(source, namespace)
    plt.close("all")
    assert checked == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
