"""Typical answers to assignment b1-ocop (see aijourney.simulations)."""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuan"].mean().to_dict()',
        "wrong": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuan"].sum().to_dict()',
        "raises": 'def ty_le_dat_theo_san_pham(df):\n    return df.groupby("san_pham")["dat_chuân"].mean().to_dict()',
        # the two products of the course table written into the function: right on df, wrong on a table with
        # another product (the prompt says the function must work for any table)
        "hard_coded": (
            "def ty_le_dat_theo_san_pham(df):\n"
            '    return {sp: df.loc[df["san_pham"] == sp, "dat_chuan"].mean() for sp in ("hat_dieu", "ho_tieu")}'
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
            '    if san_pham == "hat_dieu":\n'
            "        ok = do_am <= 5.0 and ty_le_loi <= 8.0\n"
            "    else:\n"
            "        ok = do_am <= 13.0 and ty_le_loi <= 12.0\n"
            "    return 1 if ok and co_truy_xuat == 1 else 0"
        ),
        # cashew limits for every product: right on 9 of the 12 hidden cases
        "partial": (
            "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
            "    if co_truy_xuat == 1 and do_am <= 5.0 and ty_le_loi <= 8.0:\n"
            "        return 1\n"
            "    return 0"
        ),
        # "không quá" read as "<": wrong on the 2 boundary cases of 12
        "strict": (
            "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
            '    gioi_han = {"hat_dieu": (5.0, 8.0), "ho_tieu": (13.0, 12.0)}[san_pham]\n'
            "    return int(co_truy_xuat == 1 and do_am < gioi_han[0] and ty_le_loi < gioi_han[1])"
        ),
        "loop": (
            "def tu_van(san_pham, do_am, ty_le_loi, co_truy_xuat):\n"
            '    if san_pham == "ho_tieu":\n'
            "        while True:\n"
            "            pass\n"
            "    return int(co_truy_xuat == 1 and do_am <= 5.0 and ty_le_loi <= 8.0)"
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def huan_luyen_cay(X, y):\n"
            "    return DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, y)"
        ),
        "wrong": "def huan_luyen_cay(X, y):\n    return DecisionTreeClassifier(random_state=0).fit(X, y)",
        "raises": "def huan_luyen_cay(X, y):\n    return DecisionTreeClassifier(max_depth=4)",
    },
}

# Named profiles: answer variant per solution cell (missing cell = left blank).
PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "blank": {},
    "partial": {"cau1_loi_giai": "correct", "cau2_loi_giai": "partial", "cau3_loi_giai": "wrong"},
    "raises": {"cau1_loi_giai": "raises", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "loop": {"cau1_loi_giai": "correct", "cau2_loi_giai": "loop", "cau3_loi_giai": "correct"},
    "strict": {"cau1_loi_giai": "correct", "cau2_loi_giai": "strict", "cau3_loi_giai": "correct"},
    "counts": {"cau1_loi_giai": "wrong", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "hard_coded": {"cau1_loi_giai": "hard_coded", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
}

# Exact totals (of 7): c1 2 pts (all or nothing: right on df and on a small hidden table), c2 3 pts with
# partial credit 3 * right cases / 12, c3 2 pts.
EXPECTED: dict[str, float] = {
    "correct": 7.0,
    "blank": 0.0,
    "partial": 4.25,  # c1 2 + c2 cashew limits for pepper: 9 of 12 cases = 2.25 + c3 too deep 0
    "raises": 5.0,  # c1 KeyError 0 + c2 3 + c3 2
    "loop": 4.0,  # c1 2 + c2 never ends on pepper: timed out, 0 + c3 2
    "strict": 6.5,  # c1 2 + c2 "<" instead of "<=": 10 of 12 = 2.5 + c3 2
    "counts": 5.0,  # c1 counts instead of shares: 0 + 3 + 2
    "hard_coded": 5.0,  # c1 product names written in, wrong on the hidden table with a third product: 0 + 3 + 2
}
