"""aijourney.toolkit.images: digits as numbers, the course splits, shifting, and the drawing helpers."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402

from aijourney.datasets import digits_split, load_digit_images  # noqa: E402
from aijourney.datasets.digits import digits_validation_split  # noqa: E402
from aijourney.toolkit.images import (  # noqa: E402
    MAX_VALUE,
    SIDE,
    as_image,
    shift_images,
    show_digits,
    show_neighbours,
    show_pixels,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_digits_are_small_images_of_numbers():
    d = load_digit_images()
    assert d.images.shape == (1797, SIDE, SIDE) and d.data.shape == (1797, SIDE * SIDE)
    assert d.images.min() == 0 and d.images.max() == MAX_VALUE
    assert np.array_equal(d.images[5].ravel(), d.data[5])


def test_digits_split_is_stratified_and_repeatable():
    X_train, X_test, y_train, y_test = digits_split()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert np.bincount(y_test).min() >= 43
    assert np.array_equal(digits_split()[1], X_test)


def test_digits_validation_split_keeps_the_test_part_and_splits_the_training_part():
    X_rest, X_test, y_rest, y_test = digits_split()
    X_train, X_val, X_test2, y_train, y_val, y_test2 = digits_validation_split()
    assert np.array_equal(X_test2, X_test) and np.array_equal(y_test2, y_test)
    assert (len(X_train), len(X_val), len(X_test)) == (898, 449, 450)
    assert len(y_train) == len(X_train) and len(y_val) == len(X_val)
    # the training and validation parts are exactly digits_split's training part, shared out
    together = np.vstack([X_train, X_val])
    assert sorted(map(tuple, together)) == sorted(map(tuple, X_rest))
    assert np.array_equal(np.bincount(np.concatenate([y_train, y_val])), np.bincount(y_rest))
    assert np.bincount(y_val).min() >= 44  # stratified: every digit has its share
    assert np.array_equal(digits_validation_split()[1], X_val)


def test_as_image_accepts_rows_and_squares_only():
    assert as_image(list(range(64))).shape == (8, 8)
    assert as_image(np.zeros((8, 8))).shape == (8, 8)
    with pytest.raises(ValueError):
        as_image([1, 2, 3])


def test_shift_images_moves_ink_and_keeps_the_layout():
    img = np.zeros((8, 8))
    img[2, 3] = 16
    right = shift_images(img, right=1)
    assert right.shape == (8, 8) and right[2, 4] == 16 and right.sum() == 16
    down_left = shift_images(img.ravel(), right=-2, down=1)
    assert down_left.shape == (64,) and down_left.reshape(8, 8)[3, 1] == 16
    edge = np.zeros((8, 8))
    edge[0, 7] = 16
    assert shift_images(edge, right=1).sum() == 0  # pushed out, not wrapped round
    many = load_digit_images().data[:5]
    assert shift_images(many, right=1).shape == (5, 64)
    assert shift_images(load_digit_images().images[:5], down=1).shape == (5, 8, 8)
    assert shift_images(many, right=9).sum() == 0


def test_show_pixels_writes_every_number():
    show_pixels(load_digit_images().images[0], title="Ảnh đầu tiên")
    ax = plt.gcf().axes[0]
    assert len(ax.texts) == 64 and ax.get_title() == "Ảnh đầu tiên"
    assert ax.texts[2].get_text() == "5"


def test_show_digits_labels_and_marks_mistakes_in_red():
    d = load_digit_images()
    show_digits(d.data[:3], [0, 1, 2], [0, 7, 2], title="Thử")
    axes = plt.gcf().axes
    titles = [ax.get_title() for ax in axes]
    assert titles == ["Thật: 0\nĐoán: 0", "Thật: 1\nĐoán: 7", "Thật: 2\nĐoán: 2"]
    colours = [ax.title.get_color() for ax in axes]
    assert colours[0] == colours[2] != colours[1]
    plt.close("all")
    show_digits(d.images[:12], d.target[:12], n_cols=5)
    axes = plt.gcf().axes
    assert len(axes) == 15 and axes[0].get_title() == "Nhãn: 0" and not axes[-1].axison


def test_show_digits_with_nothing_to_show_says_so(capsys):
    show_digits(np.zeros((0, 64)))
    assert "Không có ảnh nào" in capsys.readouterr().out
    assert plt.get_fignums() == []


def test_show_neighbours_shows_the_k_images_knn_votes_with():
    X_train, X_test, y_train, y_test = digits_split()
    knn = KNeighborsClassifier(n_neighbors=3).fit(X_train, y_train)
    show_neighbours(knn, X_train, y_train, X_test[0], true_label=y_test[0])
    axes = plt.gcf().axes
    assert len(axes) == 4
    _, idx = knn.kneighbors(X_test[:1])
    for ax, i in zip(axes[1:], idx[0]):
        assert ax.get_title().startswith("Láng giềng") and f": {y_train[i]}\n" in ax.get_title()
    assert f"k-NN đoán: {knn.predict(X_test[:1])[0]}" in axes[0].get_title()
