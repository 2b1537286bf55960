"""Lesson B6 — AI cho thiết kế đồ hoạ (k-means colour palettes, contrast, AI images and copyright).

In the notebook::

    from aijourney.exercises.b6 import q1, q2, q3, q4, q5, MAU_NEN
    from aijourney.feedback import ____
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..feedback import ChoiceProblem, CheckProblem, Incorrect, call_trainee
from ..toolkit.palette import contrast_ratio, fit_palette, load_image, sample_pixels, to_rgb

__all__ = ["q1", "q2", "q3", "q4", "q5", "MAU_NEN", "ANH", "K"]

ANH = "flower.jpg"  # the lesson's photo
K = 5  # the palette size of exercise 3
MAU_NEN = "#034748"  # the label background of exercise 4 (the teal of the flower palette)


def _short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=1)
def _image_shape() -> tuple[int, ...]:
    return tuple(load_image(ANH).shape)


@lru_cache(maxsize=1)
def _pixels() -> np.ndarray:
    return sample_pixels(load_image(ANH), 3000, random_state=0)


@lru_cache(maxsize=1)
def _reference_inertia() -> float:
    return _inertia(fit_palette(_pixels(), K))


def _inertia(centres: np.ndarray) -> float:
    d2 = ((_pixels()[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return float(d2.min(axis=1).sum())


# -- q1: how many pixels ----------------------------------------------------------------------
def _check_pixel_count(value) -> None:
    try:
        got = float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None
    h, w, c = _image_shape()
    if got == h * w:
        return
    if got == h * w * c:
        raise Incorrect("counted_channels", got=repr(value))
    if got in (h, w):
        raise Incorrect("one_side", got=repr(value))
    raise Incorrect("wrong_value", got=repr(value))


# -- q2: hex codes ----------------------------------------------------------------------------
_HEX_CASES = [(255, 255, 255), (0, 0, 0), (8, 38, 29), (225, 170, 112), (169, 41, 10), (3, 71, 72)]


def _check_hex_function(func) -> None:
    if not callable(func):
        raise Incorrect("check.not_callable")
    for r, g, b in _HEX_CASES:
        call = f"sang_hex({r}, {g}, {b})"
        expected = "#{:02x}{:02x}{:02x}".format(r, g, b)
        got = call_trainee(func, r, g, b, call=call)
        if not isinstance(got, str):
            raise Incorrect("not_string", call=call, got=_short(got))
        text = got.strip().lower()
        if text == expected:
            continue
        params = {"call": call, "got": _short(got), "expected": repr(expected)}
        if "0x" in text:
            raise Incorrect("has_0x", **params)
        if text == expected[1:]:
            raise Incorrect("no_hash", **params)
        if text == "#{:x}{:x}{:x}".format(r, g, b):
            raise Incorrect("no_padding", **params)
        if text == "#{:02x}{:02x}{:02x}".format(b, g, r):
            raise Incorrect("bgr", **params)
        raise Incorrect("check.function_wrong", call=call, got=_short(got), expected=repr(expected))


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


# -- q4: a readable text colour ----------------------------------------------------------------
def _check_text_colour(value) -> None:
    try:
        rgb = to_rgb(value)
    except ValueError:
        raise Incorrect("wrong_format", got=_short(value)) from None
    if rgb == to_rgb(MAU_NEN):
        raise Incorrect("same_as_background", got=_short(value))
    ratio = contrast_ratio(MAU_NEN, rgb)
    if ratio >= 4.5:
        return
    if ratio >= 3:
        raise Incorrect("large_only", got=_short(value), ratio=f"{ratio:.1f}")
    raise Incorrect("low_contrast", got=_short(value), ratio=f"{ratio:.1f}")


q1 = CheckProblem("b6.q1", "so_diem_anh", _check_pixel_count, name="q1")
q2 = CheckProblem("b6.q2", "sang_hex", _check_hex_function, name="q2")
q3 = CheckProblem("b6.q3", "bang_mau", _check_palette, name="q3")
q4 = CheckProblem("b6.q4", "mau_chu", _check_text_colour, name="q4")
q5 = ChoiceProblem("b6.q5", "cau_tra_loi", "B", "ABCD", name="q5")
