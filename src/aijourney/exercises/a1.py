"""Lesson A1 — Đánh giá cho trung thực (cross-validation, learning curves, group splits, a
preprocessing Pipeline learned on training folds only, leakage measured on real data).

In the notebook::

    from aijourney.exercises.a1 import q1, q2, q3, q4, q5
    from aijourney.feedback import ____

The data: the individuals of the VLSS 1997–98 (``aijourney.datasets.vietnam.individuals_split``),
label ``insurance`` (has health insurance); the test part (other communes) is used once, at the end.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.base import clone
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import GroupKFold, KFold, cross_val_score

from ..datasets.vietnam import INDIVIDUAL_NUMERIC, individuals_split, individuals_with_gaps
from ..feedback import AS_PERCENT, CheckProblem, ChoiceProblem, Incorrect, Mistake, NumberProblem, on_training_data, rounded, shown
from ..toolkit.honest import SCORING, course_pipeline, course_tree

__all__ = ["q1", "q2", "q3", "q4", "q5", "FEATURES", "lesson_numbers"]

#: The features of sections 2–4 (numbers only: ``nu`` is ``sex`` as 0/1).
FEATURES = INDIVIDUAL_NUMERIC + ["nu"]
#: The candidates of exercise 5 (the label there is ``bi_om``: had at least one illness).
LEAK_CANDIDATES = ["illdays", "actdays", "pharvis", "age", "lnhhexp", "educ", "injury"]


def _random_folds() -> KFold:
    return KFold(n_splits=5, shuffle=True, random_state=0)


@lru_cache(maxsize=1)
def lesson_numbers() -> dict:
    """Every number the exercises expect (and the typical wrong ones), computed as the notebook does."""
    train, _ = individuals_split()
    X, y, xa = train[FEATURES], train["insurance"], train["commune"]
    X_xa = train[FEATURES + ["commune"]]

    def cv(model, data, folds, groups=None, scoring=SCORING):
        return cross_val_score(model, data, y, cv=folds, groups=groups, scoring=scoring, n_jobs=1)

    folds5 = cv(course_tree(5), X, _random_folds())
    tree5 = course_tree(5).fit(X, y)
    return {
        "cv5": float(folds5.mean()), "cv5_folds": [float(s) for s in folds5],
        "cv5_accuracy": float(cv(course_tree(5), X, _random_folds(), scoring="accuracy").mean()),
        "cv3": float(cv(course_tree(3), X, _random_folds()).mean()),
        "train5": float(balanced_accuracy_score(y, tree5.predict(X))),
        "cv5_group": float(cv(course_tree(5), X, GroupKFold(5), xa).mean()),
        "xa_random": float(cv(course_tree(12), X_xa, _random_folds()).mean()),
        "xa_group": float(cv(course_tree(12), X_xa, GroupKFold(5), xa).mean()),
        "no_xa_group": float(cv(course_tree(12), X, GroupKFold(5), xa).mean()),
        "xa_group3": float(cv(course_tree(3), X_xa, GroupKFold(5), xa).mean()),
        "baseline_accuracy": float((y == 0).mean()),
    }


def _n(key: str):
    return lambda _right: lesson_numbers()[key]


def _f(x: float) -> str:
    """A score as Vietnamese writes it: 0,668."""
    return f"{x:.3f}".replace(".", ",")


# -- q1: a cross-validated score ------------------------------------------------------------------
q1 = NumberProblem(
    "a1.q1", "diem_kiem_dinh_cheo", lambda: lesson_numbers()["cv5"],
    mistakes=[AS_PERCENT,
              Mistake("accuracy", _n("cv5_accuracy")),
              Mistake("one_fold", _n("cv5_folds")),
              Mistake("depth_3", _n("cv3")),
              Mistake("grouped", _n("cv5_group")),
              on_training_data(lambda: lesson_numbers()["train5"]),
              rounded(2)],
    name="q1",
    figures=lambda: {"cv5": _f(lesson_numbers()["cv5"]), "train5": _f(lesson_numbers()["train5"]),
                     "low": _f(min(lesson_numbers()["cv5_folds"])), "high": _f(max(lesson_numbers()["cv5_folds"]))},
)

# -- q2: reading a learning curve ---------------------------------------------------------------------
q2 = ChoiceProblem("a1.q2", "cau_tra_loi", "C", "ABCD", name="q2")

# -- q3: the same model, folds cut by commune -----------------------------------------------------------
q3 = NumberProblem(
    "a1.q3", "diem_theo_xa", lambda: lesson_numbers()["xa_group"],
    mistakes=[AS_PERCENT,
              Mistake("random_folds", _n("xa_random")),
              Mistake("without_commune", _n("no_xa_group")),
              Mistake("depth_3", _n("xa_group3")),
              rounded(2)],
    name="q3",
    figures=lambda: {"group": _f(lesson_numbers()["xa_group"]), "random": _f(lesson_numbers()["xa_random"]),
                     "without": _f(lesson_numbers()["no_xa_group"])},
)


# -- q4: a Pipeline with a ColumnTransformer, fitted on training folds only ----------------------------
COLUMNS = INDIVIDUAL_NUMERIC + ["sex"]


@lru_cache(maxsize=1)
def _folds_with_gaps():
    """One training fold and a few hundred rows of its validation fold (by commune), with gaps."""
    train, _ = individuals_split()
    data = individuals_with_gaps(train)
    learn, held = next(GroupKFold(5).split(data, groups=data["commune"]))
    held = held[:600]
    X, y = data[COLUMNS], data["insurance"]
    reference = course_pipeline(INDIVIDUAL_NUMERIC, ["sex"]).fit(X.iloc[learn], y.iloc[learn])
    return X.iloc[learn], y.iloc[learn], X.iloc[held], reference.predict(X.iloc[held])


def _parts(pipeline):
    """The transformers of a fitted ColumnTransformer: [(name, transformer, columns)]."""
    return [(n, tr, list(cols) if not isinstance(cols, str) else [cols])
            for n, tr, cols in getattr(pipeline.steps[0][1], "transformers_", [])]


def _has(transformer, kind: str) -> bool:
    steps = getattr(transformer, "steps", [(None, transformer)])
    return any(type(step).__name__ == kind for _, step in steps)


def _fit_training_fold(model, X, y):
    try:
        return model.fit(X, y)
    except Exception as exc:  # the trainee's pipeline failed: say which piece is missing
        text = str(exc)
        if "NaN" in text or "missing values" in text:
            raise Incorrect("no_imputer") from None
        if "could not convert" in text or "string" in text.lower():
            raise Incorrect("text_not_encoded") from None
        raise Incorrect("fit_error", error=f"{type(exc).__name__}: {text[:200]}") from None


def _check_pipeline(value) -> None:
    if not hasattr(value, "steps") or not hasattr(value, "fit"):
        raise Incorrect("not_pipeline", got_type=type(value).__name__)
    if type(value.steps[0][1]).__name__ != "ColumnTransformer":
        raise Incorrect("no_column_transformer")
    if not hasattr(value.steps[-1][1], "predict") or len(value.steps) < 2:
        raise Incorrect("no_model")
    X_learn, y_learn, X_held, reference = _folds_with_gaps()
    model = _fit_training_fold(clone(value), X_learn, y_learn)
    parts = _parts(model)
    used = {c for _, tr, cols in parts if tr != "drop" for c in cols}
    missing = [c for c in COLUMNS if c not in used]
    if missing:
        raise Incorrect("missing_columns", columns=", ".join(missing))
    if not any(_has(tr, "OneHotEncoder") and "sex" in cols for _, tr, cols in parts):
        raise Incorrect("sex_not_one_hot")
    if not all(_has(tr, "SimpleImputer") for _, tr, cols in parts if set(cols) & {"lnhhexp", "educ"}):
        raise Incorrect("no_imputer")
    if not all(_has(tr, "StandardScaler") for _, tr, cols in parts if set(cols) & set(INDIVIDUAL_NUMERIC)):
        raise Incorrect("not_scaled")
    if np.mean(model.predict(X_held) == reference) < 0.97:
        raise Incorrect("other_model")


q4 = CheckProblem("a1.q4", "quy_trinh", _check_pipeline, name="q4")


# -- q5: the leaky feature ----------------------------------------------------------------------------
def _check_leak(value) -> None:
    if not isinstance(value, str):
        raise Incorrect("not_text", got_type=type(value).__name__)
    name = value.strip().strip("\"'[]").strip()
    if name == "illdays":
        return
    if name == "illness":
        raise Incorrect("the_label")
    if name == "pharvis":
        raise Incorrect("real_signal")
    if name in LEAK_CANDIDATES:
        raise Incorrect("weak_feature", column=name)
    raise Incorrect("unknown_column", got=shown(value))


q5 = CheckProblem("a1.q5", "cot_ro_ri", _check_leak, name="q5")
