"""Typical answers to assignment b6-bang-mau (see aijourney.simulations).

The assignment is k-means written by hand: assigning pixels to the nearest centre (c1, 3 pts), a centre as the
mean of its cluster (c2, 2 pts), inertia (c3, 1 pt), choosing k with the elbow rule (c4, 2 pts) and judging a
palette on pixels it was not learned from (c5, 2 pts).
"""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "from sklearn.metrics import pairwise_distances_argmin\n\n"
            "def gan_tam(diem, tam):\n"
            "    return pairwise_distances_argmin(np.asarray(diem, dtype=float), np.asarray(tam, dtype=float))"
        ),
        # a loop over pixels and centres: slower, just as right
        "vong_for": (
            "def gan_tam(diem, tam):\n"
            "    ket_qua = []\n"
            "    for d in diem:\n"
            "        khoang_cach = [np.sqrt(((np.asarray(d, float) - np.asarray(t, float)) ** 2).sum()) for t in tam]\n"
            "        ket_qua.append(int(np.argmin(khoang_cach)))\n"
            "    return np.array(ket_qua)"
        ),
        # sum of absolute differences instead of the Euclidean distance: wrong where the two disagree
        "manhattan": (
            "def gan_tam(diem, tam):\n"
            "    diem = np.asarray(diem, dtype=float)\n"
            "    tam = np.asarray(tam, dtype=float)\n"
            "    return np.abs(diem[:, None, :] - tam[None, :, :]).sum(axis=2).argmin(axis=1)"
        ),
        # returns the nearest colours themselves, not their indices: the visible test fails
        "tra_mau": (
            "def gan_tam(diem, tam):\n"
            "    diem = np.asarray(diem, dtype=float)\n"
            "    tam = np.asarray(tam, dtype=float)\n"
            "    return tam[((diem[:, None, :] - tam[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)]"
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def tinh_tam(diem, nhan, k):\n"
            "    tam = np.zeros((k, 3))\n"
            "    for j in range(k):\n"
            "        tam[j] = np.asarray(diem)[np.asarray(nhan) == j].mean(axis=0)\n"
            "    return tam"
        ),
        # the median colour: equal to the mean only for clusters of one or two pixels (2 of 4 cases)
        "trung_vi": (
            "def tinh_tam(diem, nhan, k):\n"
            "    return np.array([np.median(diem[nhan == j], axis=0) for j in range(k)])"
        ),
        # clusters in the order their labels first appear, not 0, 1, 2 ... (2 of 4 cases)
        "thu_tu_xuat_hien": (
            "def tinh_tam(diem, nhan, k):\n"
            "    thu_tu = list(dict.fromkeys(int(n) for n in nhan))\n"
            "    return np.array([diem[nhan == j].mean(axis=0) for j in thu_tu])"
        ),
        # .mean() without axis: one grey level per cluster, shape (k,): the visible test fails
        "khong_axis": (
            "def tinh_tam(diem, nhan, k):\n"
            "    return np.array([diem[nhan == j].mean() for j in range(k)])"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def tinh_inertia(diem, tam):\n"
            "    nhan = gan_tam(diem, tam)\n"
            "    return float(((np.asarray(diem, float) - np.asarray(tam, float)[nhan]) ** 2).sum())"
        ),
        # adds the distances, not their squares: right only where every distance is 0 or 1 (1 of 2 cases)
        "khong_binh_phuong": (
            "def tinh_inertia(diem, tam):\n"
            "    diem, tam = np.asarray(diem, float), np.asarray(tam, float)\n"
            "    return float(np.sqrt(((diem[:, None, :] - tam[None, :, :]) ** 2).sum(axis=2)).min(axis=1).sum())"
        ),
        # squared distance to every centre, not only the nearest one: wrong on both cases
        "moi_tam": (
            "def tinh_inertia(diem, tam):\n"
            "    diem, tam = np.asarray(diem, float), np.asarray(tam, float)\n"
            "    return float(((diem[:, None, :] - tam[None, :, :]) ** 2).sum())"
        ),
    },
    "cau4_loi_giai": {
        "correct": (
            "def chon_k(bang_k, nguong=0.2):\n"
            '    bang = bang_k.sort_values("k").reset_index(drop=True)\n'
            '    giam = (bang["inertia"] - bang["inertia"].shift(-1)) / bang["inertia"]\n'
            '    duoi_nguong = bang.loc[giam < nguong, "k"]\n'
            '    return int(duoi_nguong.iloc[0]) if len(duoi_nguong) else int(bang["k"].iloc[-1])'
        ),
        # the k after the elbow (the first k + 1 that is not worth it): wrong unless no drop is small (1 of 4)
        "k_sau": (
            "def chon_k(bang_k, nguong=0.2):\n"
            '    ks, iv = list(bang_k["k"]), list(bang_k["inertia"])\n'
            "    for i in range(len(ks) - 1):\n"
            "        if (iv[i] - iv[i + 1]) / iv[i] < nguong:\n"
            "            return int(ks[i + 1])\n"
            "    return int(ks[-1])"
        ),
        # the threshold written in the function: wrong only when another nguong is passed (3 of 4)
        "bo_qua_nguong": (
            "def chon_k(bang_k, nguong=0.2):\n"
            '    ks, iv = list(bang_k["k"]), list(bang_k["inertia"])\n'
            "    for i in range(len(ks) - 1):\n"
            "        if (iv[i] - iv[i + 1]) / iv[i] < 0.2:\n"
            "            return int(ks[i])\n"
            "    return int(ks[-1])"
        ),
        # the k with the smallest inertia, i.e. always the largest k: right only when no drop is small (1 of 4)
        "nho_nhat": (
            "def chon_k(bang_k, nguong=0.2):\n"
            '    return int(bang_k.loc[bang_k["inertia"].idxmin(), "k"])'
        ),
    },
    "cau5_loi_giai": {
        "correct": (
            "def danh_gia_bang_mau(diem, bang):\n"
            "    nhan = gan_tam(diem, bang)\n"
            "    khoang_cach = np.sqrt(((np.asarray(diem, float) - np.asarray(bang, float)[nhan]) ** 2).sum(axis=1))\n"
            "    so_diem = np.bincount(nhan, minlength=len(bang))\n"
            '    return {"do_lech": float(khoang_cach.mean()), "ty_le": (so_diem / so_diem.sum()).tolist()}'
        ),
        # mean squared distance instead of mean distance: "do_lech" wrong on both cases (1 of 2 points)
        "binh_phuong": (
            "def danh_gia_bang_mau(diem, bang):\n"
            "    nhan = gan_tam(diem, bang)\n"
            "    bp = ((np.asarray(diem, float) - np.asarray(bang, float)[nhan]) ** 2).sum(axis=1)\n"
            '    return {"do_lech": float(bp.mean()), "ty_le": list(np.bincount(nhan, minlength=len(bang)) / len(nhan))}'
        ),
        # pixel counts instead of shares: "ty_le" wrong on both cases (1 of 2 points)
        "dem": (
            "def danh_gia_bang_mau(diem, bang):\n"
            "    nhan = gan_tam(diem, bang)\n"
            "    kc = np.sqrt(((np.asarray(diem, float) - np.asarray(bang, float)[nhan]) ** 2).sum(axis=1))\n"
            '    return {"do_lech": float(kc.mean()), "ty_le": list(np.bincount(nhan, minlength=len(bang)))}'
        ),
        # np.bincount without minlength: an unused last colour is missing from "ty_le" (1.5 of 2 points)
        "thieu_mau": (
            "def danh_gia_bang_mau(diem, bang):\n"
            "    nhan = gan_tam(diem, bang)\n"
            "    kc = np.sqrt(((np.asarray(diem, float) - np.asarray(bang, float)[nhan]) ** 2).sum(axis=1))\n"
            '    return {"do_lech": float(kc.mean()), "ty_le": list(np.bincount(nhan) / len(nhan))}'
        ),
    },
}

_ALL_CORRECT = {f"cau{i}_loi_giai": "correct" for i in range(1, 6)}

# Named profiles: answer variant per solution cell (missing cell = left blank).
# Typical mistakes in independent questions share a submission (each question is graded on its own; c3 and
# c5 call the trainee's c1, so a wrong c1 gets its own profile): fewer notebooks to grade, the same proofs.
PROFILES: dict[str, dict[str, str]] = {
    "correct": dict(_ALL_CORRECT),
    "blank": {},
    "manhattan": dict(_ALL_CORRECT, cau1_loi_giai="manhattan"),
    "tra_mau": dict(_ALL_CORRECT, cau1_loi_giai="tra_mau"),
    "vong_for__trung_vi__k_sau__thieu_mau": dict(_ALL_CORRECT, cau1_loi_giai="vong_for", cau2_loi_giai="trung_vi",
                                                 cau4_loi_giai="k_sau", cau5_loi_giai="thieu_mau"),
    "thu_tu_xuat_hien__bo_qua_nguong__khong_binh_phuong__binh_phuong": dict(
        _ALL_CORRECT, cau2_loi_giai="thu_tu_xuat_hien", cau4_loi_giai="bo_qua_nguong",
        cau3_loi_giai="khong_binh_phuong", cau5_loi_giai="binh_phuong"),
    "khong_axis__nho_nhat__moi_tam__dem": dict(_ALL_CORRECT, cau2_loi_giai="khong_axis", cau4_loi_giai="nho_nhat",
                                               cau3_loi_giai="moi_tam", cau5_loi_giai="dem"),
    "yeu": {"cau1_loi_giai": "manhattan", "cau2_loi_giai": "trung_vi", "cau3_loi_giai": "khong_binh_phuong",
            "cau4_loi_giai": "k_sau", "cau5_loi_giai": "dem"},
}

# Exact totals (of 10): c1 0.5 per case right (6 cases), c2 0.5 per case (4), c3 0.5 per case (2),
# c4 0.5 per table (4), c5 0.5 per key per case (2 cases x 2 keys). The typical c3 and c5 answers call the
# trainee's own gan_tam, so a wrong c1 also costs points there (as the prompts say).
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "manhattan": 7.0,  # c1 right on 3 of 6 cases = 1.5; through gan_tam c3 1 of 2 = 0.5, c5 "do_lech" wrong = 1
    "tra_mau": 4.0,  # c1 colours instead of indices: visible test fails, 0; c3 and c5 index with them: errors, 0
    # c1 loops instead of arrays: as right (-0); c2 median: right only for clusters of two pixels, 2 of 4 (-1);
    # c4 the k after the elbow: visible test fails (-2); c5 bincount without minlength: one colour missing on one
    # case (-0.5)
    "vong_for__trung_vi__k_sau__thieu_mau": 6.5,
    # c2 clusters in order of first appearance: 2 of 4 (-1); c4 threshold 0.2 written in: wrong only with another
    # nguong, 3 of 4 (-0.5); c3 sum of distances: right only where they are 0 or 1, 1 of 2 (-0.5); c5 mean
    # squared distance: "do_lech" wrong on both cases (-1)
    "thu_tu_xuat_hien__bo_qua_nguong__khong_binh_phuong__binh_phuong": 7.0,
    # c2 one grey level per cluster: visible test fails (-2); c4 smallest inertia = largest k: visible test fails
    # (-2); c3 distances to every centre (-1); c5 counts instead of shares: "ty_le" wrong on both cases (-1)
    "khong_axis__nho_nhat__moi_tam__dem": 4.0,
    "yeu": 3.5,  # c1 manhattan 1.5 + c2 median 1 + c3 (distances, through manhattan) 0.5 + c4 0 + c5 counts 0.5
}
