"""Typical trainee answers per assignment, for demos and grading tests.

One module per assignment, named after its id with ``-`` replaced by ``_`` (``b1-ocop`` ->
``b1_ocop.py``), defining:

- ``ANSWERS``: ``{grade_id of a solution cell: {variant name: full cell source}}`` — typical right,
  partly right, wrong, raising and looping answers;
- ``PROFILES``: ``{profile name: {grade_id: variant name}}`` — a whole submission; a cell left out
  stays blank (as released);
- ``EXPECTED``: ``{profile name: exact total score}`` — what nbgrader must give each profile, counting
  the automatically graded cells only. ``tests/test_assignments.py`` grades every profile and checks these
  numbers;
- ``MANUAL`` (assignments with a written answer graded by hand, nbgrader "manually graded answer" cells):
  ``{grade_id: {variant name: score}}`` — the score the rubric in ``docs/instructor-notes.md`` gives each typical
  written answer in ``ANSWERS``. No machine checks these scores: autograding leaves the cell to a person.

The variant ``"source"`` is always available: the instructor's solution from the source notebook (for a
written answer, the model answer of the source, which the release replaces with the text stub).
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import nbformat

from ..course import DEFAULT_SOURCE

_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.M)


def load(assignment: str) -> ModuleType:
    try:
        return importlib.import_module(f"{__name__}.{assignment.replace('-', '_')}")
    except ModuleNotFoundError as exc:
        raise ValueError(f"no simulated answers for assignment {assignment!r}") from exc


@lru_cache(maxsize=None)
def source_solutions(assignment: str, source: Path = DEFAULT_SOURCE) -> dict[str, str]:
    """``{grade_id: solution cell source without the markers}`` from the source notebooks (code
    solutions and written answers)."""
    out = {}
    for path in sorted((Path(source) / assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("solution") and cell.cell_type in ("code", "markdown"):
                out[meta["grade_id"]] = _MARKERS.sub("", cell.source)
    return out


def answers_with_source(assignment: str) -> dict[str, dict[str, str]]:
    answers = {gid: dict(variants) for gid, variants in load(assignment).ANSWERS.items()}
    for gid, code in source_solutions(assignment).items():
        answers.setdefault(gid, {})["source"] = code
    return answers


def source_profile(assignment: str) -> dict[str, str]:
    """The profile that answers every solution cell with the instructor's solution."""
    return {gid: "source" for gid in source_solutions(assignment)}
