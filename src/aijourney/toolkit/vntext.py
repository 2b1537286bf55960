"""Vietnamese text for beginners (lesson B7): word segmentation, bag of words, diacritics.

Written Vietnamese separates *syllables* with spaces, not words: "học sinh" (pupil) is one word
of two syllables. ``underthesea.word_tokenize`` (offline: a statistical model shipped inside the package)
groups syllables into words. This module wraps it for scikit-learn's ``CountVectorizer``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "tokenize_words", "tokenize_syllables", "make_vectorizer", "make_classifier", "remove_diacritics",
    "expand_abbreviations", "unknown_share", "top_words",
    "ABBREVIATIONS",
]

# Common abbreviations and teencode in Vietnamese online feedback (lesson B7, exercise 4).
ABBREVIATIONS = {
    "ko": "không", "k": "không", "kh": "không", "hok": "không",
    "dc": "được", "đc": "được",
    "sp": "sản phẩm", "hs": "hồ sơ", "cb": "cán bộ", "mn": "mọi người",
    "j": "gì", "vs": "với", "nv": "nhân viên", "tks": "cảm ơn",
}

_WORDLIKE = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=4096)
def _word_tokenize(text: str) -> tuple[str, ...]:
    from underthesea import word_tokenize

    return tuple(word_tokenize(text))


def tokenize_words(text: str) -> list[str]:
    """Words found by underthesea, lower case, syllables joined by ``_``, punctuation dropped.

    ``"Học sinh được học sinh học."`` -> ``["học_sinh", "được", "học_sinh", "học"]``.
    Segment first, lower-case after: underthesea uses capital letters to spot names and places.
    """
    return [w.lower().replace(" ", "_") for w in _word_tokenize(str(text)) if _WORDLIKE.search(w)]


def tokenize_syllables(text: str) -> list[str]:
    """Syllables, i.e. what a plain split on spaces gives, lower case, punctuation dropped."""
    return re.findall(r"\w+", str(text).lower())


def make_vectorizer(tokenizer: str = "underthesea"):
    """A bag-of-words ``CountVectorizer`` counting words (``"underthesea"``) or syllables (``"space"``)."""
    from sklearn.feature_extraction.text import CountVectorizer

    funcs = {"underthesea": tokenize_words, "space": tokenize_syllables}
    if tokenizer not in funcs:
        raise ValueError(f"tokenizer must be one of {sorted(funcs)}, not {tokenizer!r}")
    return CountVectorizer(tokenizer=funcs[tokenizer], lowercase=False, token_pattern=None)


def make_classifier(tokenizer: str = "underthesea"):
    """Bag of words + multinomial naive Bayes, the lesson's small sentiment classifier."""
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    return make_pipeline(make_vectorizer(tokenizer), MultinomialNB())


def remove_diacritics(text: str) -> str:
    """``"Hạt điều Bình Phước"`` -> ``"Hat dieu Binh Phuoc"`` (what many people type on a phone).

    The course's one diacritic folding (the assistant and the roster use it too). It works one
    character at a time on the NFC form of the text, so every character maps to exactly one
    character: positions in the result match positions in ``unicodedata.normalize("NFC", text)``.
    """
    return "".join(_fold_char(c) for c in unicodedata.normalize("NFC", str(text)))


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    base = "".join(b for b in unicodedata.normalize("NFD", c) if not unicodedata.combining(b))
    return base if len(base) == 1 else c


def expand_abbreviations(text: str, abbreviations: dict[str, str] | None = None) -> str:
    """Replace whole abbreviated words (``"ko dc,"`` -> ``"không được,"``), lower case, punctuation kept."""
    table = ABBREVIATIONS if abbreviations is None else abbreviations
    return re.sub(r"\w+", lambda m: table.get(m.group(0), m.group(0)), str(text).lower())


def _vectorizer(model):
    """The CountVectorizer of a fitted pipeline (or the vectorizer itself)."""
    return model.steps[0][1] if hasattr(model, "steps") else model


def unknown_share(model, text: str) -> float:
    """Share of the words of ``text`` the fitted model never saw while learning (0 to 1)."""
    vectorizer = _vectorizer(model)
    words = vectorizer.build_analyzer()(text)
    if not words:
        return 1.0
    return sum(w not in vectorizer.vocabulary_ for w in words) / len(words)


def top_words(model, n: int = 8):
    """For a fitted bag-of-words + MultinomialNB pipeline: the ``n`` words that most push the
    prediction towards each class (largest difference of log probabilities), one column per class."""
    import numpy as np
    import pandas as pd

    vectorizer, nb = _vectorizer(model), model.steps[-1][1]
    names = vectorizer.get_feature_names_out()
    logp = nb.feature_log_prob_
    columns = {}
    for i, label in enumerate(nb.classes_):
        others = np.delete(logp, i, axis=0).max(axis=0)
        order = np.argsort(-(logp[i] - others), kind="stable")[:n]
        columns[str(label)] = [names[j] for j in order]
    return pd.DataFrame(columns)
