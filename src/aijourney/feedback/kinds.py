"""The kinds of exercise a lesson declares, on top of ``core.Problem``.

- ``NumberProblem`` — a number, from the expected value and a table of recognised ``Mistake``s
  (each mistake: the wrong number it produces and the catalogue key that explains it);
- ``ValueProblem`` — any value compared with ``==`` (a text, a tuple, a list);
- ``ChoiceProblem`` — a multiple-choice letter; its options live in the lesson's catalogue
  (``<key>.option.A`` ...), each wrong option has its own explanation (``<key>.choice_A`` ...);
- ``FunctionProblem`` — a function called on cases;
- ``CheckProblem`` — anything else, judged by a checker that raises ``Incorrect``.

When two lessons need the same check, this module grows one kind; lessons never copy a helper.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from ..i18n import has, t
from .core import Incorrect, NotAttempted, Problem, is_placeholder


def shown(value: Any, limit: int = 80) -> str:
    """A value as the trainee would write it: ``0.9``, ``5.0``, ``1730`` (a numpy number without
    its ``np.float64(...)`` wrapper), cut to ``limit`` characters."""
    if type(value).__module__ == "numpy" and getattr(value, "shape", None) == ():
        value = value.item()
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_number(value: Any) -> float:
    """``value`` as a float, or ``Incorrect`` with the reason (a table, a text, ``True``/``None``
    are not numbers here: every kind and every lesson judges them the same way)."""
    kind = type(value).__name__
    if isinstance(value, tuple) and all(isinstance(v, (int, float)) for v in value):
        raise Incorrect("check.decimal_comma", got=shown(value))  # `1,5`: the Vietnamese decimal comma
    if callable(value):
        raise Incorrect("check.not_called")  # `df["x"].mean` without brackets
    if kind in ("Series", "DataFrame", "ndarray", "list", "tuple", "dict"):
        if kind == "ndarray" and getattr(value, "shape", None) == ():
            return as_number(value.item())
        raise Incorrect("check.table_not_number", got_type=kind)
    if value is None or isinstance(value, bool) or kind == "bool_":
        raise Incorrect("check.wrong_type", got_type=kind)
    if isinstance(value, str):
        raise Incorrect("check.text_not_number", got=shown(value))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=kind) from None
    if not math.isfinite(number):
        raise Incorrect("check.not_finite", got=shown(value))
    return number


def _close(a: float, b: float, tol: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=tol)


@dataclass(frozen=True)
class Mistake:
    """A recognised wrong answer: ``value(expected)`` is the number it produces (or a constant),
    ``reason`` the catalogue key explaining it, ``tol`` its own tolerance (default: the problem's)."""

    reason: str
    value: float | Callable[[float], float | Iterable[float]]
    tol: float | None = None

    def matches(self, got: float, expected: float, tol: float) -> bool:
        wrong = self.value(expected) if callable(self.value) else self.value
        wrongs = wrong if isinstance(wrong, (list, tuple, set)) else [wrong]
        return any(_close(got, float(w), self.tol if self.tol is not None else tol) for w in wrongs)


#: A share written as a percentage (0.9 → 90).
AS_PERCENT = Mistake("check.as_percent", lambda right: 100 * right)


def rounded(digits: int = 2) -> Mistake:
    """The right number rounded too early (``round(x, 2)``) — close, but not what the code gives."""
    return Mistake("check.rounded", lambda right: round(right, digits), tol=10 ** -(digits + 3))


def on_training_data(value: Callable[[], float]) -> Mistake:
    """The score measured on the data the model learned from."""
    return Mistake("check.train_score", lambda _right: value())


class NumberProblem(Problem):
    """The answer is a number: ``expected`` (or a callable computing it) within ``tol``; a wrong
    number found in ``mistakes`` (checked in order) gets that mistake's explanation."""

    def __init__(self, key: str, var: str, expected: float | Callable[[], float], *, tol: float = 1e-6,
                 mistakes: Sequence[Mistake] = (), name: str | None = None,
                 figures: Callable[[], dict[str, Any]] | None = None):
        super().__init__(key, var, name=name, figures=figures)
        self._expected = expected
        self.tol = tol
        self.mistakes = tuple(mistakes)

    @property
    def expected(self) -> float:
        return float(self._expected() if callable(self._expected) else self._expected)

    def check_value(self, value: Any) -> None:
        got, right = as_number(value), self.expected
        if _close(got, right, self.tol):
            return
        for mistake in self.mistakes:
            if mistake.matches(got, right, self.tol):
                raise Incorrect(mistake.reason, got=shown(value))
        raise Incorrect("wrong_value", got=shown(value))


class ValueProblem(Problem):
    """The answer is a value equal (``==``) to ``expected`` (or what a callable computes)."""

    def __init__(self, key: str, var: str, expected: Any, *, types: type | tuple[type, ...] | None = None,
                 name: str | None = None, figures: Callable[[], dict[str, Any]] | None = None):
        super().__init__(key, var, name=name, figures=figures)
        self._expected = expected
        self.types = types

    @property
    def expected(self) -> Any:
        return self._expected() if callable(self._expected) else self._expected

    def check_value(self, value: Any) -> None:
        if self.types is not None and not isinstance(value, self.types):
            raise Incorrect("check.wrong_type", got_type=type(value).__name__)
        try:
            same = bool(value == self.expected)
        except Exception:  # e.g. comparing arrays
            same = False
        if not same:
            raise Incorrect("wrong_value", got=shown(value))


_LETTER = re.compile(r"^\W*([A-Za-z])(?:\W.*)?$", re.S)


class ChoiceProblem(Problem):
    """A multiple-choice question answered with a letter: ``cau_tra_loi = "B"``.

    What a trainee means is accepted: ``"b"``, ``" B "``, ``"B."``, ``"(B)"``, ``"B. Khi có ..."``.
    The options are ``<key>.option.<letter>`` in the catalogue (the notebook shows them with
    ``q.options()``), so a test can check that the questions are fair.
    """

    def __init__(self, key: str, var: str, answer: str, choices: Sequence[str] = "ABCD", *, name=None, figures=None):
        super().__init__(key, var, name=name, figures=figures)
        self.answer = answer.upper()
        self.choices = [c.upper() for c in choices]

    def option_texts(self) -> dict[str, str]:
        return {c: t(f"{self.key}.option.{c}") for c in self.choices if has(f"{self.key}.option.{c}")}

    def options(self) -> None:
        """Show the options (A, B, C, D) of the question."""
        from .display import show

        show(markdown="\n".join(f"- **{c}.** {text}" for c, text in self.option_texts().items()))

    def letter(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Incorrect("check.choice_not_text", got=shown(value), choices=", ".join(self.choices))
        match = _LETTER.match(value.strip())
        letter = match.group(1).upper() if match else ""
        if letter not in self.choices:
            raise Incorrect("check.choice_invalid", choices=", ".join(self.choices), got=shown(value))
        return letter

    def check_value(self, value: Any) -> None:
        letter = self.letter(value)
        if letter != self.answer:
            raise Incorrect(f"choice_{letter}" if has(f"{self.key}.choice_{letter}") else "wrong_value", got=shown(value))


def has_blank(func: Any) -> bool:
    """A function whose code still uses the skeleton's ``____`` (calling it would fail on it)."""
    return "____" in getattr(getattr(func, "__code__", None), "co_names", ())


def call_trainee(func: Callable, *args: Any, call: str) -> Any:
    """Call the trainee's ``func``: an unwritten function (a skeleton with ``____`` left in it) is
    "not attempted", an exception becomes an explanation (``call`` says how it was called), never
    a crash of the check."""
    if has_blank(func):
        raise NotAttempted("check.function_not_written")
    try:
        got = func(*args)
    except NotImplementedError:
        raise NotAttempted("check.function_not_written") from None
    except Exception as exc:  # the trainee's code failed: explain, never crash
        raise Incorrect("check.function_error", call=call, error=f"{type(exc).__name__}: {exc}") from None
    if is_placeholder(got):
        raise NotAttempted("check.function_not_written")
    return got


class FunctionProblem(Problem):
    """The answer is a function; it is called on ``cases`` = [(args, expected), ...]; numbers are
    compared within ``tol`` when it is given."""

    def __init__(self, key: str, var: str, cases: Iterable[tuple[tuple, Any]], *, tol=None, name=None, figures=None):
        super().__init__(key, var, name=name, figures=figures)
        self.cases = list(cases)
        self.tol = tol

    def _same(self, got: Any, expected: Any) -> bool:
        if self.tol is not None:
            try:
                return _close(as_number(got), float(expected), self.tol)
            except Incorrect:
                return False
        try:
            return bool(got == expected)
        except Exception:
            return False

    def check_value(self, value: Any) -> None:
        if not callable(value):
            raise Incorrect("check.not_callable")
        if has_blank(value):
            raise NotAttempted("check.function_not_written")
        for args, expected in self.cases:
            call = f"{self.var}({', '.join(shown(a, 30) for a in args)})"
            got = call_trainee(value, *args, call=call)
            if not self._same(got, expected):
                raise Incorrect("check.function_wrong", call=call, got=shown(got), expected=shown(expected))


class CheckProblem(Problem):
    """The answer is judged by ``checker(value)``, which raises ``Incorrect`` when it is wrong."""

    def __init__(self, key: str, var: str, checker: Callable[[Any], None], *, name=None, figures=None):
        super().__init__(key, var, name=name, figures=figures)
        self.checker = checker

    def check_value(self, value: Any) -> None:
        self.checker(value)
