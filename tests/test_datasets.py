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
