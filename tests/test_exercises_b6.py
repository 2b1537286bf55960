"""Every exercise of lesson B6: a right answer passes, typical mistakes get their message,
an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

from aijourney.exercises.b6 import ANH, K, MAU_NEN, q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.toolkit.palette import contrast_ratio, load_image, sample_pixels


@pytest.fixture(scope="module")
def anh():
    return load_image(ANH)


@pytest.fixture(scope="module")
def diem_anh(anh):
    return sample_pixels(anh, n=3000, random_state=0)


def test_q1_pixel_count(anh):
    assert q1.evaluate({"so_diem_anh": anh.shape[0] * anh.shape[1]}).correct
    assert q1.evaluate({"so_diem_anh": ____}).status == "not_attempted"
    assert q1.evaluate({}).status == "not_attempted"
    assert "kênh màu" in q1.evaluate({"so_diem_anh": anh.size}).message
    assert "chiều cao hoặc chiều rộng" in q1.evaluate({"so_diem_anh": len(anh)}).message
    wrong = q1.evaluate({"so_diem_anh": 1000})
    assert wrong.status == "incorrect" and "anh.shape" in wrong.message
    assert q1.evaluate({"so_diem_anh": "nhiều"}).status == "incorrect"


def test_q2_hex_function():
    def right(r, g, b):
        return f"#{r:02x}{g:02x}{b:02x}"

    assert q2.evaluate({"sang_hex": right}).correct
    assert q2.evaluate({"sang_hex": lambda r, g, b: right(r, g, b).upper()}).correct  # either case is fine

    no_padding = q2.evaluate({"sang_hex": lambda r, g, b: "#" + format(r, "x") + format(g, "x") + format(b, "x")})
    assert no_padding.status == "incorrect" and "hai** chữ số" in no_padding.message
    assert "0x" in q2.evaluate({"sang_hex": lambda r, g, b: hex(r) + hex(g) + hex(b)}).message
    assert "dấu `#`" in q2.evaluate({"sang_hex": lambda r, g, b: right(r, g, b)[1:]}).message
    assert "lam–lục–đỏ" in q2.evaluate({"sang_hex": lambda r, g, b: right(b, g, r)}).message
    assert "chuỗi chữ" in q2.evaluate({"sang_hex": lambda r, g, b: print(right(r, g, b))}).message
    assert "báo lỗi" in q2.evaluate({"sang_hex": lambda r, g: "#000000"}).message
    assert q2.evaluate({"sang_hex": lambda r, g, b: "#123456"}).status == "incorrect"
    assert q2.evaluate({"sang_hex": "#e1aa70"}).status == "incorrect"

    def placeholder(r, g, b):
        return ____

    assert q2.evaluate({"sang_hex": placeholder}).status == "not_attempted"


def test_q3_kmeans_palette(diem_anh):
    model = KMeans(n_clusters=K, n_init=4, random_state=0).fit(diem_anh)
    assert q3.evaluate({"bang_mau": model.cluster_centers_}).correct
    assert q3.evaluate({"bang_mau": model.cluster_centers_[::-1].tolist()}).correct  # any order
    other_run = KMeans(n_clusters=K, n_init=10, random_state=7).fit(diem_anh)
    assert q3.evaluate({"bang_mau": other_run.cluster_centers_}).correct

    assert "cluster_centers_" in q3.evaluate({"bang_mau": model}).message
    assert "nhãn cụm" in q3.evaluate({"bang_mau": model.labels_}).message
    assert "3000 hàng" in q3.evaluate({"bang_mau": diem_anh}).message
    four = KMeans(n_clusters=4, n_init=4, random_state=0).fit(diem_anh).cluster_centers_
    assert "4 màu" in q3.evaluate({"bang_mau": four}).message
    assert "255" in q3.evaluate({"bang_mau": model.cluster_centers_ / 255}).message
    assert "kích thước" in q3.evaluate({"bang_mau": np.zeros((5, 4))}).message
    random_colours = np.random.default_rng(0).uniform(0, 255, (K, 3))
    assert "chưa đại diện tốt" in q3.evaluate({"bang_mau": random_colours}).message
    assert q3.evaluate({"bang_mau": ____}).status == "not_attempted"


def test_q4_readable_text_colour():
    for good in ("#e1aa70", "#FFFFFF", (255, 255, 255), [225, 170, 112]):
        assert q4.evaluate({"mau_chu": good}).correct, good
    assert contrast_ratio(MAU_NEN, "#e1aa70") >= 4.5
    large = q4.evaluate({"mau_chu": "#cb7a3f"})
    assert large.status == "incorrect" and "chữ to" in large.message and "3.2:1" in large.message
    low = q4.evaluate({"mau_chu": "#a9290a"})
    assert low.status == "incorrect" and "rất khó đọc" in low.message
    assert "trùng với màu nền" in q4.evaluate({"mau_chu": MAU_NEN}).message
    assert "Không đọc được màu" in q4.evaluate({"mau_chu": "cam"}).message
    assert q4.evaluate({"mau_chu": ____}).status == "not_attempted"


@pytest.mark.parametrize("answer, status", [("B", "correct"), (" b ", "correct"), ("A", "incorrect"),
                                            ("C", "incorrect"), ("D", "incorrect"), ("E", "incorrect"),
                                            (____, "not_attempted")])
def test_q5_ai_images_and_copyright(answer, status):
    assert q5.evaluate({"cau_tra_loi": answer}).status == status


def test_q5_wrong_choices_are_explained():
    assert "điều khoản" in q5.evaluate({"cau_tra_loi": "A"}).message
    assert "giấy phép" in q5.evaluate({"cau_tra_loi": "C"}).message
    assert "chịu trách nhiệm" in q5.evaluate({"cau_tra_loi": "D"}).message


def test_every_b6_problem_has_two_hints_and_a_solution():
    from aijourney.i18n import has

    for q in (q1, q2, q3, q4, q5):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key
