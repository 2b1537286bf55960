"""One status model for a graded submission, shared by the grading engine, stock autograde
(``Course.autograde``) and the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(Enum):
    GRADED = "graded"
    MANUAL = "needs manual grading"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


@dataclass
class SubmissionStatus:
    student: str
    status: Status
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    max_score: float = 0.0

    def line(self) -> str:
        text = f"{self.student}: {self.status} ({self.score:g}/{self.max_score:g})"
        return text + (": " + "; ".join(self.reasons) if self.reasons else "")
