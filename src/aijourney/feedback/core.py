"""The feedback core: a Problem checks one answer in the trainee's notebook namespace.

A lesson module (``aijourney.exercises.b1`` ...) declares one Problem per exercise; the notebook
imports them and the trainee calls ``q1.check()``, ``q1.hint()``, ``q1.hint(2)``, ``q1.solution()``.
Every text comes from the message catalogue (``aijourney.i18n``) under the problem's key:

- ``<key>.hint.1`` ... ``<key>.hint.N`` — the hints, in order (at least three: the idea, the
  function or concept to use, a skeleton with blanks);
- ``<key>.solution`` — the worked solution (Markdown); its ``{placeholders}`` are filled from the
  problem's ``figures`` (numbers computed from the data, never typed by hand);
- ``<key>.correct`` (optional) — what a correct answer means, shown after "Đúng rồi";
- ``<key>.<reason>`` (optional) — lesson-specific explanations raised with ``Incorrect(reason)``.

An answer still equal to the placeholder ``____`` (or a name the trainee has not run yet) is
reported as "not attempted", never as wrong. When the cell that defines the answer last failed,
``check()`` says so (with the explanation of the error) instead of judging an older value.
The problem kinds (a number with recognised mistakes, a choice, a function ...) are in ``kinds``.
"""

from __future__ import annotations

import enum
import inspect
from dataclasses import dataclass
from typing import Any, Callable

from ..i18n import has, t
from . import cells
from .display import result_html, show


class Status(str, enum.Enum):
    """The verdict of one check (a ``str`` so that ``status == "correct"`` reads naturally)."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"

    def __str__(self) -> str:
        return self.value


CORRECT, INCORRECT, NOT_ATTEMPTED = Status.CORRECT, Status.INCORRECT, Status.NOT_ATTEMPTED


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


def is_placeholder(value: Any) -> bool:
    """``____`` itself, or a text still holding it (``"____"`` in a pre-filled answer)."""
    return value is PLACEHOLDER or (isinstance(value, str) and "____" in value)


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
    """The outcome of one check: a status and the Vietnamese (or English) explanation (Markdown)."""

    status: Status
    message: str
    problem: str = ""

    @property
    def correct(self) -> bool:
        return self.status is CORRECT

    def __str__(self) -> str:
        return f"{t('status.' + self.status.value)}: {self.message}"

    def _repr_html_(self) -> str:
        return result_html(self.status.value, t("status." + self.status.value), self.message)


def _caller_namespace(depth: int = 2) -> dict[str, Any]:
    frame = inspect.currentframe()
    try:
        for _ in range(depth):
            frame = frame.f_back  # type: ignore[union-attr]
        return frame.f_globals  # type: ignore[union-attr]
    finally:
        del frame


class Problem:
    """One exercise. Subclasses implement ``check_value``.

    ``figures`` (optional) returns the numbers the worked solution quotes, computed from the data.
    """

    def __init__(self, key: str, var: str, *, name: str | None = None,
                 figures: Callable[[], dict[str, Any]] | None = None):
        self.key = key
        self.var = var
        self.name = name or key.rsplit(".", 1)[-1]
        self.figures = figures or dict
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
        failed = cells.last_failure(self.var)
        if failed is not None:
            return self._result(NOT_ATTEMPTED, t("check.cell_failed", name=self.var, error=failed))
        if self.var not in namespace:
            return self._result(NOT_ATTEMPTED, t("check.missing_name", name=self.var))
        return self.evaluate_value(namespace[self.var])

    def evaluate_value(self, value: Any) -> Result:
        if is_placeholder(value):
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
        show(self.evaluate(_caller_namespace()))

    def hint(self, n: int = 1) -> None:
        """Show hint number ``n`` (1 is the gentlest)."""
        show(markdown=self.hint_text(n))

    def hint_text(self, n: int = 1) -> str:
        if self.n_hints == 0:
            return t("hint.none_at_all")
        if not 1 <= n <= self.n_hints:
            return t("hint.out_of_range", total=self.n_hints, q=self.name)
        label = t("hint.label", n=n, total=self.n_hints)
        more = "\n\n" + t("hint.more", q=self.name, next=n + 1) if n < self.n_hints else ""
        # the hint on its own paragraph: a code block in it stays a code block
        return f"💡 **{label}**\n\n{t(f'{self.key}.hint.{n}')}{more}"

    def solution(self) -> None:
        """Show the worked solution."""
        show(markdown=self.solution_text())

    def solution_text(self) -> str:
        return f"📘 **{t('solution.label')}**\n\n{t(f'{self.key}.solution', **self.figures())}"

    # -- helpers ------------------------------------------------------------------------
    def _message(self, reason: str, params: dict[str, Any]) -> str:
        params = {"name": self.var, **params}
        for key in (f"{self.key}.{reason}", reason, f"check.{reason}"):
            if has(key):
                return t(key, **params)
        raise KeyError(f"no message for reason {reason!r} of {self.key}")

    def _result(self, status: Status, message: str) -> Result:
        return Result(status, message, self.key)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key}: {self.name}.check(), {self.name}.hint(), {self.name}.solution()>"
