"""The minigame's prompt-template round: the local model answers hidden questions for the finalists.

Every entry of the minigame is scored on its retrieval alone (``minigame.outcomes``): generating with the
model takes seconds per answer on a CPU, far too long for thousands of entries. The generative part of a
trainee's assistant (lesson A9's ``GroundedAssistant`` and its prompt template) is judged in a finalists'
round instead: the best trainees of the current board whose counted entry carries a template are each asked
the same in-scope hidden questions, and ``<store>/<id>/llm-round.csv`` ranks them by the share of grounded
answers, then the share of answers citing the right FAQ entry, then their board rank.

The entry is read again from the inbound folder and used only if its bytes are those that were scored (a
trainee can delete their own file and write another under the same name). The retrieval of every finalist
uses the course's ``k`` and refusal threshold (``GroundedAssistant``'s defaults): the round compares
templates and the retrieval that feeds them, with one refusal rule for everyone. The model's memo
(``AIJOURNEY_LLM_MEMO``) is switched off for the round: nothing it writes about the hidden questions is kept
outside the store, and no text kept by someone else is read back instead of being generated.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd

from ..i18n import t
from ..llm.memo import ENV as MEMO_ENV
from ..llm.rag import GroundedAssistant, RagReply, is_grounded
from .board import BoardRow
from .definition import Kind
from .entries import read_arrival
from .hidden_questions import Special
from .minigame import AssistantSettings, SettingsError, parse_settings
from .organiser import FINALIZED, OrganiserError, Site
from .ranking import Person, build_board, scored_by_trainee, selected_entry
from .store import Entry, Store

ROUND_FILE = "llm-round.csv"
ROUND_COLUMNS = ["rank", "trainee", "display_name", "site", "grounded_share", "cited_right_share", "answered",
                 "questions"]
QUESTION_COLUMNS = ("ma", "cau_hoi", "dap_an")


class Skip(enum.Enum):
    """Why a trainee of the board is not a finalist."""

    NO_TEMPLATE = "no_template"  # the counted entry has no prompt template: simply not in this round
    UNREADABLE = "unreadable"  # the entry file is gone, refused (link, owner, size) or no longer parses
    CHANGED = "changed"  # the file's bytes differ from those that were scored


@dataclass(frozen=True)
class Finalist:
    board_rank: int  # the private rank once the contest is finalized, else the public rank
    row: BoardRow
    settings: AssistantSettings  # with a template


@dataclass(frozen=True)
class RoundResult:
    finalist: Finalist
    grounded_share: float
    cited_right_share: float
    answered: int
    questions: int


def check_assistant_contest(site: Site) -> None:
    if site.contest.kind is not Kind.ASSISTANT:
        raise OrganiserError(t("minigame.round.not_assistant", contest=site.contest.id))


def in_scope_questions(truth: Path, count: int) -> pd.DataFrame:
    """The first ``count`` in-scope hidden questions (the right answer is an FAQ entry), in id order."""
    frame = pd.read_csv(truth, dtype=str, keep_default_na=False)
    missing = [c for c in QUESTION_COLUMNS if c not in frame.columns]
    if missing:
        raise OrganiserError(t("minigame.round.columns", columns=", ".join(missing)))
    inside = frame[~frame["dap_an"].isin([s.value for s in Special])].sort_values("ma", kind="stable")
    if inside.empty:
        raise OrganiserError(t("minigame.round.no_question"))
    return inside.head(count).reset_index(drop=True)


def _read_template_entry(site: Site, entry: Entry) -> AssistantSettings | Skip:
    """The settings of a scored entry, read again from the inbound folder, or why they cannot be used."""
    arrival = read_arrival(site.exchange, entry.name)
    if arrival is None or arrival.refused is not None or arrival.data is None:
        return Skip.UNREADABLE
    if hashlib.sha256(arrival.data).hexdigest() != entry.file_digest:
        return Skip.CHANGED
    try:
        settings = parse_settings(arrival.data)
    except SettingsError:
        return Skip.UNREADABLE
    return settings if settings.template is not None else Skip.NO_TEMPLATE


def choose_finalists(site: Site, people: dict[str, Person], count: int,
                     log: Callable[[str], None] | None = None) -> list[Finalist]:
    """The first ``count`` trainees of the board (final order once finalized, else public) whose counted entry
    (the final selection once finalized, else the best public entry) has a template; the others are passed
    over (``log`` hears of entries that cannot be read or were changed, not of those without a template)."""
    with Store(site.store.database) as store:
        final = store.get_meta(FINALIZED) is not None
        entries = store.entries()
    board = build_board(site.contest, entries, people, final=final)
    by_trainee = scored_by_trainee(entries)
    chosen: list[Finalist] = []
    for row in board.rows:
        if len(chosen) == count:
            break
        entry = selected_entry(site.contest, by_trainee[row.trainee], entries if final else [])
        found = _read_template_entry(site, entry)
        if isinstance(found, AssistantSettings):
            chosen.append(Finalist(row.private_rank if final else row.public_rank, row, found))
        elif found is not Skip.NO_TEMPLATE and log is not None:
            log(t(f"minigame.round.skipped.{found.value}", trainee=row.trainee, name=entry.name))
    return chosen


def measure(replies: list[RagReply], asked: pd.DataFrame, finalist: Finalist) -> RoundResult:
    """Shares over every question asked: grounded answers (``is_grounded`` in the entries the model was given;
    a refusal is not grounded) and answers citing the right entry; the number of questions answered."""
    questions, right = asked["cau_hoi"].tolist(), asked["dap_an"].tolist()
    grounded = [not r.refused and is_grounded(r.text, r.context, question=q) for r, q in zip(replies, questions)]
    cited = [a in r.sources for r, a in zip(replies, right)]
    return RoundResult(finalist, float(np.mean(grounded)), float(np.mean(cited)),
                       sum(not r.refused for r in replies), len(replies))


def _write_round(results: list[RoundResult], path: Path) -> Path:
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as out:
        os.chmod(temporary, 0o600)
        writer = csv.writer(out)
        writer.writerow(ROUND_COLUMNS)
        for rank, result in enumerate(results, 1):
            row = result.finalist.row
            writer.writerow([rank, row.trainee, row.display_name, row.site, repr(result.grounded_share),
                             repr(result.cited_right_share), result.answered, result.questions])
    os.replace(temporary, path)
    return path


@contextmanager
def _memo_off() -> Iterator[None]:
    kept = os.environ.pop(MEMO_ENV, None)
    try:
        yield
    finally:
        if kept is not None:
            os.environ[MEMO_ENV] = kept


def _ask(chosen: list[Finalist], asked: pd.DataFrame, model) -> list[RoundResult]:
    """Every finalist's replies (computed once per retrieval setting and template) measured."""
    replies: dict[tuple, list[RagReply]] = {}
    results = []
    with _memo_off():
        for finalist in chosen:
            key = (finalist.settings.retrieval_key, finalist.settings.template)
            if key not in replies:
                assistant = GroundedAssistant(finalist.settings.assistant(), model, finalist.settings.template)
                replies[key] = assistant.answer_many(asked["cau_hoi"].tolist())
            results.append(measure(replies[key], asked, finalist))
    return results


def run_llm_round(site: Site, people: dict[str, Person], finalists: int = 10, questions: int = 20, model=None,
                  log: Callable[[str], None] | None = None) -> Path:
    """Ask the first ``questions`` in-scope hidden questions to the first ``finalists`` trainees of the board
    whose counted entry has a prompt template (trainees without one are not included, and the next trainee
    with one takes the place); write ``<store>/<id>/llm-round.csv`` (``ROUND_COLUMNS``) atomically, readable
    by the organiser only, ranked by grounded share, then cited-right share, then board rank.

    ``model`` (anything with ``generate_many``) defaults to ``aijourney.llm.load_model()``, loaded once and
    only when there is a finalist. Finalists with the same retrieval settings and template get the same
    replies, computed once.
    """
    check_assistant_contest(site)
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in (finalists, questions)):
        raise OrganiserError(t("minigame.round.counts"))
    if not site.store.truth.exists():
        raise OrganiserError(t("minigame.round.not_set_up", contest=site.contest.id))
    asked = in_scope_questions(site.store.truth, questions)
    chosen = choose_finalists(site, people, finalists, log)
    if chosen and model is None:
        from ..llm import load_model

        model = load_model()
    results = _ask(chosen, asked, model)
    results.sort(key=lambda r: (-r.grounded_share, -r.cited_right_share, r.finalist.board_rank))
    return _write_round(results, site.store.base / ROUND_FILE)
