"""Typical answers to assignment a5-cam-xuc (see aijourney.simulations).

Points: c1 3 (0.5 per hidden case of macro-F1, 6 cases), c2 2 (0.5 per hidden table, 4 tables), c3 5 (the
recipe is fitted by the test on huan_luyen + kiem_dinh and judged on kiem_tra, as written and with the
diacritics removed; it is fitted a second time on the same texts with the labels flipped and judged against
the flipped labels; each part counts the lower macro-F1 of the two fits: 1 point per step 0.55 / 0.60 / 0.65 /
0.70 on the written rows, 0.5 per step 0.60 / 0.70 on the folded rows). A lookup table of the data set's
labels scores 1.0 on the first fit and about 0 on the flipped one, so it earns nothing. Known limit: a recipe
that compares its training labels with the data set's, notices the flip and flips its lookup too would pass;
only held-out sentences the trainee cannot read (written into the hidden test) would stop that.
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def macro_f1(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    cac_lop = {t for t, _ in cap} | {d for _, d in cap}\n"
            "    f1 = []\n"
            "    for lop in cac_lop:\n"
            "        tp = sum(t == lop and d == lop for t, d in cap)\n"
            "        fp = sum(t != lop and d == lop for t, d in cap)\n"
            "        fn = sum(t == lop and d != lop for t, d in cap)\n"
            "        f1.append(2 * tp / (2 * tp + fp + fn) if tp > 0 else 0.0)\n"
            "    return sum(f1) / len(f1)"
        ),
        # accuracy (= micro-F1 here): differs from macro-F1 on every case = 0 of 6
        "accuracy": (
            "def macro_f1(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    return sum(t == d for t, d in cap) / len(cap)"
        ),
        # F1 of the class "tich_cuc" only: wrong on every case = 0 of 6
        "positive_only": (
            "def macro_f1(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tp = sum(t == 'tich_cuc' and d == 'tich_cuc' for t, d in cap)\n"
            "    fp = sum(t != 'tich_cuc' and d == 'tich_cuc' for t, d in cap)\n"
            "    fn = sum(t == 'tich_cuc' and d != 'tich_cuc' for t, d in cap)\n"
            "    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0"
        ),
        # classes taken from the true labels only: wrong when a predicted label is no true label = 5 of 6
        "classes_from_truth": (
            "def macro_f1(y_that, y_doan):\n"
            "    that, doan = list(y_that), list(y_doan)\n"
            "    f1 = []\n"
            "    for lop in set(that):\n"
            "        tp = sum(t == lop and d == lop for t, d in zip(that, doan))\n"
            "        fp = sum(t != lop and d == lop for t, d in zip(that, doan))\n"
            "        fn = sum(t == lop and d != lop for t, d in zip(that, doan))\n"
            "        f1.append(2 * tp / (2 * tp + fp + fn))\n"
            "    return sum(f1) / len(f1)"
        ),
        # precision and recall with no guard: ZeroDivisionError for a class never predicted or never true,
        # or a class with tp = 0 = 4 of 6
        "no_zero_guard": (
            "def macro_f1(y_that, y_doan):\n"
            "    that, doan = list(y_that), list(y_doan)\n"
            "    f1 = []\n"
            "    for lop in set(that) | set(doan):\n"
            "        tp = sum(t == lop and d == lop for t, d in zip(that, doan))\n"
            "        do_chuan_xac = tp / sum(d == lop for d in doan)\n"
            "        do_phu = tp / sum(t == lop for t in that)\n"
            "        f1.append(2 * do_chuan_xac * do_phu / (do_chuan_xac + do_phu))\n"
            "    return sum(f1) / len(f1)"
        ),
        # y_that[i] on a pandas column looks up the label i, not the position: KeyError on the column with
        # an unusual index = 5 of 6
        "by_index": (
            "def macro_f1(y_that, y_doan):\n"
            "    cac_lop = set(y_that) | set(y_doan)\n"
            "    tong = 0.0\n"
            "    for lop in cac_lop:\n"
            "        tp = fp = fn = 0\n"
            "        for i in range(len(y_that)):\n"
            "            if y_that[i] == lop and y_doan[i] == lop:\n"
            "                tp += 1\n"
            "            elif y_doan[i] == lop:\n"
            "                fp += 1\n"
            "            elif y_that[i] == lop:\n"
            "                fn += 1\n"
            "        tong += 2 * tp / (2 * tp + fp + fn)\n"
            "    return tong / len(cac_lop)"
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def ty_le_dung_theo_nhom(bang, cot_nhom):\n"
            "    dung = bang['du_doan'] == bang['cam_xuc']\n"
            "    return dung.groupby(bang[cot_nhom]).mean()"
        ),
        # always groups by "hien_tuong", whatever cot_nhom says: right on that table only = 1 of 4
        "hard_coded": (
            "def ty_le_dung_theo_nhom(bang, cot_nhom):\n"
            "    ket_qua = {}\n"
            "    for nhom in bang['hien_tuong'].unique():\n"
            "        phan = bang[bang['hien_tuong'] == nhom]\n"
            "        ket_qua[nhom] = (phan['du_doan'] == phan['cam_xuc']).mean()\n"
            "    return ket_qua"
        ),
        # counts the right rows only: a group with none right becomes NaN = 2 of 4
        "drops_empty": (
            "def ty_le_dung_theo_nhom(bang, cot_nhom):\n"
            "    dung = bang[bang['du_doan'] == bang['cam_xuc']]\n"
            "    return dung.groupby(cot_nhom).size() / bang.groupby(cot_nhom).size()"
        ),
        # the number of right rows instead of the share: the visible test fails, no credit
        "counts": (
            "def ty_le_dung_theo_nhom(bang, cot_nhom):\n"
            "    dung = bang['du_doan'] == bang['cam_xuc']\n"
            "    return dung.groupby(bang[cot_nhom]).sum()"
        ),
    },
    "cau3_loi_giai": {
        # TF-IDF of the folded text + logistic regression
        "correct": (
            "def tao_mo_hinh():\n"
            "    def bo_dau(van_ban):\n"
            "        return remove_diacritics(van_ban).lower()\n"
            "\n"
            "    return make_pipeline(TfidfVectorizer(preprocessor=bo_dau, ngram_range=(1, 2)),\n"
            "                         LogisticRegression(C=10, max_iter=1000))"
        ),
        # lesson B7's classifier on syllables, no normalising: fine as written, weak without diacritics
        "b7_model": (
            "def tao_mo_hinh():\n"
            "    return make_classifier('space')"
        ),
        # a lookup table of the whole data set's labels: perfect on the first fit, wrong on the flipped one
        "memoriser": (
            "from aijourney.datasets.reviews import load_reviews\n"
            "\n\n"
            "class HocThuoc:\n"
            "    def fit(self, X, y):\n"
            "        bang = load_reviews()\n"
            "        self.nhan = dict(zip(bang['van_ban'], bang['cam_xuc']))\n"
            "        self.nhan.update({remove_diacritics(c): n for c, n in list(self.nhan.items())})\n"
            "        return self\n"
            "\n"
            "    def predict(self, X):\n"
            "        return np.array([self.nhan.get(c, 'tich_cuc') for c in X])\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return HocThuoc()"
        ),
        # a vocabulary of the 50 most frequent syllables: a real but weak learner
        "tiny_vocab": (
            "def tao_mo_hinh():\n"
            "    return make_pipeline(CountVectorizer(max_features=50), MultinomialNB())"
        ),
        # a shallow decision tree on syllable counts
        "shallow_tree": (
            "from sklearn.tree import DecisionTreeClassifier\n"
            "\n\n"
            "def tao_mo_hinh():\n"
            "    return make_pipeline(make_vectorizer('space'), DecisionTreeClassifier(max_depth=3, random_state=0))"
        ),
        # takes the training data and returns a fitted model: tao_mo_hinh() raises, the visible test fails
        "with_data": (
            "def tao_mo_hinh(X, y):\n"
            "    return make_classifier('space').fit(X, y)"
        ),
    },
}

PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "blank": {},
    "accuracy__hard_coded__b7_model": {
        "cau1_loi_giai": "accuracy", "cau2_loi_giai": "hard_coded", "cau3_loi_giai": "b7_model"},
    "positive_only__drops_empty__memoriser": {
        "cau1_loi_giai": "positive_only", "cau2_loi_giai": "drops_empty", "cau3_loi_giai": "memoriser"},
    "classes_from_truth__counts__tiny_vocab": {
        "cau1_loi_giai": "classes_from_truth", "cau2_loi_giai": "counts", "cau3_loi_giai": "tiny_vocab"},
    "no_zero_guard__correct__shallow_tree": {
        "cau1_loi_giai": "no_zero_guard", "cau2_loi_giai": "correct", "cau3_loi_giai": "shallow_tree"},
    "by_index__with_data": {"cau1_loi_giai": "by_index", "cau2_loi_giai": "correct", "cau3_loi_giai": "with_data"},
}

# Exact totals (of 10): c1 3, c2 2, c3 5. Macro-F1 of c3 (written rows, lower of the two fits | folded rows):
# source 0.780 | 0.780, correct 0.740 | 0.740, b7_model 0.790 | 0.649, memoriser 0.000 | 0.000,
# tiny_vocab 0.678 | 0.516, shallow_tree 0.582 | 0.411.
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    # c1 accuracy: 0 of 6; c2 "hien_tuong" table only: 0.5; c3 4 + 0.5 (folded 0.649)
    "accuracy__hard_coded__b7_model": 5.0,
    # c1 0 of 6; c2 the two small tables have a group with none right: 2 of 4 = 1; c3 flipped fit 0: 0
    "positive_only__drops_empty__memoriser": 1.0,
    # c1 5 of 6 = 2.5; c2 visible test fails: 0; c3 0.678: 3 + folded 0.516: 0
    "classes_from_truth__counts__tiny_vocab": 5.5,
    # c1 4 of 6 = 2; c2 2; c3 0.582: 1 + folded 0.411: 0
    "no_zero_guard__correct__shallow_tree": 5.0,
    # c1 5 of 6 = 2.5; c2 2; c3 visible test fails: 0
    "by_index__with_data": 4.5,
}
