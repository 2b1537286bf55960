"""aijourney.toolkit.evaluation: the lesson-B4 data and the plain-Vietnamese confusion table, plot and report."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from aijourney import i18n  # noqa: E402
from aijourney.datasets import POVERTY_FEATURES, load_vietnam_households, poverty_split, poverty_table  # noqa: E402
from aijourney.toolkit.evaluation import (  # noqa: E402
    confusion_counts,
    confusion_table,
    plot_confusion,
    report,
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


def test_report_without_a_name_speaks_of_cases_to_find():
    assert "trong 4 trường hợp cần tìm thật" in report(Y_TRUE, Y_PRED)


def test_report_speaks_english_too(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("AIJOURNEY_LANG", "en")
    assert "Recall: of 4 real poor households" in report(Y_TRUE, Y_PRED, positive_name="poor households")
