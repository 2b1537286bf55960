"""Sentiment of Vietnamese product reviews (lesson A5): TF-IDF on words or syllables + a linear
model, a small validation grid scored by macro-F1, error analysis by group, the strongest weights,
and a negation-aware tokenizer ("không ngon" -> "không_ngon").

Built on lesson B7's ``vntext``: the words come from ``tokenize_words`` (underthesea, cached per
sentence), the syllables from ``tokenize_syllables``, the counts from ``make_vectorizer``.

In a notebook::

    from aijourney.toolkit.sentiment import make_sentiment_model, validation_table, group_table
    mo_hinh = make_sentiment_model("tu", ngram_range=(1, 2), C=10).fit(huan_luyen["van_ban"], huan_luyen["cam_xuc"])
    group_table(mo_hinh, kiem_dinh, "hien_tuong")

Every model is seeded and single-threaded, so every run gives the same numbers.
"""

from __future__ import annotations

from functools import partial
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline

from .vntext import make_vectorizer, tokenize_syllables, tokenize_words

__all__ = ["make_sentiment_model", "mark_negation", "macro_f1", "validation_table", "group_table",
           "wrong_predictions", "strongest_weights", "word_contributions", "settings_name", "chosen_settings", "TOKENS", "NEGATIONS", "FILLERS",
           "DEFAULT_GRID", "TEXT", "LABEL"]

TEXT, LABEL = "van_ban", "cam_xuc"
#: token kinds of the lesson: words found by underthesea, or syllables (a split on spaces)
TOKENS = {"tu": "underthesea", "am_tiet": "space"}
_TOKENIZERS = {"tu": tokenize_words, "am_tiet": tokenize_syllables}
#: negation words, written with and without diacritics and as teencode
NEGATIONS = frozenset({"không", "chẳng", "chả", "chưa", "ko", "k", "kh", "hok", "khong", "chang", "cha", "chua"})
#: small words that may sit between a negation and the word it flips ("không hề thất vọng")
FILLERS = frozenset({"hề", "he", "bị", "bi", "có", "co", "từng", "tung", "thấy", "thay"})
#: the lesson's grid: token kind × n-gram range × C, simplest first
DEFAULT_GRID = tuple((tokens, ngram, C) for tokens in ("am_tiet", "tu") for ngram in ((1, 1), (1, 2)) for C in (1.0, 10.0))


def mark_negation(tokens: Sequence[str]) -> list[str]:
    """Glue a negation word to the word it flips: ``["không", "ngon"]`` -> ``["không_ngon"]``,
    ``["không", "hề", "thất_vọng"]`` -> ``["không_hề_thất_vọng"]`` (fillers are kept in the token)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in NEGATIONS and i + 1 < len(tokens):
            glued = [token]
            j = i + 1
            while j < len(tokens) - 1 and tokens[j] in FILLERS:
                glued.append(tokens[j])
                j += 1
            glued.append(tokens[j])
            out.append("_".join(glued))
            i = j + 1
        else:
            out.append(token)
            i += 1
    return out


def _negation_tokenizer(text: str, tokens: str = "tu") -> list[str]:
    return mark_negation(_TOKENIZERS[tokens](text))


def make_sentiment_model(tokens: str = "tu", ngram_range: tuple[int, int] = (1, 1), C: float = 1.0,
                         negation: bool = False) -> Pipeline:
    """Counts of words (``"tu"``) or syllables (``"am_tiet"``) and their n-grams (B7's
    ``make_vectorizer``), TF-IDF weights, then a logistic regression with strength ``C`` (a large
    C follows the training data closely, a small C keeps the weights small)."""
    if tokens not in TOKENS:
        raise ValueError(f"tokens must be one of {sorted(TOKENS)}, not {tokens!r}")
    counts = make_vectorizer(TOKENS[tokens]).set_params(ngram_range=tuple(ngram_range))
    if negation:
        counts.set_params(tokenizer=partial(_negation_tokenizer, tokens=tokens))
    model = LogisticRegression(C=C, max_iter=2000, random_state=0)
    return Pipeline([("dem", counts), ("tf_idf", TfidfTransformer()), ("hoi_quy_logistic", model)])


def macro_f1(y_true, y_pred) -> float:
    """F1 of each class (harmonic mean of its precision and recall), averaged over the classes."""
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


def settings_name(tokens: str, ngram_range: tuple[int, int], C: float, negation: bool = False) -> str:
    """``"tu, 1-2, C=10"``: one setting, as the validation table names it."""
    name = f"{tokens}, {ngram_range[0]}-{ngram_range[1]}, C={C:g}"
    return name + ", phu_dinh" if negation else name


def validation_table(train: pd.DataFrame, val: pd.DataFrame,
                     grid: Iterable[tuple] = DEFAULT_GRID, negation: bool = False) -> pd.DataFrame:
    """For each setting ``(tokens, ngram_range, C)``: macro-F1 on the training rows and on the
    validation rows of a model trained on ``train`` only, in the grid's order."""
    rows = []
    for tokens, ngram, C in grid:
        model = make_sentiment_model(tokens, ngram, C, negation).fit(train[TEXT], train[LABEL])
        rows.append({"cai_dat": settings_name(tokens, ngram, C, negation), "tach": tokens,
                     "n_gram": f"{ngram[0]}-{ngram[1]}", "C": C,
                     "f1_huan_luyen": macro_f1(train[LABEL], model.predict(train[TEXT])),
                     "f1_kiem_dinh": macro_f1(val[LABEL], model.predict(val[TEXT]))})
    return pd.DataFrame(rows)


def chosen_settings(table: pd.DataFrame, column: str = "f1_kiem_dinh") -> dict:
    """The settings of the row of ``validation_table`` with the highest ``column`` (the first such
    row, i.e. the simplest, when several tie), as keyword arguments of ``make_sentiment_model``."""
    row = table.loc[table[column].idxmax()]
    low, high = (int(x) for x in row["n_gram"].split("-"))
    return {"tokens": row["tach"], "ngram_range": (low, high), "C": float(row["C"])}


def group_table(model, df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per value of column ``by`` (``"hien_tuong"``, ``"kieu_viet"``): number of rows, accuracy and
    macro-F1 of a fitted model, worst macro-F1 first."""
    pred = pd.Series(model.predict(df[TEXT]), index=df.index)
    rows = []
    for group, part in df.groupby(by, sort=True):
        rows.append({by: group, "so_cau": len(part),
                     "do_chinh_xac": float(accuracy_score(part[LABEL], pred[part.index])),
                     "macro_f1": macro_f1(part[LABEL], pred[part.index])})
    return pd.DataFrame(rows).sort_values(["macro_f1", by], kind="stable").reset_index(drop=True)


def wrong_predictions(model, df: pd.DataFrame, columns: Sequence[str] = ("kieu_viet", "hien_tuong")) -> pd.DataFrame:
    """The rows a fitted model gets wrong: the sentence, its label, the prediction and ``columns``."""
    pred = model.predict(df[TEXT])
    wrong = df.assign(du_doan=pred)[pred != df[LABEL].to_numpy()]
    return wrong[[TEXT, LABEL, "du_doan", *columns]].reset_index(drop=True)


def strongest_weights(model, n: int = 8) -> pd.DataFrame:
    """The ``n`` features with the largest positive weight (towards the model's second class) and
    the ``n`` with the most negative weight (towards its first class), one column pair per class."""
    names = model.named_steps["dem"].get_feature_names_out()
    weights = model.named_steps["hoi_quy_logistic"].coef_[0]
    first, second = model.named_steps["hoi_quy_logistic"].classes_
    low = np.argsort(weights, kind="stable")[:n]
    high = np.argsort(-weights, kind="stable")[:n]
    return pd.DataFrame({str(first): names[low], f"trong_so_{first}": weights[low].round(2),
                         str(second): names[high], f"trong_so_{second}": weights[high].round(2)})


def word_contributions(model, text: str, n: int = 4) -> pd.DataFrame:
    """Why a fitted model labels ``text`` as it does: the ``n`` features of the sentence that push
    hardest (TF-IDF value × weight; positive pushes towards the second class), strongest first."""
    row = model[:-1].transform([text])
    weights = model.named_steps["hoi_quy_logistic"].coef_[0]
    names = model.named_steps["dem"].get_feature_names_out()
    idx = row.indices
    push = row.data * weights[idx]
    order = np.argsort(-np.abs(push), kind="stable")[:n]
    second = model.named_steps["hoi_quy_logistic"].classes_[1]
    return pd.DataFrame({"dac_trung": names[idx[order]], f"day_ve_{second}": push[order].round(3)})
