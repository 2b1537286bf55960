"""The competency map (docs/competencies.md) as data: the twelve competencies of the UNESCO AI
competency framework for students and, per lesson, how many of its outcomes each one covers.

The table below is what the talent tools read at run time (an installed package has no ``docs/``);
``parse_competency_map`` reads the Markdown, and a test checks that both say the same, so the two
cannot drift apart silently.

An assignment ``b4-phan-loai`` belongs to lesson ``B4``; its weight for a competency is the number
of that lesson's outcomes mapped to the competency, plus the rows of the "Graded written answers"
table naming the assignment itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from ..i18n import t


class Dimension(Enum):
    HUMAN_CENTRED = "Human-centred mindset"
    ETHICS = "Ethics of AI"
    TECHNIQUES = "AI techniques and applications"
    SYSTEM_DESIGN = "AI system design"


class Level(Enum):
    UNDERSTAND = "Understand"
    APPLY = "Apply"
    CREATE = "Create"


@dataclass(frozen=True)
class Competency:
    slug: str  # stable identifier, used in CSV column names and catalogue keys
    name: str  # the English name, as docs/competencies.md writes it
    dimension: Dimension
    level: Level

    @property
    def label(self) -> str:
        """The display name in the current language (``talent.competency.<slug>``)."""
        return t(f"talent.competency.{self.slug}")


_D, _L = Dimension, Level
COMPETENCIES: tuple[Competency, ...] = (
    Competency("agency", "Human agency", _D.HUMAN_CENTRED, _L.UNDERSTAND),
    Competency("accountability", "Human accountability", _D.HUMAN_CENTRED, _L.APPLY),
    Competency("citizenship", "Citizenship in the era of AI", _D.HUMAN_CENTRED, _L.CREATE),
    Competency("embodied_ethics", "Embodied ethics", _D.ETHICS, _L.UNDERSTAND),
    Competency("safe_use", "Safe and responsible use", _D.ETHICS, _L.APPLY),
    Competency("ethics_by_design", "Ethics by design", _D.ETHICS, _L.CREATE),
    Competency("foundations", "AI foundations", _D.TECHNIQUES, _L.UNDERSTAND),
    Competency("application", "Application skills", _D.TECHNIQUES, _L.APPLY),
    Competency("creating_tools", "Creating AI tools", _D.TECHNIQUES, _L.CREATE),
    Competency("problem_scoping", "Problem scoping", _D.SYSTEM_DESIGN, _L.UNDERSTAND),
    Competency("architecture", "Architecture design", _D.SYSTEM_DESIGN, _L.APPLY),
    Competency("iteration", "Iteration and feedback loops", _D.SYSTEM_DESIGN, _L.CREATE),
)
BY_SLUG = {c.slug: c for c in COMPETENCIES}
BY_NAME = {c.name: c for c in COMPETENCIES}

#: lesson -> {competency slug: number of the lesson's outcomes mapped to it}
LESSON_OUTCOMES: dict[str, dict[str, int]] = {
    "B0": {"application": 3},
    "B1": {"foundations": 3, "application": 2, "iteration": 1, "accountability": 1},
    "B2": {"application": 4, "foundations": 1, "safe_use": 1, "embodied_ethics": 1},
    "B3": {"foundations": 2, "application": 1, "iteration": 1, "problem_scoping": 1, "accountability": 1},
    "B4": {"application": 2, "foundations": 3, "problem_scoping": 1, "accountability": 1, "embodied_ethics": 1},
    "B5": {"foundations": 2, "application": 1, "safe_use": 1},
    "B6": {"foundations": 1, "application": 2, "problem_scoping": 1, "ethics_by_design": 1, "safe_use": 1},
    "B7": {"foundations": 1, "application": 2, "iteration": 1, "accountability": 1, "embodied_ethics": 1},
    "B8": {"foundations": 1, "application": 1, "creating_tools": 1, "problem_scoping": 1, "architecture": 1,
           "safe_use": 1, "embodied_ethics": 1, "accountability": 1, "iteration": 1},
    "B9": {"foundations": 1, "agency": 1, "application": 2, "safe_use": 3, "accountability": 1,
           "embodied_ethics": 1},
    "A1": {"application": 2, "problem_scoping": 1, "architecture": 1, "safe_use": 1},
    "A2": {"foundations": 1, "application": 2, "architecture": 1, "agency": 1},
    "A3": {"foundations": 1, "application": 2, "safe_use": 1, "problem_scoping": 1},
    "A4": {"application": 2, "foundations": 2, "ethics_by_design": 1, "agency": 1},
    "A5": {"application": 1, "foundations": 1, "architecture": 1, "iteration": 1, "safe_use": 1},
    "A6": {"foundations": 2, "application": 2, "problem_scoping": 1},
    "A7": {"application": 1, "iteration": 1, "foundations": 1, "safe_use": 1, "architecture": 1},
    "A8": {"safe_use": 1, "iteration": 1, "accountability": 1, "embodied_ethics": 1, "citizenship": 1},
    "A9": {"foundations": 1, "application": 1, "creating_tools": 1, "architecture": 1, "iteration": 1,
           "safe_use": 1, "ethics_by_design": 1, "accountability": 1},
}
#: assignment -> {competency slug: graded written answers of that assignment mapped to it}
WRITTEN_ANSWERS: dict[str, dict[str, int]] = {
    "b4-phan-loai": {"accountability": 1},
    "b8-tro-ly": {"accountability": 1},
}

_ASSIGNMENT = re.compile(r"([ab])(\d+)(?:\D|$)")


def lesson_of(assignment: str) -> str | None:
    """``"b4-phan-loai"`` -> ``"B4"``; ``None`` for an id that names no lesson."""
    match = _ASSIGNMENT.match(assignment)
    return f"{match.group(1).upper()}{int(match.group(2))}" if match else None


def track_of(assignment: str) -> str | None:
    """``"basic"`` for an assignment id starting with b, ``"advanced"`` for a, else ``None``."""
    return {"b": "basic", "a": "advanced"}.get(assignment[:1])


def weights_of(assignment: str) -> dict[str, int]:
    """How much ``assignment`` counts for each competency (slug -> number of mapped outcomes)."""
    weights = dict(LESSON_OUTCOMES.get(lesson_of(assignment) or "", {}))
    for slug, count in WRITTEN_ANSWERS.get(assignment, {}).items():
        weights[slug] = weights.get(slug, 0) + count
    return weights


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def find_competency(text: str) -> Competency | None:
    """The competency named by ``text``: its English name, its name in either language of the
    catalogue, or its slug; case, spacing and Unicode normalisation do not matter."""
    wanted = _fold(text)
    for competency in COMPETENCIES:
        names = {competency.slug, competency.name, t(f"talent.competency.{competency.slug}", "vi"),
                 t(f"talent.competency.{competency.slug}", "en")}
        if wanted in {_fold(n) for n in names}:
            return competency
    return None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_competency_map(markdown: str) -> tuple[dict[str, tuple[str, str]], dict[str, dict[str, int]],
                                                  dict[str, dict[str, int]]]:
    """Read docs/competencies.md: ``(framework, lessons, written)`` where ``framework`` maps a
    competency name to ``(dimension, level)``, and ``lessons`` / ``written`` count outcomes per
    competency name for each lesson id / assignment id."""
    framework: dict[str, tuple[str, str]] = {}
    lessons: dict[str, dict[str, int]] = {}
    written: dict[str, dict[str, int]] = {}
    levels = [level.value for level in Level]
    for line in markdown.splitlines():
        cells = _cells(line)
        if len(cells) == 4 and cells[0] in {d.value for d in Dimension}:
            framework.update({name: (cells[0], level) for name, level in zip(cells[1:], levels)})
        elif len(cells) == 4 and re.fullmatch(r"[BA]\d+", cells[0]):
            counts = lessons.setdefault(cells[0], {})
            counts[cells[2]] = counts.get(cells[2], 0) + 1
        elif len(cells) == 4 and re.fullmatch(r"[ab]\d+-[a-z0-9-]+", cells[0]):
            counts = written.setdefault(cells[0], {})
            counts[cells[2]] = counts.get(cells[2], 0) + 1
    return framework, lessons, written
