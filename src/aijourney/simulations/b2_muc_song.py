"""Typical answers to assignment b2-muc-song (see aijourney.simulations)."""

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": (
            "def tom_tat(df):\n"
            '    ty_le = df["urban"].value_counts(normalize=True).get("yes", 0.0)\n'
            '    return {"so_ho": df.shape[0], "ty_le_thanh_thi": ty_le,\n'
            '            "chi_tieu_trung_vi": np.median(np.exp(df["lntotal"]))}'
        ),
        # median of the logs, never turned back into money: 2 of 3 keys
        "quen_exp": (
            "def tom_tat(df):\n"
            '    return {"so_ho": len(df), "ty_le_thanh_thi": (df["urban"] == "yes").mean(),\n'
            '            "chi_tieu_trung_vi": df["lntotal"].median()}'
        ),
        # mean instead of median: 2 of 3 keys
        "trung_binh": (
            "def tom_tat(df):\n"
            '    return {"so_ho": len(df), "ty_le_thanh_thi": (df["urban"] == "yes").mean(),\n'
            '            "chi_tieu_trung_vi": np.exp(df["lntotal"]).mean()}'
        ),
        # a percentage instead of a share: 2 of 3 keys
        "phan_tram": (
            "def tom_tat(df):\n"
            '    return {"so_ho": len(df), "ty_le_thanh_thi": 100 * (df["urban"] == "yes").mean(),\n'
            '            "chi_tieu_trung_vi": np.exp(df["lntotal"]).median()}'
        ),
        # a typo in a column name: KeyError, 0 points
        "raises": (
            "def tom_tat(df):\n"
            '    return {"so_ho": len(df), "ty_le_thanh_thi": (df["urbam"] == "yes").mean(),\n'
            '            "chi_tieu_trung_vi": np.exp(df["lntotal"]).median()}'
        ),
    },
    "cau2_loi_giai": {
        "correct": (
            "def chi_an_theo_nhom(df, cot):\n"
            '    bang = df.assign(chi_an=np.exp(df["lnrlfood"])).groupby(cot)["chi_an"].median()\n'
            "    return bang.sort_values(ascending=False)"
        ),
        # medians of the logs, sorted: only the order is right (1 of 4)
        "quen_exp": (
            "def chi_an_theo_nhom(df, cot):\n"
            '    return df.groupby(cot)["lnrlfood"].median().sort_values(ascending=False)'
        ),
        # means instead of medians, sorted: only the order is right (1 of 4)
        "trung_binh": (
            "def chi_an_theo_nhom(df, cot):\n"
            '    return np.exp(df["lnrlfood"]).groupby(df[cot]).mean().sort_values(ascending=False)'
        ),
        # right values, forgot to sort: 3 of 4
        "khong_sap_xep": (
            "def chi_an_theo_nhom(df, cot):\n"
            '    return np.exp(df["lnrlfood"]).groupby(df[cot]).median()'
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def ve_cot_trung_thuc(bang, ax):\n"
            "    ax.bar(list(bang.index), list(bang.values), color='seagreen')\n"
            "    ax.set_ylim(bottom=0)\n"
            '    ax.set_title("Chi ăn uống theo nhóm hộ")\n'
            '    ax.set_ylabel("nghìn đồng một năm")'
        ),
        # relies on matplotlib's default axis: right on a fresh frame, but a frame given with a truncated
        # axis stays truncated (2 of 3)
        "mac_dinh": (
            "def ve_cot_trung_thuc(bang, ax):\n"
            "    ax.bar(list(bang.index), list(bang.values), color='seagreen')\n"
            '    ax.set_title("Chi ăn uống theo nhóm hộ")\n'
            '    ax.set_ylabel("nghìn đồng một năm")'
        ),
        # the misleading chart of lesson B2: truncated y-axis (2 of 3)
        "cat_truc": (
            "def ve_cot_trung_thuc(bang, ax):\n"
            "    ax.bar(list(bang.index), list(bang.values))\n"
            "    ax.set_ylim(bang.min() * 0.9, bang.max() * 1.05)\n"
            '    ax.set_title("Chi ăn uống theo nhóm hộ")\n'
            '    ax.set_ylabel("nghìn đồng")'
        ),
        # bars only: no title, no unit, axis never set (1 of 3)
        "thieu_nhan": (
            "def ve_cot_trung_thuc(bang, ax):\n"
            "    ax.bar(list(bang.index), list(bang.values))"
        ),
    },
}

# Named profiles: answer variant per solution cell (missing cell = left blank).
PROFILES: dict[str, dict[str, str]] = {
    "correct": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "blank": {},
    "quen_exp": {"cau1_loi_giai": "quen_exp", "cau2_loi_giai": "quen_exp", "cau3_loi_giai": "correct"},
    "trung_binh": {"cau1_loi_giai": "trung_binh", "cau2_loi_giai": "trung_binh", "cau3_loi_giai": "cat_truc"},
    "khong_sap_xep": {"cau1_loi_giai": "phan_tram", "cau2_loi_giai": "khong_sap_xep", "cau3_loi_giai": "thieu_nhan"},
    "raises": {"cau1_loi_giai": "raises", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"},
    "cat_truc": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "cat_truc"},
    "truc_mac_dinh": {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "mac_dinh"},
}

# Exact totals (of 10): c1 3 pts (1 per key, right on hh and on a small hidden table), c2 4 pts (1 per check),
# c3 3 pts (1 per requirement; the axis point is tested on frames preset to a truncated range).
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "quen_exp": 6.0,  # c1 logs: 2 + c2 only the order: 1 + c3 3
    "trung_binh": 5.0,  # c1 mean: 2 + c2 only the order: 1 + c3 truncated axis: 2
    "khong_sap_xep": 6.0,  # c1 percentage: 2 + c2 not sorted: 3 + c3 bars only: 1
    "raises": 7.0,  # c1 KeyError: 0 + c2 4 + c3 3
    "cat_truc": 9.0,  # c1 3 + c2 4 + c3 truncated axis: 2
    "truc_mac_dinh": 9.0,  # c1 3 + c2 4 + c3 axis left to matplotlib, stays truncated on a preset frame: 2
}
