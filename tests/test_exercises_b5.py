"""Every exercise of lesson B5: a right answer passes, each recognised mistake gets its own Vietnamese
message, an untouched placeholder is "chưa làm". The expected numbers are computed here from the data,
with the trainee's own calls, not taken from the exercise module."""

import numpy as np
import pytest
from sklearn.neighbors import KNeighborsClassifier

from aijourney.datasets import load_digit_images
from aijourney.datasets.digits import digits_validation_split
from aijourney.exercises.b5 import q1, q2, q3, q4, q5, q6, q7
from aijourney.feedback import ____

SEVEN = [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 16, 16, 16, 16, 16, 16, 0],
    [0, 0, 0, 0, 0, 0, 16, 0],
    [0, 0, 0, 0, 0, 16, 0, 0],
    [0, 0, 0, 0, 16, 0, 0, 0],
    [0, 0, 0, 16, 0, 0, 0, 0],
    [0, 0, 16, 0, 0, 0, 0, 0],
    [0, 0, 16, 0, 0, 0, 0, 0],
]
ZERO = [
    [0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 16, 16, 16, 16, 0, 0],
    [0, 16, 0, 0, 0, 0, 16, 0],
    [0, 16, 0, 0, 0, 0, 16, 0],
    [0, 16, 0, 0, 0, 0, 16, 0],
    [0, 16, 0, 0, 0, 0, 16, 0],
    [0, 0, 16, 16, 16, 16, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
]
K_LIST = [1, 3, 5, 10, 25, 50, 100]  # the notebook's danh_sach_k


@pytest.fixture(scope="module")
def lesson():
    """What the notebook computes: the three parts, the table of k, the chosen k and its model."""
    X_train, X_val, X_test, y_train, y_val, y_test = digits_validation_split()
    models = {k: KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train) for k in K_LIST}
    val = {k: m.score(X_val, y_val) for k, m in models.items()}
    best = K_LIST[0]
    for k in K_LIST:
        if val[k] > val[best]:
            best = k
    return dict(X_train=X_train, X_val=X_val, X_test=X_test, y_train=y_train, y_val=y_val, y_test=y_test,
                models=models, val=val, best=best, pred=models[best].predict(X_val))


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


def test_q1_pixels_in_one_image():
    d = load_digit_images()
    anh = d.images[0]
    assert q1.evaluate({"so_diem_anh": anh.size}).correct
    assert q1.evaluate({"so_diem_anh": 8 * 8}).correct
    assert q1.evaluate({"so_diem_anh": ____}).status == "not_attempted"
    assert "**hình dạng**" in message(q1, anh.shape)
    assert "**một hàng**" in message(q1, 8)
    assert "**giá trị lớn nhất**" in message(q1, 16)
    assert "số **ảnh**" in message(q1, len(d.images))
    assert "`anh_nho`" in message(q1, np.array([[0, 16, 0], [16, 16, 16]]).size)
    assert "chưa đúng" in message(q1, 100)


def test_q2_drawing_a_seven():
    assert q2.evaluate({"chu_so_7": np.array(SEVEN)}).correct
    assert q2.evaluate({"chu_so_7": SEVEN}).correct  # a plain list of lists is fine too
    assert q2.evaluate({"chu_so_7": ____}).status == "not_attempted"
    assert "chữ số **0**" in message(q2, ZERO)
    assert "**8 hàng**" in message(q2, np.array(SEVEN).ravel())
    assert "(7, 8)" in message(q2, SEVEN[:7])
    assert "0 đến 255" in message(q2, np.array(SEVEN) * 16)
    assert "số âm" in message(q2, -np.array(SEVEN))
    assert "giấy trắng" in message(q2, np.zeros((8, 8)))
    with_blank = [row[:] for row in SEVEN]
    with_blank[3][3] = ____
    assert "`____`" in message(q2, with_blank)


def test_q3_k1_on_the_validation_data(lesson):
    knn_1 = lesson["models"][1]
    right = knn_1.score(lesson["X_val"], lesson["y_val"])
    train = knn_1.score(lesson["X_train"], lesson["y_train"])
    test = knn_1.score(lesson["X_test"], lesson["y_test"])
    assert train == 1.0 and right < 1 and test != right
    assert q3.evaluate({"do_chinh_xac_kiem_dinh": right}).correct
    assert q3.evaluate({"do_chinh_xac_kiem_dinh": ____}).status == "not_attempted"
    assert "dữ liệu huấn luyện" in message(q3, train)
    assert "**dữ liệu kiểm tra**" in message(q3, test)
    assert "nhân với 100" in message(q3, 100 * right)
    assert "làm tròn" in message(q3, round(right, 2))
    assert "làm tròn" in message(q3, round(right, 3))
    assert "`knn_1` (k = 1)" in message(q3, lesson["val"][3])


def test_q4_k_chosen_on_the_validation_data(lesson):
    best, val = lesson["best"], lesson["val"]
    worst = min(K_LIST, key=val.get)
    assert worst != best
    assert q4.evaluate({"k_tot_nhat": best}).correct
    assert q4.evaluate({"k_tot_nhat": ____}).status == "not_attempted"
    assert "**độ chính xác**, không phải k" in message(q4, val[best])
    assert "**độ chính xác**, không phải k" in message(q4, round(val[best], 3))  # read off the table
    assert "**độ chính xác**, không phải k" in message(q4, round(100 * val[best], 1))
    assert "**thấp nhất**" in message(q4, worst)
    other = next(k for k in K_LIST if k not in (best, worst))
    assert "cột kiểm định" in message(q4, other)


def test_q5_count_the_mistakes_on_the_validation_data(lesson):
    pred, y_val = lesson["pred"], lesson["y_val"]
    wrong = (pred != y_val).sum()
    assert 0 < wrong < 20
    assert q5.evaluate({"so_anh_doan_sai": wrong}).correct
    assert q5.evaluate({"so_anh_doan_sai": len(np.flatnonzero(pred != y_val))}).correct
    assert q5.evaluate({"so_anh_doan_sai": ____}).status == "not_attempted"
    assert "đoán **đúng**" in message(q5, (pred == y_val).sum())
    assert "**tất cả**" in message(q5, len(y_val))
    assert "**tỉ lệ**" in message(q5, (pred != y_val).mean())
    assert "chưa đúng" in message(q5, wrong + 1)


@pytest.mark.parametrize("answer, status, words", [
    ("D", "correct", "không hiểu hình dạng"), (" d. ", "correct", "không hiểu hình dạng"),
    ("A", "incorrect", "không cộng trừ sai"), ("B", "incorrect", "không học gì từ phần kiểm định"),
    ("c", "incorrect", "càng **giảm**"), ("9", "incorrect", "A, B, C, D"),
    ("____", "not_attempted", ""), (____, "not_attempted", ""),
])
def test_q6_why_knn_misreads(answer, status, words):
    result = q6.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_q7_the_test_data_used_once_for_the_chosen_k(lesson):
    best = lesson["best"]
    model = KNeighborsClassifier(n_neighbors=best).fit(lesson["X_train"], lesson["y_train"])
    right = model.score(lesson["X_test"], lesson["y_test"])
    assert q7.evaluate({"do_chinh_xac_cuoi": right}).correct
    assert q7.evaluate({"do_chinh_xac_cuoi": ____}).status == "not_attempted"
    assert "**dữ liệu kiểm định**" in message(q7, lesson["val"][best])
    assert "dữ liệu huấn luyện" in message(q7, model.score(lesson["X_train"], lesson["y_train"]))
    assert "nhân với 100" in message(q7, 100 * right)
    default_k = KNeighborsClassifier().fit(lesson["X_train"], lesson["y_train"])  # forgot n_neighbors: k = 5
    assert best != 5
    assert "k **khác**" in message(q7, default_k.score(lesson["X_test"], lesson["y_test"]))
    assert "`X_test, y_test`" in message(q7, right - 0.1)
