"""Instant feedback for lesson exercises: ``q1.check()``, ``q1.hint(2)``, ``q1.solution()``."""

from .core import (
    PLACEHOLDER,
    ChoiceProblem,
    CheckProblem,
    FunctionProblem,
    Incorrect,
    NotAttempted,
    Problem,
    Result,
    ValueProblem,
    ____,
    as_number,
    call_trainee,
)

__all__ = [
    "PLACEHOLDER",
    "____",
    "Problem",
    "ValueProblem",
    "FunctionProblem",
    "ChoiceProblem",
    "CheckProblem",
    "Incorrect",
    "NotAttempted",
    "Result",
    "as_number",
    "call_trainee",
]
