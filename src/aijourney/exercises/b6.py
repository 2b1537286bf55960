"""Lesson B6 — AI cho thiết kế đồ hoạ (k-means colour palettes, contrast, AI images and copyright).

In the notebook::

    from aijourney.exercises.b6 import MAU_NEN, q1, q2, q3, q4, q5, q6
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..feedback import (ChoiceProblem, CheckProblem, Incorrect, Mistake, NumberProblem, call_trainee,
                        on_training_data, rounded, shown)
from ..toolkit.palette import (contrast_ratio, fit_palette, load_image, mean_color_distance, split_pixels,
                               to_hex, to_rgb)
from ..toolkit.tabular import format_number

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "MAU_NEN", "ANH", "K", "N_MAU"]

ANH = "flower.jpg"  # the lesson's photo
N_MAU = 3000  # pixels k-means learns from (training data), and as many other pixels kept for the test
K = 5  # the palette size of exercise 3, and the k the lesson chooses in section 4
MAU_NEN = "#034748"  # the label background of exercise 5 (the teal of the flower palette)
_LIGHT, _WHITE, _DARK_ORANGE = "#e1aa70", "#ffffff", "#cb7a3f"  # colours the solution of q5 quotes


@lru_cache(maxsize=1)
def _image_shape() -> tuple[int, ...]:
    return tuple(load_image(ANH).shape)


@lru_cache(maxsize=1)
def _split() -> tuple[np.ndarray, np.ndarray]:
    """(diem_anh, diem_kiem_tra) exactly as the notebook makes them."""
    return split_pixels(load_image(ANH), n=N_MAU, n_test=N_MAU, random_state=0)


def _pixels() -> np.ndarray:
    return _split()[0]


@lru_cache(maxsize=1)
def _palette() -> np.ndarray:
    """The notebook's ``mau``: ``palette_shares(diem_anh, K)`` colours."""
    return fit_palette(_pixels(), K)


def _inertia(centres: np.ndarray) -> float:
    d2 = ((_pixels()[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return float(d2.min(axis=1).sum())


@lru_cache(maxsize=1)
def _reference_inertia() -> float:
    return _inertia(_palette())


# -- q1: how many pixels ----------------------------------------------------------------------
def _pixel_count() -> float:
    h, w, _ = _image_shape()
    return float(h * w)


def _q1_figures() -> dict[str, str]:
    h, w, c = _image_shape()
    return {"height": str(h), "width": str(w), "pixels": format_number(h * w), "numbers": format_number(h * w * c)}


q1 = NumberProblem(
    "b6.q1", "so_diem_anh", _pixel_count, tol=0.5, name="q1", figures=_q1_figures,
    mistakes=[
        Mistake("counted_channels", lambda _right: float(np.prod(_image_shape()))),
        Mistake("one_side", lambda _right: [float(_image_shape()[0]), float(_image_shape()[1])]),
        Mistake("added_sides", lambda _right: float(_image_shape()[0] + _image_shape()[1])),
    ],
)


# -- q2: hex codes ----------------------------------------------------------------------------
_HEX_CASES = [(255, 255, 255), (0, 0, 0), (8, 38, 29), (225, 170, 112), (169, 41, 10), (3, 71, 72)]


def _check_hex_function(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for r, g, b in _HEX_CASES:
        call = f"sang_hex({r}, {g}, {b})"
        expected = "#" + format(r, "02x") + format(g, "02x") + format(b, "02x")
        got = call_trainee(func, r, g, b, call=call)
        if not isinstance(got, str):
            raise Incorrect("not_string", call=call, got=shown(got, 60))
        text = got.strip().lower()
        if text == expected:
            continue
        params = {"call": call, "got": shown(got, 60), "expected": shown(expected)}
        if "0x" in text:
            raise Incorrect("has_0x", **params)
        if text == expected[1:]:
            raise Incorrect("no_hash", **params)
        if text == "#" + format(r, "x") + format(g, "x") + format(b, "x"):
            raise Incorrect("no_padding", **params)
        if text == "#" + format(b, "02x") + format(g, "02x") + format(r, "02x"):
            raise Incorrect("bgr", **params)
        raise Incorrect("check.function_wrong", **params)


q2 = CheckProblem("b6.q2", "sang_hex", _check_hex_function, name="q2")


# -- q3: a k-means palette --------------------------------------------------------------------
def _check_palette(value) -> None:
    if hasattr(value, "cluster_centers_"):
        raise Incorrect("gave_model")
    try:
        centres = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None
    n = len(_pixels())
    if centres.ndim == 1 and len(centres) == n:
        raise Incorrect("gave_labels")
    if centres.ndim != 2 or centres.shape[1] != 3:
        raise Incorrect("wrong_shape", shape=str(centres.shape))
    if centres.shape[0] == n:
        raise Incorrect("gave_pixels")
    if centres.shape[0] != K:
        raise Incorrect("wrong_k", k=centres.shape[0])
    if centres.max() <= 1.0:
        raise Incorrect("scaled")
    # Any good k-means run counts (another random_state or n_init finds nearly the same centres).
    if _inertia(centres) > 1.05 * _reference_inertia():
        raise Incorrect("not_centres")


q3 = CheckProblem("b6.q3", "bang_mau", _check_palette, name="q3")


# -- q4: the chosen palette, checked once on pixels k-means never saw ---------------------------
def _test_distance() -> float:
    return mean_color_distance(_split()[1], _palette())


def _train_distance() -> float:
    return mean_color_distance(_split()[0], _palette())


def _q4_figures() -> dict[str, str]:
    return {"test": format_number(_test_distance(), 1), "train": format_number(_train_distance(), 1)}


q4 = NumberProblem(
    "b6.q4", "do_lech_kiem_tra", _test_distance, tol=1e-6, name="q4", figures=_q4_figures,
    mistakes=[
        on_training_data(_train_distance),
        rounded(1),
        rounded(0),
        Mistake("swapped", lambda _right: mean_color_distance(_palette(), _split()[1])),
    ],
)


# -- q5: a readable text colour ----------------------------------------------------------------
def _check_text_colour(value) -> None:
    try:
        rgb = to_rgb(value)
    except ValueError:
        raise Incorrect("wrong_format", got=shown(value, 60)) from None
    if rgb == to_rgb(MAU_NEN):
        raise Incorrect("same_as_background", got=shown(value, 60))
    ratio = contrast_ratio(MAU_NEN, rgb)
    if ratio >= 4.5:
        return
    if ratio >= 3:
        raise Incorrect("large_only", got=shown(value, 60), ratio=format_number(ratio, 1))
    raise Incorrect("low_contrast", got=shown(value, 60), ratio=format_number(ratio, 1))


def _ratio(colour: str) -> str:
    return format_number(contrast_ratio(MAU_NEN, colour), 1)


def _q5_figures() -> dict[str, str]:
    return {"light": _ratio(_LIGHT), "white": _ratio(_WHITE), "dark_orange": _ratio(_DARK_ORANGE),
            "light_hex": to_hex(_LIGHT), "dark_orange_hex": to_hex(_DARK_ORANGE)}


q5 = CheckProblem("b6.q5", "mau_chu", _check_text_colour, name="q5", figures=_q5_figures)

# -- q6: AI image tools and copyright -----------------------------------------------------------
q6 = ChoiceProblem("b6.q6", "cau_tra_loi", "C", "ABCD", name="q6")
