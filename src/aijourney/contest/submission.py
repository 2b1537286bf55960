"""A table entry checked against what is public: the contest's columns and classes and the test ids.

The same check runs twice: in the trainee's notebook before anything is sent (``contest.submit``), and
in the organiser's scorer on the bytes that arrived (a trainee can write any file into the inbox). It
never looks at the truth, so no message can reveal a truth value: messages name columns, ids (the ids
are public, in ``test.csv``) and the trainee's own values only.
"""

from __future__ import annotations

import csv
import enum
import hashlib
import io
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd

from ..i18n import t
from .definition import Contest, Metric

MAX_BYTES = 20 * 1024 * 1024  # no entry file is ever read beyond this (a table's own limit is far lower)
MAX_CELL = 200  # characters in one cell of an entry; a longer cell is refused before any conversion
EXAMPLES = 3  # how many offending ids or values a message shows
SHOWN = 40  # characters of one offending value a message shows


def max_entry_bytes(test_rows: int) -> int:
    """The largest table entry read for a contest of ``test_rows`` ids: room for an id and a value of
    a hundred characters each per row, so a file that costs the scorer more than that is refused unread."""
    return 64 * 1024 + 256 * test_rows


class Problem(enum.Enum):
    NOT_A_TABLE = "not_a_table"
    UNREADABLE = "unreadable"
    TOO_BIG = "too_big"
    CELL_TOO_LONG = "cell_too_long"
    NOT_A_FILE = "not_a_file"
    WRONG_OWNER = "wrong_owner"
    COLUMNS = "columns"
    EMPTY_IDS = "empty_ids"
    DUPLICATE_IDS = "duplicate_ids"
    MISSING_IDS = "missing_ids"
    EXTRA_IDS = "extra_ids"
    EMPTY_VALUES = "empty_values"
    WRONG_TYPE = "wrong_type"
    NOT_FINITE = "not_finite"
    UNKNOWN_LABEL = "unknown_label"
    OUT_OF_RANGE = "out_of_range"
    BAD_SETTINGS = "bad_settings"


class SubmissionError(ValueError):
    """An entry that cannot be scored; the message is Vietnamese (or the chosen language) and says what to fix."""

    def __init__(self, problem: Problem, **params: object):
        self.problem = problem
        super().__init__(t(f"contest.problem.{problem.value}", **params))


@dataclass(frozen=True)
class Predictions:
    """An entry that passed the check: one value per test id, in ``ids`` order (the sorted test ids)."""

    ids: tuple[str, ...]
    values: np.ndarray  # str labels (object array) or float64

    def digest(self) -> str:
        """Same predictions → same digest, whatever the row order or number formatting of the file."""
        if self.values.dtype == object:
            return hashlib.sha256("\0".join(self.values).encode()).hexdigest()
        return hashlib.sha256(np.round(self.values.astype(float), 9).tobytes()).hexdigest()


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _examples(values) -> str:
    """A few of the offending values, each cut short: a message never grows with what a trainee sends."""
    values = list(values[:EXAMPLES + 1]) if hasattr(values, "__getitem__") else list(values)
    shown = [_short(v) for v in values[:EXAMPLES]]
    return ", ".join(shown) + (", …" if len(values) > EXAMPLES else "")


def _cells(column: pd.Series) -> np.ndarray:
    """A column as an object array (the checks below run on numpy, not on pandas: thousands of entries of
    thousands of rows are checked in one scoring run). A cell longer than ``MAX_CELL`` characters is refused
    here, before numpy makes every cell as wide as the widest."""
    cells = column.to_numpy(dtype=object)
    if len(cells) and max(map(len, map(str, cells))) > MAX_CELL:
        raise SubmissionError(Problem.CELL_TOO_LONG, limit=MAX_CELL)
    return cells


def _text(cells: np.ndarray) -> np.ndarray:
    """Each cell as stripped text (numpy's C loops)."""
    return np.char.strip(cells.astype(str))


def _empty(cells: np.ndarray) -> np.ndarray:
    """Missing cells: None, NaN, or text that is only spaces."""
    return pd.isna(cells) | (_text(cells) == "")


def _all_of(cells: np.ndarray, kinds: tuple) -> bool:
    inferred = pd.api.types.infer_dtype(cells, skipna=False)
    return inferred in kinds


def _ids(cells: np.ndarray, contest: Contest, expected: np.ndarray) -> np.ndarray:
    if _empty(cells).any():
        raise SubmissionError(Problem.EMPTY_IDS, column=contest.id_column)
    ids = _text(cells)
    if len(ids) == len(expected) and np.array_equal(np.sort(ids), expected):
        return ids  # the usual case, settled by one sort
    unique, counts = np.unique(ids, return_counts=True)
    if (counts > 1).any():
        twice = unique[counts > 1]
        raise SubmissionError(Problem.DUPLICATE_IDS, count=len(twice), examples=_examples(twice))
    missing = expected[~np.isin(expected, ids)]
    if len(missing):
        raise SubmissionError(Problem.MISSING_IDS, count=len(missing), examples=_examples(missing))
    extra = ids[~np.isin(ids, expected)]
    if len(extra):
        raise SubmissionError(Problem.EXTRA_IDS, count=len(extra), examples=_examples(extra))
    return ids


def _wrong_type(contest: Contest, bad, expected_key: str) -> SubmissionError:
    return SubmissionError(Problem.WRONG_TYPE, column=contest.target_column, examples=_examples(bad),
                           expected=t(expected_key))


def _labels(cells: np.ndarray, contest: Contest) -> np.ndarray:
    if not _all_of(cells, ("string", "integer", "mixed-integer")):
        bad = [v for v in cells if isinstance(v, bool) or not isinstance(v, (str, Integral))]
        if bad:
            raise _wrong_type(contest, bad, "contest.expected.label")
    labels = _text(cells)
    unknown = sorted(set(labels[~np.isin(labels, contest.classes)]))
    if unknown:
        raise SubmissionError(Problem.UNKNOWN_LABEL, column=contest.target_column, examples=_examples(unknown),
                              classes=", ".join(contest.classes))
    return labels.astype(object)


def _as_number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (str, Real)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _numbers(cells: np.ndarray, contest: Contest) -> np.ndarray:
    try:
        if not _all_of(cells, ("string", "floating", "integer", "mixed-integer-float")):
            raise ValueError
        array = _text(cells).astype(float) if _all_of(cells, ("string",)) else cells.astype(float)
    except ValueError:
        bad = [v for v in cells if _as_number(v) is None]
        raise _wrong_type(contest, bad or list(cells[:1]), "contest.expected.number") from None
    finite = np.isfinite(array)
    if not finite.all():
        raise SubmissionError(Problem.NOT_FINITE, column=contest.target_column, examples=_examples(cells[~finite]))
    outside = (array < 0) | (array > 1)
    if contest.metric is Metric.ROC_AUC and outside.any():
        raise SubmissionError(Problem.OUT_OF_RANGE, column=contest.target_column, examples=_examples(cells[outside]))
    return array


def check_table(df, contest: Contest, expected_ids) -> Predictions:
    """Check an entry against the contest and the public test ids; raise ``SubmissionError`` on the first fault."""
    if not isinstance(df, pd.DataFrame):
        raise SubmissionError(Problem.NOT_A_TABLE, got=type(df).__name__)
    wanted = [contest.id_column, contest.target_column]
    got = [str(c) for c in df.columns]
    if sorted(got) != sorted(wanted):
        raise SubmissionError(Problem.COLUMNS, wanted=", ".join(wanted), got=_examples(got) or "—")
    df = df.set_axis(got, axis=1)
    ordered_ids = sorted(map(str, expected_ids))
    ids = _ids(_cells(df[contest.id_column]), contest, np.array(ordered_ids, dtype=str))
    cells = _cells(df[contest.target_column])
    empty = _empty(cells)
    if empty.any():
        raise SubmissionError(Problem.EMPTY_VALUES, column=contest.target_column, count=int(empty.sum()),
                              examples=_examples(ids[empty]))
    values = _labels(cells, contest) if contest.classes is not None else _numbers(cells, contest)
    # ids are unique and exactly the expected ones, so sorting them lines the values up with ``ordered_ids``
    return Predictions(ids=tuple(ordered_ids), values=values[np.argsort(ids, kind="stable")])


def read_table(data: bytes, contest: Contest, limit: int = MAX_BYTES) -> pd.DataFrame:
    """The bytes of an entry file as a table of texts (the scorer then runs ``check_table`` on it)."""
    if len(data) > limit:
        raise SubmissionError(Problem.TOO_BIG, limit=limit // 1024)
    try:
        rows = [row for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) if row]
    except (UnicodeDecodeError, csv.Error):
        raise SubmissionError(Problem.UNREADABLE) from None
    if not rows or len(set(rows[0])) != len(rows[0]) or set(map(len, rows)) != {len(rows[0])}:
        raise SubmissionError(Problem.UNREADABLE)
    if max(map(len, rows[0])) > MAX_CELL:
        raise SubmissionError(Problem.CELL_TOO_LONG, limit=MAX_CELL)
    columns = np.array(rows[1:], dtype=object).reshape(len(rows) - 1, len(rows[0]))
    return pd.DataFrame({name: columns[:, i] for i, name in enumerate(rows[0])})


def to_csv_bytes(df: pd.DataFrame, contest: Contest) -> bytes:
    """What ``contest.submit`` writes: the two columns, UTF-8, ids as text, full float precision."""
    out = df[[contest.id_column, contest.target_column]]
    return out.to_csv(index=False, float_format="%.17g").encode("utf-8")
