"""A fairness audit of a classifier, and its model card (lesson A8).

For each group of people (women and men, urban and rural communes ...): how many there are, the
share of them with label 1 (the base rate), and how the model does for them — accuracy, recall
(true-positive rate), false-positive rate and selection rate (share predicted 1). The largest gap
between groups says where to look; a bootstrap interval of that gap (seeded, optionally resampling
whole communes) says whether it is more than chance in groups this small.

In a notebook::

    from aijourney.toolkit.fairness import group_metrics, largest_gap, gap_interval, model_card
    bang = group_metrics(y_that, y_du_doan, nhom)
    largest_gap(bang, "do_phu")

Trainee-facing texts (column names of the card) come from the message catalogue (``fairness.*``).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..i18n import t
from .vntext import remove_diacritics

__all__ = ["METRICS", "ALL", "group_metrics", "largest_gap", "gap_interval", "MODEL_CARD_FIELDS",
           "model_card", "Markdown", "markdown_table", "names_a_person"]

#: The columns of ``group_metrics``, in order.
METRICS = ["so_nguoi", "ty_le_nen", "do_chinh_xac", "do_phu", "ty_le_bao_nham", "ty_le_chon"]
#: The label of the row for everyone (``group_metrics(..., overall=True)``).
ALL = "(tất cả)"


def _counts(y_true: np.ndarray, y_pred: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group: [true positives, false negatives, false positives, true negatives]."""
    cell = 2 * (1 - y_true) + (1 - y_pred)  # 0 = TP, 1 = FN, 2 = FP, 3 = TN
    return np.bincount(codes * 4 + cell, minlength=4 * n_groups).reshape(n_groups, 4).astype(float)


def _rates(counts: np.ndarray) -> dict[str, np.ndarray]:
    """The metrics of ``counts`` (last axis: TP, FN, FP, TN); NaN where a share has no people."""
    tp, fn, fp, tn = (counts[..., i] for i in range(4))
    n = tp + fn + fp + tn
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"so_nguoi": n, "ty_le_nen": (tp + fn) / n, "do_chinh_xac": (tp + tn) / n,
                "do_phu": tp / (tp + fn), "ty_le_bao_nham": fp / (fp + tn), "ty_le_chon": (tp + fp) / n}


def _binary(values, name: str) -> np.ndarray:
    array = np.asarray(values).astype(int)
    if not np.isin(array, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 and 1")
    return array


def group_metrics(y_true, y_pred, groups, overall: bool = False) -> pd.DataFrame:
    """One row per group (sorted), the columns ``METRICS``:

    - ``so_nguoi``: number of people; ``ty_le_nen``: share with label 1 (base rate);
    - ``do_chinh_xac``: accuracy; ``do_phu``: recall = TP / (TP + FN), among those with label 1;
    - ``ty_le_bao_nham``: false-positive rate = FP / (FP + TN), among those with label 0;
    - ``ty_le_chon``: selection rate = share predicted 1.

    ``overall=True`` adds a last row ``ALL`` for everyone together.
    """
    y_true, y_pred = _binary(y_true, "y_true"), _binary(y_pred, "y_pred")
    names, codes = np.unique(np.asarray(groups), return_inverse=True)
    if not len(y_true) == len(y_pred) == len(codes):
        raise ValueError("y_true, y_pred and groups must have the same length")
    counts = _counts(y_true, y_pred, codes, len(names))
    index = list(names)
    if overall:
        counts = np.vstack([counts, counts.sum(axis=0)])
        index.append(ALL)
    table = pd.DataFrame(_rates(counts), index=pd.Index(index, name="nhom"))
    return table.astype({"so_nguoi": int})


def largest_gap(table: pd.DataFrame, column: str) -> float:
    """The largest difference of ``column`` between two groups of ``table`` (highest minus lowest;
    the ``ALL`` row is ignored)."""
    values = table.drop(index=ALL, errors="ignore")[column].dropna()
    return float(values.max() - values.min()) if len(values) else float("nan")


def gap_interval(y_true, y_pred, groups, column: str, clusters=None, n_boot: int = 1000,
                 level: float = 0.95, random_state: int = 0) -> dict[str, object]:
    """The largest gap of ``column`` between groups, and a bootstrap interval for it.

    The gap is the value of the group highest in the data (``nhom_cao``) minus that of the group
    lowest (``nhom_thap``). The data are drawn again ``n_boot`` times with replacement — whole
    ``clusters`` (e.g. communes: people of a commune resemble each other) when given, single people
    otherwise — and the same difference is measured each time. Returns ``chenh_lech`` (the gap in
    the data), ``thap`` and ``cao`` (the interval holding the middle ``level`` of the redrawn
    differences) and the two groups. An interval that reaches 0 means the gap may be chance.
    """
    y_true, y_pred = _binary(y_true, "y_true"), _binary(y_pred, "y_pred")
    names, codes = np.unique(np.asarray(groups), return_inverse=True)
    unit = np.arange(len(codes)) if clusters is None else np.unique(np.asarray(clusters), return_inverse=True)[1]
    n_units = int(unit.max()) + 1
    # counts[unit, group, cell]: a redraw sums the counts of the units it picked
    per_unit = np.zeros((n_units, len(names), 4))
    np.add.at(per_unit, (unit, codes, 2 * (1 - y_true) + (1 - y_pred)), 1)
    observed = _rates(per_unit.sum(axis=0))[column]
    high, low = int(np.nanargmax(observed)), int(np.nanargmin(observed))
    rng = np.random.default_rng(random_state)
    gaps = np.empty(n_boot)
    for b in range(n_boot):
        drawn = np.bincount(rng.integers(0, n_units, n_units), minlength=n_units)
        values = _rates(np.tensordot(drawn, per_unit, axes=1))[column]
        gaps[b] = values[high] - values[low]
    gaps = gaps[np.isfinite(gaps)]
    lower, upper = np.quantile(gaps, [(1 - level) / 2, (1 + level) / 2])
    return {"nhom_cao": names[high].item() if hasattr(names[high], "item") else names[high],
            "nhom_thap": names[low].item() if hasattr(names[low], "item") else names[low],
            "chenh_lech": float(observed[high] - observed[low]), "thap": float(lower), "cao": float(upper)}


# -- the model card ---------------------------------------------------------------------------------
#: The fields of a model card, in order (their titles are ``fairness.card.<field>`` in the catalogue).
MODEL_CARD_FIELDS = ["ten", "muc_dich", "khong_dung_cho", "du_lieu", "danh_gia", "han_che", "nguoi_chiu_trach_nhiem"]


class Markdown(str):
    """A text that a notebook shows as Markdown when it is the last value of a cell."""

    def _repr_markdown_(self) -> str:
        return str(self)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(table: pd.DataFrame) -> str:
    """``table`` (with its index) as a Markdown table; floats with 3 decimals."""
    header = [table.index.name or ""] + [str(c) for c in table.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, *values in table.itertuples(name=None):
        lines.append("| " + " | ".join(_cell(v) for v in [label, *values]) + " |")
    return "\n".join(lines)


def _field(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return markdown_table(value)
    if isinstance(value, Mapping):
        return "\n".join(f"- **{k}**: {_field(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "\n".join(f"- {_field(v)}" for v in value)
    return str(value).strip()


def model_card(card: Mapping[str, Any]) -> Markdown:
    """The model card ``card`` (a dict with the keys ``MODEL_CARD_FIELDS``; a value may be a text, a
    list, a dict or a table) as Markdown: one section per field, in order; a missing field says so."""
    title = _field(card.get("ten", "")) or t("fairness.card.untitled")
    parts = [f"## {t('fairness.card.title')}: {title}"]
    for field in MODEL_CARD_FIELDS[1:]:
        value = card.get(field)
        text = _field(value) if value is not None else ""
        parts.append(f"### {t('fairness.card.' + field)}\n\n{text or t('fairness.card.missing')}")
    return Markdown("\n\n".join(parts))


_HUMAN = re.compile(r"\b(?:chi doan|doan vien|doan thanh nien|bi thu|can bo|ban|anh|nhom|hoi|uy ban|ubnd|"
                    r"truong|giao vien|toi|em|nguoi|hop tac xa|htx|phong|xa|phuong|thay)\b")
_MACHINE = re.compile(r"\b(?:mo hinh|ai|may tinh|may|tri tue nhan tao|he thong|phan mem|thuat toan|cay)\b")


def names_a_person(text: str) -> bool:
    """Whether ``text`` names people or an organisation (a youth-union branch, an officer ...),
    rather than only the model, the computer or "AI"."""
    folded = remove_diacritics(str(text)).lower()
    return bool(_HUMAN.search(_MACHINE.sub(" ", folded)))
