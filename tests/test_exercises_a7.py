"""Every exercise of lesson A7: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm", every option of the choice question its own
explanation. Expected values are recomputed here from the data (q2 runs MiniLM on 400 sentences)."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score

from aijourney.datasets.reviews import reviews_split
from aijourney.exercises import a7
from aijourney.exercises.a7 import C_GRID, FINE_TUNE_STEPS, HEAD_IN, N_CLASSES, choose_c, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit import adapt
from aijourney.toolkit.evaluation import confusion_table
from aijourney.toolkit.vntext import make_classifier


def _message(problem, value):
    result = problem.evaluate({problem.var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


@pytest.fixture(scope="module")
def splits():
    return reviews_split("huan_luyen"), reviews_split("kiem_dinh"), reviews_split("kiem_tra")


@pytest.mark.parametrize("problem", [q1, q2, q3, q4, q5], ids=lambda p: p.name)
def test_placeholder_is_not_attempted(problem):
    assert problem.evaluate({problem.var: ____}).status == "not_attempted"


# -- q1: macro-F1 of the baseline on the standard-written validation reviews ------------------------
def _std(df):
    return (df["kieu_viet"] == "chuan").to_numpy()


@pytest.fixture(scope="module")
def baseline(splits):
    tr, va, te = splits
    model = make_classifier().fit(tr["van_ban"], tr["cam_xuc"])
    return model, model.predict(va["van_ban"])


def _macro(df, pred, rows=None):
    rows = _std(df) if rows is None else rows
    return f1_score(df["cam_xuc"][rows], pred[rows], average="macro")


def test_q1_right_answer(splits, baseline):
    _, va, _ = splits
    f1 = _macro(va, baseline[1])
    assert _std(va).sum() == 70 and 0.6 < f1 < 0.9
    assert q1.evaluate({"f1_co_so": f1}).correct


@pytest.mark.parametrize("kind, phrase", [
    ("accuracy", "độ chính xác"), ("pos", "một lớp"), ("neg", "một lớp"), ("percent", "nhân với 100"),
    ("all_rows", "toàn bộ"), ("train", "huấn luyện"), ("train_all", "huấn luyện"),
    ("test", "dữ liệu kiểm tra"), ("test_all", "dữ liệu kiểm tra"),
])
def test_q1_mistakes(splits, baseline, kind, phrase):
    tr, va, te = splits
    model, pred = baseline
    std = _std(va)
    everything = np.ones(len(va), bool)
    value = {
        "accuracy": lambda: accuracy_score(va["cam_xuc"][std], pred[std]),
        "pos": lambda: f1_score(va["cam_xuc"][std], pred[std], pos_label="tich_cuc"),
        "neg": lambda: f1_score(va["cam_xuc"][std], pred[std], pos_label="tieu_cuc"),
        "percent": lambda: 100 * _macro(va, pred),
        "all_rows": lambda: _macro(va, pred, everything),
        "train": lambda: _macro(tr, model.predict(tr["van_ban"])),
        "train_all": lambda: _macro(tr, model.predict(tr["van_ban"]), np.ones(len(tr), bool)),
        "test": lambda: _macro(te, model.predict(te["van_ban"])),
        "test_all": lambda: _macro(te, model.predict(te["van_ban"]), np.ones(len(te), bool)),
    }[kind]()
    assert abs(value - _macro(va, pred)) > 1e-6  # the mistake is a different number on this data
    assert phrase in _message(q1, value)


# -- q2: the confusion matrix of frozen MiniLM, standard-written reviews ------------------------------
@pytest.fixture(scope="module")
def frozen_table(splits):
    tr, va, _ = splits
    X_tr, X_va = adapt.embed(tr["van_ban"]), adapt.embed(va["van_ban"])
    c, scores = choose_c(X_tr, tr["cam_xuc"], X_va, va["cam_xuc"])
    assert c in C_GRID and scores[c] == max(scores.values())
    pred = adapt.frozen_head(X_tr, tr["cam_xuc"], c).predict(X_va)
    std = _std(va)
    return confusion_table(va["cam_xuc"][std], pred[std], names=("tích cực", "tiêu cực"), positive="tieu_cuc")


def test_q2_right_answer(frozen_table):
    missed = frozen_table.loc["Thực tế: tiêu cực", "Dự đoán: tích cực"]
    assert q2.evaluate({"so_phan_nan_bi_bo_sot": missed}).correct
    assert frozen_table.loc["Thực tế: tiêu cực"].sum() == 35  # half of the 70 standard-written reviews


@pytest.mark.parametrize("row, col, phrase", [
    ("tích cực", "tiêu cực", "đảo hàng và cột"),
    ("tiêu cực", "tiêu cực", "bắt được"),
    ("tích cực", "tích cực", "tích cực được đoán đúng"),
])
def test_q2_cells_of_the_table(frozen_table, row, col, phrase):
    value = frozen_table.loc[f"Thực tế: {row}", f"Dự đoán: {col}"]
    assert value != frozen_table.loc["Thực tế: tiêu cực", "Dự đoán: tích cực"]
    assert phrase in _message(q2, value)


def test_q2_share_instead_of_count(frozen_table):
    missed = frozen_table.loc["Thực tế: tiêu cực", "Dự đoán: tích cực"]
    assert "số câu" in _message(q2, missed / 35)


# -- q3: parameters of the head ----------------------------------------------------------------------
def test_q3_counts_match_the_model():
    import torch

    _, model = adapt.load_model()
    assert adapt.count_parameters(model, trainable_only=False) == a7._ENCODER
    assert adapt.count_parameters(model) == 0  # loaded frozen
    assert sum(p.numel() for p in model.encoder.layer[-1].parameters()) == a7._LAST_LAYER
    head = torch.nn.Linear(HEAD_IN, N_CLASSES)
    assert q3.evaluate({"so_tham_so_hoc": adapt.count_parameters(head)}).correct
    assert q3.evaluate({"so_tham_so_hoc": 770}).correct


@pytest.mark.parametrize("value, phrase", [
    (768, "hệ số chặn"), (385, "một** điểm"), (22_713_216, "khung mã hoá"), (22_713_986, "khung mã hoá"),
    (1_774_464 + 770, "tinh chỉnh lớp cuối"), (1000, "vao × ra + ra"),
])
def test_q3_mistakes(value, phrase):
    assert phrase in _message(q3, value)


# -- q4: energy from measured seconds ----------------------------------------------------------------
@pytest.fixture
def measured(monkeypatch):
    costs = {"nap_mo_hinh": adapt.Cost(2.0, 500.0), "ma_hoa": adapt.Cost(6.0, 700.0), "tinh_chinh": adapt.Cost(12.0, 800.0)}
    monkeypatch.setattr(adapt, "MEASURED", dict(costs))
    return sum(c.seconds for c in costs.values())


def test_q4_right_answer(measured):
    assert q4.evaluate({"nang_luong_wh": measured * adapt.LAPTOP_WATTS / 3600}).correct
    assert q4.evaluate({"nang_luong_wh": 0.25}).correct  # 20 s × 45 W


@pytest.mark.parametrize("factor, phrase", [(3600, "jun"), (1 / 1000, "kWh"), (60, "3600"), (1 / 45, "công suất")])
def test_q4_unit_mistakes(measured, factor, phrase):
    assert phrase in _message(q4, 0.25 * factor)


def test_q4_before_measuring(monkeypatch):
    monkeypatch.setattr(adapt, "MEASURED", {})
    result = q4.evaluate({"nang_luong_wh": 0.25})
    assert result.status == "not_attempted" and "chạy các ô" in result.message
    assert "…" in q4.solution_text()


def test_q4_solution_quotes_the_measurement(measured):
    text = q4.solution_text()
    assert "20.0" in text and "900 J" in text and "0.250" in text
    assert set(FINE_TUNE_STEPS) == set(adapt.MEASURED)


# -- q5: which model to deploy -----------------------------------------------------------------------
def test_q5_right_letter():
    assert q5.evaluate({"cau_tra_loi": "B"}).correct
    assert q5.evaluate({"cau_tra_loi": "b."}).correct


@pytest.mark.parametrize("letter, phrase", [("A", "Nhiều tham số"), ("C", "chạy"), ("D", "niềm tin")])
def test_q5_wrong_letters(letter, phrase):
    assert phrase in _message(q5, letter)


def test_q5_the_premise_holds(splits, baseline, frozen_table):
    """Option B says the bag of words has the best macro-F1 on validation data: check it does."""
    _, va, _ = splits
    base = f1_score(va["cam_xuc"], baseline[1], average="macro")
    assert base > a7._frozen()["f1"]
