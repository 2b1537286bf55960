"""The fairness audit helpers of lesson A8: per-group metrics computed by hand, the largest gap,
a seeded bootstrap interval that widens for small groups, the model card, and the exact join of
individuals to urban/rural through the commune."""

import numpy as np
import pandas as pd
import pytest

from aijourney.datasets.vietnam import commune_urban, individuals_validation_split, load_vietnam_households, with_urban
from aijourney.toolkit.fairness import (ALL, METRICS, MODEL_CARD_FIELDS, gap_interval, group_metrics, largest_gap,
                                        markdown_table, model_card, names_a_person)

# group a: TP 3, FN 1, FP 2, TN 4 ; group b: TP 1, FN 3, FP 0, TN 2
Y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0] + [1, 1, 1, 1, 0, 0]
P = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0] + [1, 0, 0, 0, 0, 0]
G = ["a"] * 10 + ["b"] * 6


def test_group_metrics_by_hand():
    table = group_metrics(Y, P, G)
    assert list(table.columns) == METRICS and list(table.index) == ["a", "b"]
    a, b = table.loc["a"], table.loc["b"]
    assert a["so_nguoi"] == 10 and b["so_nguoi"] == 6
    assert a["ty_le_nen"] == pytest.approx(0.4) and b["ty_le_nen"] == pytest.approx(4 / 6)
    assert a["do_chinh_xac"] == pytest.approx(0.7) and b["do_chinh_xac"] == pytest.approx(3 / 6)
    assert a["do_phu"] == pytest.approx(0.75) and b["do_phu"] == pytest.approx(0.25)
    assert a["ty_le_bao_nham"] == pytest.approx(2 / 6) and b["ty_le_bao_nham"] == pytest.approx(0.0)
    assert a["ty_le_chon"] == pytest.approx(0.5) and b["ty_le_chon"] == pytest.approx(1 / 6)


def test_overall_row_and_largest_gap():
    table = group_metrics(Y, P, G, overall=True)
    assert table.index[-1] == ALL and table.loc[ALL, "so_nguoi"] == 16
    assert table.loc[ALL, "do_phu"] == pytest.approx(4 / 8)
    assert largest_gap(table, "do_phu") == pytest.approx(0.5)  # the ALL row is not a group
    table.loc[ALL, "ty_le_chon"] = 5.0
    assert largest_gap(table, "ty_le_chon") == pytest.approx(0.5 - 1 / 6)


def test_a_group_without_positives_has_no_recall():
    table = group_metrics([0, 0, 1], [1, 0, 1], ["x", "x", "y"])
    assert np.isnan(table.loc["x", "do_phu"]) and table.loc["x", "ty_le_bao_nham"] == 0.5


def test_labels_must_be_zero_or_one():
    with pytest.raises(ValueError):
        group_metrics([0, 2], [0, 1], ["a", "b"])


def _random_audit(n, seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    groups = rng.choice(["a", "b"], n)
    pred = np.where(rng.random(n) < 0.8, y, 1 - y)
    return y, pred, groups


def test_gap_interval_is_seeded_and_wider_for_small_groups():
    y, pred, groups = _random_audit(4000, 1)
    big = gap_interval(y, pred, groups, "do_phu", n_boot=300)
    assert big == gap_interval(y, pred, groups, "do_phu", n_boot=300)
    assert big["chenh_lech"] == pytest.approx(largest_gap(group_metrics(y, pred, groups), "do_phu"))
    assert big["thap"] <= big["chenh_lech"] <= big["cao"]
    small = gap_interval(y[:200], pred[:200], groups[:200], "do_phu", n_boot=300)
    assert small["cao"] - small["thap"] > 2 * (big["cao"] - big["thap"])
    assert small["thap"] < 0 < small["cao"]  # no real difference: the interval reaches 0


def test_gap_interval_resampling_clusters_is_wider_when_clusters_differ():
    rng = np.random.default_rng(2)
    commune = np.repeat(np.arange(30), 100)
    groups = np.where(commune < 15, "a", "b")
    rate = rng.uniform(0.2, 0.8, 30)[commune]
    y = np.ones(3000, int)
    pred = (rng.random(3000) < rate).astype(int)
    people = gap_interval(y, pred, groups, "do_phu", n_boot=300)
    communes = gap_interval(y, pred, groups, "do_phu", clusters=commune, n_boot=300)
    assert communes["cao"] - communes["thap"] > 2 * (people["cao"] - people["thap"])


def test_model_card_renders_every_field_and_a_table():
    table = group_metrics(Y, P, G)
    card = {"ten": "Cây thử", "muc_dich": "Gợi ý", "danh_gia": table, "nguoi_chiu_trach_nhiem": "Chi đoàn xã"}
    text = model_card(card)
    assert text.startswith("## Thẻ mô hình: Cây thử") and text._repr_markdown_() == text
    assert "| nhom | so_nguoi |" in text and "| a | 10 | 0.400 |" in text
    assert text.count("*(chưa điền)*") == len(MODEL_CARD_FIELDS) - 1 - 3
    assert markdown_table(table).count("\n") == 3


@pytest.mark.parametrize("text, person", [
    ("Ban chấp hành chi đoàn xã", True), ("Bí thư Đoàn phường", True), ("Tôi, người làm dự án", True),
    ("Mô hình AI", False), ("AI tự chịu trách nhiệm", False), ("Máy tính", False), ("Không ai cả", False),
])
def test_names_a_person(text, person):
    assert names_a_person(text) is person


def test_urban_join_through_the_commune_is_exact():
    households = load_vietnam_households()
    assert (households.groupby("commune")["urban"].nunique() == 1).all()
    urban = commune_urban()
    assert set(urban.unique()) == {0, 1} and len(urban) == households["commune"].nunique()
    _, kiem_dinh = individuals_validation_split()
    joined = with_urban(kiem_dinh)
    assert len(joined) == len(kiem_dinh) and joined["thanh_thi"].notna().all()
    some = joined.iloc[0]
    assert some["thanh_thi"] == int((households.loc[households["commune"] == some["commune"], "urban"] == "yes").all())
    with pytest.raises(ValueError):
        with_urban(pd.DataFrame({"commune": [99999]}))


def test_validation_split_stays_inside_the_training_part():
    from aijourney.datasets.vietnam import individuals_split

    train, test = individuals_split()
    hoc, kiem_dinh = individuals_validation_split()
    assert set(hoc.index) | set(kiem_dinh.index) == set(train.index)
    assert not set(kiem_dinh["commune"]) & set(hoc["commune"])
    assert not set(kiem_dinh.index) & set(test.index)
