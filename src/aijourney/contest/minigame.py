"""The minigame "Mỗi đoàn viên – một trợ lý ảo": every trainee's FAQ assistant scored on hidden questions.

An entry is data, never code: the settings a trainee controls in lesson B8's ``FAQAssistant`` (threshold,
analyzer, n-gram range, accent folding) and, optionally, the prompt template of their lesson A9
``GroundedAssistant``, as a small JSON file (``to_json`` / ``parse_settings``), used on the course's question
bank. The template plays no part in ``outcomes``; it is used by the finalists' round (``llm_round``). The
organiser draws a secret seed once (``new_seed``) and keeps the questions of ``make_hidden_questions(seed)`` in
the organiser-only store; ``outcomes`` tells, for every assistant and every hidden question, whether it did the
right thing, and the contest engine averages the rows.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..datasets.faq import faq_split
from ..i18n import t
from ..llm.rag import GroundedAssistant, check_template
from ..toolkit.assistant import DEFAULT_THRESHOLD, FAQAssistant, find_personal_data, normalize, prepare
from .hidden_questions import Special, make_hidden_questions, new_seed

__all__ = ["AssistantSettings", "SettingsError", "Special", "settings_of", "to_json", "parse_settings",
           "new_seed", "make_hidden_questions", "outcomes", "random_settings", "question_bank"]

KIND = "aijourney.assistant-settings"
SCHEMA = 1
MAX_ENTRY_SIZE = 8192  # characters (or bytes) of an entry file; a real one is about 150, 500 with a template
MAX_TEMPLATE_LENGTH = 1500  # characters; even 4-byte characters throughout keep the entry under MAX_ENTRY_SIZE
TEMPLATE_SLOTS = ("{context}", "{question}")
HIDDEN_CATEGORIES = ("Cc", "Cf", "Cs")  # control, invisible formatting (bidi overrides...), lone surrogates
NGRAM_BOUNDS = {"char_wb": (1, 6), "char": (1, 6), "word": (1, 3)}  # smallest and largest n per analyzer
SETTING_NAMES = ("threshold", "analyzer", "ngram_range", "fold")
OPTIONAL_SETTINGS = ("template",)
ENTRY_KEYS = ("kind", "schema", "settings")


class SettingsError(ValueError):
    """An entry that cannot be used; ``setting`` names the part at fault."""

    def __init__(self, setting: str, reason: str):
        self.setting = setting
        super().__init__(t("minigame.error", setting=setting, reason=reason))


# -- settings -----------------------------------------------------------------------------------
def _is_whole(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _checked_threshold(value: object) -> float:
    number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if not number or not 0 <= value <= 1:  # NaN fails the comparison too
        raise SettingsError("threshold", t("minigame.reason.threshold"))
    return float(value)


def _checked_ngrams(value: object, analyzer: str) -> tuple[int, int]:
    if not isinstance(value, (tuple, list)) or len(value) != 2 or not all(_is_whole(v) for v in value):
        raise SettingsError("ngram_range", t("minigame.reason.ngram_pair"))
    low, high = NGRAM_BOUNDS[analyzer]
    smallest, largest = int(value[0]), int(value[1])
    if not low <= smallest <= largest <= high:
        raise SettingsError("ngram_range", t("minigame.reason.ngram_bounds", analyzer=analyzer, low=low, high=high))
    return smallest, largest


def _checked_template(value: object) -> str | None:
    """``None`` (no template), or a template ``GroundedAssistant`` accepts: short, ``{context}`` and
    ``{question}`` once each, no other braces, no hidden or control characters but newline and tab."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError("template", t("minigame.reason.template_type"))
    if len(value) > MAX_TEMPLATE_LENGTH:
        raise SettingsError("template", t("minigame.reason.template_length", limit=MAX_TEMPLATE_LENGTH,
                                          length=len(value)))
    hidden = next((c for c in value if c not in "\n\t" and unicodedata.category(c) in HIDDEN_CATEGORIES), None)
    if hidden is not None:
        raise SettingsError("template", t("minigame.reason.template_hidden", code=f"U+{ord(hidden):04X}"))
    try:
        check_template(value)
    except ValueError as error:
        raise SettingsError("template", str(error)) from None
    rest = value
    for slot in TEMPLATE_SLOTS:
        rest = rest.replace(slot, "")
    if "{" in rest or "}" in rest:
        raise SettingsError("template", t("minigame.reason.template_braces", slots=" ".join(TEMPLATE_SLOTS),
                                          example="{name}"))
    return str(value)


@dataclass(frozen=True)
class AssistantSettings:
    """The settings a trainee controls in lesson B8 (and the A9 prompt template, when there is one); checked
    when made (``SettingsError``)."""

    threshold: float = DEFAULT_THRESHOLD
    analyzer: str = "char_wb"
    ngram_range: tuple[int, int] = (2, 4)
    fold: bool = True
    template: str | None = None  # only for the finalists' round (``llm_round``); scoring ignores it

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", _checked_threshold(self.threshold))
        if not isinstance(self.analyzer, str) or self.analyzer not in NGRAM_BOUNDS:
            raise SettingsError("analyzer", t("minigame.reason.analyzer", names=", ".join(NGRAM_BOUNDS)))
        object.__setattr__(self, "ngram_range", _checked_ngrams(self.ngram_range, self.analyzer))
        if not isinstance(self.fold, (bool, np.bool_)):
            raise SettingsError("fold", t("minigame.reason.fold"))
        object.__setattr__(self, "fold", bool(self.fold))
        object.__setattr__(self, "template", _checked_template(self.template))

    @property
    def retrieval_key(self) -> tuple[str, tuple[int, int], bool]:
        """What decides the similarities (everything but the threshold)."""
        return self.analyzer, self.ngram_range, self.fold

    def assistant(self) -> FAQAssistant:
        """The assistant these settings describe, on the course's question bank."""
        return FAQAssistant.from_frame(question_bank(), threshold=self.threshold, analyzer=self.analyzer,
                                       ngram_range=self.ngram_range, fold=self.fold)


@lru_cache(maxsize=1)
def question_bank() -> pd.DataFrame:
    """The course's question bank (``faq_split()``, held-out paraphrases left out), used by every entry."""
    return faq_split()[0]


def settings_of(assistant: FAQAssistant | GroundedAssistant) -> AssistantSettings:
    """The settings of a trainee's assistant: a ``FAQAssistant`` (lesson B8), or a ``GroundedAssistant``
    (lesson A9: its retriever's settings and its template). ``SettingsError`` when they are outside the
    minigame's."""
    template = None
    if isinstance(assistant, GroundedAssistant):
        assistant, template = assistant.retriever, assistant.template
    vectorizer = assistant.vectorizer
    return AssistantSettings(assistant.threshold, vectorizer.analyzer, tuple(vectorizer.ngram_range), assistant.fold,
                             template)


def to_json(settings: AssistantSettings) -> str:
    """The entry file for ``settings`` (the ``template`` key only when there is a template)."""
    body = dict(threshold=settings.threshold, analyzer=settings.analyzer, ngram_range=list(settings.ngram_range),
                fold=settings.fold)
    if settings.template is not None:
        body["template"] = settings.template
    return json.dumps({"kind": KIND, "schema": SCHEMA, "settings": body}, ensure_ascii=False, indent=2) + "\n"


def _shown(key: str) -> str:
    """A key taken from an entry, safe to print: short, printable characters only."""
    return "".join(c if c.isprintable() else "?" for c in key[:30]) + ("…" if len(key) > 30 else "")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise SettingsError(_shown(key), t("minigame.reason.duplicate"))
        seen[key] = value
    return seen


def _read_json(text: str | bytes) -> object:
    whole = t("minigame.whole_file")
    if isinstance(text, (bytes, bytearray, str)) and len(text) > MAX_ENTRY_SIZE:
        raise SettingsError(whole, t("minigame.reason.size", limit=MAX_ENTRY_SIZE))
    try:  # NaN and Infinity become floats that the check of each setting refuses, naming it
        text = bytes(text).decode("utf-8") if isinstance(text, (bytes, bytearray)) else text
        if not isinstance(text, str):
            raise UnicodeError
        return json.loads(text.removeprefix("\ufeff"), parse_constant=float, object_pairs_hook=_unique_keys)
    except SettingsError:
        raise
    except UnicodeError:
        raise SettingsError(whole, t("minigame.reason.encoding")) from None
    except json.JSONDecodeError as error:
        raise SettingsError(whole, t("minigame.reason.json", line=error.lineno, column=error.colno)) from None
    except (ValueError, RecursionError):
        raise SettingsError(whole, t("minigame.reason.nesting")) from None


def _fields(value: object, name: str, expected: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise SettingsError(name, t("minigame.reason.mapping"))
    for key in value:
        if key not in expected + optional:
            raise SettingsError(_shown(key), t("minigame.reason.unknown", names=", ".join(expected + optional)))
    for key in expected:
        if key not in value:
            raise SettingsError(key, t("minigame.reason.missing"))
    return value


def parse_settings(text: str | bytes) -> AssistantSettings:
    """Read an entry file written by ``to_json``, trusting nothing in it; ``SettingsError`` on any fault."""
    entry = _fields(_read_json(text), t("minigame.whole_file"), ENTRY_KEYS)
    if entry["kind"] != KIND or not isinstance(entry["kind"], str):
        raise SettingsError("kind", t("minigame.reason.kind", kind=KIND))
    if not _is_whole(entry["schema"]) or entry["schema"] != SCHEMA:
        raise SettingsError("schema", t("minigame.reason.schema", schema=SCHEMA))
    body = _fields(entry["settings"], "settings", SETTING_NAMES, OPTIONAL_SETTINGS)
    ngrams = body["ngram_range"]  # JSON has no tuples: a pair comes as a list
    ngrams = tuple(ngrams) if isinstance(ngrams, list) else ngrams
    return AssistantSettings(body["threshold"], body["analyzer"], ngrams, body["fold"], body.get("template"))


# -- scoring ------------------------------------------------------------------------------------
def _similarities(key: tuple[str, tuple[int, int], bool], bank: list[str], asked: list[str]) -> np.ndarray:
    """Cosine similarities (asked x bank) as ``FAQAssistant`` computes them, on texts already passed through
    its preprocessor (``prepare`` or ``str.lower``) once for every key; tests compare with the assistant."""
    analyzer, ngram_range, _ = key
    vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range, preprocessor=str, sublinear_tf=True)
    matrix = vectorizer.fit_transform(bank)
    return cosine_similarity(vectorizer.transform(asked), matrix)


def _top_k_hits(scores: np.ndarray, bank_ids: np.ndarray, right: np.ndarray, k: int) -> np.ndarray:
    """Whether each question's right answer (``right``: index into the sorted answer ids, -1 for none) is among
    its ``k`` best distinct answers, in the order of ``FAQAssistant.top_k`` (a stable sort of the scores)."""
    by_answer = np.argsort(bank_ids, kind="stable")
    starts = np.flatnonzero(np.r_[True, bank_ids[by_answer][1:] != bank_ids[by_answer][:-1]])
    place = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1)  # of each bank question, per question
    first = np.minimum.reduceat(place[:, by_answer], starts, axis=1)  # where each answer first shows up
    rows, hit = np.flatnonzero(right >= 0), np.zeros(len(scores), dtype=bool)
    hit[rows] = (first[rows] < first[rows, right[rows]][:, None]).sum(axis=1) < k
    return hit


def outcomes(settings_list: Sequence[AssistantSettings], hidden: pd.DataFrame, k: int = 3,
             cache: dict | None = None) -> np.ndarray:
    """``(len(settings_list), len(hidden))`` booleans: did each assistant do the right thing on each question?

    In scope: it answers (best similarity >= its threshold) and the right answer is among its ``k``
    best distinct answers. ``"CHUYEN_NGUOI"``: it does not answer. ``"TU_CHOI"``: its privacy check
    refuses the message. Exactly what ``AssistantSettings.assistant()`` does with ``answer`` / ``top_k``;
    one TF-IDF per distinct retrieval key, thresholds applied afterwards. ``cache`` (a dict the caller keeps
    for calls with the same ``hidden`` and ``k``) saves each key's retrieval between calls.
    """
    missing = [c for c in ("cau_hoi", "dap_an") if c not in hidden.columns]
    if missing:
        raise ValueError(t("minigame.hidden.columns", columns=", ".join(missing)))
    if not _is_whole(k) or k < 1:
        raise ValueError(t("minigame.hidden.k"))
    asked, labels = hidden["cau_hoi"].astype(str).tolist(), hidden["dap_an"].astype(str).to_numpy()
    bank = question_bank()["cau_hoi"].astype(str).tolist()
    bank_ids = question_bank()["ma_cau_tra_loi"].astype(str).to_numpy()
    texts = {fold: ([step(q) for q in bank], [step(q) for q in asked])
             for fold, step in ((True, prepare), (False, str.lower))}
    refused = np.array([bool(find_personal_data(q)) for q in asked], dtype=bool)
    silent = refused | np.array([not normalize(q) for q in asked], dtype=bool)  # refused, or nothing to look up
    answer_ids = np.unique(bank_ids)
    position = np.minimum(np.searchsorted(answer_ids, labels), len(answer_ids) - 1)
    right = np.where(answer_ids[position] == labels, position, -1)
    must_refuse, must_hand_over = labels == Special.REFUSE.value, labels == Special.HAND_OVER.value
    groups: dict[tuple, list[int]] = {}
    for i, settings in enumerate(settings_list):
        groups.setdefault(settings.retrieval_key, []).append(i)
    result = np.zeros((len(settings_list), len(asked)), dtype=bool)
    for key, members in groups.items():
        if cache is None or key not in cache:
            scores = _similarities(key, *texts[key[2]])
            retrieved = scores.max(axis=1), _top_k_hits(scores, bank_ids, right, k)
            if cache is not None:
                cache[key] = retrieved
        best, hit = retrieved if cache is None else cache[key]
        thresholds = np.array([settings_list[i].threshold for i in members])
        answered = (best[None, :] >= thresholds[:, None]) & ~silent
        result[members] = np.where(must_refuse, refused, np.where(must_hand_over, ~answered, answered & hit))
    return result


def random_settings(n: int, seed: int) -> list[AssistantSettings]:
    """``n`` entries as trainees might send them: most keep the defaults or only move the threshold,
    some change the n-grams or accent folding, a few count words."""
    rng, entries = np.random.default_rng(seed), []
    for _ in range(n):
        roll = rng.random()
        threshold = DEFAULT_THRESHOLD if roll < 0.45 else round(float(rng.uniform(0.2, 0.85)), 2)
        analyzer = "char_wb" if roll < 0.8 else ("char_wb", "char")[rng.integers(2)] if roll < 0.95 else "word"
        low = int(rng.integers(NGRAM_BOUNDS[analyzer][0], NGRAM_BOUNDS[analyzer][1] + 1))
        ngrams = (2, 4) if roll < 0.8 else (low, int(rng.integers(low, NGRAM_BOUNDS[analyzer][1] + 1)))
        entries.append(AssistantSettings(threshold, analyzer, ngrams, roll < 0.8 or bool(rng.random() < 0.8)))
    return entries
