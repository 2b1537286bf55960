"""Instant feedback for lesson exercises: ``q1.check()``, ``q1.hint(2)``, ``q1.solution()``.

Importing this package in a notebook kernel also installs the Vietnamese explanation shown under
every failing cell (``cells.install``).
"""

from .cells import install as _install_cell_explanations
from .core import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    PLACEHOLDER,
    Incorrect,
    NotAttempted,
    Problem,
    Result,
    Status,
    ____,
    is_placeholder,
)
from .kinds import (
    AS_PERCENT,
    ChoiceProblem,
    CheckProblem,
    FunctionProblem,
    Mistake,
    NumberProblem,
    ValueProblem,
    as_number,
    call_trainee,
    has_blank,
    on_training_data,
    rounded,
    shown,
)

__all__ = [
    "PLACEHOLDER", "____", "is_placeholder", "Status", "CORRECT", "INCORRECT", "NOT_ATTEMPTED",
    "Problem", "Result", "Incorrect", "NotAttempted",
    "NumberProblem", "Mistake", "AS_PERCENT", "rounded", "on_training_data",
    "ValueProblem", "ChoiceProblem", "FunctionProblem", "CheckProblem",
    "as_number", "shown", "call_trainee", "has_blank",
]

_install_cell_explanations()
