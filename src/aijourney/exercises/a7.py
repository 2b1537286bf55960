"""Lesson A7 — Tinh chỉnh hay không? Adapt a pretrained model (MiniLM) to the review sentiment task
on CPU: frozen embeddings + a logistic-regression head, or fine-tuning the last layer; measure
seconds, peak memory and macro-F1 on validation data against the bag-of-words baseline of B7;
open the test data once; estimate energy from measured seconds.

In the notebook::

    from aijourney.exercises.a7 import C_GRID, q1, q2, q3, q4, q5
    from aijourney.feedback import ____

q1 needs the baseline only; q2 the frozen embeddings (cached: the notebook computed them already);
q3 is a count; q4 reads the seconds the notebook measured (``adapt.MEASURED``); q5 is a choice.
"""

from __future__ import annotations

from functools import lru_cache

from sklearn.metrics import accuracy_score, f1_score

from ..datasets.reviews import reviews_split
from ..feedback import AS_PERCENT, ChoiceProblem, Mistake, NotAttempted, NumberProblem, on_training_data, rounded
from ..toolkit import adapt
from ..toolkit.evaluation import confusion_counts
from ..toolkit.vntext import make_classifier

__all__ = ["q1", "q2", "q3", "q4", "q5", "C_GRID", "choose_c", "HEAD_IN", "N_CLASSES", "FINE_TUNE_STEPS"]

#: The settings of the logistic-regression head tried on validation data.
C_GRID = (0.1, 1.0, 10.0)
#: The head of exercise 3: 384 numbers in (MiniLM's vector), one score per class out.
HEAD_IN, N_CLASSES = 384, 2


def choose_c(X_train, y_train, X_val, y_val, grid=C_GRID) -> tuple[float, dict]:
    """The ``C`` of ``grid`` with the best macro-F1 on validation data (the smallest on a tie) and
    every score, ``{C: macro_f1}``."""
    scores = {c: f1_score(y_val, adapt.frozen_head(X_train, y_train, c).predict(X_val), average="macro")
              for c in grid}
    return max(scores, key=lambda c: (scores[c], -c)), scores


def _pct(x: float) -> str:
    return f"{x:.0%}"


# -- the lesson's numbers, computed once -----------------------------------------------------------
def _standard(df):
    """The rows written in standard Vietnamese, with diacritics (``kieu_viet == "chuan"``)."""
    return (df["kieu_viet"] == "chuan").to_numpy()


@lru_cache(maxsize=1)
def _baseline() -> dict:
    tr, va, te = (reviews_split(p) for p in ("huan_luyen", "kiem_dinh", "kiem_tra"))
    model = make_classifier().fit(tr["van_ban"], tr["cam_xuc"])
    pred, pred_tr, pred_te = model.predict(va["van_ban"]), model.predict(tr["van_ban"]), model.predict(te["van_ban"])
    s_va, s_tr, s_te = _standard(va), _standard(tr), _standard(te)
    y = va["cam_xuc"][s_va]

    def macro(truth, guess):
        return f1_score(truth, guess, average="macro")

    return {
        "f1": macro(y, pred[s_va]),
        "accuracy": accuracy_score(y, pred[s_va]),
        "f1_pos": f1_score(y, pred[s_va], pos_label="tich_cuc", average="binary"),
        "f1_neg": f1_score(y, pred[s_va], pos_label="tieu_cuc", average="binary"),
        "f1_all": macro(va["cam_xuc"], pred),
        "f1_train": [macro(tr["cam_xuc"][s_tr], pred_tr[s_tr]), macro(tr["cam_xuc"], pred_tr)],
        "f1_test": [macro(te["cam_xuc"][s_te], pred_te[s_te]), macro(te["cam_xuc"], pred_te)],
        "n": int(s_va.sum()),
    }


@lru_cache(maxsize=1)
def _frozen() -> dict:
    tr, va = reviews_split("huan_luyen"), reviews_split("kiem_dinh")
    X_tr, X_va = adapt.embed(tr["van_ban"]), adapt.embed(va["van_ban"])
    c, scores = choose_c(X_tr, tr["cam_xuc"], X_va, va["cam_xuc"])
    pred = adapt.frozen_head(X_tr, tr["cam_xuc"], c).predict(X_va)
    std = _standard(va)
    counts = confusion_counts(va["cam_xuc"][std], pred[std], positive="tieu_cuc")
    return {"c": c, "f1": scores[c], **counts, "n_neg": counts["tim_dung"] + counts["bo_sot"],
            "n_pos": counts["bao_nham"] + counts["loai_dung"]}


# -- q1: macro-F1 of the baseline on validation data ---------------------------------------------
q1 = NumberProblem(
    "a7.q1", "f1_co_so", lambda: _baseline()["f1"],
    mistakes=[AS_PERCENT,
              Mistake("accuracy", lambda _: _baseline()["accuracy"]),
              Mistake("one_class", lambda _: [_baseline()["f1_pos"], _baseline()["f1_neg"]]),
              Mistake("all_rows", lambda _: _baseline()["f1_all"]),
              on_training_data(lambda: _baseline()["f1_train"]),
              Mistake("test_data", lambda _: _baseline()["f1_test"]),
              rounded(2)],
    figures=lambda: {"f1": f"{_baseline()['f1']:.3f}", "pos": f"{_baseline()['f1_pos']:.3f}",
                     "neg": f"{_baseline()['f1_neg']:.3f}", "acc": f"{_baseline()['accuracy']:.3f}",
                     "n": str(_baseline()["n"]), "all": f"{_baseline()['f1_all']:.3f}"},
    name="q1",
)


# -- q2: read the confusion matrix of the frozen-embedding model -----------------------------------
def _q2_mistakes() -> list[Mistake]:
    n = _frozen
    return [Mistake("swapped", lambda _: n()["bao_nham"]),
            Mistake("caught", lambda _: n()["tim_dung"]),
            Mistake("true_positive_class", lambda _: n()["loai_dung"]),
            Mistake("as_share", lambda right: [right / n()["n_neg"], n()["tim_dung"] / n()["n_neg"]])]


q2 = NumberProblem(
    "a7.q2", "so_phan_nan_bi_bo_sot", lambda: _frozen()["bo_sot"], tol=1e-9, mistakes=_q2_mistakes(),
    figures=lambda: {"missed": str(_frozen()["bo_sot"]), "n_neg": str(_frozen()["n_neg"]),
                     "caught": str(_frozen()["tim_dung"]), "false_alarm": str(_frozen()["bao_nham"]),
                     "recall": _pct(_frozen()["tim_dung"] / _frozen()["n_neg"])},
    name="q2",
)

# -- q3: trainable parameters of the head when the encoder is frozen -------------------------------
_HEAD = HEAD_IN * N_CLASSES + N_CLASSES
_ENCODER = 22_713_216  # parameters of all-MiniLM-L6-v2 (tests count them in the model)
_LAST_LAYER = 1_774_464  # parameters of its last encoder layer (idem)

q3 = NumberProblem(
    "a7.q3", "so_tham_so_hoc", _HEAD, tol=0.5,
    mistakes=[Mistake("no_bias", HEAD_IN * N_CLASSES), Mistake("one_output", HEAD_IN + 1),
              Mistake("whole_encoder", [_ENCODER, _ENCODER + _HEAD]),
              Mistake("last_layer", [_LAST_LAYER, _LAST_LAYER + _HEAD])],
    figures=lambda: {"head": f"{_HEAD:,}".replace(",", "."), "encoder": f"{_ENCODER:,}".replace(",", "."),
                     "share": f"{_HEAD / _ENCODER:.3%}".replace(".", ","),
                     "last": f"{_LAST_LAYER + _HEAD:,}".replace(",", ".")},
    name="q3",
)


# -- q4: energy of the measured fine-tuning run --------------------------------------------------
#: The steps that get the fine-tuned model ready (row ``tinh_chinh`` of the notebook's cost table).
FINE_TUNE_STEPS = ("nap_mo_hinh", "ma_hoa", "tinh_chinh")


def _fine_tune_seconds() -> float:
    if any(step not in adapt.MEASURED for step in FINE_TUNE_STEPS):
        raise NotAttempted("measure_first")
    return adapt.total(*FINE_TUNE_STEPS).seconds


def _q4_figures() -> dict[str, str]:
    try:
        s = _fine_tune_seconds()
    except NotAttempted:
        return {"s": "…", "w": f"{adapt.LAPTOP_WATTS:.0f}", "wh": "…", "j": "…"}
    return {"s": f"{s:.1f}", "w": f"{adapt.LAPTOP_WATTS:.0f}", "wh": f"{adapt.energy_wh(s):.3f}",
            "j": f"{s * adapt.LAPTOP_WATTS:.0f}"}


q4 = NumberProblem(
    "a7.q4", "nang_luong_wh", lambda: adapt.energy_wh(_fine_tune_seconds()), tol=1e-3,
    mistakes=[Mistake("joules", lambda right: right * 3600, tol=0.5),
              Mistake("kwh", lambda right: right / 1000, tol=1e-7),
              Mistake("minutes", lambda right: right * 60, tol=0.05),
              Mistake("no_watts", lambda right: right / adapt.LAPTOP_WATTS, tol=1e-5)],
    figures=_q4_figures,
    name="q4",
)

# -- q5: which model to deploy under a stated constraint -----------------------------------------
q5 = ChoiceProblem("a7.q5", "cau_tra_loi", "B", "ABCD", name="q5",
                   figures=lambda: {"base": f"{_baseline()['f1']:.2f}", "frozen": f"{_frozen()['f1']:.2f}"})
