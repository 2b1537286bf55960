"""A table entry checked against what is public: the contest's columns and classes and the test ids.

The same check runs twice: in the trainee's notebook before anything is sent (``contest.submit``), and
in the organiser's scorer on the bytes that arrived (a trainee can write any file into the inbox). It
never looks at the truth, so no message can reveal a truth value: messages name columns, ids (the ids
are public, in ``test.csv``) and the trainee's own values only.
"""

from __future__ import annotations

import enum
import hashlib
import io
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd

from ..i18n import t
from .definition import Contest, Metric

MAX_BYTES = 20 * 1024 * 1024  # an entry file larger than this is refused unread
EXAMPLES = 3  # how many offending ids or values a message shows


class Problem(enum.Enum):
    NOT_A_TABLE = "not_a_table"
    UNREADABLE = "unreadable"
    TOO_BIG = "too_big"
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


def _examples(values) -> str:
    values = list(values)
    shown = [str(v) for v in values[:EXAMPLES]]
    return ", ".join(shown) + (", …" if len(values) > EXAMPLES else "")


def _text(column: pd.Series) -> np.ndarray:
    """Each cell as stripped text, in numpy's C loops (thousands of entries of thousands of rows are checked)."""
    return np.char.strip(column.to_numpy(dtype=str))


def _empty(column: pd.Series) -> np.ndarray:
    """Missing cells: None, NaN, or text that is only spaces."""
    missing = column.isna().to_numpy(dtype=bool, copy=True)
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        missing |= _text(column) == ""
    return missing


def _ids(column: pd.Series, contest: Contest, expected: pd.Index) -> pd.Series:
    if _empty(column).any():
        raise SubmissionError(Problem.EMPTY_IDS, column=contest.id_column)
    ids = pd.Series(_text(column), dtype=object)
    twice = ids[ids.duplicated()].unique()
    if len(twice):
        raise SubmissionError(Problem.DUPLICATE_IDS, count=len(twice), examples=_examples(twice))
    missing = expected[~expected.isin(ids)]
    if len(missing):
        raise SubmissionError(Problem.MISSING_IDS, count=len(missing), examples=_examples(missing))
    extra = ids[~ids.isin(expected)]
    if len(extra):
        raise SubmissionError(Problem.EXTRA_IDS, count=len(extra), examples=_examples(extra))
    return ids


def _wrong_type(column: pd.Series, contest: Contest, bad, expected_key: str) -> SubmissionError:
    return SubmissionError(Problem.WRONG_TYPE, column=contest.target_column, examples=_examples(bad),
                           expected=t(expected_key))


def _labels(column: pd.Series, contest: Contest) -> pd.Series:
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_float_dtype(column):
        raise _wrong_type(column, contest, column.unique(), "contest.expected.label")
    if column.dtype == object and pd.api.types.infer_dtype(column) not in ("string", "integer"):
        bad = [v for v in column if isinstance(v, bool) or not isinstance(v, (str, Integral))]
        if bad:
            raise _wrong_type(column, contest, bad, "contest.expected.label")
    labels = pd.Series(_text(column), dtype=object)
    unknown = sorted(labels[~labels.isin(contest.classes)].unique())
    if unknown:
        raise SubmissionError(Problem.UNKNOWN_LABEL, column=contest.target_column, examples=_examples(unknown),
                              classes=", ".join(contest.classes))
    return labels.astype(object)


def _numbers(column: pd.Series, contest: Contest) -> pd.Series:
    if pd.api.types.is_bool_dtype(column):
        raise _wrong_type(column, contest, column.unique(), "contest.expected.number")
    if pd.api.types.is_numeric_dtype(column):
        numbers = column.astype(float)
    else:
        if column.dtype == object and pd.api.types.infer_dtype(column) != "string":
            bad = [v for v in column if isinstance(v, bool) or not isinstance(v, (str, Real))]
            if bad:
                raise _wrong_type(column, contest, bad, "contest.expected.number")
        text = pd.Series(_text(column), dtype=object)
        numbers = pd.to_numeric(text, errors="coerce").astype(float)
        wrong = numbers.isna() & ~text.str.lower().isin(["nan", "+nan", "-nan"])
        if wrong.any():
            raise _wrong_type(column, contest, column[wrong], "contest.expected.number")
    array = numbers.to_numpy()
    if not np.isfinite(array).all():
        raise SubmissionError(Problem.NOT_FINITE, column=contest.target_column,
                              examples=_examples(column[~np.isfinite(array)]))
    if contest.metric is Metric.ROC_AUC and ((array < 0) | (array > 1)).any():
        raise SubmissionError(Problem.OUT_OF_RANGE, column=contest.target_column,
                              examples=_examples(column[(array < 0) | (array > 1)]))
    return numbers


def check_table(df, contest: Contest, expected_ids) -> Predictions:
    """Check an entry against the contest and the public test ids; raise ``SubmissionError`` on the first fault."""
    if not isinstance(df, pd.DataFrame):
        raise SubmissionError(Problem.NOT_A_TABLE, got=type(df).__name__)
    wanted = [contest.id_column, contest.target_column]
    got = [str(c) for c in df.columns]
    if sorted(got) != sorted(wanted):
        raise SubmissionError(Problem.COLUMNS, wanted=", ".join(wanted), got=", ".join(got) or "—")
    df = df.set_axis(got, axis=1).reset_index(drop=True)
    ordered_ids = sorted(map(str, expected_ids))
    expected = pd.Index(ordered_ids, dtype=object)
    ids = _ids(df[contest.id_column], contest, expected)
    column = df[contest.target_column]
    empty = _empty(column)
    if empty.any():
        raise SubmissionError(Problem.EMPTY_VALUES, column=contest.target_column, count=int(empty.sum()),
                              examples=_examples(ids[empty]))
    values = _labels(column, contest) if contest.classes is not None else _numbers(column, contest)
    ordered = pd.Series(values.to_numpy(), index=ids.to_numpy()).reindex(expected)
    return Predictions(ids=tuple(ordered_ids), values=ordered.to_numpy(dtype=object if contest.classes else float))


def read_table(data: bytes, contest: Contest) -> pd.DataFrame:
    """The bytes of an entry file as a table of texts (the scorer then runs ``check_table`` on it)."""
    if len(data) > MAX_BYTES:
        raise SubmissionError(Problem.TOO_BIG, limit=MAX_BYTES // (1024 * 1024))
    try:
        text = data.decode("utf-8-sig")
        return pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, na_filter=False)
    except (UnicodeDecodeError, ValueError, pd.errors.ParserError):
        raise SubmissionError(Problem.UNREADABLE) from None


def to_csv_bytes(df: pd.DataFrame, contest: Contest) -> bytes:
    """What ``contest.submit`` writes: the two columns, UTF-8, ids as text, full float precision."""
    out = df[[contest.id_column, contest.target_column]]
    return out.to_csv(index=False, float_format="%.17g").encode("utf-8")
