"""aijourney.toolkit.palette: pixels, k-means palettes, hex codes, WCAG contrast, drawings."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

from aijourney.toolkit import palette as P  # noqa: E402


@pytest.fixture(scope="module")
def pixels():
    return P.sample_pixels(P.load_image("flower.jpg"), 1500, random_state=0)


def test_sample_images_load_offline():
    for name in P.SAMPLE_IMAGES:
        image = P.load_image(name)
        assert image.shape == (427, 640, 3) and image.dtype == np.uint8


def test_sample_pixels_is_a_reproducible_subset():
    image = P.load_image("china.jpg")
    a, b = P.sample_pixels(image, 500, random_state=3), P.sample_pixels(image, 500, random_state=3)
    assert a.shape == (500, 3) and a.dtype == float
    assert np.array_equal(a, b)
    assert not np.array_equal(a, P.sample_pixels(image, 500, random_state=4))
    flat = {tuple(p) for p in image.reshape(-1, 3).astype(float)}
    assert all(tuple(p) in flat for p in a[:50])
    assert len(P.sample_pixels(np.zeros((2, 3, 3), np.uint8), 100)) == 6  # never more than the image has


def test_split_pixels_keeps_the_training_sample_and_holds_out_other_pixels():
    image = P.load_image("flower.jpg")
    train, test = P.split_pixels(image, 800, n_test=600, random_state=2)
    assert np.array_equal(train, P.sample_pixels(image, 800, random_state=2))  # the lesson's diem_anh
    assert test.shape == (600, 3) and test.dtype == float
    flat = image.reshape(-1, 3)
    rows = {tuple(r) for r in flat}
    assert all(tuple(p) in rows for p in test[:50])
    # disjoint as pixel positions: check with a tiny image whose pixels are all different
    tiny = np.arange(30 * 3, dtype=np.uint8).reshape(5, 6, 3)
    a, b = P.split_pixels(tiny, 20, n_test=20)
    assert len(a) == 20 and len(b) == 10  # never more than the other pixels
    assert not {tuple(p) for p in a} & {tuple(p) for p in b}


def test_mean_color_distance():
    pixels = np.array([[0, 0, 0], [3, 4, 0], [255, 255, 255]], float)
    assert P.mean_color_distance(pixels, ["#000000", "#ffffff"]) == pytest.approx(5 / 3)
    assert P.mean_color_distance(pixels, np.array([[0, 0, 0], [255, 255, 255]])) == pytest.approx(5 / 3)
    assert P.mean_color_distance(pixels[:1], ["#ffffff"]) == pytest.approx(np.sqrt(3) * 255)


def test_palette_is_sorted_by_share_and_matches_kmeans(pixels):
    colours, shares = P.palette_shares(pixels, 4)
    assert colours.shape == (4, 3) and shares.shape == (4,)
    assert np.isclose(shares.sum(), 1) and np.all(np.diff(shares) <= 0)
    model = KMeans(n_clusters=4, n_init=4, random_state=0).fit(pixels)
    assert sorted(map(tuple, np.round(colours, 6))) == sorted(map(tuple, np.round(model.cluster_centers_, 6)))
    assert np.array_equal(P.fit_palette(pixels, 4), colours)


def test_inertia_curve_decreases(pixels):
    curve = P.inertia_curve(pixels, range(1, 6))
    assert list(curve["k"]) == [1, 2, 3, 4, 5]
    assert curve["inertia"].is_monotonic_decreasing


def test_hex_codes():
    assert P.to_hex((225, 170, 112)) == "#e1aa70"
    assert P.to_hex((8, 38, 29)) == "#08261d"
    assert P.to_hex(np.array([224.8, 170.4, 111.6])) == "#e1aa70"
    assert P.to_rgb("#E1AA70") == (225, 170, 112)
    assert P.to_rgb("#fff") == (255, 255, 255)
    for bad in ("xanh", "#12345", (1, 2), (300, 0, 0), None):
        with pytest.raises(ValueError, match="Không đọc được màu"):
            P.to_rgb(bad)


def test_contrast_ratio_follows_wcag():
    assert P.contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert P.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert P.contrast_ratio("#034748", "#034748") == pytest.approx(1)
    # WebAIM's checker: #767676 on white is 4.54:1, the lightest grey passing AA
    assert P.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert P.relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)
    assert P.readability(21) == P.readability(7) != P.readability(6.9)
    assert "chữ lớn" in P.readability(3.2) and "không đạt" in P.readability(2)
    assert P.best_text_color("#034748") == "#ffffff" and P.best_text_color("#e1aa70") == "#000000"
    table = P.contrast_table(["#ffffff", "#000000"])
    assert list(table["mau"]) == ["#ffffff", "#000000"]
    assert list(table["tuong_phan_#ffffff"]) == [1.0, 21.0]


def test_nearest_colour_and_quantize():
    palette = np.array([[0, 0, 0], [255, 255, 255], [255, 0, 0]], float)
    pixels = np.array([[10, 10, 10], [240, 250, 245], [200, 30, 20]])
    assert list(P.nearest_color_index(pixels, palette)) == [0, 1, 2]
    assert list(P.nearest_color_index(pixels, ["#000000", "#ffffff", "#ff0000"])) == [0, 1, 2]
    image = P.load_image("flower.jpg")
    small = P.quantize(image, ["#000000", "#ffffff"], step=4)
    assert small.shape == image[::4, ::4].shape and small.dtype == np.uint8
    assert {tuple(c) for c in small.reshape(-1, 3)} <= {(0, 0, 0), (255, 255, 255)}


def test_drawings_label_their_contrast():
    ax = P.show_swatches(["#034748", "#e1aa70"], shares=[0.7, 0.3], title="t")
    assert [t.get_text() for t in ax.texts] == ["#034748\n70%", "#e1aa70\n30%"]
    ax = P.draw_label("#034748", "#e1aa70", "#a9290a")
    assert "5.1:1" in ax.get_title() and "AA" in ax.get_title()
    ax = P.draw_label("#034748", "#a9290a", "#e1aa70", kind="poster", title="THÁNG THANH NIÊN")
    assert "không đạt" in ax.get_title()
    assert any(t.get_text() == "THÁNG THANH NIÊN" for t in ax.texts)
    plt.close("all")
