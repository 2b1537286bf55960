"""Helpers for the lessons on tables, charts and a first prediction (B2, B3).

- money: ``format_dong`` writes an amount the way people in Viet Nam read it (``11.063.603 đồng``);
- charts: ``bar_chart``, ``misleading_vs_honest`` (the same numbers with a truncated and an honest
  y-axis, side by side), ``visual_ratio`` (how many times taller one bar *looks*), ``residual_plot``;

Every label a trainee sees comes from the message catalogue (keys ``b2.chart.*``, ``b3.chart.*``).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..i18n import get_language, t

__all__ = [
    "VLSS_UNIT", "format_number", "format_dong", "visual_ratio", "bar_chart", "misleading_vs_honest",
    "residual_plot",
]

# VietNamH expenditures, once taken out of the log with np.exp, are in thousand dong per year
# (1997 prices); the survey documentation shipped with the data does not state the unit, the
# magnitudes (median household about 11 million dong a year) match thousand dong.
VLSS_UNIT = 1000



# -- money ------------------------------------------------------------------------------------
def format_number(value: float, decimals: int = 0) -> str:
    """A number as Vietnamese write it (``5.522,8``), or as English do (``5,522.8``)."""
    text = f"{float(value):,.{decimals}f}"
    if get_language() == "vi":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def format_dong(amount: float, *, unit: float = 1, short: bool = False) -> str:
    """Format an amount of money in dong.

    ``unit`` is what one unit of ``amount`` is worth in dong (``VLSS_UNIT`` = 1000 for the survey's
    thousand-dong figures). ``short=True`` writes millions with one decimal: ``11,1 triệu đồng``.
    Vietnamese groups thousands with ``.`` and writes decimals with ``,``; English the other way round.
    """
    value = float(amount) * unit
    if not np.isfinite(value):
        raise ValueError(f"not a finite amount: {amount!r}")
    if short and abs(value) >= 1_000_000:
        return t("b2.money.million", number=format_number(value / 1_000_000, 1))
    return t("b2.money.dong", number=format_number(round(value), 0))


# -- charts -----------------------------------------------------------------------------------
def visual_ratio(a: float, b: float, bottom: float = 0.0) -> float:
    """How many times taller bar ``a`` looks than bar ``b`` when the y-axis starts at ``bottom``.

    With an honest axis (``bottom=0``) this is the real ratio ``a / b``.
    """
    if b - bottom == 0:
        raise ValueError("bar b has zero visible height")
    return (a - bottom) / (b - bottom)


def _values(values: Mapping[str, float] | pd.Series) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(dict(values))
    return series.astype(float)


def bar_chart(values, ax=None, *, bottom: float = 0.0, title: str = "", ylabel: str = "", decimals: int = 2):
    """Vertical bars, one per entry of ``values``, each labelled with its number; returns the axes.

    ``bottom`` is where the y-axis starts: anything but 0 makes the bars lie about the ratios.
    """
    import matplotlib.pyplot as plt

    series = _values(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 3.5))
    bars = ax.bar([str(i) for i in series.index], series.to_numpy(), color="#2f6db5")
    ax.bar_label(bars, labels=[format_number(v, decimals) for v in series], padding=2)
    top = float(series.max())
    ax.set_ylim(bottom, top + (top - bottom) * 0.12)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    return ax


def _short_number(value: float) -> str:
    text = format_number(value, 2)
    sep = "," if get_language() == "vi" else "."
    return text.rstrip("0").rstrip(sep) if sep in text else text


def misleading_vs_honest(values, bottom: float, *, ylabel: str = "", decimals: int = 2):
    """The same numbers twice: y-axis starting at ``bottom`` (left) and at 0 (right); returns the figure."""
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8))
    bar_chart(values, left, bottom=bottom, ylabel=ylabel, decimals=decimals,
              title=t("b2.chart.misleading", bottom=_short_number(bottom)))
    bar_chart(values, right, bottom=0.0, ylabel=ylabel, decimals=decimals, title=t("b2.chart.honest"))
    left.set_title(left.get_title(), color="#b3261e")
    right.set_title(right.get_title(), color="#1b7f3b")
    fig.tight_layout()
    return fig


def residual_plot(y_true, y_pred, ax=None, *, title: str | None = None):
    """Residuals (true - predicted) against predictions, with the zero line; returns the axes."""
    import matplotlib.pyplot as plt

    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.8))
    ax.scatter(y_pred, y_true - y_pred, s=8, alpha=0.35, color="#2f6db5")
    ax.axhline(0, color="#b3261e", linewidth=1.5)
    ax.set_xlabel(t("b3.chart.predicted"))
    ax.set_ylabel(t("b3.chart.residual"))
    ax.set_title(t("b3.chart.residual_title") if title is None else title)
    return ax


