"""The trainee's side of a contest, from a notebook::

    from aijourney import contest
    train, test = contest.load("co-ban")        # the public data
    contest.submit(du_doan, contest="co-ban")   # checked first, then put in the contest's inbox
    contest.my_entries("co-ban")                # my entries: status, public score, message
    contest.mark([3, 5], contest="co-ban")      # the (at most two) entries I choose for the final ranking

Everything is read from the exchange's public folder (the contest's definition and test ids) and the
trainee's own receipts; nothing here can read the truth, other trainees' entries or their results.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from ..i18n import t
from .definition import MAX_INVALID_PER_DAY, MAX_MARKED, TIME_ZONE, Contest, ContestError, Kind, load_contest
from .entries import NAME, EntryKind, receipts, write_entry
from .places import ExchangePlaces, trainee_exchange, trainee_login
from .store import EntryStatus
from .submission import Problem, SubmissionError, check_table, to_csv_bytes

__all__ = ["load", "submit", "my_entries", "mark", "rules"]


class ContestUnavailable(RuntimeError):
    """The contest's public folder is not there (not set up, or a wrong name)."""


def _open(contest_id: str) -> tuple[ExchangePlaces, Contest]:
    places = trainee_exchange(contest_id)
    if not (places.public / "contest.yaml").is_file():
        raise ContestUnavailable(t("contest.trainee.unknown", contest=contest_id))
    return places, load_contest(places.public, contest_id)


def load(contest: str) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """``(train, test)``: the labelled training table (None when the contest has none) and the test inputs."""
    places, definition = _open(contest)
    read = dict(dtype={definition.id_column: str}, keep_default_na=True)
    train_path = places.public / "train.csv"
    train = pd.read_csv(train_path, **read) if train_path.is_file() else None
    return train, pd.read_csv(places.public / "test.csv", **read)


def rules(contest: str) -> str:
    """The contest's title, rules, metric, limits and dates, in Vietnamese."""
    _, c = _open(contest)
    return t("contest.trainee.rules", title=c.title, rules=c.rules, metric=t(f"contest.metric.{c.metric.value}"),
             per_day=c.per_day, total=c.total, start=f"{c.start:%d/%m/%Y %H:%M}",
             deadline=f"{c.deadline:%d/%m/%Y %H:%M}", marked=MAX_MARKED, invalid=MAX_INVALID_PER_DAY)


def _entry_bytes(thing, places: ExchangePlaces, definition: Contest) -> tuple[EntryKind, bytes]:
    if definition.kind is Kind.ASSISTANT:
        from .minigame import SettingsError, settings_of, to_json

        try:
            return EntryKind.SETTINGS, to_json(settings_of(thing)).encode("utf-8")
        except SettingsError as error:
            raise SubmissionError(Problem.BAD_SETTINGS, detail=str(error)) from None
        except (AttributeError, TypeError, ValueError):
            raise SubmissionError(Problem.BAD_SETTINGS, detail=t("contest.trainee.not_an_assistant")) from None
    test_ids = pd.read_csv(places.public / "test.csv", usecols=[definition.id_column], dtype=str,
                           keep_default_na=False)[definition.id_column]
    check_table(thing, definition, test_ids.str.strip())
    return EntryKind.TABLE, to_csv_bytes(thing, definition)


def submit(entry, contest: str) -> str | None:
    """Check ``entry`` (a table of predictions, or your assistant for the minigame) and send it.

    Returns the entry's name when it was sent; prints what to fix and returns None when it was not.
    """
    try:
        places, definition = _open(contest)
        now = dt.datetime.now(TIME_ZONE)
        if not definition.is_open(now):
            print(t("contest.trainee.closed", start=f"{definition.start:%d/%m/%Y %H:%M}",
                    deadline=f"{definition.deadline:%d/%m/%Y %H:%M}"))
            return None
        kind, data = _entry_bytes(entry, places, definition)
        name = write_entry(places, trainee_login(), kind, data)
    except (SubmissionError, ContestError, ContestUnavailable) as error:
        print(t("contest.trainee.not_sent", reason=str(error)))
        return None
    print(t("contest.trainee.sent", number=len(receipts(places)), contest=contest))
    return name


def _result(places: ExchangePlaces, name: str) -> dict:
    try:
        result = json.loads(places.result_of(name).read_text("utf-8"))
        return result if isinstance(result, dict) else {}
    except (OSError, ValueError):
        return {}


def my_entries(contest: str) -> pd.DataFrame:
    """One row per entry this trainee sent (numbered from 1): time, status, public score, message."""
    places = trainee_exchange(contest)
    rows = []
    for number, name in enumerate(receipts(places), 1):
        result = _result(places, name)
        stamp = dt.datetime.strptime(NAME.match(name)["stamp"], "%Y%m%dT%H%M%S")
        try:
            status = t(f"contest.status.{EntryStatus(result.get('status')).value}")
        except ValueError:
            status = t("contest.status.waiting")
        rows.append({t("contest.column.number"): number, t("contest.column.time"): f"{stamp:%d/%m/%Y %H:%M:%S}",
                     t("contest.column.status"): status,
                     t("contest.column.public_score"): result.get("public_score"),
                     t("contest.column.message"): result.get("message", "")})
    columns = [t(f"contest.column.{c}") for c in ("number", "time", "status", "public_score", "message")]
    return pd.DataFrame(rows, columns=columns)


def mark(numbers, contest: str) -> bool:
    """Choose (by their numbers in ``my_entries``) at most two entries for the final ranking."""
    places = trainee_exchange(contest)
    own = receipts(places)
    numbers = list(numbers)
    ok = len(numbers) <= MAX_MARKED and all(isinstance(n, int) and 1 <= n <= len(own) for n in numbers)
    chosen = [own[n - 1] for n in numbers] if ok else []
    if not ok or any(name.endswith(EntryKind.MARKS.value) for name in chosen):
        print(t("contest.trainee.bad_marks", most=MAX_MARKED, count=len(own)))
        return False
    write_entry(places, trainee_login(), EntryKind.MARKS, json.dumps(chosen).encode("utf-8"))
    print(t("contest.trainee.marked", numbers=", ".join(map(str, numbers))))
    return True
