"""A grounded assistant ("trợ lý ảo có nguồn"): retrieve FAQ entries, then let the local model answer
from them only, citing what it used, and refuse when nothing relevant was found.

The pipeline, in order (each step can be changed by the trainee):

1. **privacy** — a question containing personal data (``toolkit.assistant.find_personal_data``) is
   refused and never reaches the model;
2. **retrieval** — the B8 retriever (``FAQAssistant``) gives the ``k`` best distinct answers; when the
   best similarity is below ``min_score`` the assistant refuses ("no source") instead of guessing;
3. **generation** — ``template`` gets ``{context}`` (the retrieved answers, each tagged with its id)
   and ``{question}``; the model continues it greedily (the same question always gets the same text);
4. **citation** — the reply lists the ids of the entries given to the model.

``is_grounded`` is the course's computable definition of "the answer's key facts come from the
sources": every number in the answer appears in the sources, and at least ``min_share`` of its content
words (folded, two letters or more, not in ``STOP_WORDS``) appear there too. Words and numbers the
answer merely repeats from the question are no facts: they count neither way, and an answer that only
echoes the question is not grounded.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import pandas as pd

from ..i18n import t
from ..toolkit.assistant import DEFAULT_THRESHOLD, FAQAssistant, find_personal_data, normalize

DEFAULT_TEMPLATE = (
    "Dưới đây là thông tin chính thức về dịch vụ công.\n"
    "{context}\n"
    "Chỉ dựa vào thông tin trên, trả lời ngắn gọn câu hỏi.\n"
    "Câu hỏi: {question}\n"
    "Trả lời:"
)
# Without sources: the same question put to the model alone (the lesson compares the two).
NO_SOURCE_TEMPLATE = "Câu hỏi về dịch vụ công: {question}\nTrả lời ngắn gọn:"
DEFAULT_K = 2
DEFAULT_MIN_SCORE = DEFAULT_THRESHOLD  # the same retriever and scores as lesson B8's assistant
MAX_NEW_TOKENS = 48
STOPS = ("\n\n", "\nCâu hỏi:", "Câu hỏi:")

# Words that carry no fact of their own (folded): they do not count for or against groundedness.
STOP_WORDS = frozenset(
    "va la cua co khong duoc cho voi cac nhung mot de thi ma o tai tu trong khi neu ban toi em minh nay do "
    "se da dang can phai hay hoac cung nhu ve theo len ra vao bi boi vi nen roi thi nhe a ah oi vay nao gi".split()
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TAG = re.compile(r"\[[A-Z]\d+\]\s*")
_LIST_MARK = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-•*])(?=[ \t]|$)[ \t]*", re.M)  # "1. ", "- " (not "1.200")


def tidy(text: str) -> str:
    """A generated answer as shown: its first non-empty line (a short answer is one line; what follows
    is usually the model going on with a list or with the prompt), without the source tags or list
    marks it copied, cut after its last full sentence when generation stopped in the middle of one."""
    lines = [line.strip() for line in _LIST_MARK.sub("", _TAG.sub("", text)).splitlines() if line.strip()]
    text = lines[0] if lines else ""
    if text and text[-1] not in ".!?…" and "." in text:
        text = text[: text.rindex(".") + 1]
    return text


class ReplyKind(enum.Enum):
    ANSWER = "answer"
    NO_SOURCE = "no_source"  # nothing relevant retrieved: refused
    PRIVACY = "privacy"  # personal data in the question: refused before retrieval


@dataclass(frozen=True)
class RagReply:
    kind: ReplyKind
    text: str
    sources: tuple[str, ...] = ()
    score: float = 0.0
    prompt: str = ""
    context: str = field(default="", repr=False)
    raw: str = field(default="", repr=False)  # what the model wrote, before ``tidy``

    @property
    def refused(self) -> bool:
        return self.kind is not ReplyKind.ANSWER

    def __str__(self) -> str:
        if self.kind is ReplyKind.ANSWER:
            return self.text.strip() + "\n" + t("rag.cite", sources=", ".join(self.sources))
        return self.text


def check_template(template: str) -> None:
    """A prompt template must contain ``{context}`` and ``{question}`` once each (Vietnamese error)."""
    if not isinstance(template, str):
        raise TypeError(t("rag.error.template_type", kind=type(template).__name__))
    for slot in ("{context}", "{question}"):
        if template.count(slot) != 1:
            raise ValueError(t("rag.error.template_slot", slot=slot, count=template.count(slot)))


def format_context(entries: pd.DataFrame) -> str:
    """The retrieved entries as the model sees them: ``[A07] answer text`` one per line."""
    return "\n".join(f"[{row.ma_cau_tra_loi}] {row.cau_tra_loi}" for row in entries.itertuples())


class GroundedAssistant:
    """Retrieval (``retriever``) + generation (``model``, a ``LanguageModel``) with refusals."""

    def __init__(self, retriever: FAQAssistant, model, template: str = DEFAULT_TEMPLATE, k: int = DEFAULT_K,
                 min_score: float = DEFAULT_MIN_SCORE, max_new_tokens: int = MAX_NEW_TOKENS):
        check_template(template)
        if not 1 <= int(k) <= 5:
            raise ValueError(t("rag.error.k", value=k))
        if not 0 <= float(min_score) <= 1:
            raise ValueError(t("rag.error.min_score", value=min_score))
        self.retriever, self.model, self.template = retriever, model, template
        self.k, self.min_score, self.max_new_tokens = int(k), float(min_score), int(max_new_tokens)

    def retrieve(self, question: str) -> pd.DataFrame:
        return self.retriever.top_k(question, self.k)

    def prompt(self, question: str, entries: pd.DataFrame) -> str:
        return self.template.replace("{context}", format_context(entries)).replace("{question}", str(question))

    def _plan(self, question: str) -> RagReply:
        """Everything before generation: a refusal, or an answer whose ``text`` is still empty."""
        if find_personal_data(question):
            return RagReply(ReplyKind.PRIVACY, t("rag.refuse.privacy"))
        entries = self.retrieve(question) if normalize(question) else pd.DataFrame()
        best = float(entries["diem"].iloc[0]) if len(entries) else 0.0
        if best < self.min_score:
            return RagReply(ReplyKind.NO_SOURCE, t("rag.refuse.no_source"), score=best)
        return RagReply(ReplyKind.ANSWER, "", tuple(entries["ma_cau_tra_loi"]), best,
                        self.prompt(question, entries), "\n".join(entries["cau_tra_loi"]))

    def answer(self, question: str) -> RagReply:
        return self.answer_many([question])[0]

    __call__ = answer

    def answer_many(self, questions: Sequence[str]) -> list[RagReply]:
        """Replies to several questions; the model answers the non-refused ones in batches."""
        plans = [self._plan(str(q)) for q in questions]
        todo = [i for i, plan in enumerate(plans) if plan.kind is ReplyKind.ANSWER]
        texts = self.model.generate_many([plans[i].prompt for i in todo], self.max_new_tokens, STOPS)
        for i, text in zip(todo, texts):
            plans[i] = replace(plans[i], text=tidy(text), raw=text)
        return plans


# -- measuring ----------------------------------------------------------------------------------
def content_words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if len(w) >= 2 and w not in STOP_WORDS and not w.isdigit()]


def grounding(answer: str, sources: str, question: str = "") -> tuple[float | None, list[str]]:
    """``(share, missing_numbers)``: the share of the answer's content words found in ``sources``
    (``None`` when it has none) and its numbers that ``sources`` lack; what the answer repeats from
    ``question`` is set aside (it is no fact)."""
    asked = set(content_words(question))
    words = [w for w in content_words(answer) if w not in asked]
    known = set(content_words(sources))
    numbers = set(_NUMBER.findall(answer)) - set(_NUMBER.findall(question))
    missing = sorted(numbers - set(_NUMBER.findall(sources)))
    share = float(np.mean([w in known for w in words])) if words else None
    return share, missing


def is_grounded(answer: str, sources: str, min_share: float = 0.8, question: str = "") -> bool:
    """True when the answer's key facts come from ``sources``: all its numbers appear there and at
    least ``min_share`` of its content words do (``grounding``). An empty answer, or one that only
    echoes the question, is not grounded."""
    share, missing = grounding(answer, sources, question)
    if share is None and not set(_NUMBER.findall(answer)) - set(_NUMBER.findall(question)):
        return False  # nothing of its own: no fact at all
    return not missing and (share is None or share >= min_share)


def hit_rate_at_k(retriever: FAQAssistant, questions: Sequence[str], answer_ids: Sequence[str], k: int) -> float:
    """Share of questions whose right answer is among the ``k`` retrieved (0–1)."""
    if not len(questions):
        return 0.0
    hits = [str(a) in set(retriever.top_k(q, k)["ma_cau_tra_loi"]) for q, a in zip(questions, answer_ids)]
    return float(np.mean(hits))


def answers_without_sources(model, questions: Sequence[str], template: str = NO_SOURCE_TEMPLATE,
                            max_new_tokens: int = MAX_NEW_TOKENS) -> list[str]:
    """What the model says to each question on its own, with no retrieved entry (for comparison)."""
    prompts = [template.replace("{question}", str(q)) for q in questions]
    return [tidy(text) for text in model.generate_many(prompts, max_new_tokens, STOPS)]


def evaluate(assistant: GroundedAssistant, questions: Sequence[str], answer_ids: Sequence[str],
             out_of_scope: Sequence[str] = (), replies: Sequence[RagReply] | None = None) -> dict[str, float]:
    """What a grounded assistant does on held-out questions (shares 0–1):

    ``trung_nguon`` the right entry was among those given to the model; ``co_can_cu`` answers grounded
    in the *right* entry (``is_grounded``), over all in-scope questions; ``tu_choi_dung_pham_vi``
    in-scope questions refused; ``tu_choi_ngoai_pham_vi`` out-of-scope questions refused.
    ``replies`` (to ``questions`` then ``out_of_scope``, from ``answer_many``) saves generating them again.
    """
    questions, out_of_scope = [str(q) for q in questions], [str(q) for q in out_of_scope]
    right = dict(zip(assistant.retriever.answer_ids, assistant.retriever.answers))
    if replies is None:
        replies = assistant.answer_many(list(questions) + list(out_of_scope))
    if len(replies) != len(questions) + len(out_of_scope):
        raise ValueError("replies must answer the questions, then the out-of-scope questions")
    inside, outside = replies[: len(questions)], [r.refused for r in replies[len(questions):]]
    hits = [str(a) in r.sources for r, a in zip(inside, answer_ids)]
    grounded = [not r.refused and is_grounded(r.text, right[str(a)], question=q)
                for r, a, q in zip(inside, answer_ids, questions)]
    refused = [r.refused for r in inside]
    return {"trung_nguon": float(np.mean(hits)), "co_can_cu": float(np.mean(grounded)),
            "tu_choi_dung_pham_vi": float(np.mean(refused)),
            "tu_choi_ngoai_pham_vi": float(np.mean(outside)) if outside else 0.0}
