"""Typical answers to assignment b8-tro-ly (see aijourney.simulations)."""

_C1_RIGHT = (
    "def chuan_hoa(cau):\n"
    '    cau = cau.lower().replace("đ", "d")\n'
    '    cau = unicodedata.normalize("NFD", cau)\n'
    '    cau = "".join(c for c in cau if unicodedata.category(c) != "Mn")\n'
    '    return " ".join(re.sub(r"[^a-z0-9]", " ", cau).split())'
)

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": _C1_RIGHT,
        # NFD alone does not split "đ": "Đăng" becomes "ang" (the regex drops "đ"); 4 of 8 cases
        "quen_d": (
            "def chuan_hoa(cau):\n"
            '    cau = unicodedata.normalize("NFD", cau.lower())\n'
            '    cau = "".join(c for c in cau if unicodedata.category(c) != "Mn")\n'
            '    return re.sub(r"[^a-z0-9]+", " ", cau).strip()'
        ),
        # accents folded but punctuation and extra spaces kept; 3 of 8 cases
        "giu_dau_cau": (
            "def chuan_hoa(cau):\n"
            '    cau = cau.lower().replace("đ", "d")\n'
            '    cau = unicodedata.normalize("NFD", cau)\n'
            '    return "".join(c for c in cau if unicodedata.category(c) != "Mn")'
        ),
        "raises": "def chuan_hoa(cau):\n    return cau.lowercase()",
    },
    "cau2_loi_giai": {
        "correct": (
            "def tim_cau_tra_loi(cau_hoi, ngan_hang):\n"
            '    vec = TfidfVectorizer(preprocessor=chuan_hoa, analyzer="char_wb", ngram_range=(2, 4))\n'
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X).ravel()\n"
            "    i = diem.argmax()\n"
            '    return ngan_hang["ma_cau_tra_loi"].iloc[i], diem[i]'
        ),
        # default TfidfVectorizer: whole words, accents kept: typed-without-diacritics questions fail
        "mac_dinh": (
            "def tim_cau_tra_loi(cau_hoi, ngan_hang):\n"
            "    vec = TfidfVectorizer()\n"
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X)[0]\n"
            "    i = np.argmax(diem)\n"
            '    return ngan_hang["ma_cau_tra_loi"].iloc[i], float(diem[i])'
        ),
        # character n-grams but no accent folding
        "khong_bo_dau": (
            "def tim_cau_tra_loi(cau_hoi, ngan_hang):\n"
            '    vec = TfidfVectorizer(preprocessor=str.lower, analyzer="char_wb", ngram_range=(2, 4))\n'
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X)[0]\n"
            "    i = np.argmax(diem)\n"
            '    return ngan_hang["ma_cau_tra_loi"].iloc[i], float(diem[i])'
        ),
        # searches the notebook's global ngan_hang instead of the table passed in: right on the course's bank,
        # wrong on the two small hidden banks (loses the 1 point for using the argument, keeps the 3 others)
        "bien_ngoai": (
            "def tim_cau_tra_loi(cau_hoi, bang):\n"
            '    vec = TfidfVectorizer(preprocessor=chuan_hoa, analyzer="char_wb", ngram_range=(2, 4))\n'
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X)[0]\n"
            "    i = int(np.argmax(diem))\n"
            '    return ngan_hang["ma_cau_tra_loi"].iloc[i], float(diem[i])'
        ),
        # returns the answer text, not its id: the visible test fails
        "noi_dung": (
            "def tim_cau_tra_loi(cau_hoi, ngan_hang):\n"
            "    vec = TfidfVectorizer(preprocessor=chuan_hoa)\n"
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X)[0]\n"
            "    i = np.argmax(diem)\n"
            '    return ngan_hang["cau_tra_loi"].iloc[i], float(diem[i])'
        ),
        # least similar question: the visible test fails
        "argmin": (
            "def tim_cau_tra_loi(cau_hoi, ngan_hang):\n"
            "    vec = TfidfVectorizer(preprocessor=chuan_hoa)\n"
            '    X = vec.fit_transform(ngan_hang["cau_hoi"])\n'
            "    diem = cosine_similarity(vec.transform([cau_hoi]), X)[0]\n"
            "    i = np.argmin(diem)\n"
            '    return ngan_hang["ma_cau_tra_loi"].iloc[i], float(diem[i])'
        ),
    },
    "cau3_loi_giai": {
        "correct": (
            "def co_du_lieu_ca_nhan(cau):\n"
            '    return bool(re.search(r"\\d{12}", cau) or re.search(r"0\\d{9}", cau))'
        ),
        # only ID numbers: phone numbers slip through; 6 of 8 cases
        "chi_cccd": "def co_du_lieu_ca_nhan(cau):\n    return re.search(r\"\\d{12}\", cau) is not None",
        # any 10 digits, even not starting with 0; 7 of 8 cases
        "muoi_so": "def co_du_lieu_ca_nhan(cau):\n    return re.search(r\"\\d{10}\", cau) is not None",
    },
    "cau4_loi_giai": {
        "correct": (
            "def quyet_dinh(co_ca_nhan, diem, nguong):\n"
            "    if co_ca_nhan:\n"
            '        return "rieng_tu"\n'
            '    return "chuyen_nguoi" if diem < nguong else "tra_loi"'
        ),
        # threshold checked before privacy: a low-scoring message with personal data is "handed over"; 7 of 8
        "sai_thu_tu": (
            "def quyet_dinh(co_ca_nhan, diem, nguong):\n"
            "    if diem < nguong:\n"
            '        return "chuyen_nguoi"\n'
            "    if co_ca_nhan:\n"
            '        return "rieng_tu"\n'
            '    return "tra_loi"'
        ),
        # "<=" instead of "<": a score equal to the threshold is handed over; 7 of 8
        "nho_hon_bang": (
            "def quyet_dinh(co_ca_nhan, diem, nguong):\n"
            "    if co_ca_nhan:\n"
            '        return "rieng_tu"\n'
            "    if diem <= nguong:\n"
            '        return "chuyen_nguoi"\n'
            '    return "tra_loi"'
        ),
    },
    # written answer (markdown), graded by hand: see MANUAL
    "cau5_tra_loi": {
        "correct": (
            "1. Đoàn xã đề xuất và UBND xã, người phụ trách bộ phận một cửa, quyết định cho trợ lý trả lời trên trang "
            "Zalo của xã; họ chọn ngưỡng chuyển cho người thật và duyệt các câu trả lời. Vì vậy câu trả lời sai là "
            "trách nhiệm của Đoàn xã và cán bộ đã duyệt, không phải lỗi của máy: trợ lý chỉ chọn câu có sẵn giống nhất, "
            "nó không hiểu và không thể chịu trách nhiệm với người dân.\n\n"
            "2. Trước khi đưa lên, cán bộ một cửa đọc và duyệt lại mọi câu trả lời, ghi ngày cập nhật; Đoàn xã thử trên "
            "câu hỏi thật để chọn ngưỡng, câu nào trợ lý chưa chắc thì chuyển cho tình nguyện viên. Khi có sai sót thì "
            "sửa ngay câu trả lời, gọi điện xin lỗi người dân. Người dân phản ánh ở bộ phận một cửa hoặc qua số điện "
            "thoại của Đoàn xã ghi dưới mỗi câu trả lời."
        ),
        # right direction, nothing concrete, no place to complain: 0.5 + 0.5
        "chung_chung": (
            "Người làm ra trợ lý phải chịu trách nhiệm. Cần kiểm tra kỹ trợ lý trước khi dùng và sửa lỗi khi có sai sót."
        ),
        # "the machine's fault", the citizen should check by himself: 0 + 0
        "loi_cua_may": (
            "Đây là lỗi của máy vì trợ lý tự tìm câu trả lời, không ai bảo nó trả lời sai. Người dân nên tự kiểm tra "
            "lại thông tin trên mạng trước khi đi làm thủ tục."
        ),
    },
}

# Scores the rubric (docs/instructor-notes.md, B8 question 5) gives the typical written answers (of 2).
MANUAL: dict[str, dict[str, float]] = {
    "cau5_tra_loi": {"correct": 2.0, "chung_chung": 1.0, "loi_cua_may": 0.0},
}

# Named profiles: answer variant per solution cell (missing cell = left blank).
_ALL_RIGHT = {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct",
              "cau4_loi_giai": "correct"}
# Typical mistakes in independent questions share a submission (c2 calls the trainee's c1, so a wrong c1
# stays on its own unless c2 fails regardless): fewer notebooks to grade, the same proofs.
PROFILES: dict[str, dict[str, str]] = {
    "correct": dict(_ALL_RIGHT, cau5_tra_loi="correct"),
    "blank": {},
    "quen_d__argmin": dict(_ALL_RIGHT, cau1_loi_giai="quen_d", cau2_loi_giai="argmin"),
    "giu_dau_cau": dict(_ALL_RIGHT, cau1_loi_giai="giu_dau_cau"),
    "raises": dict(_ALL_RIGHT, cau1_loi_giai="raises", cau2_loi_giai="khong_bo_dau"),
    "mac_dinh__chi_cccd__sai_thu_tu": dict(_ALL_RIGHT, cau2_loi_giai="mac_dinh", cau3_loi_giai="chi_cccd",
                                           cau4_loi_giai="sai_thu_tu"),
    "khong_bo_dau__muoi_so__nho_hon_bang": dict(_ALL_RIGHT, cau2_loi_giai="khong_bo_dau", cau3_loi_giai="muoi_so",
                                                cau4_loi_giai="nho_hon_bang"),
    "noi_dung": dict(_ALL_RIGHT, cau2_loi_giai="noi_dung"),
    "bien_ngoai": dict(_ALL_RIGHT, cau2_loi_giai="bien_ngoai", cau5_tra_loi="chung_chung"),
    "yeu": {"cau1_loi_giai": "giu_dau_cau", "cau2_loi_giai": "mac_dinh", "cau3_loi_giai": "chi_cccd",
            "cau4_loi_giai": "sai_thu_tu", "cau5_tra_loi": "loi_cua_may"},
}

# Exact automatic totals (of the 10 machine-graded points; question 5, 2 points, is graded by hand and is not
# in these totals): c1 2 pts = 2 * right cases / 8; c2 4 pts = 0.25 per question right on two small hidden
# banks (4 questions) + 3 pts from the 44 hidden paraphrases, full from 80 % right (min(12, 15 * right // 44) / 4);
# c3 2 pts = 2 * right / 8; c4 2 pts = 2 * right / 8.
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "quen_d__argmin": 5.0,  # c1 4/8 = 1 + c2 least similar, visible test fails: 0 + 2 + 2
    "giu_dau_cau": 8.75,  # c1 3/8 = 0.75 + c2 still >= 80%: 4 + 2 + 2
    "raises": 7.75,  # c1 AttributeError 0 + c2 no folding: banks 1 + 33/44 paraphrases 2.75 + 2 + 2
    # 2 + c2 whole words with accents: banks 1 + 33/44 = 2.75 + c3 misses the 2 phone numbers: 1.5 + c4 privacy
    # after the threshold: 1.75
    "mac_dinh__chi_cccd__sai_thu_tu": 9.0,
    # 2 + c2 no folding: 3.75 + c3 flags 1234567890: 1.75 + c4 "<=": 1.75
    "khong_bo_dau__muoi_so__nho_hon_bang": 9.25,
    "noi_dung": 6.0,  # 2 + c2 returns the text, visible test fails: 0 + 2 + 2
    "bien_ngoai": 9.0,  # 2 + c2 global bank: small banks 0 + paraphrases 3 + 2 + 2
    "yeu": 7.75,  # c1 0.75 + c2 3.75 + c3 1.5 + c4 1.75
}
