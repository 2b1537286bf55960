"""Lesson A8 — AI có trách nhiệm và dự án cuối khoá: a fairness audit of lesson A1's model (per
sex and urban/rural group, on validation data), a bootstrap interval for a gap, a model card, the
personal-data rules, and the end-of-course project proposal.

In the notebook::

    from aijourney.exercises.a8 import DAC_TRUNG, q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: the individuals of the VLSS 1997–98 (``individuals_validation_split``: the training part of
lesson A1 split again by commune). Label of the audit: ``chua_co`` = 1 - ``insurance`` (has no
health insurance yet); prediction: ``duoc_chon`` = 1 when the model says "no insurance" (the person
would be visited first).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from sklearn.model_selection import GroupKFold

from ..datasets.vietnam import INDIVIDUAL_NUMERIC, individuals_validation_split, with_urban
from ..feedback import AS_PERCENT, CheckProblem, ChoiceProblem, Incorrect, Mistake, NotAttempted, NumberProblem, rounded
from ..toolkit.fairness import MODEL_CARD_FIELDS, gap_interval, group_metrics, names_a_person
from ..toolkit.honest import course_tree, depth_table
from ..toolkit.proposal import ProjectProposal, REQUIRED, problems
from ..toolkit.vntext import remove_diacritics

__all__ = ["q1", "q2", "q3", "q4", "q5", "DAC_TRUNG", "GIOI", "KHU_VUC", "lesson_numbers"]

#: Lesson A1's features (``nu`` is ``sex`` as 0/1).
DAC_TRUNG = INDIVIDUAL_NUMERIC + ["nu"]
#: Display names of the groups.
GIOI = {"female": "nữ", "male": "nam"}
KHU_VUC = {1: "thành thị", 0: "nông thôn"}


@lru_cache(maxsize=1)
def _audit() -> dict:
    """A1's model rebuilt as the notebook does, and the audit data (validation part)."""
    hoc, kiem_dinh = individuals_validation_split()
    depths = depth_table(hoc[DAC_TRUNG], hoc["insurance"], cv=GroupKFold(n_splits=5), groups=hoc["commune"])
    depth = int(depths.loc[depths["diem_kiem_dinh"].idxmax(), "do_sau"])
    tree = course_tree(depth or None).fit(hoc[DAC_TRUNG], hoc["insurance"])
    kiem_dinh = with_urban(kiem_dinh)
    return {"depth": depth, "tree": tree, "data": kiem_dinh,
            "truth": 1 - kiem_dinh["insurance"], "chosen": pd.Series(1 - tree.predict(kiem_dinh[DAC_TRUNG]), index=kiem_dinh.index),
            "sex": kiem_dinh["sex"].map(GIOI), "area": kiem_dinh["thanh_thi"].map(KHU_VUC)}


def _confusion(truth, chosen) -> dict[str, int]:
    return {"tp": int(((truth == 1) & (chosen == 1)).sum()), "fn": int(((truth == 1) & (chosen == 0)).sum()),
            "fp": int(((truth == 0) & (chosen == 1)).sum()), "tn": int(((truth == 0) & (chosen == 0)).sum())}


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect (and the typical wrong ones), computed as the notebook does."""
    a = _audit()
    women, men = a["sex"] == "nữ", a["sex"] == "nam"
    cw, cm, call = (_confusion(a["truth"][m], a["chosen"][m]) for m in (women, men, a["sex"].notna()))
    by_sex = group_metrics(a["truth"], a["chosen"], a["sex"])
    by_area = group_metrics(a["truth"], a["chosen"], a["area"])
    urban = a["data"]["thanh_thi"] == 1
    return {
        "depth": a["depth"], "n_val": len(a["data"]), "n_communes": int(a["data"]["commune"].nunique()),
        "n_urban_communes": int(a["data"].loc[urban, "commune"].nunique()),
        "women": cw, "fpr_women": cw["fp"] / (cw["fp"] + cw["tn"]), "recall_women": cw["tp"] / (cw["tp"] + cw["fn"]),
        "fpr_men": cm["fp"] / (cm["fp"] + cm["tn"]), "fpr_all": call["fp"] / (call["fp"] + call["tn"]),
        "fdr_women": cw["fp"] / (cw["fp"] + cw["tp"]),
        "sel_ratio_area": by_area["ty_le_chon"].min() / by_area["ty_le_chon"].max(),
        "sel_ratio_sex": by_sex["ty_le_chon"].min() / by_sex["ty_le_chon"].max(),
        "sel_gap_area": by_area["ty_le_chon"].max() - by_area["ty_le_chon"].min(),
        "recall_ratio_area": by_area["do_phu"].min() / by_area["do_phu"].max(),
        "base_ratio_area": by_area["ty_le_nen"].min() / by_area["ty_le_nen"].max(),
        "sel_urban": by_area.loc["thành thị", "ty_le_chon"], "sel_rural": by_area.loc["nông thôn", "ty_le_chon"],
        "recall_urban": by_area.loc["thành thị", "do_phu"], "recall_rural": by_area.loc["nông thôn", "do_phu"],
        "base_urban": by_area.loc["thành thị", "ty_le_nen"], "base_rural": by_area.loc["nông thôn", "ty_le_nen"],
        "recall_gap": gap_interval(a["truth"], a["chosen"], a["area"], "do_phu", clusters=a["data"]["commune"]),
    }


def _n(key: str):
    return lambda _right: lesson_numbers()[key]


def _f(x: float, digits: int = 3) -> str:
    """A number as Vietnamese writes it: 0,305."""
    return f"{x:.{digits}f}".replace(".", ",")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


# -- q1: the false-positive rate of women, from their confusion table ---------------------------------
def _q1_figures() -> dict[str, str]:
    n = lesson_numbers()
    return {"fp": str(n["women"]["fp"]), "tn": str(n["women"]["tn"]), "fpr": _f(n["fpr_women"]),
            "fpr_men": _f(n["fpr_men"]), "recall": _f(n["recall_women"])}


q1 = NumberProblem(
    "a8.q1", "ty_le_bao_nham_nu", lambda: lesson_numbers()["fpr_women"],
    mistakes=[AS_PERCENT,
              Mistake("swapped", _n("recall_women")),
              Mistake("overall", _n("fpr_all")),
              Mistake("other_group", _n("fpr_men")),
              Mistake("specificity", lambda right: 1 - right),
              Mistake("by_column", _n("fdr_women")),
              rounded(2)],
    name="q1", figures=_q1_figures,
)


# -- q2: the selection-rate ratio between urban and rural communes ----------------------------------
q2 = NumberProblem(
    "a8.q2", "ty_so_chon_khu_vuc", lambda: lesson_numbers()["sel_ratio_area"],
    mistakes=[AS_PERCENT,
              Mistake("inverted", lambda right: 1 / right),
              Mistake("difference", _n("sel_gap_area")),
              Mistake("other_table", _n("sel_ratio_sex")),
              Mistake("recall_ratio", _n("recall_ratio_area")),
              Mistake("base_rate_ratio", _n("base_ratio_area")),
              rounded(2)],
    name="q2",
    figures=lambda: {"urban": _f(lesson_numbers()["sel_urban"]), "rural": _f(lesson_numbers()["sel_rural"]),
                     "ratio": _f(lesson_numbers()["sel_ratio_area"], 2), "sex": _f(lesson_numbers()["sel_ratio_sex"], 2)},
)


# -- q3: what the urban/rural recall gap says ---------------------------------------------------------
def _q3_figures() -> dict[str, str]:
    n = lesson_numbers()
    gap = n["recall_gap"]
    return {"urban": _pct(n["recall_urban"]), "rural": _pct(n["recall_rural"]), "gap": _f(gap["chenh_lech"], 2),
            "low": _f(gap["thap"], 2), "high": _f(gap["cao"], 2), "n_urban": str(n["n_urban_communes"]),
            "base_urban": _pct(n["base_urban"]), "base_rural": _pct(n["base_rural"])}


q3 = ChoiceProblem("a8.q3", "cau_tra_loi", "D", "ABCD", name="q3", figures=_q3_figures)


# -- q4: three fields of the model card --------------------------------------------------------------
Q4_FIELDS = ("khong_dung_cho", "han_che", "nguoi_chiu_trach_nhiem")
_MIN = 20
_TIME_WORDS = ("1997", "1998", "199", "cu ", "lau", "thoi diem", "ngay nay", "hom nay", "hien nay", "bay gio", "2026")


def _folded(text: str) -> str:
    return " " + remove_diacritics(text).lower() + " "


def _check_card(card) -> None:
    if not isinstance(card, dict):
        raise Incorrect("not_dict", got_type=type(card).__name__)
    missing = [f for f in MODEL_CARD_FIELDS if f not in card]
    if missing:
        raise Incorrect("missing_field", fields=", ".join(f"`{f}`" for f in missing))
    values = {f: card[f] for f in Q4_FIELDS}
    if all(isinstance(v, str) and "____" in v for v in values.values()):
        raise NotAttempted("untouched")
    for field, value in values.items():
        if not isinstance(value, str):
            raise Incorrect("not_text", field=field, got_type=type(value).__name__)
        if "____" in value:
            raise Incorrect("still_blank", field=field)
        if field == "nguoi_chiu_trach_nhiem" and not names_a_person(value):
            raise Incorrect("machine_accountable")
        if len(value.strip()) < _MIN:
            raise Incorrect("too_short", field=field, n=_MIN)
    if not any(w in _folded(values["han_che"]) for w in _TIME_WORDS):
        raise Incorrect("no_time_limit")
    if values["khong_dung_cho"].strip() == str(card.get("muc_dich", "")).strip():
        raise Incorrect("same_as_use")


q4 = CheckProblem("a8.q4", "the_mo_hinh", _check_card, name="q4")


# -- q5: the project proposal ------------------------------------------------------------------------
def _check_proposal(proposal) -> None:
    if not isinstance(proposal, ProjectProposal):
        raise Incorrect("not_proposal", got_type=type(proposal).__name__)
    if all("____" in str(getattr(proposal, f)) for f in REQUIRED):
        raise NotAttempted("untouched")
    found = problems(proposal)
    if found:
        raise Incorrect("has_problems", count=len(found), problems="\n".join(f"- {p}" for p in found))


q5 = CheckProblem("a8.q5", "de_xuat", _check_proposal, name="q5")
