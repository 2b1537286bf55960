"""Dataset loaders: shipped data with datasheets, package data read offline without writing HOME."""

import os
import subprocess
import sys
from pathlib import Path

from aijourney.datasets import datasets_dir, load_ocop_batches, load_vietnam_households, load_vietnam_individuals

REPO = Path(__file__).resolve().parents[1]


def test_every_shipped_dataset_has_a_datasheet():
    folders = [p for p in datasets_dir().iterdir() if p.is_dir()]
    assert folders
    for folder in folders:
        sheet = (folder / "README.md").read_text("utf-8").lower()
        for word in ("source", "licence", "columns", "how it was made", "bias"):
            assert word in sheet, f"{folder.name}/README.md lacks a '{word}' section"


def test_ocop_batches_are_what_the_generator_makes():
    sys.path.insert(0, str(REPO / "datasets" / "ocop-batches"))
    try:
        import make_dataset
    finally:
        sys.path.pop(0)
    df = load_ocop_batches()
    made = make_dataset.make()
    assert df.shape == (240, 7)
    assert (df["ma_lo"] == made["ma_lo"]).all() and (df["dat_chuan"] == made["dat_chuan"]).all()
    assert set(df["san_pham"]) == {"hat_dieu", "ho_tieu"}


def test_vietnam_tables_load_from_the_package():
    households = load_vietnam_households()
    assert households.shape == (5999, 11)
    assert {"sex", "age", "educyr", "farm", "urban", "hhsize", "lntotal", "commune"} <= set(households.columns)
    assert load_vietnam_individuals().shape[0] == 27765


def test_vietnam_loader_writes_nothing_to_home(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path))
    code = "from aijourney.datasets import load_vietnam_households as f; print(len(f()))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "5999"
    assert list(tmp_path.iterdir()) == []


def test_household_split_can_predict_food_spending_per_person():
    """Lesson B3's target: log of the household's food expenditure divided by its size, on the same
    split as the other targets (``lnrlfood`` is the whole household's food expenditure)."""
    import numpy as np

    from aijourney.datasets import household_split
    from aijourney.datasets.vietnam import HOUSEHOLD_TARGETS, food_per_person

    df = load_vietnam_households()
    assert "lnfood_per_person" in HOUSEHOLD_TARGETS
    X_train, X_test, y_train, y_test = household_split("lnfood_per_person")
    default = household_split()
    assert list(X_test.index) == list(default[1].index) and list(X_train.index) == list(default[0].index)
    per_person = np.exp(df["lnrlfood"]) / df["hhsize"]
    assert np.allclose(np.exp(y_test), per_person.loc[y_test.index])
    assert np.allclose(food_per_person(df), np.log(per_person))
    # per person, bigger households spend less; in total, more
    assert np.corrcoef(food_per_person(df), df["hhsize"])[0, 1] < -0.2 < 0.2 < np.corrcoef(df["lnrlfood"], df["hhsize"])[0, 1]


def test_household_validation_split_stays_inside_the_training_communes():
    from aijourney.datasets import household_split
    from aijourney.datasets.vietnam import household_validation_split

    df = load_vietnam_households()
    X_train, X_test, y_train, _ = household_split("lnfood_per_person")
    X_learn, X_val, y_learn, y_val = household_validation_split()
    assert sorted(X_learn.index.append(X_val.index)) == sorted(X_train.index)
    assert not set(X_val.index) & set(X_test.index)
    assert not set(df.loc[X_learn.index, "commune"]) & set(df.loc[X_val.index, "commune"])
    assert (y_val == y_train.loc[y_val.index]).all() and 0.2 < len(X_val) / len(X_train) < 0.3
    assert list(household_validation_split()[1].index) == list(X_val.index)
