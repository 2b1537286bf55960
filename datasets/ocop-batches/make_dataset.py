"""Regenerate ocop_batches.csv (synthetic, written for the AI Journey course).

Run from anywhere: ``python datasets/ocop-batches/make_dataset.py``. The output is
deterministic (fixed seed), so re-running it gives the committed file byte for byte.
"""

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 2023
N = 240
DISTRICTS = ["Đồng Xoài", "Bù Đăng", "Lộc Ninh", "Chơn Thành", "Phú Riềng", "Bù Gia Mập", "Bình Long"]
# The rule the (fictional) provincial OCOP council applies, per product.
LIMITS = {"hat_dieu": {"do_am": 5.0, "ty_le_loi": 8.0}, "ho_tieu": {"do_am": 13.0, "ty_le_loi": 12.0}}
LABEL_NOISE = 0.04


def make() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    product = rng.choice(["hat_dieu", "ho_tieu"], size=N, p=[0.55, 0.45])
    moisture = np.where(product == "hat_dieu", rng.uniform(3.0, 8.0, N), rng.uniform(10.0, 16.0, N))
    defects = rng.uniform(0.0, 20.0, N)
    trace = (rng.random(N) < 0.8).astype(int)
    lim_m = np.array([LIMITS[p]["do_am"] for p in product])
    lim_d = np.array([LIMITS[p]["ty_le_loi"] for p in product])
    moisture, defects = moisture.round(1), defects.round(1)
    passed = ((moisture <= lim_m) & (defects <= lim_d) & (trace == 1)).astype(int)
    flip = rng.random(N) < LABEL_NOISE
    passed = np.where(flip, 1 - passed, passed)
    return pd.DataFrame(
        {
            "ma_lo": [f"L{i:03d}" for i in range(1, N + 1)],
            "san_pham": product,
            "huyen": rng.choice(DISTRICTS, size=N),
            "do_am": moisture,
            "ty_le_loi": defects,
            "co_truy_xuat": trace,
            "dat_chuan": passed,
        }
    )


if __name__ == "__main__":
    out = Path(__file__).with_name("ocop_batches.csv")
    make().to_csv(out, index=False)
    print(f"wrote {out}")
