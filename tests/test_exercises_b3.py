"""Lesson B3: every exercise (right answer, each recognised mistake, placeholder, every option),
and the lesson's claims checked against the data: predicting food spending PER PERSON finds
households where each person has little, while predicting the household's total picks small
households."""

import re
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error

from aijourney.datasets import household_split, load_vietnam_households
from aijourney.exercises.b3 import SHARE, TARGET, q1, q2, q3, q4
from aijourney.feedback import ____
from aijourney import i18n
from aijourney.i18n import catalogue


@contextmanager
def language(lang):
    before = i18n._current
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n._current = before


@pytest.fixture(scope="module")
def fitted():
    X_train, X_test, y_train, y_test = household_split(TARGET)
    model = LinearRegression().fit(X_train, y_train)
    return X_train, X_test, y_train, y_test, model


def message(problem, var, value):
    return problem.evaluate({var: value}).message


def test_q1_baseline_mae(fitted):
    X_train, X_test, y_train, y_test, _ = fitted
    base = np.full(len(y_test), y_train.mean())
    right = mean_absolute_error(y_test, base)
    assert q1.evaluate({"mae_co_so": right}).correct
    assert q1.evaluate({"mae_co_so": (y_test - base).abs().mean()}).correct
    assert q1.evaluate({"mae_co_so": ____}).status == "not_attempted"
    peek = mean_absolute_error(y_test, np.full(len(y_test), y_test.mean()))
    assert "trung bình của `y_test`" in message(q1, "mae_co_so", peek)
    assert "RMSE" in message(q1, "mae_co_so", mean_squared_error(y_test, base) ** 0.5)
    assert "giá trị tuyệt đối" in message(q1, "mae_co_so", (y_test - base).mean())
    assert "giá trị tuyệt đối" in message(q1, "mae_co_so", (base - y_test).mean())
    on_train = mean_absolute_error(y_train, np.full(len(y_train), y_train.mean()))
    assert "dữ liệu huấn luyện" in message(q1, "mae_co_so", on_train)
    assert "làm tròn" in message(q1, "mae_co_so", round(right, 2))
    assert "cả một bảng" in message(q1, "mae_co_so", y_test - base)
    assert "ví dụ 3 hộ" in message(q1, "mae_co_so", right + 0.01)


def test_q2_model_mae(fitted):
    X_train, X_test, y_train, y_test, model = fitted
    pred = model.predict(X_test)
    right = mean_absolute_error(y_test, pred)
    base = mean_absolute_error(y_test, np.full(len(y_test), y_train.mean()))
    assert right < base  # the model beats the baseline
    assert q2.evaluate({"mae_hoi_quy": right}).correct
    assert q2.evaluate({"mae_hoi_quy": ____}).status == "not_attempted"
    on_train = mean_absolute_error(y_train, model.predict(X_train))
    assert "dữ liệu huấn luyện" in message(q2, "mae_hoi_quy", on_train)
    assert "R²" in message(q2, "mae_hoi_quy", model.score(X_test, y_test))
    assert "R²" in message(q2, "mae_hoi_quy", model.score(X_train, y_train))
    assert "RMSE" in message(q2, "mae_hoi_quy", mean_squared_error(y_test, pred) ** 0.5)
    assert "RMSE" in message(q2, "mae_hoi_quy", mean_squared_error(y_test, pred))
    assert "mô hình cơ sở" in message(q2, "mae_hoi_quy", base)
    assert "giá trị tuyệt đối" in message(q2, "mae_hoi_quy", float(np.mean(y_test - pred)))
    assert "làm tròn" in message(q2, "mae_hoi_quy", round(right, 2))
    one_feature = LinearRegression().fit(X_train[["so_nguoi"]], y_train)
    other = mean_absolute_error(y_test, one_feature.predict(X_test[["so_nguoi"]]))
    assert "cả 4 đặc trưng" in message(q2, "mae_hoi_quy", other)


def test_q3_money_mae(fitted):
    X_train, X_test, y_train, y_test, model = fitted
    pred = model.predict(X_test)
    right = mean_absolute_error(np.exp(y_test), np.exp(pred))
    assert 300 < right < 800  # thousand dong per person a year
    assert q3.evaluate({"mae_tien": right}).correct
    assert q3.evaluate({"mae_tien": round(right)}).correct
    assert q3.evaluate({"mae_tien": ____}).status == "not_attempted"
    log_mae = mean_absolute_error(y_test, pred)
    assert "hệ số nhân" in message(q3, "mae_tien", np.exp(log_mae))
    assert "theo **log**" in message(q3, "mae_tien", log_mae)
    assert "nghìn đồng" in message(q3, "mae_tien", right * 1000)
    baseline = mean_absolute_error(np.exp(y_test), np.exp(np.full(len(y_test), y_train.mean())))
    assert "mô hình cơ sở" in message(q3, "mae_tien", baseline)
    # the error of the means is not the mean of the errors
    assert "trước khi tính MAE" in message(q3, "mae_tien", abs(np.exp(y_test).mean() - np.exp(pred).mean()))


@pytest.mark.parametrize("answer, status, phrase", [
    ("B", "correct", "con người xác minh"),
    (" b. ", "correct", "con người xác minh"),
    ("A", "incorrect", "bỏ sót nhiều hộ"),
    ("C", "incorrect", "bốc thăm"),
    ("d", "incorrect", "mỗi người"),
    ("____", "not_attempted", "chưa điền"),
    (____, "not_attempted", "chưa điền"),
])
def test_q4_good_enough(answer, status, phrase):
    result = q4.evaluate({"cau_tra_loi": answer})
    assert result.status == status and phrase in result.message


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_q4_options_are_fair(lang):
    with language(lang):
        options = q4.option_texts()
    assert sorted(options) == list("ABCD")
    assert len(options["B"]) < max(len(text) for text in options.values())  # the right one is not the longest
    assert max(map(len, options.values())) < 1.25 * min(map(len, options.values()))


def test_no_hint_gives_away_the_answer_line():
    vi = catalogue("vi")
    for q in (q1, q2, q3, q4):
        code = re.match(r"```python\n(.*?)```", vi[f"{q.key}.solution"], re.S).group(1)
        answer_lines = [line for line in code.splitlines() if line.startswith(q.var)]
        for n in range(1, q.n_hints + 1):
            for lang in ("vi", "en"):
                hint = catalogue(lang)[f"{q.key}.hint.{n}"]
                assert not any(line in hint for line in answer_lines), (q.key, n, lang)
        assert q.n_hints >= 3 and "____" in vi[f"{q.key}.hint.3"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_solutions_quote_the_computed_figures(lang, fitted):
    X_train, X_test, y_train, y_test, model = fitted
    with language(lang):
        texts = {q.name: q.solution_text() for q in (q1, q2, q3, q4)}
    comma = "," if lang == "vi" else "."
    base = mean_absolute_error(y_test, np.full(len(y_test), y_train.mean()))
    assert f"{base:.2f}".replace(".", comma) in texts["q1"]
    assert f"{mean_absolute_error(y_test, model.predict(X_test)):.2f}".replace(".", comma) in texts["q2"]
    assert all("{" not in text for text in texts.values())


# -- the lesson's claims, checked with the data -------------------------------------------------
@pytest.fixture(scope="module")
def groups(fitted):
    """Test households: who really spends least per person, who each model picks."""
    X_train, X_test, y_train, y_test, model = fitted
    df = load_vietnam_households()
    per_person = np.exp(df["lnrlfood"]) / df["hhsize"]
    assert np.allclose(np.exp(y_test), per_person.loc[y_test.index])  # the target is what the lesson says
    total_model = LinearRegression().fit(X_train, df.loc[X_train.index, "lnrlfood"])
    pred = pd.Series(model.predict(X_test), index=X_test.index)
    pred_total = pd.Series(total_model.predict(X_test), index=X_test.index)
    truly = y_test <= y_test.quantile(SHARE)
    return {
        "size": X_test["so_nguoi"],
        "spent": np.exp(y_test),
        "truly": truly,
        "per_person": pred <= pred.quantile(SHARE),
        "total": pred_total <= pred_total.quantile(SHARE),
    }


def test_predicting_the_household_total_picks_small_households_not_hardship(groups):
    """Section 7 and the first edition's mistake: most picked households have 1-3 people, fewer of
    them are in real hardship than a random draw would give, and each person in them is not spent
    less on than usual."""
    size, spent, truly, picked = groups["size"], groups["spent"], groups["truly"], groups["total"]
    assert (size[picked] <= 3).mean() > 0.5 > (size <= 3).mean()
    assert truly[picked].mean() < SHARE
    assert spent[picked].median() >= 0.95 * spent.median()


def test_predicting_per_person_finds_households_where_each_person_has_little(groups):
    """Section 7: the households picked by the per-person model spend clearly less per person than
    usual, about 4 in 10 are in real hardship (twice a random draw), none has 1-3 people although
    real hardship includes such households."""
    size, spent, truly, picked = groups["size"], groups["spent"], groups["truly"], groups["per_person"]
    assert spent[picked].median() < 0.85 * spent.median()
    assert 0.35 <= truly[picked].mean() <= 0.45
    assert 1.75 <= truly[picked].mean() / SHARE <= 2.25
    assert (size[picked] <= 3).sum() == 0 and (size[truly] <= 3).mean() > 0.05
    assert (size[picked] <= 3).mean() <= (size <= 3).mean()


def test_section_1_total_rises_and_per_person_falls_with_household_size():
    df = load_vietnam_households()
    food = np.exp(df["lnrlfood"])
    size = df["hhsize"].clip(upper=10)
    total, each = food.groupby(size).median(), (food / df["hhsize"]).groupby(size).median()
    assert total.is_monotonic_increasing
    # "mỗi người lại được chi càng ít (từ 9 người trở lên thì gần như không giảm thêm)"
    assert each.loc[1:9].is_monotonic_decreasing and abs(each[10] / each[9] - 1) < 0.02


def test_section_4_coefficients_read_as_the_lesson_says(fitted):
    X_train, _, y_train, _, model = fitted
    pct = pd.Series(100 * (np.exp(model.coef_) - 1), index=X_train.columns)
    assert -9.5 < pct["so_nguoi"] < -6.5  # "thấp hơn khoảng 8%"
    assert 20 < pct["thanh_thi"] < 32  # "cao hơn khoảng một phần tư"
    assert -16 < pct["lam_nong"] < -12  # "thấp hơn khoảng 14%"
    assert 1.5 < pct["so_nam_hoc"] < 2.5  # "khoảng 2%"
    # "số người vẫn là câu hỏi có sức nặng nhất": leaving it out costs most (on the training data)
    full = mean_absolute_error(y_train, model.predict(X_train))
    cost = {c: mean_absolute_error(y_train, LinearRegression().fit(X_train.drop(columns=c), y_train)
                                   .predict(X_train.drop(columns=c))) - full for c in X_train.columns}
    assert max(cost, key=cost.get) == "so_nguoi"


def test_section_6_residuals_are_positive_for_very_small_and_very_large_households(fitted):
    _, X_test, _, y_test, model = fitted
    residual = y_test - model.predict(X_test)
    size = X_test["so_nguoi"]
    assert residual[size <= 2].mean() > 0.05
    assert residual[size >= 9].mean() > 0.1
    assert abs(residual[(size >= 4) & (size <= 7)].mean()) < 0.05
