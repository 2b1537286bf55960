"""Every exercise of lesson B6: a right answer passes, each recognised mistake gets its Vietnamese
message, an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

from aijourney.exercises.b6 import ANH, K, MAU_NEN, N_MAU, q1, q2, q3, q4, q5, q6
from aijourney.feedback import ____
from aijourney.toolkit.palette import (contrast_ratio, load_image, mean_color_distance, palette_shares,
                                       sample_pixels, split_pixels)


@pytest.fixture(scope="module")
def anh():
    return load_image(ANH)


@pytest.fixture(scope="module")
def split(anh):
    return split_pixels(anh, n=N_MAU, n_test=N_MAU, random_state=0)


@pytest.fixture(scope="module")
def diem_anh(split):
    return split[0]


def message(problem, var, value):
    result = problem.evaluate({var: value})
    assert result.status == "incorrect", (value, result)
    return result.message


# -- q1 ----------------------------------------------------------------------------------------
def test_q1_pixel_count(anh):
    assert q1.evaluate({"so_diem_anh": anh.shape[0] * anh.shape[1]}).correct
    assert q1.evaluate({"so_diem_anh": ____}).status == "not_attempted"
    assert "kênh màu" in message(q1, "so_diem_anh", anh.size)
    assert "chiều cao hoặc chiều rộng" in message(q1, "so_diem_anh", anh.shape[0])
    assert "chiều cao hoặc chiều rộng" in message(q1, "so_diem_anh", anh.shape[1])
    assert "**cộng**" in message(q1, "so_diem_anh", anh.shape[0] + anh.shape[1])
    assert "anh.shape" in message(q1, "so_diem_anh", 1000)
    message(q1, "so_diem_anh", anh.shape)  # not a number: the core explains why


def test_q1_solution_quotes_the_photo():
    text = q1.solution_text()
    assert "427" in text and "640" in text and "273.280" in text


# -- q2 ----------------------------------------------------------------------------------------
def right_hex(r, g, b):
    return "#" + format(r, "02x") + format(g, "02x") + format(b, "02x")


def test_q2_hex_function():
    assert q2.evaluate({"sang_hex": right_hex}).correct
    assert q2.evaluate({"sang_hex": lambda r, g, b: right_hex(r, g, b).upper()}).correct  # either case is fine

    no_padding = lambda r, g, b: "#" + format(r, "x") + format(g, "x") + format(b, "x")  # noqa: E731
    assert "**hai** chữ số" in message(q2, "sang_hex", no_padding)
    assert "0x" in message(q2, "sang_hex", lambda r, g, b: hex(r) + hex(g) + hex(b))
    assert "dấu `#`" in message(q2, "sang_hex", lambda r, g, b: right_hex(r, g, b)[1:])
    assert "lam–lục–đỏ" in message(q2, "sang_hex", lambda r, g, b: right_hex(b, g, r))
    assert "chuỗi chữ" in message(q2, "sang_hex", lambda r, g, b: print(right_hex(r, g, b)))
    assert "báo lỗi" in message(q2, "sang_hex", lambda r, g: "#000000")
    assert "kết quả đúng là" in message(q2, "sang_hex", lambda r, g, b: "#123456")
    assert "phải là một hàm" in message(q2, "sang_hex", "#e1aa70")


def test_q2_untouched_skeleton_is_not_attempted():
    def placeholder(r, g, b):
        return ____

    def half_done(r, g, b):
        return "#" + format(r, "02x") + ____

    assert q2.evaluate({"sang_hex": ____}).status == "not_attempted"
    assert q2.evaluate({"sang_hex": placeholder}).status == "not_attempted"
    assert q2.evaluate({"sang_hex": half_done}).status == "not_attempted"


# -- q3 ----------------------------------------------------------------------------------------
def test_q3_kmeans_palette(diem_anh, anh):
    assert np.array_equal(diem_anh, sample_pixels(anh, n=N_MAU, random_state=0))
    model = KMeans(n_clusters=K, n_init=4, random_state=0).fit(diem_anh)
    assert q3.evaluate({"bang_mau": model.cluster_centers_}).correct
    assert q3.evaluate({"bang_mau": model.cluster_centers_[::-1].tolist()}).correct  # any order
    other_run = KMeans(n_clusters=K, n_init=10, random_state=7).fit(diem_anh)
    assert q3.evaluate({"bang_mau": other_run.cluster_centers_}).correct

    assert "cluster_centers_" in message(q3, "bang_mau", model)
    assert "nhãn cụm" in message(q3, "bang_mau", model.labels_)
    assert "3000 hàng" in message(q3, "bang_mau", diem_anh)
    four = KMeans(n_clusters=4, n_init=4, random_state=0).fit(diem_anh).cluster_centers_
    assert "4 màu" in message(q3, "bang_mau", four)
    assert "chia cho 255" in message(q3, "bang_mau", model.cluster_centers_ / 255)
    assert "kích thước" in message(q3, "bang_mau", np.zeros((5, 4)))
    random_colours = np.random.default_rng(0).uniform(0, 255, (K, 3))
    assert "chưa đại diện tốt" in message(q3, "bang_mau", random_colours)
    assert q3.evaluate({"bang_mau": ____}).status == "not_attempted"


# -- q4 ----------------------------------------------------------------------------------------
def test_q4_palette_checked_once_on_test_pixels(split):
    diem_anh, diem_kiem_tra = split
    mau, _ = palette_shares(diem_anh, K)
    right = mean_color_distance(diem_kiem_tra, mau)
    train = mean_color_distance(diem_anh, mau)
    assert train < right < 1.2 * train  # close: the palette represents pixels it never saw
    assert q4.evaluate({"do_lech_kiem_tra": right}).correct
    assert "dữ liệu huấn luyện" in message(q4, "do_lech_kiem_tra", train)
    assert "làm tròn" in message(q4, "do_lech_kiem_tra", round(right, 1))
    assert "làm tròn" in message(q4, "do_lech_kiem_tra", round(right))
    assert "đổi chỗ" in message(q4, "do_lech_kiem_tra", mean_color_distance(mau, diem_kiem_tra))
    assert "diem_kiem_tra" in message(q4, "do_lech_kiem_tra", right + 5)
    assert q4.evaluate({"do_lech_kiem_tra": ____}).status == "not_attempted"
    figures = q4.figures()
    assert figures["test"] in q4.solution_text() and figures["train"] in q4.solution_text()


# -- q5 ----------------------------------------------------------------------------------------
def test_q5_readable_text_colour():
    for good in ("#e1aa70", "#FFFFFF", (255, 255, 255), [225, 170, 112]):
        assert q5.evaluate({"mau_chu": good}).correct, good
    assert contrast_ratio(MAU_NEN, "#e1aa70") >= 4.5
    large = message(q5, "mau_chu", "#cb7a3f")
    assert "chữ to" in large and "3,2:1" in large
    assert "rất khó đọc" in message(q5, "mau_chu", "#a9290a")
    assert "rất khó đọc" in message(q5, "mau_chu", "#000000")
    assert "trùng với màu nền" in message(q5, "mau_chu", MAU_NEN)
    assert "Không đọc được màu" in message(q5, "mau_chu", "cam")
    assert q5.evaluate({"mau_chu": "____"}).status == "not_attempted"
    assert q5.evaluate({"mau_chu": ____}).status == "not_attempted"
    assert "5,1:1" in q5.solution_text()


# -- q6 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("answer", ["C", " c ", "C.", "(C)"])
def test_q6_right_letter(answer):
    assert q6.evaluate({"cau_tra_loi": answer}).correct


@pytest.mark.parametrize("letter, phrase", [("A", "điều khoản riêng"), ("B", "sự cho phép"),
                                            ("D", "hồ sơ sản phẩm")])
def test_q6_each_wrong_option_has_its_own_explanation(letter, phrase):
    assert phrase in message(q6, "cau_tra_loi", letter)


def test_q6_placeholder_and_fair_options():
    assert q6.evaluate({"cau_tra_loi": "____"}).status == "not_attempted"
    assert q6.evaluate({"cau_tra_loi": "E"}).status == "incorrect"
    options = q6.option_texts()
    assert sorted(options) == ["A", "B", "C", "D"]
    assert len(options["C"]) < max(len(text) for text in options.values())  # the right one is not the longest
