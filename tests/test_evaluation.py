"""aijourney.toolkit.evaluation and aijourney.datasets.poverty: the lesson-B4 data (as the course
prepares it, as the survey wrote it, cut in three) and the plain-Vietnamese confusion table, plot,
report and table of scores."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from aijourney import i18n  # noqa: E402
from aijourney.datasets import POVERTY_FEATURES, load_vietnam_households, poverty_split, poverty_table  # noqa: E402
from aijourney.datasets.poverty import SCHOOL_LEVELS, poverty_raw_table, poverty_tables_split  # noqa: E402
from aijourney.toolkit.evaluation import (  # noqa: E402
    confusion_counts,
    confusion_table,
    plot_confusion,
    report,
    scores_table,
)

Y_TRUE = [1, 1, 1, 0, 0, 0, 0, 0, 1, 0]
Y_PRED = [1, 0, 0, 1, 0, 0, 0, 0, 1, 1]  # found 2, missed 2, wrongly flagged 2, rightly ruled out 4


def test_poverty_table_is_the_survey_with_a_ten_percent_label():
    raw = load_vietnam_households()
    df = poverty_table()
    assert len(df) == len(raw) == 5999
    assert list(df.columns) == POVERTY_FEATURES + ["xa", "chi_tieu_moi_nguoi", "ngheo"]
    assert (df["xa"].to_numpy() == raw["commune"].to_numpy()).all()
    assert set(df["ngheo"]) == {0, 1}
    assert abs(df["ngheo"].mean() - 0.10) < 0.005
    # the label is the lowest spending per person, and the features are the survey's columns
    assert df.loc[df["ngheo"] == 1, "chi_tieu_moi_nguoi"].max() <= df.loc[df["ngheo"] == 0, "chi_tieu_moi_nguoi"].min()
    assert (df["so_nguoi"].to_numpy() == raw["hhsize"].to_numpy()).all()
    assert df["chu_ho_nu"].sum() == (raw["sex"] == "female").sum()
    assert df["thanh_thi"].sum() == (raw["urban"] == "yes").sum()
    # a copy each time: a trainee's edit never leaks into the next call
    df.loc[0, "ngheo"] = 99
    assert poverty_table().loc[0, "ngheo"] != 99


def test_poverty_split_is_stratified_and_repeatable():
    X_train, X_test, y_train, y_test = poverty_split()
    assert list(X_train.columns) == POVERTY_FEATURES
    assert len(X_test) == 1500 and len(X_train) == 4499
    assert abs(y_test.mean() - y_train.mean()) < 0.002
    assert poverty_split()[1].index.equals(X_test.index)


def test_poverty_raw_table_is_the_survey_as_written_in_the_same_rows():
    raw, df, survey = poverty_raw_table(), poverty_table(), load_vietnam_households()
    assert list(raw.columns) == ["sex", "age", "educyr", "cap_hoc", "farm", "urban", "hhsize", "commune"]
    assert len(raw) == len(df) == 5999 and raw.index.equals(df.index)
    assert set(raw["sex"]) == {"female", "male"} and set(raw["farm"]) == set(raw["urban"]) == {"yes", "no"}
    assert (raw["sex"].to_numpy() == survey["sex"].to_numpy()).all()
    # the course's 0/1 columns are these text columns encoded
    assert ((raw["sex"] == "female").astype(int) == df["chu_ho_nu"]).all()
    assert ((raw["farm"] == "yes").astype(int) == df["lam_nong"]).all()
    assert ((raw["urban"] == "yes").astype(int) == df["thanh_thi"]).all()
    assert (raw["hhsize"] == df["so_nguoi"]).all() and (raw["commune"] == df["xa"]).all()
    # the school level: every household has one, in order, matching its years of school
    assert list(raw["cap_hoc"].cat.categories) == list(SCHOOL_LEVELS) and raw["cap_hoc"].notna().all()
    assert (raw.loc[raw["educyr"] == 0, "cap_hoc"] == "chưa đi học").all()
    assert (raw.loc[raw["educyr"] == 9, "cap_hoc"] == "THCS").all()
    assert (raw.loc[raw["educyr"] == 12, "cap_hoc"] == "THPT").all()
    assert (raw.loc[raw["educyr"] > 12, "cap_hoc"] == "trên THPT").all()
    onehot = pd.get_dummies(raw["cap_hoc"], dtype=int)
    assert list(onehot.columns) == list(SCHOOL_LEVELS) and (onehot.sum(axis=1) == 1).all()
    raw.loc[0, "sex"] = "?"
    assert poverty_raw_table().loc[0, "sex"] == "female"


def test_poverty_tables_split_keeps_the_course_test_part():
    train, validation, test = poverty_tables_split()
    X_train, X_test, y_train, y_test = poverty_split()
    assert list(test.columns) == list(poverty_table().columns)
    assert test.index.equals(X_test.index) and (test["ngheo"] == y_test).all()
    assert sorted(train.index.append(validation.index)) == sorted(X_train.index)
    assert (len(train), len(validation), len(test)) == (3374, 1125, 1500)
    for part in (train, validation, test):
        assert abs(part["ngheo"].mean() - 0.10) < 0.002
    assert poverty_tables_split()[1].index.equals(validation.index)


def test_confusion_counts_agree_with_scikit_learn():
    counts = confusion_counts(Y_TRUE, Y_PRED)
    tn, fp, fn, tp = confusion_matrix(Y_TRUE, Y_PRED).ravel()
    assert counts == {"tim_dung": tp, "bo_sot": fn, "bao_nham": fp, "loai_dung": tn}
    assert counts == {"tim_dung": 2, "bo_sot": 2, "bao_nham": 2, "loai_dung": 4}
    # pandas Series with any index, numpy arrays and another positive label work the same
    series = pd.Series(Y_TRUE, index=range(100, 110))
    assert confusion_counts(series, np.array(Y_PRED)) == counts
    words = ["có" if v else "không" for v in Y_TRUE], ["có" if v else "không" for v in Y_PRED]
    assert confusion_counts(*words, positive="có") == counts
    with pytest.raises(ValueError):
        confusion_counts([1, 0], [1])


def test_confusion_table_puts_truth_in_rows_and_predictions_in_columns():
    table = confusion_table(Y_TRUE, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], ["không nghèo", "nghèo"])
    assert list(table.index) == ["Thực tế: không nghèo", "Thực tế: nghèo"]
    assert list(table.columns) == ["Dự đoán: không nghèo", "Dự đoán: nghèo"]
    assert table.to_numpy().tolist() == [[6, 0], [1, 3]]
    assert list(confusion_table(Y_TRUE, Y_PRED).index) == ["Thực tế: không", "Thực tế: có"]


def test_plot_confusion_draws_vietnamese_labels_and_returns_nothing():
    fig, ax = plt.subplots()
    assert plot_confusion(Y_TRUE, Y_PRED, ["không nghèo", "nghèo"], title="Cây", ax=ax) is None
    assert ax.get_xlabel() == "Mô hình dự đoán" and ax.get_ylabel() == "Thực tế" and ax.get_title() == "Cây"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["không nghèo", "nghèo"]
    assert sorted(t.get_text() for t in ax.texts) == ["2", "2", "2", "4"]
    plt.close("all")
    plot_confusion(Y_TRUE, Y_PRED)  # on a new figure
    assert len(plt.get_fignums()) == 1
    plt.close("all")


def test_report_says_the_numbers_in_plain_words():
    text = report(Y_TRUE, Y_PRED, positive_name="hộ nghèo")
    assert "đúng 6/10 trường hợp (60.0%)" in text
    assert "trong 4 hộ nghèo thật, mô hình tìm ra 2, bỏ sót 2 (tìm được 50.0%)" in text
    assert "gọi 4 trường hợp là hộ nghèo; 2 đúng, 2 báo nhầm" in text
    # a model that never says "poor" has no precision to speak of: 0, not a crash
    never = report(Y_TRUE, [0] * 10, positive_name="hộ nghèo")
    assert "gọi 0 trường hợp" in never and "(đúng 0.0%)" in never


def test_scores_table_compares_models_on_the_same_data():
    table = scores_table(Y_TRUE, {"mô hình": Y_PRED, "không bao giờ": [0] * 10})
    assert list(table.index) == ["mô hình", "không bao giờ"]
    assert list(table.columns) == ["độ chính xác (accuracy)", "độ phủ (recall)", "độ chuẩn xác (precision)",
                                   "số tìm đúng", "số được đánh dấu"]
    assert table.loc["mô hình"].tolist() == [0.6, 0.5, 0.5, 2, 4]
    # a model that never says "yes" has precision 0, not a crash
    assert table.loc["không bao giờ"].tolist() == [0.6, 0.0, 0.0, 0, 0]


def test_report_without_a_name_speaks_of_cases_to_find():
    assert "trong 4 trường hợp cần tìm thật" in report(Y_TRUE, Y_PRED)


def test_report_speaks_english_too(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("AIJOURNEY_LANG", "en")
    assert "Recall: of 4 real poor households" in report(Y_TRUE, Y_PRED, positive_name="poor households")
