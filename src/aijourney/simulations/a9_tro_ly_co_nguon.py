"""Typical answers to assignment a9-tro-ly-co-nguon (see aijourney.simulations).

Question 3's scores come from the model's greedy answers to the hidden questions (deterministic: the
same template always gets the same answers); the comments give what each template earns there.
"""

from ..llm.rag import DEFAULT_TEMPLATE

ANSWERS: dict[str, dict[str, str]] = {
    "cau1_loi_giai": {
        "correct": "SO_NGUON = 2\nNGUONG = 0.6",
        # too low: every in-scope question answered (1.5) but only 1 of 8 out-of-scope refused
        "nguong_thap": "SO_NGUON = 2\nNGUONG = 0.3",
        # too high: 5 in-scope questions answered (5 x 0.1875), every out-of-scope one refused (1.5)
        "nguong_cao": "SO_NGUON = 2\nNGUONG = 0.8",
        # lesson B8's threshold kept without choosing again: 10 in-scope (1.5), 7 of 8 refused
        "nguong_b8": "SO_NGUON = 3\nNGUONG = 0.55",
        # a percentage: the visible assert fails, the question earns 0
        "phan_tram": "SO_NGUON = 2\nNGUONG = 60",
    },
    "cau2_loi_giai": {
        "correct": (
            "def nen_tu_choi(cau_hoi, diem, nguong):\n"
            "    if find_personal_data(cau_hoi):\n"
            "        return True\n"
            "    return not diem or max(diem) < nguong"
        ),
        # personal data answered: the 4 cases with personal data are wrong (8 of 12)
        "quen_rieng_tu": (
            "def nen_tu_choi(cau_hoi, diem, nguong):\n"
            "    return len(diem) == 0 or max(diem) < nguong"
        ),
        # the first score taken for the best one: fails on an unsorted list and raises on an empty one (10 of 12)
        "diem_dau": (
            "def nen_tu_choi(cau_hoi, diem, nguong):\n"
            "    if find_personal_data(cau_hoi):\n"
            "        return True\n"
            "    return diem[0] < nguong"
        ),
        # refuses a score equal to the threshold (10 of 12)
        "bang_nguong": (
            "def nen_tu_choi(cau_hoi, diem, nguong):\n"
            "    if find_personal_data(cau_hoi):\n"
            "        return True\n"
            "    return not diem or max(diem) <= nguong"
        ),
    },
    "cau3_loi_giai": {
        # sources first, an answer cue asking for the sentence copied from them: the base model copies
        # the right entry (5 of 6 answers grounded)
        "correct": ('MAU_LOI_NHAC = ("Thông tin chính thức:\\n{context}\\nCâu hỏi: {question}\\n"\n'
                    '                "Trả lời (chép câu phù hợp nhất trong thông tin trên):")'),
        # lesson A9's template, not measured again: the model writes its own sentences (1 of 6 grounded)
        "mau_a9": f"MAU_LOI_NHAC = {DEFAULT_TEMPLATE!r}",
        # "answer from what you know": 2 of 6 grounded
        "mau_tu_do": (
            'MAU_LOI_NHAC = ("Bạn là trợ lý thông minh. Hãy trả lời câu hỏi sau bằng hiểu biết của bạn.\\n"\n'
            '                "Thông tin tham khảo: {context}\\nCâu hỏi: {question}\\nTrả lời:")'
        ),
        # no place for the sources: the visible check fails (0)
        "thieu_nguon": 'MAU_LOI_NHAC = "Câu hỏi: {question}\\nTrả lời:"',
    },
}

_ALL_RIGHT = {"cau1_loi_giai": "correct", "cau2_loi_giai": "correct", "cau3_loi_giai": "correct"}

PROFILES: dict[str, dict[str, str]] = {
    "correct": _ALL_RIGHT,
    "blank": {},
    "chi_cau_2": {"cau2_loi_giai": "correct"},
    "nguong_cao__quen_rieng_tu": {"cau1_loi_giai": "nguong_cao", "cau2_loi_giai": "quen_rieng_tu"},
    "nguong_thap__mau_a9": dict(_ALL_RIGHT, cau1_loi_giai="nguong_thap", cau3_loi_giai="mau_a9"),
    "phan_tram__bang_nguong__thieu_nguon": {"cau1_loi_giai": "phan_tram", "cau2_loi_giai": "bang_nguong",
                                            "cau3_loi_giai": "thieu_nguon"},
    "tu_do__nguong_b8__diem_dau": {"cau1_loi_giai": "nguong_b8", "cau2_loi_giai": "diem_dau",
                                   "cau3_loi_giai": "mau_tu_do"},
}

# Only profiles with a valid template make the model write (about 8 s each on one core); stock
# nbgrader grades the first two partial profiles by name, which need no generation.
EXPECTED: dict[str, float] = {
    "correct": 10.0,
    "blank": 0.0,
    "chi_cau_2": 3.0,
    "nguong_cao__quen_rieng_tu": 4.4375,  # c1 5 x 0.1875 + 1.5, c2 8 x 0.25
    "nguong_thap__mau_a9": 5.6875,  # c1 1.5 + 1 x 0.1875, c2 3, c3 1
    "phan_tram__bang_nguong__thieu_nguon": 2.5,  # c1 visible assert 0, c2 10 x 0.25, c3 visible check 0
    "tu_do__nguong_b8__diem_dau": 7.3125,  # c1 1.5 + 7 x 0.1875, c2 10 x 0.25, c3 2
}
