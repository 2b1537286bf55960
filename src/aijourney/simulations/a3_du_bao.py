"""Typical answers to assignment a3-du-bao (see aijourney.simulations).

Points: c1 3 (4 unseen series × 0.75: 0.375 for the values, 0.1875 for the rows, 0.1875 for the column names), c2 2
(4 unseen tables × 0.5: 0.25 for the right rows in each part, 0.25 for the right rows in time order), c3 1 (4 unseen
series × 0.25), c4 4 (2 per series: r = model MAE / naive MAE on the held-out period; series A, made in the test:
2 if r ≤ 0.90, 1 if r < 1; series B, Seattle 2015 in other units: 2 if r ≤ 0.98, 1 if r < 1; 0 for a series where
a forecast moves when later values change). The comments give the r each recipe gets.
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def tao_dac_trung_tre(chuoi, so_tre):\n"
            "    bang = pd.DataFrame({'gia_tri': chuoi})\n"
            "    for k in range(1, so_tre + 1):\n"
            "        bang[f'tre_{k}'] = chuoi.shift(k)\n"
            "    return bang.iloc[so_tre:]"
        ),
        # the classic off-by-one: tre_1 is the day itself (it peeks at the target): rows and names only, 0.375 × 4
        "lech_mot": (
            "def tao_dac_trung_tre(chuoi, so_tre):\n"
            "    bang = pd.DataFrame({'gia_tri': chuoi})\n"
            "    for k in range(1, so_tre + 1):\n"
            "        bang[f'tre_{k}'] = chuoi.shift(k - 1)\n"
            "    return bang.iloc[so_tre:]"
        ),
        # dropna() instead of dropping the first so_tre rows: loses the rows around the weekly series' gap
        # (0.75 × 3 + 0.5625)
        "dropna": (
            "def tao_dac_trung_tre(chuoi, so_tre):\n"
            "    bang = pd.DataFrame({'gia_tri': chuoi})\n"
            "    for k in range(1, so_tre + 1):\n"
            "        bang[f'tre_{k}'] = chuoi.shift(k)\n"
            "    return bang.dropna()"
        ),
        # k days back on the calendar instead of k periods: right on the two daily series, only NaN on the monthly
        # and weekly ones (0.75 × 2 + 0.375 × 2)
        "lui_theo_ngay": (
            "def tao_dac_trung_tre(chuoi, so_tre):\n"
            "    bang = pd.DataFrame({'gia_tri': chuoi})\n"
            "    for k in range(1, so_tre + 1):\n"
            "        bang[f'tre_{k}'] = chuoi.shift(k, freq='D')\n"
            "    return bang.iloc[so_tre:]"
        ),
        # the lesson's helper as is: a plain 0, 1, 2… index and lesson-style column names; the visible test fails (0)
        "add_lags": (
            "from aijourney.toolkit.forecast import add_lags\n"
            "\n\n"
            "def tao_dac_trung_tre(chuoi, so_tre):\n"
            "    return add_lags(chuoi.rename('gia_tri').to_frame(), 'gia_tri', so_tre)"
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def chia_theo_thoi_gian(bang, ngay_cat_1, ngay_cat_2):\n"
            "    bang = bang.sort_index()\n"
            "    cat_1, cat_2 = pd.Timestamp(ngay_cat_1), pd.Timestamp(ngay_cat_2)\n"
            "    return (bang[bang.index < cat_1], bang[(bang.index >= cat_1) & (bang.index < cat_2)],\n"
            "            bang[bang.index >= cat_2])"
        ),
        # not sorted: the right rows everywhere, the time order only on the two tables given sorted
        # (0.25 × 4 + 0.25 × 2)
        "khong_sap_xep": (
            "def chia_theo_thoi_gian(bang, ngay_cat_1, ngay_cat_2):\n"
            "    hoc = bang[bang.index < ngay_cat_1]\n"
            "    kiem_dinh = bang[(bang.index >= ngay_cat_1) & (bang.index < ngay_cat_2)]\n"
            "    kiem_tra = bang[bang.index >= ngay_cat_2]\n"
            "    return hoc, kiem_dinh, kiem_tra"
        ),
        # each cut day kept in the earlier part: right only on the weekly table, whose cuts fall between rows (0.5)
        "bien_lech": (
            "def chia_theo_thoi_gian(bang, ngay_cat_1, ngay_cat_2):\n"
            "    bang = bang.sort_index()\n"
            "    hoc = bang[bang.index <= ngay_cat_1]\n"
            "    kiem_dinh = bang[(bang.index > ngay_cat_1) & (bang.index <= ngay_cat_2)]\n"
            "    kiem_tra = bang[bang.index > ngay_cat_2]\n"
            "    return hoc, kiem_dinh, kiem_tra"
        ),
        # a random split with the right sizes (lesson B1's habit): the visible test passes, every hidden table fails (0)
        "ngau_nhien": (
            "def chia_theo_thoi_gian(bang, ngay_cat_1, ngay_cat_2):\n"
            "    n_hoc = int((bang.index < ngay_cat_1).sum())\n"
            "    n_kiem_dinh = int(((bang.index >= ngay_cat_1) & (bang.index < ngay_cat_2)).sum())\n"
            "    tron = bang.sample(frac=1, random_state=0)\n"
            "    return tron.iloc[:n_hoc], tron.iloc[n_hoc:n_hoc + n_kiem_dinh], tron.iloc[n_hoc + n_kiem_dinh:]"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def mae_co_so(chuoi_that):\n"
            "    return float(chuoi_that.diff().abs().mean())"
        ),
        # numpy's mean does not skip NaN: wrong on the series with gaps (3 of 4)
        "numpy_nan": (
            "def mae_co_so(chuoi_that):\n"
            "    return float(np.mean(np.abs(np.diff(np.asarray(chuoi_that, dtype=float)))))"
        ),
        # chuoi_that[i] looks up the label i: KeyError on the two series whose index does not start at 0 (2 of 4)
        "vi_tri": (
            "def mae_co_so(chuoi_that):\n"
            "    lech = []\n"
            "    for i in range(1, len(chuoi_that)):\n"
            "        d = abs(chuoi_that[i] - chuoi_that[i - 1])\n"
            "        if not np.isnan(d):\n"
            "            lech.append(d)\n"
            "    return sum(lech) / len(lech)"
        ),
        # divides by the number of periods, not of forecasts: the visible test fails (0)
        "chia_n": (
            "def mae_co_so(chuoi_that):\n"
            "    return float(chuoi_that.diff().abs().sum() / len(chuoi_that))"
        ),
    },
    "cau4_loi_giai": {
        # series A r ≈ 0.80, series B r ≈ 0.955: 2 + 2
        "correct": (
            "SO_TRE = 14\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return LinearRegression()"
        ),
        # one lag only: A r ≈ 0.92 (1), B r ≈ 1.009 (0)
        "mot_ngay": (
            "SO_TRE = 1\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return LinearRegression()"
        ),
        # a tree with no depth limit learns the training days by heart: worse than the baseline on both (0)
        "cay_sau": (
            "SO_TRE = 7\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return DecisionTreeRegressor(random_state=0)"
        ),
        # reads tomorrow from the other rows of the batch (the row whose older lags match this row's lags holds this
        # day's value as its tre_1): perfect forecasts, caught by the changed-future check on both series (0)
        "nhin_trom": (
            "SO_TRE = 7\n"
            "\n\n"
            "class DuBaoNhinTrom:\n"
            "    def fit(self, X, y):\n"
            "        return self\n"
            "\n"
            "    def predict(self, X):\n"
            "        hang = np.asarray(X, dtype=float)\n"
            "        hom_sau = {tuple(h[1:]): h[0] for h in hang}\n"
            "        return np.array([hom_sau.get(tuple(h[:-1]), h[0]) for h in hang])\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return DuBaoNhinTrom()"
        ),
        # a tree fitted beforehand on all of Seattle, 2015 included, whose fit does nothing: it knows the real
        # 2015 by heart, but the test's series B is in other units (and A is not Seattle): 0
        "hoc_thuoc": (
            "SO_TRE = 7\n"
            "_X_het = pd.DataFrame({f'tre_{k}': chuoi_nhiet.shift(k) for k in range(1, 8)}).iloc[7:]\n"
            "_cay_het = DecisionTreeRegressor(random_state=0).fit(_X_het.to_numpy(), chuoi_nhiet.iloc[7:].to_numpy())\n"
            "\n\n"
            "class MoHinhDaHoc:\n"
            "    def fit(self, X, y):\n"
            "        return self\n"
            "\n"
            "    def predict(self, X):\n"
            "        return _cay_het.predict(np.asarray(X, dtype=float))\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return MoHinhDaHoc()"
        ),
        # hands over a model already fitted (and the visible test still passes: it is fitted again): 7 lags,
        # A r ≈ 0.81, B r ≈ 0.969: 2 + 2 — fitting inside the test makes this harmless
        "da_huan_luyen": (
            "SO_TRE = 7\n"
            "_X7 = pd.DataFrame({f'tre_{k}': chuoi_nhiet.shift(k) for k in range(1, 8)}).iloc[7:]\n"
            "_mo_hinh_7 = Ridge(alpha=1.0).fit(_X7, chuoi_nhiet.iloc[7:])\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return _mo_hinh_7"
        ),
    },
}

_ALL_RIGHT = {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct",
              "cau4_loi_giai": "correct"}

# Typical mistakes in independent questions share a submission (each question is graded on its own).
PROFILES: dict[str, dict[str, str]] = {
    "correct": _ALL_RIGHT,
    "blank": {},
    "lech_mot__khong_sap_xep__numpy_nan__mot_ngay": {
        "cau1_loi_giai": "lech_mot", "cau2_loi_giai": "khong_sap_xep", "cau3_loi_giai": "numpy_nan",
        "cau4_loi_giai": "mot_ngay"},
    "dropna__bien_lech__vi_tri__cay_sau": {
        "cau1_loi_giai": "dropna", "cau2_loi_giai": "bien_lech", "cau3_loi_giai": "vi_tri", "cau4_loi_giai": "cay_sau"},
    "lui_theo_ngay__ngau_nhien__hoc_thuoc": dict(_ALL_RIGHT, cau1_loi_giai="lui_theo_ngay", cau2_loi_giai="ngau_nhien",
                                                 cau4_loi_giai="hoc_thuoc"),
    # the first partial profile by name: stock nbgrader grades it too (the peeking recipe through the engine's proxies)
    "add_lags__chia_n__nhin_trom": dict(_ALL_RIGHT, cau1_loi_giai="add_lags", cau3_loi_giai="chia_n",
                                        cau4_loi_giai="nhin_trom"),
    "chi_cau_4_da_huan_luyen": {"cau4_loi_giai": "da_huan_luyen"},
}

# Exact automatic totals (of 10): c1 3, c2 2, c3 1, c4 4.
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "lech_mot__khong_sap_xep__numpy_nan__mot_ngay": 4.75,  # 1.5 + 1.5 + 0.75 + (A 1, B 0)
    "dropna__bien_lech__vi_tri__cay_sau": 3.8125,  # 2.8125 + 0.5 + 0.5 + 0
    "lui_theo_ngay__ngau_nhien__hoc_thuoc": 3.25,  # 2.25 + 0 + 1 + 0
    "add_lags__chia_n__nhin_trom": 2.0,  # c1 visible 0 + 2 + c3 visible 0 + peeking caught 0
    "chi_cau_4_da_huan_luyen": 4.0,  # c1–c3 as released: 0; c4 fitted again in the test: 2 + 2
}
