"""Every graded assignment against nbgrader: the instructor's solution scores full marks, the
release as-is runs to the end and scores 0, and each typical answer gets exactly the score
its assignment's simulation module promises (aijourney.simulations.<id>.EXPECTED)."""

import json
from pathlib import Path

import pytest

from aijourney import simulations
from aijourney.course import Course, Student
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
    statuses = course.autograde(assignment, collected)
    with course.gradebook() as gb:
        scores = {s.student.id.removeprefix("hv_"): s.score for s in gb.assignment_submissions(assignment)}
    return assignment, module, statuses, scores


def test_every_submission_was_graded(graded):
    _, module, statuses, _ = graded
    assert len(statuses) == len(module.PROFILES) + 1
    assert all(s.status == "graded" for s in statuses), [s for s in statuses if s.status != "graded"]


def test_solution_scores_full_marks_and_release_scores_zero(graded):
    assignment, module, _, scores = graded
    full = max_points(assignment)
    assert full > 0
    assert scores["source"] == full
    assert module.EXPECTED["correct"] == full
    assert module.EXPECTED["blank"] == 0
    assert "blank" in module.PROFILES and module.PROFILES["blank"] == {}


def test_typical_answers_get_the_designed_scores(graded):
    assignment, module, _, scores = graded
    assert set(module.EXPECTED) == set(module.PROFILES)
    partial = [n for n, v in module.EXPECTED.items() if 0 < v < max_points(assignment)]
    assert len(partial) >= 2, "at least two typical wrong answers must earn partial credit"
    assert {n: scores[n] for n in module.EXPECTED} == module.EXPECTED
