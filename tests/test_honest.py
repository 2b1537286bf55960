"""aijourney.toolkit.honest and the lesson-A1 data (aijourney.datasets.vietnam individuals)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from sklearn.model_selection import GroupKFold, KFold  # noqa: E402

from aijourney.datasets.vietnam import (  # noqa: E402
    GAP_COLUMNS,
    INDIVIDUAL_NUMERIC,
    individuals_split,
    individuals_table,
    individuals_with_gaps,
    load_vietnam_individuals,
)
from aijourney.toolkit.honest import (  # noqa: E402
    course_pipeline,
    depth_table,
    learning_curve_table,
    one_feature_scores,
    plot_scores,
    preprocessing_leak,
)


@pytest.fixture(scope="module")
def small():
    """A few thousand people of the training part, to keep the tests fast."""
    train, _ = individuals_split()
    return train[train["commune"] < 60]


def test_individuals_table_is_the_survey_with_age_in_years():
    raw, df = load_vietnam_individuals(), individuals_table()
    assert len(df) == len(raw) == 27765
    assert df["age"].between(1, 99).all() and np.allclose(np.log(df["age"]), raw["age"], atol=0.05)
    assert (df["nu"] == (df["sex"] == "female")).all()


def test_individuals_split_keeps_each_commune_on_one_side():
    train, test = individuals_split()
    assert len(train) + len(test) == 27765
    assert not set(train["commune"]) & set(test["commune"])
    assert 0.15 < len(test) / 27765 < 0.25


def test_gaps_are_made_by_the_course_in_two_columns_and_do_not_depend_on_the_rows_given():
    train, test = individuals_split()
    gappy = individuals_with_gaps(train)
    assert set(gappy.columns[gappy.isna().any()]) == set(GAP_COLUMNS)
    assert all(0.08 < gappy[c].isna().mean() < 0.12 for c in GAP_COLUMNS)
    whole = individuals_with_gaps(individuals_table())
    pd.testing.assert_frame_equal(whole.loc[train.index, list(GAP_COLUMNS)], gappy[list(GAP_COLUMNS)])
    assert not individuals_table().isna().any().any() and not train.isna().any().any()


def test_depth_table_shows_overfitting(small):
    table = depth_table(small[INDIVIDUAL_NUMERIC], small["insurance"], cv=KFold(3, shuffle=True, random_state=0),
                        depths=(2, None))
    assert list(table["do_sau"]) == [2, 0]
    assert table.loc[1, "diem_huan_luyen"] > 0.99 > table.loc[1, "diem_kiem_dinh"]
    assert table.loc[1, "diem_huan_luyen"] - table.loc[1, "diem_kiem_dinh"] > table.loc[0, "diem_huan_luyen"] - table.loc[0, "diem_kiem_dinh"]


def test_learning_curve_table_and_its_plot(small):
    from aijourney.toolkit.honest import course_tree

    table = learning_curve_table(course_tree(None), small[INDIVIDUAL_NUMERIC], small["insurance"],
                                 cv=GroupKFold(3), groups=small["commune"], sizes=(0.5, 1.0))
    assert list(table.columns) == ["so_dong_hoc", "diem_huan_luyen", "diem_kiem_dinh"]
    assert table["so_dong_hoc"].is_monotonic_increasing and (table["diem_huan_luyen"] > table["diem_kiem_dinh"]).all()
    ax = plot_scores(table, "so_dong_hoc", title="x")
    assert len(ax.lines) == 3 and ax.get_xlabel() == "số người trong phần học"


def test_one_feature_scores_finds_the_column_made_from_the_label(small):
    table = small.assign(bi_om=(small["illness"] > 0).astype(int))
    scores = one_feature_scores(table, ["age", "illdays", "educ"], "bi_om", cv=GroupKFold(3), groups=table["commune"])
    assert scores.index[0] == "illdays" and scores.iloc[0] > 0.95 > scores.iloc[1]


def test_preprocessing_leak_compares_the_right_and_the_leaky_way(small):
    X = individuals_with_gaps(small)[INDIVIDUAL_NUMERIC + ["sex"]]
    result = preprocessing_leak(course_pipeline(INDIVIDUAL_NUMERIC, ["sex"]), X, small["insurance"],
                                cv=GroupKFold(3), groups=small["commune"])
    assert set(result) == {"dung_cach", "ro_ri", "chenh_lech"}
    assert 0.4 < result["dung_cach"] < 0.8 and 0.4 < result["ro_ri"] < 0.8
    assert result["chenh_lech"] == pytest.approx(result["ro_ri"] - result["dung_cach"])
