"""The feedback core: a Problem checks one answer in the trainee's notebook namespace.

A lesson module (``aijourney.exercises.b1`` ...) declares one Problem per exercise; the notebook
imports them and the trainee calls ``q1.check()``, ``q1.hint()``, ``q1.hint(2)``, ``q1.solution()``.
Every text comes from the message catalogue (``aijourney.i18n``) under the problem's key:

- ``<key>.hint.1`` ... ``<key>.hint.N`` — the hints, in order;
- ``<key>.solution`` — the worked solution (Markdown);
- ``<key>.correct`` (optional) — what a correct answer means, shown after "Đúng rồi";
- ``<key>.<reason>`` (optional) — lesson-specific explanations raised with ``Incorrect(reason)``.

An answer still equal to the placeholder ``____`` (or a name the trainee has not run yet) is
reported as "not attempted", never as wrong.
"""

from __future__ import annotations

import html
import inspect
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from ..i18n import has, t

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not_attempted"


class _Placeholder:
    """The blank a trainee replaces with an answer: ``x = ____``."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


PLACEHOLDER = ____ = _Placeholder()


class Incorrect(Exception):
    """Raised by a check to say the answer is wrong; ``reason`` is a catalogue key.

    A bare reason (``"too_deep"``) is looked up under the problem's key first
    (``b1.q3.too_deep``), then as a core key (``check.too_deep``).
    """

    def __init__(self, reason: str, **params: Any):
        super().__init__(reason)
        self.reason = reason
        self.params = params


class NotAttempted(Exception):
    """Raised by a check when the answer is still the placeholder."""

    def __init__(self, reason: str = "check.placeholder", **params: Any):
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Result:
    """The outcome of one check: a status and the Vietnamese (or English) explanation."""

    status: str
    message: str
    problem: str = ""

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __str__(self) -> str:
        return f"{t('status.' + self.status)}: {self.message}"

    def _repr_html_(self) -> str:
        colour = {CORRECT: "#1b7f3b", INCORRECT: "#b3261e", NOT_ATTEMPTED: "#8a6d00"}[self.status]
        icon = {CORRECT: "✔", INCORRECT: "✘", NOT_ATTEMPTED: "…"}[self.status]
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f'<b style="color:{colour}">{icon} {html.escape(t("status." + self.status))}</b>'
            f"<br>{_inline_code(self.message)}</div>"
        )


def _inline_code(text: str) -> str:
    """Escape ``text`` for HTML and render its `backtick` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _show(obj: Any, markdown: str | None = None) -> None:
    """Display in a notebook when IPython is running, else print (scripts, tests)."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:  # pragma: no cover - IPython ships with JupyterLab
        shell = None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import Markdown, display

        display(Markdown(markdown) if markdown is not None else obj)
    else:
        print(markdown if markdown is not None else str(obj))


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _caller_namespace(depth: int = 2) -> dict[str, Any]:
    frame = inspect.currentframe()
    try:
        for _ in range(depth):
            frame = frame.f_back  # type: ignore[union-attr]
        return frame.f_globals  # type: ignore[union-attr]
    finally:
        del frame


class Problem:
    """One exercise. Subclasses implement ``check_value``."""

    def __init__(self, key: str, var: str, *, name: str | None = None):
        self.key = key
        self.var = var
        self.name = name or key.rsplit(".", 1)[-1]
        self.n_hints = 0
        while has(f"{key}.hint.{self.n_hints + 1}"):
            self.n_hints += 1

    # -- to implement -------------------------------------------------------------------
    def check_value(self, value: Any) -> None:  # pragma: no cover - abstract
        """Raise ``Incorrect`` (or ``NotAttempted``) when ``value`` is not a right answer."""
        raise NotImplementedError

    # -- public API ---------------------------------------------------------------------
    def evaluate(self, namespace: dict[str, Any] | None = None) -> Result:
        """Check the trainee's answer found in ``namespace`` and return the Result."""
        if namespace is None:
            namespace = _caller_namespace()
        if self.var not in namespace:
            return self._result(NOT_ATTEMPTED, t("check.missing_name", name=self.var))
        return self.evaluate_value(namespace[self.var])

    def evaluate_value(self, value: Any) -> Result:
        if value is PLACEHOLDER:
            return self._result(NOT_ATTEMPTED, t("check.placeholder", name=self.var))
        try:
            self.check_value(value)
        except NotAttempted as exc:
            return self._result(NOT_ATTEMPTED, self._message(exc.reason, exc.params))
        except Incorrect as exc:
            message = self._message(exc.reason, exc.params)
            if self.n_hints:
                message += " " + t("check.hint_suggestion", q=self.name)
            return self._result(INCORRECT, message)
        extra = t(f"{self.key}.correct") if has(f"{self.key}.correct") else ""
        return self._result(CORRECT, (t("check.correct") + " " + extra).strip())

    def check(self) -> None:
        """Check the answer in the notebook and show the verdict."""
        _show(self.evaluate(_caller_namespace()))

    def hint(self, n: int = 1) -> None:
        """Show hint number ``n`` (1 is the gentlest)."""
        if self.n_hints == 0:
            _show(None, markdown=t("hint.none_at_all"))
        elif not 1 <= n <= self.n_hints:
            _show(None, markdown=t("hint.out_of_range", total=self.n_hints))
        else:
            label = t("hint.label", n=n, total=self.n_hints)
            more = " " + t("hint.more", q=self.name, next=n + 1) if n < self.n_hints else ""
            _show(None, markdown=f"💡 **{label}:** {t(f'{self.key}.hint.{n}')}{more}")

    def solution(self) -> None:
        """Show the worked solution."""
        _show(None, markdown=f"📘 **{t('solution.label')}:**\n\n{t(f'{self.key}.solution')}")

    # -- helpers ------------------------------------------------------------------------
    def _message(self, reason: str, params: dict[str, Any]) -> str:
        params = {"name": self.var, **params}
        for key in (f"{self.key}.{reason}", reason, f"check.{reason}"):
            if has(key):
                return t(key, **params)
        raise KeyError(f"no message for reason {reason!r} of {self.key}")

    def _result(self, status: str, message: str) -> Result:
        return Result(status, message, self.key)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key}: {self.name}.check(), {self.name}.hint(), {self.name}.solution()>"


def _equal(got: Any, expected: Any, tol: float | None) -> bool:
    if tol is not None:
        try:
            return math.isclose(float(got), float(expected), rel_tol=0, abs_tol=tol)
        except (TypeError, ValueError):
            return False
    try:
        return bool(got == expected)
    except Exception:  # e.g. comparing arrays
        return False


def call_trainee(func: Callable, *args: Any, call: str) -> Any:
    """Call the trainee's ``func``: an unwritten function is "not attempted", an exception becomes
    an explanation (``call`` says how it was called), never a crash of the check."""
    try:
        got = func(*args)
    except NotImplementedError:
        raise NotAttempted("check.function_not_written") from None
    except Exception as exc:  # the trainee's code failed: explain, never crash
        raise Incorrect("check.function_error", call=call, error=f"{type(exc).__name__}: {exc}") from None
    if got is PLACEHOLDER:
        raise NotAttempted("check.function_not_written")
    return got


def as_number(value: Any) -> float:
    """``value`` as a float, or ``Incorrect`` (booleans and None are not numbers here)."""
    if value is None or isinstance(value, bool) or type(value).__name__ == "bool_":
        raise Incorrect("check.wrong_type", got_type=type(value).__name__)
    try:
        return float(value)
    except (TypeError, ValueError):
        raise Incorrect("check.wrong_type", got_type=type(value).__name__) from None


class ValueProblem(Problem):
    """The answer is a value: ``expected`` (or a callable computing it) within ``tol``."""

    def __init__(
        self,
        key: str,
        var: str,
        expected: Any | Callable[[], Any],
        *,
        tol: float | None = None,
        types: type | tuple[type, ...] | None = None,
        name: str | None = None,
    ):
        super().__init__(key, var, name=name)
        self._expected = expected
        self.tol = tol
        self.types = types

    @property
    def expected(self) -> Any:
        return self._expected() if callable(self._expected) else self._expected

    def check_value(self, value: Any) -> None:
        if self.types is not None and not isinstance(value, self.types):
            raise Incorrect("check.wrong_type", got_type=type(value).__name__)
        if not _equal(value, self.expected, self.tol):
            raise Incorrect("wrong_value", got=_short(value))


class ChoiceProblem(Problem):
    """A multiple-choice question answered with a letter, e.g. ``cau_tra_loi = "B"``."""

    def __init__(self, key: str, var: str, answer: str, choices: Sequence[str] = "ABCD", *, name=None):
        super().__init__(key, var, name=name)
        self.answer = answer.upper()
        self.choices = [c.upper() for c in choices]

    def check_value(self, value: Any) -> None:
        letter = str(value).strip().upper()
        if letter not in self.choices:
            raise Incorrect("check.choice_invalid", choices=", ".join(self.choices), got=_short(value))
        if letter != self.answer:
            raise Incorrect(f"choice_{letter}" if has(f"{self.key}.choice_{letter}") else "wrong_value", got=_short(value))


class FunctionProblem(Problem):
    """The answer is a function; it is called on ``cases`` = [(args, expected), ...]."""

    def __init__(self, key: str, var: str, cases: Iterable[tuple[tuple, Any]], *, tol=None, name=None):
        super().__init__(key, var, name=name)
        self.cases = list(cases)
        self.tol = tol

    def check_value(self, value: Any) -> None:
        if not callable(value):
            raise Incorrect("check.not_callable")
        for args, expected in self.cases:
            call = f"{self.var}({', '.join(_short(a, 30) for a in args)})"
            got = call_trainee(value, *args, call=call)
            if not _equal(got, expected, self.tol):
                raise Incorrect("check.function_wrong", call=call, got=_short(got), expected=_short(expected))


class CheckProblem(Problem):
    """The answer is judged by ``checker(value)``, which raises ``Incorrect`` when it is wrong."""

    def __init__(self, key: str, var: str, checker: Callable[[Any], None], *, name=None):
        super().__init__(key, var, name=name)
        self.checker = checker

    def check_value(self, value: Any) -> None:
        self.checker(value)
