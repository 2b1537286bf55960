"""Every exercise of lesson B5: a right answer passes, typical mistakes get their own Vietnamese
message, an untouched placeholder is "chưa làm"."""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from aijourney.exercises.b5 import q1, q2, q3, q4, q5
from aijourney.feedback import ____
from aijourney.i18n import has
from aijourney.datasets import digits_split, load_digit_images

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


@pytest.fixture(scope="module")
def lesson():
    """What the notebook computes, with the trainee's own calls."""
    d = load_digit_images()
    X_train, X_test, y_train, y_test = train_test_split(d.data, d.target, test_size=0.25, random_state=0,
                                                        stratify=d.target)
    knn = KNeighborsClassifier(n_neighbors=3).fit(X_train, y_train)
    return dict(d=d, X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test, knn=knn,
                pred=knn.predict(X_test))


def message(problem, value):
    result = problem.evaluate_value(value)
    assert result.status == "incorrect", (value, result)
    return result.message


def test_the_notebook_split_is_the_course_split(lesson):
    X_train, X_test, y_train, y_test = digits_split()
    assert np.array_equal(X_test, lesson["X_test"]) and np.array_equal(y_train, lesson["y_train"])


def test_q1_pixels_in_one_image(lesson):
    anh = lesson["d"].images[0]
    assert q1.evaluate({"so_diem_anh": anh.size}).correct
    assert q1.evaluate({"so_diem_anh": 8 * 8}).correct
    assert q1.evaluate({"so_diem_anh": ____}).status == "not_attempted"
    assert "**hình dạng**" in message(q1, anh.shape)
    assert "**một cạnh**" in message(q1, 8)
    assert "số **ảnh**" in message(q1, len(lesson["d"].images))
    assert "**giá trị lớn nhất**" in message(q1, 16)
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


def test_q3_knn_accuracy(lesson):
    X_train, X_test, y_train, y_test = (lesson[k] for k in ("X_train", "X_test", "y_train", "y_test"))
    right = lesson["knn"].score(X_test, y_test)
    assert right > 0.95
    assert q3.evaluate({"do_chinh_xac_knn": right}).correct
    assert q3.evaluate({"do_chinh_xac_knn": ____}).status == "not_attempted"
    assert "không nhân với 100" in message(q3, right * 100)
    assert "dữ liệu huấn luyện" in message(q3, lesson["knn"].score(X_train, y_train))
    assert "k = 5" in message(q3, KNeighborsClassifier().fit(X_train, y_train).score(X_test, y_test))
    assert "làm tròn" in message(q3, round(right, 2))
    k50 = KNeighborsClassifier(n_neighbors=50).fit(X_train, y_train).score(X_test, y_test)
    assert "chưa đúng" in message(q3, k50)


def test_q4_count_the_mistakes(lesson):
    pred, y_test = lesson["pred"], lesson["y_test"]
    wrong = (pred != y_test).sum()
    assert 0 < wrong < 20
    assert q4.evaluate({"so_anh_doan_sai": wrong}).correct
    assert q4.evaluate({"so_anh_doan_sai": len(np.flatnonzero(pred != y_test))}).correct
    assert q4.evaluate({"so_anh_doan_sai": ____}).status == "not_attempted"
    assert "đoán **đúng**" in message(q4, (pred == y_test).sum())
    assert "**tất cả**" in message(q4, len(y_test))
    assert "**tỉ lệ**" in message(q4, (pred != y_test).mean())
    assert "chưa đúng" in message(q4, wrong + 1)


@pytest.mark.parametrize("answer, status, words", [
    ("B", "correct", "không hiểu hình dạng"), ("A", "incorrect", "không tính sai"),
    ("C", "incorrect", "không giỏi lên"), ("d", "incorrect", "k thật lớn"), ("9", "incorrect", "A, B, C, D"),
    (____, "not_attempted", ""),
])
def test_q5_why_the_mistakes(answer, status, words):
    result = q5.evaluate({"cau_tra_loi": answer})
    assert result.status == status and words in result.message


def test_every_b5_problem_has_two_hints_and_a_solution():
    for q in (q1, q2, q3, q4, q5):
        assert q.n_hints >= 2, q.key
        assert has(f"{q.key}.solution"), q.key


def test_the_solution_drawing_is_the_one_the_solution_text_shows():
    from aijourney.i18n import t

    text = t("b5.q2.solution")
    rows = [r for r in text.splitlines() if r.strip().startswith("[") and r.strip().endswith("],")]
    drawn = np.array([[int(v) for v in r.strip().strip("[],").split(",")] for r in rows])
    assert q2.evaluate({"chu_so_7": drawn}).correct
