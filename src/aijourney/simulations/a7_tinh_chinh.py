"""Typical answers to assignment a7-tinh-chinh (see aijourney.simulations).

Points: c1 3 (recall and precision per class read from a confusion matrix, rows = truth: 0.5 per hidden
matrix, 6 matrices), c2 2 (energy in Wh, 0.25 per hidden case, 4 cases; the energy of training once and
predicting n sentences per model, 0.25 per hidden table, 4 tables), c3 3 (a head recipe on frozen MiniLM
embeddings, fitted by the test on huan_luyen and judged on kiem_tra, refitted with flipped labels; the lower
macro-F1 counts: 1 point per step 0.55 / 0.62 / 0.68), c4 2 (the model to deploy under a scenario's
constraints, 0.25 per hidden scenario, 8 scenarios over two cost tables the test builds). A lookup table of
the data set's labels scores 1.0 on the first fit of c3 and 0 on the flipped one, so it earns nothing (same
known limit as a5-cam-xuc: a recipe that notices the flip and flips its lookup too would pass).
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def doc_ma_tran(ma_tran, nhan):\n"
            "    ket_qua = {}\n"
            "    for i, lop in enumerate(nhan):\n"
            "        dung = ma_tran[i][i]\n"
            "        that = sum(ma_tran[i][j] for j in range(len(nhan)))\n"
            "        doan = sum(ma_tran[j][i] for j in range(len(nhan)))\n"
            "        ket_qua[lop] = {'do_phu': dung / that if that > 0 else 0.0,\n"
            "                        'do_chuan_xac': dung / doan if doan > 0 else 0.0}\n"
            "    return ket_qua"
        ),
        # rows read as predictions: recall and precision swapped = 0 of 6
        "swapped": (
            "def doc_ma_tran(ma_tran, nhan):\n"
            "    m = np.asarray(ma_tran, dtype=float)\n"
            "    ket_qua = {}\n"
            "    for i, lop in enumerate(nhan):\n"
            "        cot, hang = m[:, i].sum(), m[i, :].sum()\n"
            "        ket_qua[lop] = {'do_phu': m[i, i] / cot if cot else 0.0,\n"
            "                        'do_chuan_xac': m[i, i] / hang if hang else 0.0}\n"
            "    return ket_qua"
        ),
        # no guard for an empty row or column: ZeroDivisionError or NaN on those two matrices = 4 of 6
        "no_zero_guard": (
            "def doc_ma_tran(ma_tran, nhan):\n"
            "    m = [[float(x) for x in hang] for hang in ma_tran]\n"
            "    return {lop: {'do_phu': m[i][i] / sum(m[i]),\n"
            "                  'do_chuan_xac': m[i][i] / sum(hang[i] for hang in m)}\n"
            "            for i, lop in enumerate(nhan)}"
        ),
        # sorts the labels first: right only when the given order is already sorted = 2 of 6
        "sorted_labels": (
            "def doc_ma_tran(ma_tran, nhan):\n"
            "    m = np.asarray(ma_tran, dtype=float)\n"
            "    ket_qua = {}\n"
            "    for i, lop in enumerate(sorted(nhan)):\n"
            "        hang, cot = m[i, :].sum(), m[:, i].sum()\n"
            "        ket_qua[lop] = {'do_phu': m[i, i] / hang if hang else 0.0,\n"
            "                        'do_chuan_xac': m[i, i] / cot if cot else 0.0}\n"
            "    return ket_qua"
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def nang_luong_wh(giay, watt):\n"
            "    return giay * watt / 3600\n"
            "\n\n"
            "def chi_phi(bang, so_cau, watt):\n"
            "    return {ten: nang_luong_wh(hang['giay_huan_luyen'] + so_cau * hang['ms_moi_cau'] / 1000, watt)\n"
            "            for ten, hang in bang.iterrows()}"
        ),
        # minutes instead of hours: 60 times too much, everywhere = 0
        "minutes": (
            "def nang_luong_wh(giay, watt):\n"
            "    return giay * watt / 60\n"
            "\n\n"
            "def chi_phi(bang, so_cau, watt):\n"
            "    return nang_luong_wh(bang['giay_huan_luyen'] + so_cau * bang['ms_moi_cau'] / 1000, watt)"
        ),
        # milliseconds added to seconds: right only on the table with so_cau = 0 = 1 + 0.25
        "ms_not_converted": (
            "def nang_luong_wh(giay, watt):\n"
            "    return giay * watt / 3600\n"
            "\n\n"
            "def chi_phi(bang, so_cau, watt):\n"
            "    return nang_luong_wh(bang['giay_huan_luyen'] + so_cau * bang['ms_moi_cau'], watt)"
        ),
        # joules (no division by 3600) and the training only: 0 + the table with so_cau = 0 is still in joules = 0
        "joules_training_only": (
            "def nang_luong_wh(giay, watt):\n"
            "    return giay * watt\n"
            "\n\n"
            "def chi_phi(bang, so_cau, watt):\n"
            "    return nang_luong_wh(bang['giay_huan_luyen'], watt)"
        ),
    },
    "cau3_loi_giai": {
        # scaled embeddings + a strongly regularised logistic regression: 0.76 on kiem_tra
        "correct": (
            "def tao_dau_phan_loai():\n"
            "    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=1000))"
        ),
        # Gaussian Naive Bayes: 0.659 = 2 of 3
        "gaussian_nb": (
            "def tao_dau_phan_loai():\n"
            "    return GaussianNB()"
        ),
        # 5 nearest neighbours on raw embeddings: 0.475 = 0
        "knn": (
            "def tao_dau_phan_loai():\n"
            "    return KNeighborsClassifier(n_neighbors=5)"
        ),
        # a lookup table of kiem_tra's labels by embedding: perfect on the first fit, wrong on the flipped one = 0
        "memoriser": (
            "_bang_kt = reviews_split('kiem_tra')\n"
            "_nhan_kt = dict(zip(map(tuple, np.round(embed(_bang_kt['van_ban']), 4)), _bang_kt['cam_xuc']))\n"
            "\n\n"
            "class HocThuoc:\n"
            "    def fit(self, X, y):\n"
            "        return self\n"
            "\n"
            "    def predict(self, X):\n"
            "        return np.array([_nhan_kt.get(tuple(np.round(x, 4)), 'tich_cuc') for x in X])\n"
            "\n\n"
            "def tao_dau_phan_loai():\n"
            "    return HocThuoc()"
        ),
        # takes the training data and returns a fitted model: tao_dau_phan_loai() raises, the visible test fails
        "with_data": (
            "def tao_dau_phan_loai(X, y):\n"
            "    return LogisticRegression(max_iter=1000).fit(X, y)"
        ),
    },
    "cau4_loi_giai": {
        "correct": (
            "def chon_mo_hinh(bang, tinh_huong):\n"
            "    wh = chi_phi(bang, tinh_huong['so_cau'], tinh_huong['watt'])\n"
            "    tot_nhat, wh_tot_nhat = 'khong_trien_khai', None\n"
            "    for ten, hang in bang.sort_values('macro_f1', ascending=False).iterrows():\n"
            "        if (hang['mb_dinh'] <= tinh_huong['mb_toi_da'] and hang['macro_f1'] >= tinh_huong['f1_toi_thieu']\n"
            "                and wh[ten] <= tinh_huong['wh_toi_da'] and (wh_tot_nhat is None or wh[ten] < wh_tot_nhat)):\n"
            "            tot_nhat, wh_tot_nhat = ten, wh[ten]\n"
            "    return tot_nhat"
        ),
        # the highest macro-F1 among the models that pass, whatever it costs = 5 of 8
        "best_f1": (
            "def chon_mo_hinh(bang, tinh_huong):\n"
            "    wh = (bang['giay_huan_luyen'] + tinh_huong['so_cau'] * bang['ms_moi_cau'] / 1000) * tinh_huong['watt'] / 3600\n"
            "    dat = bang[(bang['mb_dinh'] <= tinh_huong['mb_toi_da']) & (bang['macro_f1'] >= tinh_huong['f1_toi_thieu'])\n"
            "               & (wh <= tinh_huong['wh_toi_da'])]\n"
            "    return str(dat['macro_f1'].idxmax()) if len(dat) else 'khong_trien_khai'"
        ),
        # the memory of the machine ignored: wrong where the right model does not fit = 7 of 8
        "ignore_memory": (
            "def chon_mo_hinh(bang, tinh_huong):\n"
            "    wh = (bang['giay_huan_luyen'] + tinh_huong['so_cau'] * bang['ms_moi_cau'] / 1000) * tinh_huong['watt'] / 3600\n"
            "    dat = wh[(bang['macro_f1'] >= tinh_huong['f1_toi_thieu']) & (wh <= tinh_huong['wh_toi_da'])]\n"
            "    return str(dat.idxmin()) if len(dat) else 'khong_trien_khai'"
        ),
        # None when no model passes: wrong on the two scenarios without a model = 6 of 8
        "returns_none": (
            "def chon_mo_hinh(bang, tinh_huong):\n"
            "    wh = (bang['giay_huan_luyen'] + tinh_huong['so_cau'] * bang['ms_moi_cau'] / 1000) * tinh_huong['watt'] / 3600\n"
            "    dat = wh[(bang['mb_dinh'] <= tinh_huong['mb_toi_da']) & (bang['macro_f1'] >= tinh_huong['f1_toi_thieu'])\n"
            "             & (wh <= tinh_huong['wh_toi_da'])]\n"
            "    if len(dat) == 0:\n"
            "        return None\n"
            "    return str(dat.idxmin())"
        ),
    },
}

PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct",
                "cau4_loi_giai": "correct"},
    "blank": {},
    "swapped__minutes__gaussian_nb__best_f1": {
        "cau1_loi_giai": "swapped", "cau2_loi_giai": "minutes", "cau3_loi_giai": "gaussian_nb",
        "cau4_loi_giai": "best_f1"},
    "no_zero_guard__joules__knn__ignore_memory": {
        "cau1_loi_giai": "no_zero_guard", "cau2_loi_giai": "joules_training_only", "cau3_loi_giai": "knn",
        "cau4_loi_giai": "ignore_memory"},
    "sorted_labels__correct__memoriser__returns_none": {
        "cau1_loi_giai": "sorted_labels", "cau2_loi_giai": "correct", "cau3_loi_giai": "memoriser",
        "cau4_loi_giai": "returns_none"},
    # c4's right rule on top of c2's wrong costs: the milliseconds error carries over
    "correct__ms_not_converted__with_data__correct": {
        "cau1_loi_giai": "correct", "cau2_loi_giai": "ms_not_converted", "cau3_loi_giai": "with_data",
        "cau4_loi_giai": "correct"},
}

# Exact totals (of 10): c1 3, c2 2, c3 3, c4 2. Macro-F1 of c3 on kiem_tra (lower of the two fits): source
# (LogisticRegression) 0.729, correct 0.760, gaussian_nb 0.659, knn 0.475, memoriser 0 (flipped fit).
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    # c1 swapped: 0 of 6; c2 minutes: 0; c3 0.659: 2; c4 5 of 8 = 1.25
    "swapped__minutes__gaussian_nb__best_f1": 3.25,
    # c1 4 of 6 = 2; c2 joules: 0; c3 0.475: 0; c4 7 of 8 = 1.75
    "no_zero_guard__joules__knn__ignore_memory": 3.75,
    # c1 2 of 6 = 1; c2 2; c3 0; c4 6 of 8 = 1.5
    "sorted_labels__correct__memoriser__returns_none": 4.5,
    # c1 3; c2 nang_luong_wh 1 + the table with so_cau = 0: 0.25; c3 visible test fails: 0; c4 with c2's
    # costs in ms as seconds: 4 of 8 = 1
    "correct__ms_not_converted__with_data__correct": 5.25,
}
