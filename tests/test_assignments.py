"""Every graded assignment against nbgrader: the instructor's solution scores full marks, the
release as-is runs to the end and scores 0, and each typical answer gets exactly the score
its assignment's simulation module promises (aijourney.simulations.<id>.EXPECTED)."""

import json
import shutil
from pathlib import Path

import pytest

from aijourney import simulations
from aijourney.course import Course, Student
from aijourney.grading.engine import Engine
from aijourney.grading.status import Status
from aijourney.simulate import submit_profile

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = sorted(p.name for p in (REPO / "assignments" / "source").iterdir() if p.is_dir())
TIMEOUT = 5


def max_points(assignment: str) -> float:
    total = 0.0
    for path in (REPO / "assignments" / "source" / assignment).glob("*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade"):
                total += float(meta["points"])
    return total


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory):
    assignment = request.param
    module = simulations.load(assignment)
    profiles = dict(module.PROFILES, source=simulations.source_profile(assignment))
    tmp = tmp_path_factory.mktemp(assignment)
    course = Course(root=tmp / "course", exchange=tmp / "exchange", timeout=TIMEOUT)
    course.release(assignment)
    course.add_students(Student(f"hv_{name}", name, "Thử", "") for name in profiles)
    for name, profile in profiles.items():
        submit_profile(course, assignment, f"hv_{name}", profile, tmp / "homes")
    collected = course.collect(assignment)
    shutil.copytree(tmp / "course", tmp / "engine")  # before any grading: nothing stale in the copy
    statuses = course.autograde(assignment, collected)
    engine = Course(root=tmp / "engine", exchange=tmp / "exchange", timeout=TIMEOUT)
    engine.write_nbgrader_config()
    engine_statuses = Engine(engine, workers=2, progress=False).grade(assignment)
    return assignment, module, statuses, cell_scores(course, assignment), engine_statuses, cell_scores(engine, assignment)


def cell_scores(course: Course, assignment: str) -> dict[str, dict[str, float]]:
    with course.gradebook() as gb:
        return {s.student.id.removeprefix("hv_"): {g.name: g.score for nb in s.notebooks for g in nb.grades}
                for s in gb.assignment_submissions(assignment)}


def totals(scores: dict[str, dict[str, float]]) -> dict[str, float]:
    return {name: sum(cells.values()) for name, cells in scores.items()}


def test_every_submission_was_graded(graded):
    _, module, statuses, _, engine_statuses, _ = graded
    assert len(statuses) == len(engine_statuses) == len(module.PROFILES) + 1
    assert all(s.status is Status.GRADED for s in statuses), [s for s in statuses if s.status is not Status.GRADED]
    assert all(s.status is Status.GRADED for s in engine_statuses), [s.line() for s in engine_statuses
                                                                    if s.status is not Status.GRADED]


def test_the_engine_gives_every_cell_the_score_stock_nbgrader_gives(graded):
    """The verifier runs the tests against copies and proxies of the trainee's values: honest work
    must score exactly as in stock nbgrader's single kernel, cell by cell."""
    _, module, _, scores, _, engine_scores = graded
    assert engine_scores == scores
    assert len(engine_scores) == len(module.PROFILES) + 1


def test_solution_scores_full_marks_and_release_scores_zero(graded):
    assignment, module, _, cells, _, _ = graded
    scores = totals(cells)
    full = max_points(assignment)
    assert full > 0
    assert scores["source"] == full
    assert module.EXPECTED["correct"] == full
    assert module.EXPECTED["blank"] == 0
    assert "blank" in module.PROFILES and module.PROFILES["blank"] == {}


def test_typical_answers_get_the_designed_scores(graded):
    assignment, module, _, cells, _, _ = graded
    scores = totals(cells)
    assert set(module.EXPECTED) == set(module.PROFILES)
    partial = [n for n, v in module.EXPECTED.items() if 0 < v < max_points(assignment)]
    assert len(partial) >= 2, "at least two typical wrong answers must earn partial credit"
    assert {n: scores[n] for n in module.EXPECTED} == module.EXPECTED
