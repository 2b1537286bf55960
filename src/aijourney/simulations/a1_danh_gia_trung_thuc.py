"""Typical answers to assignment a1-danh-gia-trung-thuc (see aijourney.simulations).

Points: c1 3 (per table of the test's own two: 0.5 runs on new rows with blanks and an unseen group, 0.25 + 0.25
the first step standardises new rows with the training mean and deviation / fills blanks with the training
median, 0.5 balanced accuracy ≥ 0.8 on 400 new rows), c2 3 (per table of two: 0.75 the chosen depth, 0.75 the
mean scores, against GroupKFold by commune with balanced accuracy computed by the test), c3 4 (the recipe fitted
by the test on 5,000 people of communes it picks, balanced accuracy on 2,500 people of other communes, the lower
of two fits: the labels as they are and flipped, so that a recipe looking people up in the survey scores near 0:
4 from 0.60, 2 from 0.56, 1 from 0.54), c4 2 — a written answer graded by hand (``MANUAL``, rubric in
docs/instructor-notes.md), not in ``EXPECTED``.

Question 2's first table (communes and a commune-code column) makes random folds, plain accuracy and the
training score all pick depth 12 where folds by commune pick 3; on the second (three plain columns, depths 1 and 3)
every method picks 3: each of those mistakes keeps exactly that 0.75.
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def tao_pipeline(cot_so, cot_chu):\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, cot_so), ('chu', chu, cot_chu)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi),\n"
            "                     ('mo_hinh', LogisticRegression(class_weight='balanced', max_iter=1000))])"
        ),
        # the lesson's columns written in, the arguments ignored: the visible example (two of those columns)
        # already fails, no credit
        "hard_coded": (
            "def tao_pipeline(cot_so, cot_chu):\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, COT_SO), ('chu', chu, COT_CHU)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi), ('mo_hinh', course_tree(5))])"
        ),
        # the lesson's course_pipeline (k-NN, no imputer for text, OneHotEncoder without handle_unknown):
        # an unseen group breaks predict (0 of 1), the standardising is right (1), k-NN learns (1): 2 of 3
        "lesson_pipeline": (
            "from aijourney.toolkit.honest import course_pipeline\n"
            "\n\n"
            "def tao_pipeline(cot_so, cot_chu):\n"
            "    return course_pipeline(cot_so, cot_chu)"
        ),
        # OneHotEncoder() without handle_unknown='ignore': only the unseen group fails: 2 of 3
        "no_ignore": (
            "def tao_pipeline(cot_so, cot_chu):\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder())\n"
            "    chuan_bi = ColumnTransformer([('so', so, cot_so), ('chu', chu, cot_chu)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi), ('mo_hinh', course_tree(5))])"
        ),
        # standardises every batch with its own mean and deviation (learned again on the new rows): the
        # shifted rows give it away (0 of 1), it runs and learns: 2 of 3
        "batch_scaling": (
            "from sklearn.preprocessing import FunctionTransformer\n"
            "\n\n"
            "def _chuan_hoa_theo_lo(bang):\n"
            "    bang = np.asarray(bang, dtype=float)\n"
            "    return (bang - bang.mean(axis=0)) / bang.std(axis=0)\n"
            "\n\n"
            "def tao_pipeline(cot_so, cot_chu):\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), FunctionTransformer(_chuan_hoa_theo_lo))\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, cot_so), ('chu', chu, cot_chu)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi), ('mo_hinh', course_tree(5))])"
        ),
    },
    "cau2_loi_giai": {
        # the lesson's depth_table does the same cross-validation (None is written 0 in its do_sau column)
        "correct": (
            "from aijourney.toolkit.honest import depth_table\n"
            "\n\n"
            "def chon_tham_so(X, y, nhom, cac_gia_tri):\n"
            "    bang = depth_table(X, y, cv=GroupKFold(n_splits=5), groups=nhom, depths=cac_gia_tri)\n"
            "    diem = [float(d) for d in bang['diem_kiem_dinh']]\n"
            "    return cac_gia_tri[int(np.argmax(diem))], diem"
        ),
        # random folds, groups ignored: people of one commune on both sides; right only where every method
        # picks the same depth (0.75 of 3)
        "kfold": (
            "def chon_tham_so(X, y, nhom, cac_gia_tri):\n"
            "    chia = KFold(n_splits=5, shuffle=True, random_state=0)\n"
            "    diem = [cross_val_score(course_tree(d), X, y, cv=chia, scoring='balanced_accuracy').mean()\n"
            "            for d in cac_gia_tri]\n"
            "    return cac_gia_tri[int(np.argmax(diem))], diem"
        ),
        # measures right (both score lists right: 1.5) but chooses by the training score: the deepest tree
        # (right only on the second table: 0.75): 2.25 of 3
        "by_train": (
            "def chon_tham_so(X, y, nhom, cac_gia_tri):\n"
            "    diem, diem_hoc = [], []\n"
            "    for d in cac_gia_tri:\n"
            "        kq = cross_validate(course_tree(d), X, y, cv=GroupKFold(n_splits=5), groups=nhom,\n"
            "                            scoring='balanced_accuracy', return_train_score=True)\n"
            "        diem.append(kq['test_score'].mean())\n"
            "        diem_hoc.append(kq['train_score'].mean())\n"
            "    return cac_gia_tri[int(np.argmax(diem_hoc))], diem"
        ),
        # plain accuracy: the scores are wrong and the first table's choice too (0.75 of 3)
        "accuracy": (
            "def chon_tham_so(X, y, nhom, cac_gia_tri):\n"
            "    diem = [cross_val_score(course_tree(d), X, y, cv=GroupKFold(n_splits=5), groups=nhom).mean()\n"
            "            for d in cac_gia_tri]\n"
            "    return cac_gia_tri[int(np.argmax(diem))], diem"
        ),
        # no validation at all: each tree scored on the rows it learned (0.75 of 3)
        "train_only": (
            "def chon_tham_so(X, y, nhom, cac_gia_tri):\n"
            "    diem = [balanced_accuracy_score(y, course_tree(d).fit(X, y).predict(X)) for d in cac_gia_tri]\n"
            "    return cac_gia_tri[int(np.argmax(diem))], diem"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def quy_trinh_cuoi():\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, COT_SO), ('chu', chu, COT_CHU)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi),\n"
            "                     ('mo_hinh', LogisticRegression(class_weight='balanced', max_iter=1000))])"
        ),  # balanced accuracy 0.647 on the held-out communes (the source's depth-6 tree: 0.662)
        # no depth limit: learns the training people by heart (0.566): 2 of 4
        "deep_tree": (
            "def quy_trinh_cuoi():\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, COT_SO), ('chu', chu, COT_CHU)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi), ('mo_hinh', course_tree(None))])"
        ),
        # the lesson's k-NN pipeline: the classes are not balanced (0.545): 1 of 4
        "lesson_knn": (
            "from aijourney.toolkit.honest import course_pipeline\n"
            "\n\n"
            "def quy_trinh_cuoi():\n"
            "    return course_pipeline(COT_SO, COT_CHU)"
        ),
        # a logistic regression without class_weight: almost always "no insurance" (0.527): 0 of 4
        "unbalanced": (
            "def quy_trinh_cuoi():\n"
            "    so = make_pipeline(SimpleImputer(strategy='median'), StandardScaler())\n"
            "    chu = make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore'))\n"
            "    chuan_bi = ColumnTransformer([('so', so, COT_SO), ('chu', chu, COT_CHU)])\n"
            "    return Pipeline([('chuan_bi', chuan_bi), ('mo_hinh', LogisticRegression(max_iter=1000))])"
        ),
    },
    # written answer (markdown), graded by hand: see MANUAL
    "cau4_tra_loi": {
        "correct": (
            "1. Cột so_lan_kham_bhyt chỉ có sau khi người đó đã có thẻ (không có thẻ thì không thể khám bằng thẻ), "
            "nên nó gần như chính là nhãn: rò rỉ dữ liệu, lúc đi tư vấn ta không có cột này. Họ còn thử 30 độ sâu và "
            "chọn theo điểm trên chính phần 20% dùng để báo cáo, tức là đã nhìn trộm dữ liệu kiểm tra, nên điểm cao "
            "nhất có cả may mắn. Chia ngẫu nhiên cũng để người cùng xã ở hai phía.\n\n"
            "2. Bỏ cột so_lan_kham_bhyt, cất riêng một số xã làm dữ liệu kiểm tra, chọn độ sâu bằng kiểm định chéo "
            "GroupKFold theo xã trên phần học, học lại trên cả phần học rồi chấm một lần trên các xã đã cất. Báo cáo "
            "độ chính xác cân bằng đó, nói rõ là đo trên xã mô hình chưa thấy; nó sẽ thấp hơn 0,99 nhiều."
        ),
        # right direction, nothing concrete: 0.5 + 0.5
        "chung_chung": (
            "Con số 0,99 là quá khớp vì mô hình đã thấy dữ liệu rồi. Nên dùng kiểm định chéo để đánh giá lại và báo "
            "cáo con số thấp hơn, trung thực hơn."
        ),
        # the number is fine, more depth and data would help: 0 + 0
        "tin_so_dep": (
            "Mô hình đạt 0,99 là rất tốt, chứng tỏ cột so_lan_kham_bhyt rất hữu ích. Nhóm nên báo cáo 0,99 và thử "
            "thêm nhiều độ sâu hơn nữa trên phần 20% để tìm điểm cao hơn."
        ),
    },
}

# Scores the rubric (docs/instructor-notes.md, A1 question 4) gives the typical written answers (of 2).
MANUAL: dict[str, dict[str, float]] = {
    "cau4_tra_loi": {"correct": 2.0, "chung_chung": 1.0, "tin_so_dep": 0.0},
}

# Named profiles: answer variant per solution cell (missing cell = left blank). Question 3 does not use
# tao_pipeline in these variants, so each question is graded on its own.
PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct",
                "cau4_tra_loi": "correct"},
    "blank": {},
    "hard_coded__kfold__deep_tree": {"cau1_loi_giai": "hard_coded", "cau2_loi_giai": "kfold",
                                     "cau3_loi_giai": "deep_tree", "cau4_tra_loi": "tin_so_dep"},
    "lesson_pipeline__by_train__lesson_knn": {"cau1_loi_giai": "lesson_pipeline", "cau2_loi_giai": "by_train",
                                              "cau3_loi_giai": "lesson_knn"},
    "no_ignore__accuracy__unbalanced": {"cau1_loi_giai": "no_ignore", "cau2_loi_giai": "accuracy",
                                        "cau3_loi_giai": "unbalanced", "cau4_tra_loi": "chung_chung"},
    "batch_scaling__train_only": {"cau1_loi_giai": "batch_scaling", "cau2_loi_giai": "train_only",
                                  "cau3_loi_giai": "correct"},
}

# Exact automatic totals (of the 10 machine-graded points): c1 3, c2 3, c3 4. The written answer (c4, 2 points)
# needs manual grading and is not in these totals.
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "hard_coded__kfold__deep_tree": 2.75,  # c1 visible test fails: 0; c2 second table's depth: 0.75; c3 2
    "lesson_pipeline__by_train__lesson_knn": 5.25,  # c1 2; c2 both score lists + second depth: 2.25; c3 1
    "no_ignore__accuracy__unbalanced": 2.75,  # c1 2; c2 0.75; c3 0
    "batch_scaling__train_only": 6.75,  # c1 2; c2 0.75; c3 4
}
