"""Typical answers to assignment b6-bang-mau (see aijourney.simulations)."""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def sang_hex(mau):\n"
            "    r, g, b = [int(round(x)) for x in mau]\n"
            '    return "#" + format(r, "02x") + format(g, "02x") + format(b, "02x")'
        ),
        # "x" instead of "02x": no leading zero, right only when every channel is >= 16 (2 of 8 cases)
        "no_padding": (
            "def sang_hex(mau):\n"
            '    return "#" + "".join(format(int(round(x)), "x") for x in mau)'
        ),
        # int() truncates instead of rounding: wrong on the 3 cases with decimals (5 of 8 right)
        "truncate": (
            "def sang_hex(mau):\n"
            "    r, g, b = [int(x) for x in mau]\n"
            '    return f"#{r:02x}{g:02x}{b:02x}"'
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def bang_mau(diem_anh, k):\n"
            "    mo_hinh = KMeans(n_clusters=k, n_init=10, random_state=1).fit(diem_anh)\n"
            "    so_diem = np.bincount(mo_hinh.labels_)\n"
            "    return mo_hinh.cluster_centers_[np.argsort(-so_diem)]"
        ),
        # forgets to sort by cluster size: shape and centres right, order wrong (2 of 3)
        "unsorted": (
            "def bang_mau(diem_anh, k):\n"
            "    return KMeans(n_clusters=k, n_init=4, random_state=0).fit(diem_anh).cluster_centers_"
        ),
        # returns each pixel's cluster label instead of the centres: fails the visible test
        "labels": (
            "def bang_mau(diem_anh, k):\n"
            "    return KMeans(n_clusters=k, n_init=4, random_state=0).fit(diem_anh).labels_"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def ti_le_tuong_phan(mau1, mau2):\n"
            "    sang = max(do_sang_tuong_doi(mau1), do_sang_tuong_doi(mau2))\n"
            "    toi = min(do_sang_tuong_doi(mau1), do_sang_tuong_doi(mau2))\n"
            "    return (sang + 0.05) / (toi + 0.05)"
        ),
        # assumes the first colour is the lighter one: wrong on the 3 pairs given dark-first (5 of 8)
        "unordered": (
            "def ti_le_tuong_phan(mau1, mau2):\n"
            "    return (do_sang_tuong_doi(mau1) + 0.05) / (do_sang_tuong_doi(mau2) + 0.05)"
        ),
        # forgets the + 0.05: divides by zero on black, fails the visible test
        "no_offset": (
            "def ti_le_tuong_phan(mau1, mau2):\n"
            "    l1, l2 = do_sang_tuong_doi(mau1), do_sang_tuong_doi(mau2)\n"
            "    return max(l1, l2) / min(l1, l2)"
        ),
    },
    "cau4_loi_giai": {
        "correct": (
            "from sklearn.metrics import pairwise_distances_argmin\n\n"
            "def gan_mau(diem_anh, bang):\n"
            "    return pairwise_distances_argmin(np.asarray(diem_anh, dtype=float), np.asarray(bang, dtype=float))"
        ),
        # sum of absolute differences instead of Euclidean distance
        "manhattan": (
            "def gan_mau(diem_anh, bang):\n"
            "    diem = np.asarray(diem_anh, dtype=float)\n"
            "    mau = np.asarray(bang, dtype=float)\n"
            "    return np.abs(diem[:, None, :] - mau[None, :, :]).sum(axis=2).argmin(axis=1)"
        ),
        # no conversion to float: uint8 differences wrap around (25 - 30 = 251)
        "uint8": (
            "def gan_mau(diem_anh, bang):\n"
            "    ket_qua = []\n"
            "    for diem in diem_anh:\n"
            "        khoang_cach = [((diem - np.asarray(mau)) ** 2).sum() for mau in bang]\n"
            "        ket_qua.append(int(np.argmin(khoang_cach)))\n"
            "    return np.array(ket_qua)"
        ),
        "raises": (
            "def gan_mau(diem_anh, bang):\n"
            "    return np.linalg.norm(diem_anh[:, None, :] - bang_mau[None, :, :], axis=2).argmin(axis=1)"
        ),
    },
}

_ALL_CORRECT = {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct", "cau4_loi_giai": "correct"}

# Named profiles: answer variant per solution cell (missing cell = left blank).
PROFILES: dict[str, dict[str, str]] = {
    "correct": dict(_ALL_CORRECT),
    "blank": {},
    "partial": {"cau1_loi_giai": "no_padding", "cau2_loi_giai": "unsorted", "cau3_loi_giai": "unordered",
                "cau4_loi_giai": "manhattan"},
    "truncate": dict(_ALL_CORRECT, cau1_loi_giai="truncate"),
    "unsorted": dict(_ALL_CORRECT, cau2_loi_giai="unsorted"),
    "labels": dict(_ALL_CORRECT, cau2_loi_giai="labels"),
    "no_offset": dict(_ALL_CORRECT, cau3_loi_giai="no_offset"),
    "uint8": dict(_ALL_CORRECT, cau4_loi_giai="uint8"),
    "raises": dict(_ALL_CORRECT, cau4_loi_giai="raises"),
}

# Exact totals (of 10): c1 2 pts (2 * right / 8 cases), c2 3 pts (1 per criterion: shape, centres, order),
# c3 2 pts (2 * right / 8 pairs), c4 3 pts (3 * right / 6 cases).
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "partial": 5.75,  # c1 2/8 = 0.5 + c2 unsorted 2 + c3 dark-first pairs wrong 5/8 = 1.25 + c4 manhattan 4/6 = 2
    "truncate": 9.25,  # c1 int() truncates: 5/8 = 1.25 + 3 + 2 + 3
    "unsorted": 9.0,  # c2 shape + centres, no order: 2 + 2 + 2 + 3
    "labels": 7.0,  # c2 labels instead of centres: visible test fails, 0
    "no_offset": 8.0,  # c3 no + 0.05: ZeroDivisionError in the visible test, 0
    "uint8": 9.5,  # c4 uint8 wrap-around: 5/6 = 2.5
    "raises": 7.0,  # c4 indexes the function bang_mau instead of the argument bang: TypeError, 0
}
