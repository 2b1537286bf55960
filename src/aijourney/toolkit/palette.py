"""Colour palettes from photos with k-means (lesson B6, assignment b6-bang-mau).

A photo is a ``(height, width, 3)`` array of red/green/blue values 0-255. We draw a random
sample of its pixels (fast, and enough to find the main colours), group them with k-means and
use the k cluster centres as a palette, most common colour first. Helpers turn colours into hex
codes, measure text/background contrast with the WCAG 2.1 formula, draw swatches, recolour a
photo with its palette and draw a mock product label or poster with matplotlib.

Colours are accepted as ``"#rrggbb"`` strings or as ``(r, g, b)`` sequences/arrays of numbers
0-255 (floats are rounded).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from ..i18n import t

__all__ = [
    "SAMPLE_IMAGES", "load_image", "sample_pixels", "split_pixels", "fit_palette", "palette_shares", "inertia_curve",
    "to_rgb", "to_hex", "relative_luminance", "contrast_ratio", "readability", "contrast_table",
    "best_text_color", "nearest_color_index", "mean_color_distance", "quantize", "show_image", "show_swatches", "draw_label",
]

# The two photos scikit-learn ships (sklearn/datasets/images/README.txt): both CC BY 2.0, Flickr.
SAMPLE_IMAGES = {
    "china.jpg": "Ảnh: danielbuechele (Flickr), giấy phép CC BY 2.0, kèm theo scikit-learn",
    "flower.jpg": "Ảnh: vultilion (Flickr), giấy phép CC BY 2.0, kèm theo scikit-learn",
}


# -- pixels and palettes ---------------------------------------------------------------------
def load_image(name: str = "flower.jpg") -> np.ndarray:
    """One of scikit-learn's bundled photos as a ``(height, width, 3)`` uint8 array (offline)."""
    from sklearn.datasets import load_sample_image

    return load_sample_image(name)


def _all_pixels(image: np.ndarray) -> np.ndarray:
    return np.asarray(image).reshape(-1, np.asarray(image).shape[-1])[:, :3]


def _sample_index(n_all: int, n: int, random_state: int) -> np.ndarray:
    rng = np.random.default_rng(random_state)
    return rng.choice(n_all, size=min(int(n), n_all), replace=False)


def sample_pixels(image: np.ndarray, n: int = 3000, random_state: int = 0) -> np.ndarray:
    """``n`` pixels drawn at random (without replacement) as an ``(n, 3)`` float array 0-255."""
    pixels = _all_pixels(image)
    return pixels[_sample_index(len(pixels), n, random_state)].astype(float)


def split_pixels(image: np.ndarray, n: int = 3000, n_test: int = 3000, random_state: int = 0):
    """Two disjoint random samples of pixels, ``(train, test)``, as float arrays 0-255.

    ``train`` is exactly ``sample_pixels(image, n, random_state)`` (what k-means learns from);
    ``test`` holds ``n_test`` of the *other* pixels, to check the palette once on pixels it never saw.
    """
    pixels = _all_pixels(image)
    train = _sample_index(len(pixels), n, random_state)
    rest = np.setdiff1d(np.arange(len(pixels)), train)
    test = rest[_sample_index(len(rest), n_test, random_state + 1)]
    return pixels[train].astype(float), pixels[test].astype(float)


def _kmeans(pixels: np.ndarray, k: int, random_state: int = 0, n_init: int = 4):
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # A few thousand pixels: one thread is fast, and OpenMP threads on a busy shared machine can be
    # 100x slower (spinning on a core another process holds).
    with threadpool_limits(limits=1):
        return KMeans(n_clusters=int(k), n_init=n_init, random_state=random_state).fit(np.asarray(pixels, dtype=float))


def palette_shares(pixels: np.ndarray, k: int, random_state: int = 0, n_init: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """k-means palette of ``pixels``: ``(colours (k, 3) float, shares (k,))``, most common first."""
    model = _kmeans(pixels, k, random_state=random_state, n_init=n_init)
    counts = np.bincount(model.labels_, minlength=int(k))
    order = np.argsort(-counts, kind="stable")
    return model.cluster_centers_[order], counts[order] / counts.sum()


def fit_palette(pixels: np.ndarray, k: int, random_state: int = 0, n_init: int = 4) -> np.ndarray:
    """The k cluster centres of ``pixels`` (``(k, 3)`` floats 0-255), most common colour first."""
    return palette_shares(pixels, k, random_state=random_state, n_init=n_init)[0]


def inertia_curve(pixels: np.ndarray, ks: Iterable[int] = range(1, 11), random_state: int = 0, n_init: int = 2):
    """For each k, k-means' inertia (sum of squared distances to the nearest centre), as a DataFrame."""
    import pandas as pd

    rows = [{"k": int(k), "inertia": float(_kmeans(pixels, k, random_state, n_init).inertia_)} for k in ks]
    return pd.DataFrame(rows)


def _color_array(colors) -> np.ndarray:
    if isinstance(colors, np.ndarray):
        return np.asarray(colors, dtype=float).reshape(-1, 3)
    return np.array([to_rgb(c) for c in colors], dtype=float)


def nearest_color_index(pixels: np.ndarray, colors) -> np.ndarray:
    """For each pixel, the index of the nearest palette colour (Euclidean distance in RGB)."""
    pixels = np.asarray(pixels, dtype=float).reshape(-1, 3)
    colors = _color_array(colors)
    d2 = ((pixels[:, None, :] - colors[None, :, :]) ** 2).sum(axis=2)
    return d2.argmin(axis=1)


def mean_color_distance(pixels: np.ndarray, colors) -> float:
    """How far, on average, each pixel is from the nearest palette colour (straight-line distance
    in red/green/blue, 0 = exact; black to white is about 441). Small: the palette fits the pixels."""
    pixels = np.asarray(pixels, dtype=float).reshape(-1, 3)
    colors = _color_array(colors)
    d2 = ((pixels[:, None, :] - colors[None, :, :]) ** 2).sum(axis=2)
    return float(np.sqrt(d2.min(axis=1)).mean())


def quantize(image: np.ndarray, colors, step: int = 2) -> np.ndarray:
    """The photo redrawn with only the palette's colours (every ``step``-th pixel, to stay fast)."""
    small = np.asarray(image)[::step, ::step, :3]
    palette = np.array([to_rgb(c) for c in colors], dtype=np.uint8)
    idx = nearest_color_index(small.reshape(-1, 3), palette.astype(float))
    return palette[idx].reshape(small.shape)


# -- colour codes and contrast ---------------------------------------------------------------
def to_rgb(color) -> tuple[int, int, int]:
    """``"#e1aa70"`` or ``(225.4, 170, 112)`` -> ``(225, 170, 112)``; a clear error otherwise."""
    if isinstance(color, str):
        text = color.strip().lstrip("#")
        if len(text) == 3:
            text = "".join(ch * 2 for ch in text)
        try:
            if len(text) != 6:
                raise ValueError
            return tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
        except ValueError:
            raise ValueError(t("b6.palette.bad_color", color=repr(color))) from None
    try:
        values = [float(v) for v in np.asarray(color, dtype=float).ravel()]
    except (TypeError, ValueError):
        raise ValueError(t("b6.palette.bad_color", color=repr(color))) from None
    if len(values) != 3 or not all(-0.5 < v < 255.5 for v in values):
        raise ValueError(t("b6.palette.bad_color", color=repr(color)))
    return tuple(int(np.clip(np.rint(v), 0, 255)) for v in values)  # type: ignore[return-value]


def to_hex(color) -> str:
    """``(225, 170, 112)`` -> ``"#e1aa70"`` (lower case, two digits per channel)."""
    return "#{:02x}{:02x}{:02x}".format(*to_rgb(color))


def relative_luminance(color) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""
    channels = np.array(to_rgb(color), dtype=float) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2])


def contrast_ratio(color1, color2) -> float:
    """WCAG 2.1 contrast ratio, from 1 (same luminance) to 21 (black on white); order does not matter."""
    a, b = relative_luminance(color1), relative_luminance(color2)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def readability(ratio: float) -> str:
    """The WCAG level a contrast ratio reaches, in words (normal text needs 4.5, large text 3)."""
    if ratio >= 7:
        return t("b6.palette.level_aaa")
    if ratio >= 4.5:
        return t("b6.palette.level_aa")
    if ratio >= 3:
        return t("b6.palette.level_large")
    return t("b6.palette.level_fail")


def contrast_table(colors, against: Sequence = ("#ffffff", "#000000")):
    """One row per palette colour: its hex code and its contrast with white and with black (a DataFrame)."""
    import pandas as pd

    rows = []
    for c in colors:
        row = {"mau": to_hex(c)}
        for other in against:
            ratio = contrast_ratio(c, other)
            row[f"tuong_phan_{to_hex(other)}"] = round(ratio, 2)
        rows.append(row)
    return pd.DataFrame(rows)


def best_text_color(background, candidates=("#ffffff", "#000000")) -> str:
    """The candidate with the highest contrast against ``background``, as a hex code."""
    return to_hex(max(candidates, key=lambda c: contrast_ratio(background, c)))


# -- pictures ---------------------------------------------------------------------------------
def show_image(image: np.ndarray, title: str | None = None, ax=None):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.4))
    ax.imshow(image)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def show_swatches(colors, shares=None, title: str | None = None, ax=None):
    """Draw the palette as coloured squares labelled with their hex codes (and shares, if given)."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    colors = list(colors)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.3 * max(len(colors), 3), 1.7))
    for i, c in enumerate(colors):
        rgb = np.array(to_rgb(c)) / 255
        ax.add_patch(Rectangle((i, 0), 0.92, 1, color=rgb))
        label = to_hex(c)
        if shares is not None:
            label += f"\n{100 * float(shares[i]):.0f}%"
        ax.text(i + 0.46, 0.5, label, ha="center", va="center", fontsize=9, color=best_text_color(c))
    ax.set_xlim(-0.05, len(colors))
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def draw_label(
    background,
    text,
    accent,
    title: str = "HẠT ĐIỀU RANG MUỐI",
    subtitle: str = "Đặc sản Đồng Nai",
    footer: str = "Sản phẩm OCOP 3 sao (minh hoạ)",
    kind: str = "label",
    ax=None,
):
    """A mock product label (``kind="label"``) or poster (``kind="poster"``) in three colours.

    Below it, the contrast of the text on the background and the WCAG level it reaches.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, FancyBboxPatch, Rectangle

    bg, fg, ac = (np.array(to_rgb(c)) / 255 for c in (background, text, accent))
    width, height = (6.0, 3.4) if kind == "label" else (3.6, 5.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(width, height))
    ax.add_patch(FancyBboxPatch((0.02, 0.02), 0.96, 0.96, boxstyle="round,pad=0,rounding_size=0.05", color=bg))
    ax.add_patch(Rectangle((0.02, 0.80), 0.96, 0.06, color=ac))
    ax.add_patch(Rectangle((0.02, 0.14), 0.96, 0.03, color=ac))
    big, small = (20, 12) if kind == "label" else (15, 10)
    ax.text(0.5, 0.58, title, ha="center", va="center", fontsize=big, fontweight="bold", color=fg, wrap=True)
    ax.text(0.5, 0.40, subtitle, ha="center", va="center", fontsize=small, color=fg, wrap=True)
    ax.text(0.5, 0.07, footer, ha="center", va="center", fontsize=8, color=fg)
    ax.add_patch(Circle((0.88, 0.91), 0.055, color=ac))
    ax.text(0.88, 0.91, "★", ha="center", va="center", fontsize=12, color=fg)
    ratio = contrast_ratio(background, text)
    caption = t("b6.palette.label_caption", ratio=f"{ratio:.1f}", level=readability(ratio))
    ax.set_title(caption if kind == "label" else caption.replace(" — ", "\n"), fontsize=9)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("auto")
    ax.set_axis_off()
    return ax
