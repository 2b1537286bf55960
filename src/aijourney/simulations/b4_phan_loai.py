"""Typical answers to assignment b4-phan-loai (see aijourney.simulations).

Points: c1 3 (3 × right cells / 16: 4 cases × 4 counts), c2 3 (3 × right values / 8: 4 cases × 2
functions), c3 2 (1 for recall ≥ 0.5, 1 for accuracy ≥ 0.6, on the test households with age and schooling
nudged by less than 0.2 year), c4 2 — a written answer graded by hand (``MANUAL``, rubric in
docs/instructor-notes.md), not in ``EXPECTED``. Every hidden case has "bỏ sót" ≠
"báo nhầm", so swapping them costs exactly half of c1; the two zero-denominator cases of c2 give 0
for both measures, so swapping recall and precision keeps exactly those 4 of 8.
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def dem_nham_lan(y_that, y_doan):\n"
            "    ket_qua = {'tim_dung': 0, 'bo_sot': 0, 'bao_nham': 0, 'loai_dung': 0}\n"
            "    for that, doan in zip(y_that, y_doan):\n"
            "        if that == 1 and doan == 1:\n"
            "            ket_qua['tim_dung'] += 1\n"
            "        elif that == 1:\n"
            "            ket_qua['bo_sot'] += 1\n"
            "        elif doan == 1:\n"
            "            ket_qua['bao_nham'] += 1\n"
            "        else:\n"
            "            ket_qua['loai_dung'] += 1\n"
            "    return ket_qua"
        ),
        # "bỏ sót" and "báo nhầm" swapped (reads the matrix by columns): TP and TN right = 8 of 16
        "swapped": (
            "def dem_nham_lan(y_that, y_doan):\n"
            "    ket_qua = {'tim_dung': 0, 'bo_sot': 0, 'bao_nham': 0, 'loai_dung': 0}\n"
            "    for that, doan in zip(y_that, y_doan):\n"
            "        if that == 1 and doan == 1:\n"
            "            ket_qua['tim_dung'] += 1\n"
            "        elif doan == 1:\n"
            "            ket_qua['bo_sot'] += 1\n"
            "        elif that == 1:\n"
            "            ket_qua['bao_nham'] += 1\n"
            "        else:\n"
            "            ket_qua['loai_dung'] += 1\n"
            "    return ket_qua"
        ),
        # y_that[i] on a pandas column looks up the label i, not the position: KeyError on y_test
        # (the 4th case), right on the 3 list/array cases = 12 of 16
        "by_index": (
            "def dem_nham_lan(y_that, y_doan):\n"
            "    ket_qua = {'tim_dung': 0, 'bo_sot': 0, 'bao_nham': 0, 'loai_dung': 0}\n"
            "    for i in range(len(y_that)):\n"
            "        if y_that[i] == 1 and y_doan[i] == 1:\n"
            "            ket_qua['tim_dung'] += 1\n"
            "        elif y_that[i] == 1:\n"
            "            ket_qua['bo_sot'] += 1\n"
            "        elif y_doan[i] == 1:\n"
            "            ket_qua['bao_nham'] += 1\n"
            "        else:\n"
            "            ket_qua['loai_dung'] += 1\n"
            "    return ket_qua"
        ),
        # English keys: the visible test fails, no credit
        "english_keys": (
            "def dem_nham_lan(y_that, y_doan):\n"
            "    from sklearn.metrics import confusion_matrix\n"
            "    tn, fp, fn, tp = confusion_matrix(y_that, y_doan, labels=[0, 1]).ravel()\n"
            "    return {'tp': tp, 'fn': fn, 'fp': fp, 'tn': tn}"
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def do_phu(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    ngheo_that = sum(1 for t, d in cap if t == 1)\n"
            "    return tim_dung / ngheo_that if ngheo_that else 0.0\n"
            "\n\n"
            "def do_chuan_xac(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    goi_la_ngheo = sum(1 for t, d in cap if d == 1)\n"
            "    return tim_dung / goi_la_ngheo if goi_la_ngheo else 0.0"
        ),
        # recall and precision swapped: right only on the two zero cases = 4 of 8
        "swapped": (
            "def do_phu(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    goi_la_ngheo = sum(1 for t, d in cap if d == 1)\n"
            "    return tim_dung / goi_la_ngheo if goi_la_ngheo else 0.0\n"
            "\n\n"
            "def do_chuan_xac(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    ngheo_that = sum(1 for t, d in cap if t == 1)\n"
            "    return tim_dung / ngheo_that if ngheo_that else 0.0"
        ),
        # no guard for an empty denominator: ZeroDivisionError on one case of each = 6 of 8
        "zero_division": (
            "def do_phu(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    bo_sot = sum(1 for t, d in cap if t == 1 and d == 0)\n"
            "    return tim_dung / (tim_dung + bo_sot)\n"
            "\n\n"
            "def do_chuan_xac(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    bao_nham = sum(1 for t, d in cap if t == 0 and d == 1)\n"
            "    return tim_dung / (tim_dung + bao_nham)"
        ),
        # percentages: the visible test fails, no credit
        "percent": (
            "def do_phu(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    ngheo_that = sum(1 for t, d in cap if t == 1)\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    return 100 * tim_dung / ngheo_that if ngheo_that else 0.0\n"
            "\n\n"
            "def do_chuan_xac(y_that, y_doan):\n"
            "    cap = list(zip(y_that, y_doan))\n"
            "    goi_la_ngheo = sum(1 for t, d in cap if d == 1)\n"
            "    tim_dung = sum(1 for t, d in cap if t == 1 and d == 1)\n"
            "    return 100 * tim_dung / goi_la_ngheo if goi_la_ngheo else 0.0"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def mo_hinh_tim_ho_ngheo(X, y):\n"
            "    return LogisticRegression(class_weight='balanced', max_iter=1000).fit(X, y)"
        ),
        # the lesson's plain tree: accurate (0.9) but finds almost no poor household: 1 of 2
        "plain_tree": (
            "def mo_hinh_tim_ho_ngheo(X, y):\n"
            "    return DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)"
        ),
        # weights the poor so heavily that almost every household is called poor: recall only, 1 of 2
        "everyone_poor": (
            "def mo_hinh_tim_ho_ngheo(X, y):\n"
            "    return DecisionTreeClassifier(max_depth=4, random_state=0, class_weight={0: 1, 1: 50}).fit(X, y)"
        ),
        # balanced but no depth limit: it learns the training households by heart, recall 1/3: 1 of 2
        "too_deep": (
            "def mo_hinh_tim_ho_ngheo(X, y):\n"
            "    return DecisionTreeClassifier(random_state=0, class_weight='balanced').fit(X, y)"
        ),
        # returns the predictions instead of the model: the visible test fails, no credit
        "predictions": (
            "def mo_hinh_tim_ho_ngheo(X, y):\n"
            "    mo_hinh = DecisionTreeClassifier(max_depth=4, random_state=0, class_weight='balanced')\n"
            "    return mo_hinh.fit(X, y).predict(X)"
        ),
    },
    # written answer (markdown), graded by hand: see MANUAL
    "cau4_tra_loi": {
        "correct": (
            "1. Chủ tịch UBND xã quyết định công nhận hộ nghèo, sau khi ban rà soát của xã và cán bộ ấp đến tận nhà xác "
            "minh và họp dân bình xét. Nếu một hộ nghèo bị bỏ sót, UBND xã và ban rà soát chịu trách nhiệm: mô hình chỉ "
            "là công cụ gợi ý do xã chọn dùng, nó chỉ nhìn sáu con số của mỗi hộ và vẫn sai với nhiều hộ.\n\n"
            "2. Trên 1.500 hộ kiểm tra, mô hình của tôi bỏ sót 38 hộ nghèo và báo nhầm 462 hộ. Bỏ sót làm hộ nghèo mất "
            "hỗ trợ, nên xã phải niêm yết danh sách và nhận đơn đề nghị của mọi hộ ở bộ phận một cửa hoặc qua trưởng ấp. "
            "Báo nhầm làm tốn công và có thể lấy suất của hộ khác, nên cán bộ phải đến xác minh từng hộ được đánh dấu "
            "trước khi đưa vào danh sách."
        ),
        # right direction, nothing concrete: 0.5 + 0.5
        "chung_chung": (
            "Con người phải chịu trách nhiệm chứ không phải máy. Mô hình có thể sai nên cần kiểm tra lại kết quả. "
            "Hộ bị bỏ sót thì có thể khiếu nại."
        ),
        # the model decides, errors are fixed with more data: 0 + 0
        "may_quyet_dinh": (
            "Nên để mô hình quyết định hộ nào nghèo vì máy khách quan hơn con người, không thiên vị ai. Nếu mô hình "
            "sai là do dữ liệu chưa đủ, cần thu thập thêm dữ liệu để máy học tốt hơn."
        ),
    },
}

# Scores the rubric (docs/instructor-notes.md, B4 question 4) gives the typical written answers (of 2).
MANUAL: dict[str, dict[str, float]] = {
    "cau4_tra_loi": {"correct": 2.0, "chung_chung": 1.0, "may_quyet_dinh": 0.0},
}

# Named profiles: answer variant per solution cell (missing cell = left blank).
# Typical mistakes in independent questions share a submission (each question is graded on its own): fewer
# notebooks to grade, the same proofs.
PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct",
                "cau4_tra_loi": "correct"},
    "blank": {},
    "swapped_counts__swapped_measures__plain_tree": {
        "cau1_loi_giai": "swapped", "cau2_loi_giai": "swapped", "cau3_loi_giai": "plain_tree",
        "cau4_tra_loi": "may_quyet_dinh"},
    "by_index__zero_division__everyone_poor": {
        "cau1_loi_giai": "by_index", "cau2_loi_giai": "zero_division", "cau3_loi_giai": "everyone_poor"},
    "english_keys__percent__too_deep": {
        "cau1_loi_giai": "english_keys", "cau2_loi_giai": "percent", "cau3_loi_giai": "too_deep"},
    "predictions": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "predictions"},
    "weak": {"cau1_loi_giai": "swapped", "cau2_loi_giai": "zero_division", "cau3_loi_giai": "plain_tree",
             "cau4_tra_loi": "chung_chung"},
    "only_c3": {"cau3_loi_giai": "correct"},
}

# Exact automatic totals (of the 8 machine-graded points): c1 3, c2 3, c3 2. The written answer (c4, 2 points)
# needs manual grading and is not in these totals.
EXPECTED: dict[str, float] = {
    "correct": 8.0,
    "blank": 0.0,
    # c1 TP and TN right, FN/FP swapped: 8 of 16 = 1.5; c2 right only on the zero cases: 4 of 8 = 1.5;
    # c3 accuracy only: 1
    "swapped_counts__swapped_measures__plain_tree": 4.0,
    # c1 KeyError on the pandas column: 12 of 16 = 2.25; c2 ZeroDivisionError on 2 of 8 = 2.25; c3 recall only: 1
    "by_index__zero_division__everyone_poor": 5.5,
    # c1 visible test fails: 0; c2 visible test fails: 0; c3 accuracy only (recall 1/3): 1
    "english_keys__percent__too_deep": 1.0,
    "predictions": 6.0,  # 3 + 3 + c3 visible test fails: 0
    "weak": 4.75,  # 1.5 + 2.25 + 1
    "only_c3": 2.0,  # c1, c2 left as released: 0 + 0 + 2
}
